//! What a ledger row's status implies, checked and derived as the closed loop would have: an
//! issue 办理中 needs a 牵头单位 and one 已办结 its 办结日期; dates follow the loop's order
//! (登记 ≤ 交办 ≤ 办结 ≤ 销号); the deadline is the ledger's, or working days from 交办 by tier;
//! working days taken, on time and the 回头看 date are computed on the calendar. Then the
//! issue's timeline: 登记 noted "台账导入", and the steps the ledger records.

use chrono::{Duration, NaiveDate};
use serde_json::json;

use super::import_issue::{fmt_date, IssueField as F, IssuePass};
use super::import_issue_row::Ctx;
use super::issue_words::{self as words, Limit};
use crate::model::issue::{
    Disposition, EventKind, Issue, IssueEvent, ResultKind, Satisfaction, Source, Status, Tier, WithdrawKind,
};
use crate::model::new_id;

/// A row's cells, read and resolved to ids.
pub(crate) struct Read {
    pub row: u32,
    pub ledger_no: Option<String>,
    pub registered: NaiveDate,
    pub content: String,
    pub category: String,
    pub source: Source,
    pub tier: Tier,
    pub disposition: Option<Disposition>,
    /// (id, name) of a registered enterprise.
    pub enterprise: Option<(String, String)>,
    pub reporter: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub taken_by: Option<String>,
    pub status: Status,
    pub status_text: Option<String>,
    /// Whether the ledger names a 牵头单位, and its id when found.
    pub lead_named: bool,
    pub lead: Option<String>,
    pub assisting: Vec<String>,
    pub assigned: Option<NaiveDate>,
    pub limit: Option<Limit>,
    pub resolved: Option<NaiveDate>,
    /// The 办结日期 cell is filled (readable or not).
    pub resolved_cell: bool,
    pub closed: Option<NaiveDate>,
    pub result: Option<String>,
    pub satisfaction: Option<Satisfaction>,
    pub notes: Option<String>,
}

impl Read {
    /// The name the issue is known by in the ledger: the enterprise's, or the reporter's.
    pub fn subject(&self) -> &str {
        self.enterprise.as_ref().map(|e| e.1.as_str()).or(self.reporter.as_deref()).unwrap_or("")
    }
}

/// The issue a row becomes (its 编号 still to be given), and what its timeline needs.
pub(crate) struct Settled {
    pub issue: Issue,
    pub assigned: Option<NaiveDate>,
    pub default_deadline: bool,
}

/// Checks what `r.status` implies and derives the rest. None when that adds a problem.
pub(crate) fn settle(ctx: &Ctx, pass: &mut IssuePass<'_>, r: &Read) -> Option<Settled> {
    use Status::*;
    let status = r.status;
    let zh = status.zh();
    let done = matches!(status, Resolved | Closed);
    if matches!(status, Assigned | InProgress | LongTerm) && !r.lead_named {
        pass.problem(Some(F::Lead), format!("状态为“{zh}”,请填写牵头单位"));
    }
    if status == Registered && r.lead_named {
        pass.warn(Some(F::Lead), format!("状态为“{zh}”,牵头单位未导入"));
    }
    let assigned = r.lead.as_ref().map(|_| r.assigned.unwrap_or(r.registered));
    let resolved = if done {
        if r.resolved.is_none() && !r.resolved_cell {
            pass.problem(Some(F::ResolvedOn), format!("状态为“{zh}”,请填写办结日期"));
        }
        r.resolved
    } else {
        if r.resolved.is_some() {
            pass.warn(Some(F::ResolvedOn), format!("状态为“{zh}”,办结日期未导入"));
        }
        None
    };
    let mut satisfaction = r.satisfaction;
    if !done && satisfaction.take().is_some() {
        pass.warn(Some(F::Satisfaction), format!("状态为“{zh}”,尚未办结,满意度未导入"));
    }
    if satisfaction == Some(Satisfaction::Unsatisfied) {
        pass.warn(Some(F::Satisfaction), "评价为不满意:导入后请重新办理(或再次回访评价)");
    }
    let closed = (status == Closed).then(|| r.closed.or(resolved)).flatten();
    let start = assigned.unwrap_or(r.registered);
    let given = match &r.limit {
        Some(Limit::Date(d)) => NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(),
        Some(Limit::Days(n)) => Some(ctx.cal.add_workdays(start, *n)),
        None => None,
    };
    let default_deadline = given.is_none() && assigned.is_some();
    let deadline = given.or_else(|| assigned.map(|a| ctx.cal.add_workdays(a, ctx.rules.days_for(r.tier))));

    // Dates in the order the loop makes them.
    let start_what = if r.assigned.is_some() && assigned.is_some() { "交办日期" } else { "登记日期" };
    for (f, what, d, before_what, before) in [
        (F::AssignedOn, "交办日期", assigned, "登记日期", Some(r.registered)),
        (F::Deadline, "办理时限", deadline, start_what, Some(start)),
        (F::ResolvedOn, "办结日期", resolved, start_what, Some(start)),
        (F::ClosedOn, "销号日期", closed, "办结日期", resolved),
    ] {
        if let (Some(d), Some(b)) = (d, before) {
            if d < b {
                pass.problem(Some(f), format!("{what}({})早于{before_what}({})", fmt_date(d), fmt_date(b)));
            }
        }
    }
    if pass.row_bad() {
        return None;
    }

    let returned = status == Returned;
    let issue = Issue {
        id: new_id(),
        no: String::new(),
        source: r.source,
        enterprise_id: r.enterprise.as_ref().map(|e| e.0.clone()),
        reporter_name: r.reporter.clone(),
        reporter_phone: r.phone.clone(),
        street_id: r.street.clone(),
        category: r.category.clone(),
        tier: r.tier,
        disposition: r.disposition,
        content: r.content.clone(),
        taken_by: r.taken_by.clone(),
        registered_on: fmt_date(r.registered),
        registered_by: ctx.actor.clone(),
        status,
        // Returned: the department gave it back; it waits to be assigned again.
        lead_department_id: r.lead.clone().filter(|_| !returned),
        assisting: if returned { vec![] } else { r.assisting.clone() },
        batch_id: None,
        assigned_on: assigned.filter(|_| !returned).map(fmt_date),
        deadline: deadline.filter(|_| !returned).map(fmt_date),
        // Ledgers do not record 签收; a department working on it has signed for it.
        accepted_on: assigned.filter(|_| matches!(status, InProgress | LongTerm | Resolved | Closed)).map(fmt_date),
        extension_days: None,
        extensions: 0,
        reminders: 0,
        reopens: 0,
        resolved_on: resolved.map(fmt_date),
        result: r.result.clone().filter(|_| done),
        result_kind: done.then(|| words::result_kind(r.result.as_deref())),
        amount_fen: None,
        working_days: resolved.map(|d| ctx.cal.workdays_between(start, d).max(0) as i32),
        on_time: resolved.map(|d| deadline.is_none_or(|dl| d <= dl)),
        feedback: None,
        satisfaction,
        closed_on: closed.map(fmt_date),
        lookback_on: closed.map(|c| fmt_date(c + Duration::days(ctx.rules.lookback_days as i64))),
        lookback_result: None,
        withdraw_kind: (status == Withdrawn).then(|| withdraw_kind(r)).flatten(),
        duplicate_of: None,
        created_at: String::new(),
        updated_at: String::new(),
    };
    Some(Settled { issue, assigned, default_deadline })
}

fn withdraw_kind(r: &Read) -> Option<WithdrawKind> {
    let t = format!("{} {}", r.status_text.as_deref().unwrap_or(""), r.notes.as_deref().unwrap_or(""));
    if t.contains("重复") {
        Some(WithdrawKind::Duplicate)
    } else if t.contains("无效") || t.contains("作废") {
        Some(WithdrawKind::Invalid)
    } else {
        None
    }
}

/// 登记 "台账导入", then the steps the ledger records, each on its date. A step the state
/// implies but whose day the ledger does not give (签收, 评价, 退回, 撤销, 转长期) is put on the
/// last day known before it, with `"date_known": false` in its data.
pub(crate) fn timeline(ctx: &Ctx, s: &Settled, r: &Read) -> Vec<IssueEvent> {
    use Status::*;
    let issue = &s.issue;
    let ev = |kind: EventKind, on: &str, note: Option<String>, mut data: serde_json::Value| {
        data["import"] = json!(true);
        IssueEvent {
            id: new_id(),
            issue_id: issue.id.clone(),
            kind,
            on_date: on.to_string(),
            actor: ctx.actor.clone(),
            note,
            data: data.to_string(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    };
    let unknown = || json!({"date_known": false});
    let said =
        |fallback: &str| r.result.clone().or_else(|| r.notes.clone()).or_else(|| Some(format!("台账导入:{fallback}")));

    let note = match &r.notes {
        Some(n) => format!("台账导入。备注:{n}"),
        None => "台账导入".to_string(),
    };
    let mut data = json!({"source": issue.source.zh(), "tier": issue.tier.zh(), "ledger_row": r.row});
    if let Some(n) = r.ledger_no.as_ref().filter(|n| **n != issue.no) {
        data["ledger_no"] = json!(n);
    }
    let mut out = vec![ev(EventKind::Register, &issue.registered_on, Some(note), data)];

    let done = |out: &mut Vec<IssueEvent>| {
        let Some(day) = issue.resolved_on.as_deref() else { return };
        let data = json!({"result_kind": issue.result_kind.map(ResultKind::zh), "working_days": issue.working_days, "on_time": issue.on_time});
        out.push(ev(EventKind::Resolve, day, issue.result.clone(), data));
        if let Some(sat) = issue.satisfaction {
            let on = issue.closed_on.as_deref().unwrap_or(day);
            out.push(ev(EventKind::Feedback, on, None, json!({"satisfaction": sat.zh(), "date_known": false})));
        }
        if let Some(c) = issue.closed_on.as_deref() {
            out.push(ev(EventKind::Close, c, None, json!({"lookback_on": issue.lookback_on})));
        }
    };

    let Some(day) = s.assigned.map(fmt_date) else {
        // Never assigned: resolved on the spot, withdrawn, or waiting.
        match issue.status {
            Resolved | Closed => done(&mut out),
            Withdrawn => out.push(ev(EventKind::Withdraw, &issue.registered_on, said("已撤销"), unknown())),
            _ => {}
        }
        return out;
    };
    let data = json!({"department": r.lead, "assisting": issue.assisting, "deadline": issue.deadline,
        "deadline_by_default": s.default_deadline});
    out.push(ev(EventKind::Assign, &day, None, data));
    match issue.status {
        Assigned => {}
        Returned => {
            out.push(ev(EventKind::Return, &day, said("已退回"), json!({"department": r.lead, "date_known": false})))
        }
        Withdrawn => out.push(ev(EventKind::Withdraw, &day, said("已撤销"), unknown())),
        _ => {
            // The 办理情况 of an issue still being worked on is its progress so far.
            let progress = r.result.clone().filter(|_| issue.status == InProgress);
            out.push(ev(EventKind::Accept, &day, progress, json!({"department": r.lead, "date_known": false})));
            match issue.status {
                LongTerm => out.push(ev(
                    EventKind::LongTerm,
                    &day,
                    r.result.clone().or(Some("台账导入:长期跟踪".into())),
                    unknown(),
                )),
                Resolved | Closed => done(&mut out),
                _ => {}
            }
        }
    }
    out
}
