//! The issue state machine, pure: no connection, no clock, no I/O. The one home of the closed
//! loop's rules, which flow (the app's steps), the generator, the ledger import and the UI (its
//! buttons, through `steps`) all use:
//! - `guard`: whether a step may be taken on the issue as it is, with the reason when not;
//! - `decide`: a step's input checked against the issue, giving the timeline events it makes;
//! - `evolve`: what one event does to the issue's row. Total, so any timeline replays (sync
//!   rebuilds a merged issue this way), and the row is always the replay of its timeline;
//! - `apply`: `decide`, then `evolve` each event.
//!
//! References to other records (departments, batches, the duplicated issue) are checked by the
//! caller, which has the database; `Env` carries what the machine needs besides the issue.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::action::{Action, ActionKind, Withdraw};
use super::event::{Event, Step};
use super::kinds::*;
use super::record::Issue;
use super::rules::IssueRules;
use crate::calendar::Calendar;
use crate::day;
use crate::error::{CoreError, Result};
use crate::model::text;

/// Everything a step needs besides the issue.
pub struct Env<'a> {
    pub cal: &'a Calendar,
    pub rules: &'a IssueRules,
    /// The business date of the step.
    pub date: NaiveDate,
    /// For 撤销 as a duplicate: the other issue's (id, 编号), found by the caller.
    pub duplicate: Option<(String, String)>,
}

impl Env<'_> {
    fn day(&self) -> String {
        day::fmt(self.date)
    }

    /// The deadline `days` working days (default by tier) after the step's date.
    pub fn deadline(&self, tier: Tier, days: Option<u32>) -> Result<String> {
        let days = days.unwrap_or_else(|| self.rules.days_for(tier));
        if !(1..=365).contains(&days) {
            return Err(CoreError::validation("days", "办理时限应在1到365个工作日之间"));
        }
        Ok(day::fmt(self.cal.add_workdays(self.date, days)))
    }
}

/// What the guards look at: an issue's row or a ledger line.
#[derive(Debug, Clone, Copy)]
pub struct State<'a> {
    pub no: &'a str,
    pub status: Status,
    pub tier: Tier,
    pub extension_days: Option<u32>,
    pub deadline: Option<&'a str>,
    pub satisfaction: Option<Satisfaction>,
}

impl<'a> From<&'a Issue> for State<'a> {
    fn from(i: &'a Issue) -> Self {
        State {
            no: &i.no,
            status: i.status,
            tier: i.tier,
            extension_days: i.extension_days,
            deadline: i.deadline.as_deref(),
            satisfaction: i.satisfaction,
        }
    }
}

fn refused(msg: String) -> CoreError {
    CoreError::Transition(msg)
}

/// Whether `kind` may be taken on the issue on `date` (YYYY-MM-DD); the reason when not, naming
/// the issue's 编号 and status.
pub fn guard(s: State<'_>, kind: ActionKind, date: &str) -> Result<()> {
    use Status::*;
    let allowed: &[Status] = match kind {
        ActionKind::Assign => &[Registered, Returned],
        ActionKind::Accept | ActionKind::Return => &[Assigned],
        ActionKind::Remind | ActionKind::RequestExtension | ActionKind::DecideExtension => &[Assigned, InProgress],
        ActionKind::Escalate => &[Registered, Assigned, InProgress, Returned, LongTerm],
        ActionKind::Resolve => &[InProgress, LongTerm],
        ActionKind::LongTerm => &[InProgress],
        ActionKind::Feedback | ActionKind::Close => &[Resolved],
        ActionKind::Reopen => &[Resolved, Closed],
        ActionKind::Withdraw => &[Registered, Assigned, Returned],
        ActionKind::ScheduleLookback | ActionKind::Lookback => &[Closed],
    };
    let no = s.no;
    // The messages that say more than "not in this status" come first.
    match kind {
        ActionKind::Resolve if s.status == Assigned => {
            return Err(refused(format!("问题 {no} 尚未签收,请责任单位先签收再办结")))
        }
        ActionKind::Close if s.status.is_open() || s.status == LongTerm => {
            return Err(refused(format!("问题 {no} 当前为“{}”,尚未办结,不能销号", s.status.zh())))
        }
        _ => {}
    }
    if !allowed.contains(&s.status) {
        return Err(refused(format!("问题 {no} 当前为“{}”,不能{}", s.status.zh(), kind.zh())));
    }
    match kind {
        ActionKind::RequestExtension if s.extension_days.is_some() => {
            Err(refused(format!("问题 {no} 已有待审批的延期申请")))
        }
        ActionKind::RequestExtension if s.deadline.is_some_and(|d| d < date) => Err(refused(format!(
            "问题 {no} 已超过办理期限({}),延期须在期限内申请",
            s.deadline.unwrap_or_default()
        ))),
        ActionKind::DecideExtension if s.extension_days.is_none() => {
            Err(refused(format!("问题 {no} 没有待审批的延期申请")))
        }
        ActionKind::Escalate if s.tier == Tier::Major => Err(refused(format!("问题 {no} 已是重大问题,不能再提级"))),
        ActionKind::Close => match s.satisfaction {
            None => Err(refused(format!("问题 {no} 尚未反馈评价,不能销号"))),
            Some(Satisfaction::Unsatisfied) => Err(refused(format!("问题 {no} 评价为不满意,应重新办理,不能销号"))),
            Some(_) => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The steps an issue allows now, as its page shows them: `next` are the loop's next steps
/// (buttons, the first one primary), `other` the rest (the 更多 menu), and `blocked` the next
/// steps not possible yet, with the reason (销号 before a good rating).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Steps {
    pub next: Vec<ActionKind>,
    pub other: Vec<ActionKind>,
    pub blocked: Vec<BlockedStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BlockedStep {
    pub kind: ActionKind,
    pub reason: String,
}

impl Steps {
    /// Every step allowed, next ones first.
    pub fn allowed(&self) -> Vec<ActionKind> {
        self.next.iter().chain(&self.other).copied().collect()
    }
}

/// Which steps the page offers for each status, next ones first; `guard` decides which stand.
fn layout(status: Status) -> (&'static [ActionKind], &'static [ActionKind]) {
    use ActionKind::*;
    match status {
        Status::Registered | Status::Returned => (&[Assign], &[Escalate, Withdraw]),
        Status::Assigned => (&[DecideExtension, Accept, Return], &[Remind, RequestExtension, Escalate, Withdraw]),
        Status::InProgress => (&[DecideExtension, Resolve, Remind], &[RequestExtension, LongTerm, Escalate]),
        Status::LongTerm => (&[Resolve], &[Escalate]),
        Status::Resolved => (&[Close, Feedback], &[Reopen]),
        Status::Closed => (&[Lookback], &[ScheduleLookback, Reopen]),
        Status::Withdrawn => (&[], &[]),
    }
}

/// The steps the issue allows on `date`.
pub fn steps(s: State<'_>, date: &str) -> Steps {
    let (next, other) = layout(s.status);
    let mut out = Steps::default();
    for &k in next {
        match guard(s, k, date) {
            Ok(()) => out.next.push(k),
            // 销号 waits for a good rating: shown, with why not yet.
            Err(e) if k == ActionKind::Close => out.blocked.push(BlockedStep { kind: k, reason: e.to_string() }),
            Err(_) => {}
        }
    }
    out.other = other.iter().copied().filter(|k| guard(s, *k, date).is_ok()).collect();
    out
}

fn required(field: &str, label: &str, s: &str) -> Result<String> {
    text::required(field, label, s, 2000)
}

fn note(s: &Option<String>) -> Result<Option<String>> {
    let n = text::opt(s);
    if let Some(n) = &n {
        text::limit("note", "说明", n, 2000)?;
    }
    Ok(n)
}

/// 登记: the new issue's row (its registration fields filled by the caller) and its first
/// events; `on_spot` resolves a 一般 issue there and then (当场办) with this result.
pub fn register(mut issue: Issue, on_spot: Option<(String, ResultKind)>, env: &Env<'_>) -> Result<(Issue, Vec<Event>)> {
    if on_spot.is_some() && issue.tier != Tier::General {
        return Err(CoreError::validation("resolve_on_spot", "只有一般问题可以当场办结,常规和重大问题请交办"));
    }
    let mut events =
        vec![Event::new(None, Step::Register { source: issue.source, tier: issue.tier, ledger_row: None, ledger_no: None })];
    if let Some((result, result_kind)) = on_spot {
        events.push(Event::new(Some(result), Step::ResolveOnSpot { result_kind }));
    }
    let day = env.day();
    for e in &events {
        evolve(&mut issue, &day, e);
    }
    Ok((issue, events))
}

/// Checks `action` against `issue` and returns the events it makes, not yet applied.
pub fn decide(issue: &Issue, action: &Action, env: &Env<'_>) -> Result<Vec<Event>> {
    let day = env.day();
    guard(issue.into(), action.kind(), &day)?;
    let one = |note: Option<String>, step: Step| Ok(vec![Event::new(note, step)]);
    match action {
        Action::Assign { lead_department_id, assisting, days, deadline, batch_id, note: n } => {
            let lead = lead_department_id.trim();
            if lead.is_empty() {
                return Err(CoreError::validation("lead_department_id", "请选择牵头单位"));
            }
            let mut helpers: Vec<String> = Vec::new();
            for a in assisting.iter().map(|a| a.trim()).filter(|a| !a.is_empty() && *a != lead) {
                if !helpers.iter().any(|h| h == a) {
                    helpers.push(a.to_string());
                }
            }
            let due = match text::opt(deadline) {
                Some(d) => {
                    let d = day::or_today("deadline", "办理期限", &Some(d))?;
                    if d <= day {
                        return Err(CoreError::validation("deadline", "办理期限应晚于交办日期"));
                    }
                    d
                }
                None => env.deadline(issue.tier, *days)?,
            };
            let step = Step::Assign {
                department: lead.to_string(),
                assisting: helpers,
                deadline: due,
                batch_id: text::opt(batch_id),
                deadline_by_default: false,
            };
            one(note(n)?, step)
        }
        Action::Accept { note: n } => one(note(n)?, Step::Accept { department: issue.lead_department_id.clone() }),
        Action::Return { reason } => {
            let reason = required("reason", "退回理由", reason)?;
            one(Some(reason), Step::Return { department: issue.lead_department_id.clone() })
        }
        Action::Remind { note: n } => {
            one(note(n)?, Step::Remind { count: issue.reminders + 1, deadline: issue.deadline.clone() })
        }
        Action::RequestExtension { days, reason } => {
            let reason = required("reason", "延期理由", reason)?;
            if !(1..=365).contains(days) {
                return Err(CoreError::validation("days", "延期天数应在1到365个工作日之间"));
            }
            one(Some(reason), Step::RequestExtension { days: *days })
        }
        Action::DecideExtension { approve, note: n } => {
            let days = issue.extension_days.unwrap_or_default();
            if *approve {
                let from = issue.deadline.as_deref().and_then(day::parse).unwrap_or(env.date);
                let deadline = day::fmt(env.cal.add_workdays(from, days));
                one(note(n)?, Step::ApproveExtension { days, deadline })
            } else {
                one(note(n)?, Step::RejectExtension { days })
            }
        }
        Action::Escalate { reason } => {
            let reason = required("reason", "提级理由", reason)?;
            let to = if issue.tier == Tier::General { Tier::Regular } else { Tier::Major };
            one(Some(reason), Step::Escalate { from: issue.tier, to })
        }
        Action::Resolve { result, result_kind, amount_fen } => {
            let result = required("result", "办理结果", result)?;
            if amount_fen.is_some_and(|a| a < 0) {
                return Err(CoreError::validation("amount_fen", "金额不能为负数"));
            }
            let from = issue.assigned_on.as_deref().unwrap_or(&issue.registered_on);
            let taken = env.cal.workdays_between(day::parse_or_min(from), env.date).max(0) as i32;
            one(Some(result), Step::Resolve { result_kind: *result_kind, amount_fen: *amount_fen, working_days: taken })
        }
        Action::LongTerm { reason } => one(Some(required("reason", "转长期跟踪的理由", reason)?), Step::LongTerm),
        Action::Feedback { feedback, satisfaction, days } => {
            let mut out = vec![Event::new(note(feedback)?, Step::Feedback { satisfaction: *satisfaction })];
            if *satisfaction == Satisfaction::Unsatisfied {
                out.push(reopen(issue, env, "群众(企业)不满意,重新办理".into(), *days)?);
            }
            Ok(out)
        }
        Action::Close { note: n } => {
            let lookback = day::fmt(env.date + Duration::days(env.rules.lookback_days as i64));
            one(note(n)?, Step::Close { lookback_on: Some(lookback) })
        }
        Action::Reopen { reason, days } => {
            let reason = required("reason", "重新办理的理由", reason)?;
            Ok(vec![reopen(issue, env, reason, *days)?])
        }
        Action::Withdraw(Withdraw { withdraw_kind, duplicate_of: _, reason }) => {
            let reason = required("reason", "撤销理由", reason)?;
            let (duplicate_id, duplicate_of) = match (withdraw_kind, &env.duplicate) {
                (WithdrawKind::Duplicate, Some((id, _))) if *id == issue.id => {
                    return Err(CoreError::validation("duplicate_of", "不能与自身重复"))
                }
                (WithdrawKind::Duplicate, Some((id, no))) => (Some(id.clone()), Some(no.clone())),
                (WithdrawKind::Duplicate, None) => {
                    return Err(CoreError::validation("duplicate_of", "请填写与之重复的问题编号"))
                }
                (WithdrawKind::Invalid, _) => (None, None),
            };
            one(Some(reason), Step::Withdraw { withdraw_kind: Some(*withdraw_kind), duplicate_of, duplicate_id })
        }
        Action::ScheduleLookback { date } => {
            let d = day::or_today("date", "回头看日期", &Some(date.clone()))?;
            one(None, Step::ScheduleLookback { lookback_on: d })
        }
        Action::Lookback { result, note: n, days } => {
            let n = note(n)?;
            let mut out = vec![Event::new(n.clone(), Step::Lookback { result: *result })];
            if *result == LookbackResult::Recurred {
                out.push(reopen(issue, env, n.unwrap_or_else(|| "回头看发现问题反弹".into()), *days)?);
            }
            Ok(out)
        }
    }
}

/// Back to work with a new deadline: to the same lead department when there is one, else to
/// be assigned again.
fn reopen(issue: &Issue, env: &Env<'_>, reason: String, days: Option<u32>) -> Result<Event> {
    let deadline = match issue.lead_department_id {
        Some(_) => Some(env.deadline(issue.tier, days)?),
        None => None,
    };
    Ok(Event::new(Some(reason), Step::Reopen { deadline, reopens: issue.reopens + 1 }))
}

/// `decide`, then `evolve` each event: the issue as the step leaves it, and the events to store.
pub fn apply(issue: &Issue, action: &Action, env: &Env<'_>) -> Result<(Issue, Vec<Event>)> {
    let events = decide(issue, action, env)?;
    let mut new = issue.clone();
    let day = env.day();
    for e in &events {
        evolve(&mut new, &day, e);
    }
    Ok((new, events))
}

/// What one event, on its business date `day`, does to the issue's row.
pub fn evolve(i: &mut Issue, day: &str, e: &Event) {
    let day = Some(day.to_string());
    match &e.data.step {
        Step::Register { source, tier, .. } => {
            i.source = *source;
            i.tier = *tier;
            i.status = Status::Registered;
        }
        Step::ResolveOnSpot { result_kind } => {
            i.status = Status::Resolved;
            i.resolved_on = day;
            i.result = e.note.clone();
            i.result_kind = Some(*result_kind);
            i.working_days = Some(0);
            i.on_time = Some(true);
        }
        Step::Assign { department, assisting, deadline, batch_id, .. } => {
            i.status = Status::Assigned;
            i.lead_department_id = Some(department.clone());
            i.assisting = assisting.clone();
            if batch_id.is_some() {
                i.batch_id = batch_id.clone();
            }
            i.assigned_on = day;
            i.deadline = Some(deadline.clone());
            i.accepted_on = None;
            i.extension_days = None;
        }
        Step::Accept { .. } => {
            i.status = Status::InProgress;
            i.accepted_on = day;
        }
        Step::Return { .. } => {
            i.status = Status::Returned;
            i.extension_days = None;
            i.lead_department_id = None;
            i.assisting = vec![];
            i.deadline = None;
            i.assigned_on = None;
        }
        Step::Remind { .. } => i.reminders += 1,
        Step::RequestExtension { days } => i.extension_days = Some(*days),
        Step::ApproveExtension { deadline, .. } => {
            i.extension_days = None;
            i.deadline = Some(deadline.clone());
            i.extensions += 1;
        }
        Step::RejectExtension { .. } => i.extension_days = None,
        Step::Escalate { to, .. } => i.tier = *to,
        Step::Resolve { result_kind, amount_fen, working_days } => {
            // A ledger's 办结 without its date: resolved on a day nobody knows, so neither on
            // time nor late, and no working days (the figures leave it out of both).
            let known = e.data.date_known;
            i.on_time = known.then(|| i.deadline.as_deref().is_none_or(|d| day.as_deref().unwrap_or_default() <= d));
            i.status = Status::Resolved;
            i.resolved_on = if known { day } else { None };
            i.result = e.note.clone();
            i.result_kind = Some(*result_kind);
            i.amount_fen = *amount_fen;
            i.working_days = known.then_some(*working_days);
            i.extension_days = None;
            // A new result awaits a new rating; until then the last one (a 不满意 that
            // reopened it) no longer stands.
            i.feedback = None;
            i.satisfaction = None;
        }
        Step::LongTerm => {
            i.status = Status::LongTerm;
            i.extension_days = None;
        }
        Step::Feedback { satisfaction } => {
            i.feedback = e.note.clone();
            i.satisfaction = Some(*satisfaction);
        }
        Step::Close { lookback_on } => {
            i.status = Status::Closed;
            i.closed_on = if e.data.date_known { day } else { None };
            i.lookback_on = lookback_on.clone();
            i.lookback_result = None;
        }
        // The rating that caused it stays until the next result, so 满意率 counts a 不满意;
        // the assignment date stays too, so working days count from the first assignment.
        Step::Reopen { deadline, .. } => {
            i.reopens += 1;
            i.status = if deadline.is_some() { Status::InProgress } else { Status::Registered };
            i.deadline = deadline.clone();
            i.resolved_on = None;
            i.result = None;
            i.closed_on = None;
            i.lookback_on = None;
            i.result_kind = None;
            i.amount_fen = None;
            i.working_days = None;
            i.on_time = None;
        }
        Step::Withdraw { withdraw_kind, duplicate_id, .. } => {
            i.status = Status::Withdrawn;
            i.extension_days = None;
            i.withdraw_kind = *withdraw_kind;
            i.duplicate_of = duplicate_id.clone();
        }
        Step::ScheduleLookback { lookback_on } => {
            i.lookback_on = Some(lookback_on.clone());
            i.lookback_result = None;
        }
        Step::Lookback { result } => i.lookback_result = Some(*result),
    }
}

/// The issue as its timeline leaves it: `base` (the registration's fields) with every event
/// applied in order. What sync rebuilds a merged issue with; the tests check it against rows.
pub fn replay<'e>(base: &Issue, events: impl IntoIterator<Item = (&'e str, &'e Event)>) -> Issue {
    let mut i = blank(base);
    for (day, e) in events {
        evolve(&mut i, day, e);
    }
    i
}

/// The issue's registration fields with every field a step sets cleared.
pub fn blank(base: &Issue) -> Issue {
    Issue { created_at: base.created_at.clone(), updated_at: base.updated_at.clone(), ..Issue::draft(base.registration()) }
}
