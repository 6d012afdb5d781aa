//! The generated issues on set S: counts, life-cycle states that flow.rs could have produced,
//! timelines that match the rows, working days on the official calendar, and figures like the
//! articles'.

use chrono::NaiveDate;

use super::*;
use crate::calendar::Calendar;
use crate::model::issue::figures::{figures, FiguresQuery, GroupBy};
use crate::model::issue::ledger::{ledger, LedgerQuery};
use crate::model::issue::{Flag, Status};
use crate::search::{self, SearchKind};

fn s_set() -> (tempfile::TempDir, Store, Summary) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("s.db")).unwrap();
    store.set_actor("生成器").unwrap();
    let s = generate(&store, Counts::S, DEMO_SEED, &mut |_, _, _| {}).unwrap();
    (dir, store, s)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

fn zero(store: &Store, what: &str, sql: &str) {
    assert_eq!(count(store, sql), 0, "{what}: {sql}");
}

#[test]
fn the_working_day_steps_are_the_calendars() {
    assert!(issues::days_agree_with_calendar());
}

#[test]
fn set_s_has_3000_issues_in_states_the_rules_allow() {
    let (_d, store, s) = s_set();
    assert_eq!(s.issues, 3_000);
    assert_eq!(count(&store, "SELECT count(*) FROM issues"), 3_000);
    assert_eq!(count(&store, "SELECT count(*) FROM issue_events"), s.issue_events as i64);
    assert_eq!(count(&store, "SELECT count(*) FROM issue_batches"), s.issue_batches as i64);
    let records = s.departments + s.cadres + s.enterprises + s.liaisons + s.issues + s.issue_events + s.issue_batches
        + s.engagements + s.engagement_links + s.supports
        + s.projects + s.milestones + s.project_logs + s.project_issues;
    assert_eq!(s.change_rows, records + s.tombstoned, "every record has its change row");

    // Engagements: S's 2,000, each with a cadre; most visit-sourced issues linked to their visit.
    assert_eq!(count(&store, "SELECT count(*) FROM engagements"), 2_000);
    zero(&store, "engagements without a cadre", "SELECT count(*) FROM engagements e WHERE NOT EXISTS (SELECT 1 FROM engagement_links l WHERE l.engagement_id = e.id AND l.kind = 'cadre')");
    zero(&store, "links to nothing", "SELECT count(*) FROM engagement_links l WHERE l.kind = 'enterprise' AND NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.id = l.target_id)");
    let visit_issues = count(&store, "SELECT count(*) FROM issues WHERE source = 'visit' AND enterprise_id IS NOT NULL");
    let linked = count(&store, "SELECT count(DISTINCT target_id) FROM engagement_links WHERE kind = 'issue'");
    assert!(linked * 2 > visit_issues, "{linked} of {visit_issues} visit issues have their visit");
    assert_eq!(count(&store, "SELECT count(*) FROM supports"), 250);

    // 编号 YYYY-NNNNN, unique, of the registration year, in registration order.
    assert_eq!(count(&store, "SELECT count(DISTINCT no) FROM issues"), 3_000);
    zero(&store, "numbers", "SELECT count(*) FROM issues WHERE no NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9]' OR substr(no, 1, 4) <> substr(registered_on, 1, 4)");
    zero(&store, "numbering follows dates", "SELECT count(*) FROM issues a JOIN issues b ON substr(a.no, 1, 4) = substr(b.no, 1, 4) AND a.no < b.no AND a.registered_on > b.registered_on");
    zero(&store, "period", "SELECT count(*) FROM issues WHERE registered_on < '2023-01-01' OR registered_on > '2026-11-20'");

    // Who raised it: an enterprise (with its street) or a resident with name and phone.
    let ents = count(&store, "SELECT count(*) FROM issues WHERE enterprise_id IS NOT NULL");
    assert!((2_250..=2_550).contains(&ents), "about 80% enterprises: {ents}");
    zero(&store, "enterprise street", "SELECT count(*) FROM issues i JOIN enterprises e ON e.id = i.enterprise_id WHERE i.street_id IS NOT e.street_id");
    zero(&store, "resident", "SELECT count(*) FROM issues WHERE enterprise_id IS NULL AND (reporter_name IS NULL OR reporter_phone IS NULL OR street_id IS NULL)");
    let by_liaison = count(&store, "SELECT count(*) FROM issues i JOIN liaisons l ON l.enterprise_id = i.enterprise_id AND l.cadre_id = i.taken_by AND l.role = 'lead' AND l.end_date IS NULL");
    assert!(by_liaison * 100 > ents * 60, "mostly taken by the enterprise's 联点干部: {by_liaison} of {ents}");
    let categories: Vec<String> = crate::model::issue::rules::IssueRules::default().categories;
    let list = categories.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(",");
    zero(&store, "categories", &format!("SELECT count(*) FROM issues WHERE category NOT IN ({list})"));
    let visits = count(&store, "SELECT count(*) FROM issues WHERE source = 'visit'");
    let most = count(&store, "SELECT max(n) FROM (SELECT count(*) n FROM issues GROUP BY source)");
    assert_eq!(visits, most, "走访收集 is the biggest source");
    let major = count(&store, "SELECT count(*) FROM issues WHERE tier = 'major'");
    assert!((200..=450).contains(&major), "about 10% 重大: {major}");

    // States as the transitions leave them.
    zero(&store, "closed", "SELECT count(*) FROM issues WHERE status = 'closed' AND (resolved_on IS NULL OR closed_on IS NULL OR satisfaction IS NULL OR satisfaction = 'unsatisfied' OR lookback_on IS NULL OR working_days IS NULL OR on_time IS NULL)");
    zero(&store, "resolved", "SELECT count(*) FROM issues WHERE status = 'resolved' AND (resolved_on IS NULL OR result IS NULL OR result_kind IS NULL OR closed_on IS NOT NULL)");
    zero(&store, "assigned and after", "SELECT count(*) FROM issues WHERE status IN ('assigned', 'in_progress') AND (deadline IS NULL OR lead_department_id IS NULL OR assigned_on IS NULL)");
    zero(&store, "in progress accepted", "SELECT count(*) FROM issues WHERE status = 'in_progress' AND accepted_on IS NULL");
    zero(&store, "not assigned", "SELECT count(*) FROM issues WHERE status IN ('registered', 'returned') AND (deadline IS NOT NULL OR lead_department_id IS NOT NULL)");
    // A reopened issue keeps the rating that reopened it until its next result.
    zero(&store, "open unresolved", "SELECT count(*) FROM issues WHERE status NOT IN ('resolved', 'closed') AND (resolved_on IS NOT NULL OR closed_on IS NOT NULL OR satisfaction IS NOT NULL AND reopens = 0)");
    zero(&store, "withdrawn", "SELECT count(*) FROM issues WHERE (status = 'withdrawn') <> (withdraw_kind IS NOT NULL)");
    zero(&store, "duplicates", "SELECT count(*) FROM issues i LEFT JOIN issues o ON o.id = i.duplicate_of WHERE i.withdraw_kind = 'duplicate' AND (o.id IS NULL OR o.registered_on > i.registered_on OR o.enterprise_id IS NOT i.enterprise_id)");
    zero(&store, "order of dates", "SELECT count(*) FROM issues WHERE assigned_on < registered_on OR deadline <= assigned_on OR resolved_on < registered_on OR closed_on < resolved_on OR accepted_on < assigned_on AND reopens = 0");
    zero(&store, "amounts", "SELECT count(*) FROM issues WHERE amount_fen IS NOT NULL AND (category <> '融资' OR amount_fen <= 0)");
    assert!(count(&store, "SELECT count(*) FROM issues WHERE amount_fen > 0") > 50, "融资 results carry amounts");
    zero(&store, "lookback", "SELECT count(*) FROM issues WHERE status = 'closed' AND lookback_on <> date(closed_on, '+90 days') AND lookback_result IS NULL");

    let share = |status: &str| count(&store, &format!("SELECT count(*) FROM issues WHERE status = '{status}'"));
    assert!((30..=110).contains(&share("withdrawn")), "about 2% withdrawn: {}", share("withdrawn"));
    assert!(share("long_term") > 20, "some 长期跟踪");
    assert!(count(&store, "SELECT count(*) FROM issues WHERE reopens > 0") > 20, "some reopened");
    assert!(count(&store, "SELECT count(*) FROM issues WHERE satisfaction = 'basic'") > 50, "some 基本满意");
    assert!(count(&store, "SELECT count(*) FROM issues WHERE extensions > 0") > 10, "some extended");
    assert!(count(&store, "SELECT count(*) FROM issues WHERE batch_id IS NOT NULL") > 500, "visits go out in batches");
    // Old issues are mostly closed; open ones are mostly recent.
    let old = count(&store, "SELECT count(*) FROM issues WHERE registered_on < '2025-01-01' AND status <> 'withdrawn'");
    let old_done = count(&store, "SELECT count(*) FROM issues WHERE registered_on < '2025-01-01' AND status IN ('resolved', 'closed')");
    assert!(old_done * 100 > old * 85, "{old_done} of {old} issues before 2025 done");
}

#[test]
fn timelines_match_the_rows_and_the_calendar() {
    let (_d, store, _) = s_set();
    // Every issue starts with its registration; closed ones end with a close or a look-back.
    zero(&store, "register first", "SELECT count(*) FROM issues i WHERE (SELECT kind FROM issue_events e WHERE e.issue_id = i.id ORDER BY e.rowid LIMIT 1) IS NOT 'register'");
    zero(&store, "event dates", "SELECT count(*) FROM issue_events e JOIN issues i ON i.id = e.issue_id WHERE e.on_date < i.registered_on OR e.on_date > '2026-11-20'");
    zero(&store, "event order", "SELECT count(*) FROM issue_events a JOIN issue_events b ON a.issue_id = b.issue_id AND a.rowid < b.rowid WHERE a.on_date > b.on_date");
    for (field, kind) in [("reminders", "remind"), ("extensions", "approve_extension"), ("reopens", "reopen")] {
        zero(
            &store,
            field,
            &format!("SELECT count(*) FROM issues i WHERE {field} <> (SELECT count(*) FROM issue_events e WHERE e.issue_id = i.id AND e.kind = '{kind}')"),
        );
    }
    for (status, kind) in [("closed", "close"), ("withdrawn", "withdraw"), ("long_term", "long_term"), ("returned", "return")] {
        zero(
            &store,
            status,
            &format!("SELECT count(*) FROM issues i WHERE status = '{status}' AND NOT EXISTS (SELECT 1 FROM issue_events e WHERE e.issue_id = i.id AND e.kind = '{kind}')"),
        );
    }
    zero(&store, "pending extension", "SELECT count(*) FROM issues i WHERE status IN ('assigned', 'in_progress') AND (extension_days IS NOT NULL) <> ((SELECT count(*) FROM issue_events e WHERE e.issue_id = i.id AND e.kind = 'request_extension') > (SELECT count(*) FROM issue_events e WHERE e.issue_id = i.id AND e.kind IN ('approve_extension', 'reject_extension')))");
    zero(&store, "assign data", "SELECT count(*) FROM issues i WHERE status IN ('assigned', 'in_progress') AND reopens = 0 AND i.deadline <> (SELECT json_extract(data, '$.deadline') FROM issue_events e WHERE e.issue_id = i.id AND e.kind IN ('assign', 'approve_extension') ORDER BY e.rowid DESC LIMIT 1)");

    // Working days and on-time, recomputed on the official calendar.
    let cal = Calendar::official();
    type Resolved = (Option<String>, String, String, Option<String>, i64, bool);
    let rows: Vec<Resolved> = store
        .read(|c| {
            let mut st = c.prepare("SELECT assigned_on, registered_on, resolved_on, deadline, working_days, on_time FROM issues WHERE resolved_on IS NOT NULL")?;
            let v = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(v)
        })
        .unwrap();
    assert!(rows.len() > 2_000);
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    for (assigned, registered, resolved, deadline, days, on_time) in rows {
        let from = assigned.unwrap_or(registered);
        assert_eq!(days, cal.workdays_between(d(&from), d(&resolved)).max(0), "{from} → {resolved}");
        assert_eq!(on_time, deadline.as_deref().is_none_or(|dl| resolved.as_str() <= dl));
    }
    let late_assigned: i64 = count(&store, "SELECT count(*) FROM issues WHERE status IN ('assigned', 'in_progress') AND deadline < '2026-11-20'");
    assert!(late_assigned > 5, "some open issues are overdue: {late_assigned}");
}

#[test]
fn figures_flags_and_search_look_like_the_articles() {
    let (_d, store, _) = s_set();
    let today = Some("2026-11-20".to_string());
    // A year's 办结率 near the articles' (收集216 办结179: 82.9%); over four years an office has
    // closed nearly everything but the last weeks' issues.
    let total = figures(&store, &FiguresQuery { today: today.clone(), ..Default::default() }).unwrap().total;
    let year = figures(&store, &FiguresQuery { from: Some("2026-01-01".into()), today: today.clone(), ..Default::default() }).unwrap().total;
    let done = year.done_rate.unwrap();
    assert!((80.0..=95.0).contains(&done), "2026 办结率 {done}%");
    assert!(total.done_rate.unwrap() > done, "older issues are closed more often");
    let on_time = total.on_time_rate.unwrap();
    assert!((60.0..=95.0).contains(&on_time), "按期办结率 {on_time}%");
    assert!(total.satisfaction_rate.unwrap() >= 90.0);
    assert!(total.overdue > 10, "overdue {}", total.overdue);
    let by_dept = figures(&store, &FiguresQuery { by: GroupBy::Department, today: today.clone(), ..Default::default() }).unwrap();
    assert!(by_dept.rows.len() >= 15, "issues spread over the departments: {}", by_dept.rows.len());
    let by_month = figures(&store, &FiguresQuery { by: GroupBy::Month, today: today.clone(), ..Default::default() }).unwrap();
    assert_eq!(by_month.rows.len(), 47, "every month from 2023-01 to 2026-11");

    // Flags on the data set's today: every colour occurs.
    for flag in Flag::ALL {
        let page = ledger(&store, &LedgerQuery { flag: vec![*flag], today: today.clone(), ..Default::default() }).unwrap();
        assert!(page.total > 0, "{flag:?}");
        assert!(page.rows.iter().all(|r| r.flag == Some(*flag) && r.status.is_open()));
    }
    let open = ledger(&store, &LedgerQuery { status: Status::OPEN.to_vec(), ..Default::default() }).unwrap().total;
    assert!(open > 40, "open issues: {open}");

    // 3+ character searches find a spread of issues, neither none nor all.
    for q in ["流动资金", "频繁跳闸", "招聘会", "路灯损坏", "不动产权证"] {
        let like = count(&store, &format!("SELECT count(*) FROM issues WHERE content LIKE '%{q}%'"));
        assert!(like > 5 && like < 600, "{q}: {like} of 3000");
        let hits = search::search(&store, q, Some(&[SearchKind::Issue]), 8).unwrap();
        let g = hits.groups.iter().find(|g| g.kind == SearchKind::Issue).expect("issue hits");
        assert_eq!(g.total as i64, like.min(crate::search::CAP as i64), "{q}");
        let page = ledger(&store, &LedgerQuery { text: Some(q.into()), ..Default::default() }).unwrap();
        assert_eq!(page.total as i64, like, "{q}");
    }
    let distinct = count(&store, "SELECT count(DISTINCT content) FROM issues");
    assert!(distinct > 2_000, "texts vary: {distinct} distinct of 3000");
}

#[test]
fn the_same_seed_gives_the_same_issues() {
    let small = Counts { enterprises: 200, cadres: 40, streets: 3, issues: 400, engagements: 0, projects: 0 };
    let dump = |seed: u64| -> Vec<(String, String, String, String)> {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("d.db")).unwrap();
        generate(&store, small, seed, &mut |_, _, _| {}).unwrap();
        store
            .read(|c| {
                let mut st = c.prepare("SELECT id, no, status, content FROM issues ORDER BY id")?;
                let v = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
                Ok(v)
            })
            .unwrap()
    };
    let a = dump(9);
    assert_eq!(a.len(), 400);
    assert_eq!(a, dump(9));
    assert_ne!(a, dump(10));
}

/// Replays generated timelines through `model::issue::flow` (register, then one `act` per
/// event, on the event's date) and checks that the transitions accept every step and end in
/// the very row and events the generator wrote: the generator's shortcut cannot drift from
/// the rules.
#[test]
fn generated_timelines_replay_through_the_transitions() {
    use crate::model::issue::{self as iss, Action, ActInput, EventKind, Issue, IssueEvent, RegisterInput};
    use serde_json::Value;

    let (_d, store, _) = s_set();
    let sample: Vec<String> = store
        .read(|c| {
            // Every status and the rarer steps, plus a spread of the rest.
            let mut st = c.prepare(
                "SELECT id FROM issues WHERE rowid % 25 = 0 OR reopens > 0 OR extensions > 0 OR extension_days IS NOT NULL
                   OR status IN ('returned', 'withdrawn', 'long_term', 'registered') OR lookback_result IS NOT NULL
                   OR tier = 'major' AND rowid % 3 = 0 ORDER BY rowid",
            )?;
            let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(v)
        })
        .unwrap();
    assert!(sample.len() > 400, "{}", sample.len());
    let parse = |v: &Value| v.as_str().unwrap_or_default().to_string();
    for id in sample {
        let made = iss::get_issue(&store, &id).unwrap();
        let timeline = iss::events(&store, &id).unwrap();
        let data = |e: &IssueEvent| -> Value { serde_json::to_value(&e.data).unwrap() };
        let on_spot = timeline.iter().find(|e| e.kind == EventKind::ResolveOnSpot);
        let first_tier = data(&timeline[0])["tier"].clone();
        let replayed = iss::register(
            &store,
            &RegisterInput {
                source: Some(made.source),
                enterprise_id: made.enterprise_id.clone(),
                reporter_name: made.reporter_name.clone(),
                reporter_phone: made.reporter_phone.clone(),
                street_id: made.street_id.clone(),
                category: made.category.clone(),
                tier: iss::Tier::parse(first_tier.as_str().unwrap()),
                disposition: made.disposition,
                content: made.content.clone(),
                taken_by: made.taken_by.clone(),
                registered_on: Some(made.registered_on.clone()),
                resolve_on_spot: on_spot.and_then(|e| e.note.clone()),
                result_kind: on_spot.and(made.result_kind),
                hotline_no: made.hotline_no.clone(),
                project_id: made.project_id.clone(),
            },
        )
        .unwrap();
        let mut batch = made.batch_id.clone();
        let mut implied_reopen = false;
        for e in &timeline[1..] {
            let d = data(e);
            let note = e.note.clone();
            let action = match e.kind {
                EventKind::ResolveOnSpot => continue,
                EventKind::Reopen => {
                    assert!(implied_reopen, "{}: a reopen follows 不满意 or a recurrence", made.no);
                    implied_reopen = false;
                    continue;
                }
                EventKind::Escalate => Action::Escalate { reason: note.unwrap() },
                EventKind::Assign => Action::Assign {
                    lead_department_id: parse(&d["department"]),
                    assisting: d["assisting"].as_array().unwrap().iter().map(parse).collect(),
                    days: None,
                    deadline: None,
                    batch_id: batch.take(),
                    note,
                },
                EventKind::Accept => Action::Accept { note },
                EventKind::Return => Action::Return { reason: note.unwrap() },
                EventKind::Remind => Action::Remind { note },
                EventKind::RequestExtension => {
                    Action::RequestExtension { days: d["days"].as_u64().unwrap() as u32, reason: note.unwrap() }
                }
                EventKind::ApproveExtension => Action::DecideExtension { approve: true, note },
                EventKind::RejectExtension => Action::DecideExtension { approve: false, note },
                EventKind::Resolve => Action::Resolve {
                    result: note.unwrap(),
                    result_kind: iss::ResultKind::parse(&parse(&d["result_kind"])).unwrap(),
                    amount_fen: d["amount_fen"].as_i64(),
                },
                EventKind::LongTerm => Action::LongTerm { reason: note.unwrap() },
                EventKind::Feedback => {
                    let s = iss::Satisfaction::parse(&parse(&d["satisfaction"])).unwrap();
                    implied_reopen = s == iss::Satisfaction::Unsatisfied;
                    Action::Feedback { feedback: note, satisfaction: s, days: None }
                }
                EventKind::Close => Action::Close { note },
                EventKind::Withdraw => Action::Withdraw(iss::Withdraw {
                    withdraw_kind: iss::WithdrawKind::parse(&parse(&d["withdraw_kind"])).unwrap(),
                    duplicate_of: d.get("duplicate_of").map(parse),
                    reason: note.unwrap(),
                }),
                EventKind::Lookback => {
                    let result = iss::LookbackResult::parse(&parse(&d["result"])).unwrap();
                    implied_reopen = result == iss::LookbackResult::Recurred;
                    Action::Lookback { result, note, days: None }
                }
                other => panic!("{}: the generator does not write {other:?}", made.no),
            };
            iss::act(&store, &ActInput { id: replayed.id.clone(), date: Some(e.on_date.clone()), action })
                .unwrap_or_else(|err| panic!("{} {:?} on {}: {err}", made.no, e.kind, e.on_date));
        }
        let again = iss::get_issue(&store, &replayed.id).unwrap();
        let same = |i: &Issue| Issue {
            id: String::new(),
            no: String::new(),
            registered_by: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
            ..i.clone()
        };
        assert_eq!(same(&again), same(&made), "{} replayed", made.no);
        let steps = |es: Vec<IssueEvent>| -> Vec<(EventKind, String, Option<String>, Value)> {
            es.iter().map(|e| (e.kind, e.on_date.clone(), e.note.clone(), data(e))).collect()
        };
        assert_eq!(steps(iss::events(&store, &replayed.id).unwrap()), steps(timeline), "{} events", made.no);
    }
}

/// The row of every generated issue is its timeline replayed through the state machine, as
/// sync will rebuild a merged issue.
#[test]
fn every_generated_row_is_its_timeline_replayed() {
    let (_d, store, _) = s_set();
    let ids: Vec<String> = store
        .read(|c| Ok(c.prepare("SELECT id FROM issues")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?))
        .unwrap();
    assert_eq!(ids.len(), 3_000);
    for id in ids {
        let row = crate::model::issue::get_issue(&store, &id).unwrap();
        let events: Vec<_> = crate::model::issue::events(&store, &id).unwrap();
        let replayed = crate::model::issue::machine::replay(
            &row,
            events.iter().map(|e| (e.on_date.clone(), e.event())).collect::<Vec<_>>().iter().map(|(d, e)| (d.as_str(), e)),
        );
        assert_eq!(replayed, row, "{}", row.no);
    }
}

/// Every count of 办理统计, in every grouping, opens a ledger of exactly that many issues.
#[test]
fn each_figure_opens_a_ledger_of_exactly_its_issues() {
    let (_d, store, _) = s_set();
    // A day on which many generated issues are overdue, some reopened twice (black without
    // being overdue): the case where flags and the overdue count part ways.
    let today = Some(super::ISSUES_TODAY.to_string());
    let groupings = [
        GroupBy::None,
        GroupBy::Department,
        GroupBy::Category,
        GroupBy::Source,
        GroupBy::Tier,
        GroupBy::Cadre,
        GroupBy::Street,
        GroupBy::Month,
        GroupBy::Quarter,
        GroupBy::Year,
    ];
    let mut checked = 0;
    for (from, to) in [(None, None), (Some("2025-04-01"), Some("2026-02-15"))] {
        for by in groupings {
            let q = FiguresQuery { by, from: from.map(Into::into), to: to.map(Into::into), today: today.clone(), ..Default::default() };
            let f = figures(&store, &q).unwrap();
            for row in f.rows.iter().chain([&f.total]) {
                let l = &row.ledger;
                for (what, n, lq) in [
                    ("total", row.total, &l.total),
                    ("done", row.done, &l.done),
                    ("open", row.open, &l.open),
                    ("overdue", row.overdue, &l.overdue),
                    ("long_term", row.long_term, &l.long_term),
                ] {
                    let page = ledger(&store, lq).unwrap();
                    assert_eq!(page.total, n, "{by:?} {:?} {what}: {lq:?}", row.key);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

/// A demo opened on the day it was made looks like a living office: most open issues are
/// recent, the flags spread over green, yellow, red and black instead of nearly all red and
/// black, and nothing is years late.
#[test]
fn a_set_made_as_of_a_day_has_a_living_spread_of_flags_that_day() {
    use crate::model::issue::ledger::{ledger, LedgerQuery};
    use crate::model::issue::Flag;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("d.db")).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    super::generate_until(&store, Counts::S, DEMO_SEED, day, &mut |_, _, _| {}).unwrap();
    let n = |flag: Option<Flag>| {
        let q = LedgerQuery {
            today: Some("2026-06-15".into()),
            flag: flag.into_iter().collect(),
            status: crate::model::issue::Status::OPEN.to_vec(),
            page_size: 1,
            ..LedgerQuery::first_page()
        };
        ledger(&store, &q).unwrap().total as i64
    };
    let (open, green, yellow, red, black) = (n(None), n(Some(Flag::Green)), n(Some(Flag::Yellow)), n(Some(Flag::Red)), n(Some(Flag::Black)));
    eprintln!("open {open}: green {green}, yellow {yellow}, red {red}, black {black}");
    let rate = |from: &str| {
        use crate::model::issue::figures::{figures, FiguresQuery};
        let q = FiguresQuery { from: Some(from.into()), to: Some("2026-06-15".into()), today: Some("2026-06-15".into()), ..Default::default() };
        figures(&store, &q).unwrap().total.done_rate.unwrap()
    };
    eprintln!("办结率 all {:.1}, 2026 {:.1}, Q2 {:.1}", rate("2023-01-01"), rate("2026-01-01"), rate("2026-04-01"));
    assert!(count(&store, "SELECT count(*) FROM issues WHERE registered_on > '2026-06-15'") == 0, "nothing after the day");
    assert!(green + yellow > red + black, "mostly not overdue: {green}+{yellow} vs {red}+{black}");
    assert!(yellow > 0 && red > 0, "every flag shows");
    let recent = count(&store, "SELECT count(*) FROM issues WHERE status IN ('registered','assigned','in_progress','returned') AND registered_on >= '2026-03-15'");
    let all_open = count(&store, "SELECT count(*) FROM issues WHERE status IN ('registered','assigned','in_progress','returned')");
    assert!(recent * 3 > all_open * 2, "two thirds of the open issues are from the last quarter: {recent} of {all_open}");
    let oldest: String = store.read(|c| Ok(c.query_row("SELECT min(deadline) FROM issues WHERE status IN ('assigned','in_progress')", [], |r| r.get(0))?)).unwrap();
    assert!(oldest.as_str() >= "2024-06-15", "nothing in progress more than two years late: {oldest}");
}
