//! What a ledger row's status implies, checked and derived as the closed loop would have: an
//! issue 办理中 needs a 牵头单位 and one 已办结 its 办结日期; dates follow the loop's order
//! (登记 ≤ 交办 ≤ 办结 ≤ 销号); the deadline is the ledger's, or working days from 交办 by tier;
//! working days taken and the 回头看 date are computed on the calendar. Then the issue's
//! timeline: 登记 noted "台账导入", and the steps the ledger records; the issue's row is that
//! timeline replayed through the state machine, as every issue's is.

use chrono::{Datelike, Duration, NaiveDate};

use super::import_hotline::First;
use super::import_issue::{fmt_date, IssueField as F, IssuePass};
use super::import_issue_row::Ctx;
use super::issue_words::{self as words, Limit};
use crate::model::issue::event::Event;
use crate::model::issue::machine;
use crate::model::issue::{
    Disposition, Draft, EventData, Issue, IssueEvent, Satisfaction, Source, Status, Step, Tier, WithdrawKind,
};
use crate::model::new_id;

/// A row's cells, read and resolved to ids.
pub(crate) struct Read {
    pub row: u32,
    pub ledger_no: Option<String>,
    /// A 12345 work order's 工单编号, its 诉求地址, and its 诉求类型 when that is not one of
    /// the zone's categories (kept in the registration's note).
    pub hotline_no: Option<String>,
    pub address: Option<String>,
    pub type_word: Option<String>,
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

/// What a row's cells settle: the issue as registered (its 编号 still to be given) and the
/// dates and words its timeline is made of.
pub(crate) struct Settled {
    pub issue: Issue,
    pub status: Status,
    pub assigned: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub default_deadline: bool,
    pub resolved: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub satisfaction: Option<Satisfaction>,
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
            // Many ledgers keep no 办结日期: the status stands, the day is unknown.
            pass.warn(
                Some(F::ResolvedOn),
                format!("状态为“{zh}”,没有办结日期:按“{zh}”导入,办结日期记为“日期不详”(计入办结率,不计入按期办结率和平均用时)"),
            );
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
        Some(Limit::MonthEnd(m)) => on_or_after(start, |y| month_end(y, *m)),
        Some(Limit::YearEnd) => NaiveDate::from_ymd_opt(start.year(), 12, 31),
        Some(Limit::MonthDay(m, d)) => on_or_after(start, |y| NaiveDate::from_ymd_opt(y, *m, *d)),
        Some(Limit::LongTerm) | None => None,
    };
    let default_deadline = given.is_none() && assigned.is_some();
    let deadline = given.or_else(|| assigned.map(|a| ctx.cal.add_workdays(a, ctx.rules.days_for(r.tier))));

    // Dates in the order the loop makes them.
    let start_what = if r.assigned.is_some() && assigned.is_some() { "交办日期" } else { "登记日期" };
    for (f, what, d, before_what, before) in [
        (F::AssignedOn, "交办日期", assigned, "登记日期", Some(r.registered)),
        (F::Deadline, "办理时限", deadline, start_what, Some(start)),
        (F::ResolvedOn, "办结日期", resolved, start_what, Some(start)),
        (F::ClosedOn, "销号日期", closed, if resolved.is_some() { "办结日期" } else { start_what }, resolved.or(Some(start))),
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
    let issue = Issue::draft(Draft {
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
        hotline_no: r.hotline_no.clone(),
        project_id: None,
    });
    Some(Settled { issue, status, assigned, deadline, default_deadline, resolved, closed, satisfaction })
}

/// The day `in_year` gives in the start's year, or the next year's when that is before the
/// start ("3月底前" said in November is next March).
fn on_or_after(start: NaiveDate, in_year: impl Fn(i32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    in_year(start.year()).filter(|d| *d >= start).or_else(|| in_year(start.year() + 1))
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    next.map(|d| d - Duration::days(1))
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

/// 登记 "台账导入", then the steps the ledger records, each on its date; and the issue as that
/// timeline leaves it, through the state machine's `evolve` like every issue. A step the status
/// implies but whose day the ledger does not give (签收, 评价, 退回, 撤销, 转长期) is put on the
/// last day known before it, marked `date_known: false`.
///
/// A repeated 12345 complaint the user chose to link (`dup`) is registered and withdrawn as a
/// duplicate of the first, its own status and words kept in the note.
pub(crate) fn timeline(ctx: &Ctx, s: &Settled, r: &Read, dup: Option<&First>) -> (Issue, Vec<IssueEvent>) {
    use Status::*;
    let base = &s.issue;
    let mut out: Vec<(String, Event)> = Vec::new();
    let mut ev = |on: NaiveDate, note: Option<String>, step: Step, date_known: bool| {
        out.push((fmt_date(on), Event { note, data: EventData { step, import: true, date_known } }));
    };
    let said =
        |fallback: &str| r.result.clone().or_else(|| r.notes.clone()).or_else(|| Some(format!("台账导入:{fallback}")));

    let mut note = vec![if r.hotline_no.is_some() { "12345工单导入".to_string() } else { "台账导入".to_string() }];
    note.extend(r.address.as_ref().map(|a| format!("地址:{a}")));
    note.extend(r.type_word.as_ref().map(|t| format!("诉求类型:{t}")));
    note.extend(r.notes.as_ref().map(|n| format!("备注:{n}")));
    let note = note.join("。");
    let ledger_no = r.ledger_no.clone().filter(|n| *n != base.no);
    ev(r.registered, Some(note), Step::Register { source: base.source, tier: base.tier, ledger_row: Some(r.row), ledger_no }, true);

    // 办结 (and 销号) on the ledger's dates; without them, on the last day known before, marked
    // `date_known: false`, which leaves the row's dates empty (日期不详).
    let done = |ev: &mut dyn FnMut(NaiveDate, Option<String>, Step, bool)| {
        let start = s.assigned.unwrap_or(r.registered);
        let day = s.resolved.unwrap_or(start);
        let working_days = ctx.cal.workdays_between(start, day).max(0) as i32;
        let result_kind = words::result_kind(r.result.as_deref());
        ev(day, r.result.clone(), Step::Resolve { result_kind, amount_fen: None, working_days }, s.resolved.is_some());
        if let Some(satisfaction) = s.satisfaction {
            ev(s.closed.unwrap_or(day), None, Step::Feedback { satisfaction }, false);
        }
        match s.closed {
            Some(c) => {
                let lookback_on = Some(fmt_date(c + Duration::days(ctx.rules.lookback_days as i64)));
                ev(c, None, Step::Close { lookback_on }, true);
            }
            None if s.status == Closed => ev(day, None, Step::Close { lookback_on: None }, false),
            None => {}
        }
    };
    let withdraw = |ev: &mut dyn FnMut(NaiveDate, Option<String>, Step, bool), on: NaiveDate| {
        let step = Step::Withdraw { withdraw_kind: withdraw_kind(r), duplicate_of: None, duplicate_id: None };
        ev(on, said("已撤销"), step, false);
    };

    if let Some(first) = dup {
        let said = [r.status_text.as_ref().map(|t| format!("原办理状态:{t}")), r.result.as_ref().map(|t| format!("原办理结果:{t}"))];
        let mut why = format!("12345重复投诉:与第{}行(问题 {})为同一诉求", first.row, first.no);
        for s in said.into_iter().flatten() {
            why.push(';');
            why.push_str(&s);
        }
        let step = Step::Withdraw {
            withdraw_kind: Some(WithdrawKind::Duplicate),
            duplicate_of: Some(first.no.clone()),
            duplicate_id: Some(first.id.clone()),
        };
        ev(r.registered, Some(why), step, true);
    } else {
        match (s.assigned, r.lead.clone(), s.deadline) {
            (Some(day), Some(lead), Some(deadline)) => {
                let step = Step::Assign {
                    department: lead.clone(),
                    assisting: r.assisting.clone(),
                    deadline: fmt_date(deadline),
                    batch_id: None,
                    deadline_by_default: s.default_deadline,
                };
                ev(day, None, step, true);
                match s.status {
                    Assigned | Registered => {}
                    Returned => ev(day, said("已退回"), Step::Return { department: Some(lead) }, false),
                    Withdrawn => withdraw(&mut ev, day),
                    _ => {
                        // The 办理情况 of an issue still being worked on is its progress so far.
                        let progress = r.result.clone().filter(|_| s.status == InProgress);
                        ev(day, progress, Step::Accept { department: Some(lead) }, false);
                        match s.status {
                            LongTerm => ev(day, r.result.clone().or(Some("台账导入:长期跟踪".into())), Step::LongTerm, false),
                            Resolved | Closed => done(&mut ev),
                            _ => {}
                        }
                    }
                }
            }
            // Never assigned: resolved on the spot, withdrawn, returned, or waiting.
            _ => match s.status {
                Resolved | Closed => done(&mut ev),
                Withdrawn => withdraw(&mut ev, r.registered),
                Returned => ev(r.registered, said("已退回"), Step::Return { department: None }, false),
                _ => {}
            },
        }
    }
    let issue = machine::replay(base, out.iter().map(|(d, e)| (d.as_str(), e)));
    let events = out.into_iter().map(|(d, e)| IssueEvent::new(&issue.id, &d, &ctx.actor, e)).collect();
    (issue, events)
}
