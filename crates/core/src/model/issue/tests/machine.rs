//! The state machine on its own, without a database: the steps it offers are exactly the steps
//! it takes, every state it reaches is the replay of its events, and the guards' messages.

use super::super::event::Event;
use super::super::machine::{self, Env};
use super::*;
use crate::calendar::Calendar;
use crate::day;
use crate::generate::Rng;
use crate::model::issue::rules::IssueRules;

fn draft() -> Issue {
    Issue::draft(Draft {
        id: "i1".into(),
        no: "2026-00001".into(),
        source: Source::Visit,
        enterprise_id: Some("e1".into()),
        reporter_name: None,
        reporter_phone: None,
        street_id: None,
        category: "融资".into(),
        tier: Tier::Regular,
        disposition: None,
        content: "企业反映流动资金紧张".into(),
        taken_by: None,
        registered_on: "2026-03-02".into(),
        registered_by: "张明艳".into(),
        hotline_no: None,
        project_id: None,
    })
}

/// A valid input for each step, so only the guards can refuse it.
fn action(kind: ActionKind, r: &mut Rng) -> Action {
    let reason = "理由".to_string();
    match kind {
        ActionKind::Assign => Action::Assign {
            lead_department_id: "d1".into(),
            assisting: vec!["d2".into()],
            days: None,
            deadline: None,
            batch_id: None,
            note: None,
        },
        ActionKind::Accept => Action::Accept { note: None },
        ActionKind::Return => Action::Return { reason },
        ActionKind::Remind => Action::Remind { note: None },
        ActionKind::RequestExtension => Action::RequestExtension { days: 5, reason },
        ActionKind::DecideExtension => Action::DecideExtension { approve: r.chance(70), note: None },
        ActionKind::Escalate => Action::Escalate { reason },
        ActionKind::Resolve => {
            Action::Resolve { result: "已协调".into(), result_kind: ResultKind::Solved, amount_fen: Some(100) }
        }
        ActionKind::LongTerm => Action::LongTerm { reason },
        ActionKind::Feedback => Action::Feedback {
            feedback: None,
            satisfaction: *r.pick(&[Satisfaction::Satisfied, Satisfaction::Basic, Satisfaction::Unsatisfied]),
            days: None,
        },
        ActionKind::Close => Action::Close { note: None },
        ActionKind::Reopen => Action::Reopen { reason, days: None },
        ActionKind::Withdraw => {
            Action::Withdraw(Withdraw { withdraw_kind: WithdrawKind::Invalid, duplicate_of: None, reason })
        }
        ActionKind::ScheduleLookback => Action::ScheduleLookback { date: "2026-12-01".into() },
        ActionKind::Lookback => {
            Action::Lookback { result: *r.pick(&[LookbackResult::Held, LookbackResult::Recurred]), note: None, days: None }
        }
    }
}

#[test]
fn the_steps_offered_are_the_steps_taken_and_every_state_is_its_replay() {
    let cal = Calendar::official();
    let rules = IssueRules::default();
    let mut r = Rng::new(7);
    for run in 0..300 {
        let mut date = day::parse("2026-03-02").unwrap();
        let env = |date| Env { cal: &cal, rules: &rules, date, duplicate: None };
        let (mut issue, first) = machine::register(draft(), None, &env(date)).unwrap();
        let mut log: Vec<(String, Event)> = first.into_iter().map(|e| (day::fmt(date), e)).collect();
        for _ in 0..30 {
            date += chrono::Duration::days(r.below(4) as i64);
            let today = day::fmt(date);
            let offered = machine::steps((&issue).into(), &today).allowed();
            for k in ActionKind::ALL {
                let res = machine::apply(&issue, &action(*k, &mut r), &env(date));
                assert_eq!(res.is_ok(), offered.contains(k), "run {run}: {k:?} on {:?}: {res:?}", issue.status);
                if let Err(e) = res {
                    assert!(matches!(e, CoreError::Transition(_)), "{e}");
                }
            }
            let Some(k) = (!offered.is_empty()).then(|| *r.pick(&offered)) else { break };
            let (next, events) = machine::apply(&issue, &action(k, &mut r), &env(date)).unwrap();
            log.extend(events.into_iter().map(|e| (today.clone(), e)));
            issue = next;
            let replayed = machine::replay(&issue, log.iter().map(|(d, e)| (d.as_str(), e)));
            assert_eq!(replayed, issue, "run {run} after {k:?}");
        }
    }
}

#[test]
fn steps_follow_the_loop_and_say_why_close_waits() {
    let cal = Calendar::official();
    let rules = IssueRules::default();
    let env = Env { cal: &cal, rules: &rules, date: day::parse("2026-03-02").unwrap(), duplicate: None };
    let (i, _) = machine::register(draft(), None, &env).unwrap();
    let s = machine::steps((&i).into(), "2026-03-02");
    assert_eq!((s.next.as_slice(), s.other.as_slice()), ([ActionKind::Assign].as_slice(), [ActionKind::Escalate, ActionKind::Withdraw].as_slice()));
    let mut r = Rng::new(1);
    let (i, _) = machine::apply(&i, &action(ActionKind::Assign, &mut r), &env).unwrap();
    let (i, _) = machine::apply(&i, &Action::RequestExtension { days: 3, reason: "x".into() }, &env).unwrap();
    let s = machine::steps((&i).into(), "2026-03-02");
    assert_eq!(s.next, [ActionKind::DecideExtension, ActionKind::Accept, ActionKind::Return]);
    assert!(!s.other.contains(&ActionKind::RequestExtension), "one request at a time");
    let (i, _) = machine::apply(&i, &Action::Accept { note: None }, &env).unwrap();
    let resolve = Action::Resolve { result: "已协调".into(), result_kind: ResultKind::Solved, amount_fen: None };
    let (i, _) = machine::apply(&i, &resolve, &env).unwrap();
    let s = machine::steps((&i).into(), "2026-03-02");
    assert_eq!(s.next, [ActionKind::Feedback]);
    assert_eq!(s.blocked.len(), 1);
    assert_eq!(s.blocked[0].reason, "问题 2026-00001 尚未反馈评价,不能销号");
    let fb = Action::Feedback { feedback: None, satisfaction: Satisfaction::Satisfied, days: None };
    let (i, _) = machine::apply(&i, &fb, &env).unwrap();
    assert_eq!(machine::steps((&i).into(), "2026-03-02").next, [ActionKind::Close, ActionKind::Feedback]);
    // Past the deadline an extension can no longer be asked for.
    let mut late = i.clone();
    late.status = Status::InProgress;
    late.deadline = Some("2026-03-01".into());
    assert!(!machine::steps((&late).into(), "2026-03-02").other.contains(&ActionKind::RequestExtension));
    let err = machine::guard((&late).into(), ActionKind::RequestExtension, "2026-03-02").unwrap_err();
    assert!(err.to_string().contains("延期须在期限内申请"), "{err}");
}
