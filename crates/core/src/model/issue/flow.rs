//! The transitions of the closed loop. Each checks the issue's status first and refuses an
//! illegal step with a message naming the issue and its status; a refused step writes nothing.
//! A step writes the issue's new state and one timeline event (who, when, why) together.

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;
use specta::Type;

use super::kinds::*;
use super::record::{Issue, IssueEvent};
use super::rules::{self, IssueRules};
use crate::calendar::Calendar;
use crate::error::{CoreError, Result};
use crate::model::enterprise::Enterprise;
use crate::model::liaison::{date_or_today, today};
use crate::model::{new_id, text};
use crate::store::{get, get_opt, ColKind, Entity, Store, Table, Writer};

/// 登记: what the registration form sends.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct RegisterInput {
    pub source: Option<Source>,
    pub enterprise_id: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    /// For a resident's issue; an enterprise's issue takes the enterprise's street.
    pub street_id: Option<String>,
    pub category: String,
    /// Defaults to 常规.
    pub tier: Option<Tier>,
    pub disposition: Option<Disposition>,
    pub content: String,
    pub taken_by: Option<String>,
    /// YYYY-MM-DD; defaults to today.
    pub registered_on: Option<String>,
    /// 当场办结: a 一般 issue resolved by the cadre who took it, with this result.
    pub resolve_on_spot: Option<String>,
    pub result_kind: Option<ResultKind>,
}

/// One step on an existing issue.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// 交办 to a lead department (and assisting ones) with a deadline in working days
    /// (default by tier) or an explicit date.
    Assign {
        lead_department_id: String,
        assisting: Vec<String>,
        days: Option<u32>,
        deadline: Option<String>,
        batch_id: Option<String>,
        note: Option<String>,
    },
    /// 签收
    Accept { note: Option<String> },
    /// 退回: not this department's.
    Return { reason: String },
    /// 催办
    Remind { note: Option<String> },
    /// 申请延期, before the deadline.
    RequestExtension { days: u32, reason: String },
    /// 审批延期
    DecideExtension { approve: bool, note: Option<String> },
    /// 提级: 一般 → 常规 → 重大.
    Escalate { reason: String },
    /// 办结
    Resolve {
        result: String,
        result_kind: ResultKind,
        /// Fen; a number in TypeScript (exact below 2^53 fen).
        #[specta(type = Option<f64>)]
        amount_fen: Option<i64>,
    },
    /// 转长期跟踪
    LongTerm { reason: String },
    /// 反馈 and 满意度; 不满意 reopens it with a new deadline (`days`, default by tier).
    Feedback { feedback: Option<String>, satisfaction: Satisfaction, days: Option<u32> },
    /// 销号
    Close { note: Option<String> },
    /// 重新办理
    Reopen { reason: String, days: Option<u32> },
    /// 撤销, as a duplicate of another issue or as invalid.
    Withdraw(Withdraw),
    ScheduleLookback { date: String },
    /// 回头看; a recurred problem reopens the issue.
    Lookback { result: LookbackResult, note: Option<String>, days: Option<u32> },
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Withdraw {
    pub withdraw_kind: WithdrawKind,
    /// The issue this one duplicates (id or 编号).
    pub duplicate_of: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ActInput {
    pub id: String,
    /// The business date of the step, YYYY-MM-DD; defaults to today.
    pub date: Option<String>,
    pub action: Action,
}

/// What a step on many issues did: those it could not be applied to are listed, not failed.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ManyResult {
    pub done: u32,
    /// (编号, why not)
    pub skipped: Vec<(String, String)>,
}

/// 交办批次
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IssueBatch {
    pub id: String,
    pub no: String,
    pub assigned_on: String,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

static BATCHES: Table = Table {
    name: "issue_batches",
    what: "交办批次",
    cols: &[
        ("no", ColKind::Text),
        ("assigned_on", ColKind::Text),
        ("note", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for IssueBatch {
    const TABLE: &'static Table = &BATCHES;
    fn id(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct BatchInput {
    /// Defaults to "YYYY年第N批".
    pub no: Option<String>,
    pub assigned_on: Option<String>,
    pub note: Option<String>,
}

/// Everything a step needs besides the issue: the calendar, the rules, who and when.
struct Ctx {
    cal: Calendar,
    rules: IssueRules,
    actor: String,
    date: NaiveDate,
}

impl Ctx {
    fn new(store: &Store, date: &Option<String>) -> Result<Ctx> {
        let d = date_or_today("date", "日期", date)?;
        Ok(Ctx {
            cal: Calendar::load(store)?,
            rules: rules::load(store)?,
            actor: store.actor(),
            date: parse_date(&d),
        })
    }
    fn day(&self) -> String {
        fmt(self.date)
    }
    fn deadline(&self, tier: Tier, days: Option<u32>) -> Result<String> {
        let days = days.unwrap_or_else(|| self.rules.days_for(tier));
        if !(1..=365).contains(&days) {
            return Err(CoreError::validation("days", "办理时限应在1到365个工作日之间"));
        }
        Ok(fmt(self.cal.add_workdays(self.date, days)))
    }
}

fn parse_date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn refuse(issue: &Issue, what: &str) -> CoreError {
    CoreError::Transition(format!("问题 {} 当前为“{}”,不能{what}", issue.no, issue.status.zh()))
}

fn need(issue: &Issue, allowed: &[Status], what: &str) -> Result<()> {
    if allowed.contains(&issue.status) {
        Ok(())
    } else {
        Err(refuse(issue, what))
    }
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

fn event(w: &mut Writer<'_>, ctx: &Ctx, issue: &Issue, kind: EventKind, note: Option<String>, data: serde_json::Value) -> Result<()> {
    w.insert(&IssueEvent {
        id: new_id(),
        issue_id: issue.id.clone(),
        kind,
        on_date: ctx.day(),
        actor: ctx.actor.clone(),
        note,
        data: data.to_string(),
        created_at: String::new(),
        updated_at: String::new(),
    })
}

/// The next 编号 of the year: YYYY-NNNNN, six or seven digits once a year passes 99,999 (a
/// province's ledger). Only well-formed numbers count, so an imported "2026-A1" cannot derail it.
fn next_no(conn: &Connection, year: &str) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT max(no) FROM issues WHERE no >= ?1 AND no < ?2 AND no GLOB ?3")?;
    for width in [7, 6, 5] {
        let pattern = format!("{year}-{}", "[0-9]".repeat(width));
        let last: Option<String> =
            stmt.query_row([format!("{year}-"), format!("{year}."), pattern], |r| r.get(0)).optional()?.flatten();
        if let Some(n) = last.and_then(|l| l.get(5..).and_then(|t| t.parse::<u32>().ok())) {
            return Ok(format!("{year}-{:05}", n + 1));
        }
    }
    Ok(format!("{year}-00001"))
}

fn check_department(conn: &Connection, field: &str, id: &str) -> Result<()> {
    let ok: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM departments WHERE id = ?1 AND deleted = 0)")?
        .query_row([id], |r| r.get(0))?;
    if ok {
        Ok(())
    } else {
        Err(CoreError::validation(field, "所选单位不存在或已删除"))
    }
}

/// 登记. A 一般 issue with `resolve_on_spot` is resolved in the same step (当场办).
pub fn register(store: &Store, input: &RegisterInput) -> Result<Issue> {
    let ctx = Ctx::new(store, &input.registered_on)?;
    let source = input.source.ok_or_else(|| CoreError::validation("source", "请选择问题来源"))?;
    let category = text::required("category", "问题类别", &input.category, 10)?;
    if !ctx.rules.categories.contains(&category) {
        return Err(CoreError::validation("category", format!("类别“{category}”不在问题类别列表中,可在设置中添加")));
    }
    let content = required("content", "问题内容", &input.content)?;
    let tier = input.tier.unwrap_or(Tier::Regular);
    let reporter_name = text::opt(&input.reporter_name);
    if let Some(n) = &reporter_name {
        text::limit("reporter_name", "反映人", n, 50)?;
    }
    let reporter_phone = text::opt_phone("reporter_phone", "联系电话", &input.reporter_phone, false)?;
    let on_spot = text::opt(&input.resolve_on_spot);
    if on_spot.is_some() && tier != Tier::General {
        return Err(CoreError::validation("resolve_on_spot", "只有一般问题可以当场办结,常规和重大问题请交办"));
    }
    store.write(|w| {
        let conn = w.conn();
        let enterprise_id = text::opt(&input.enterprise_id);
        let mut street_id = text::opt(&input.street_id);
        if let Some(eid) = &enterprise_id {
            let e: Enterprise =
                get(conn, eid).map_err(|_| CoreError::validation("enterprise_id", "所选企业不存在或已删除"))?;
            street_id = e.street_id.or(street_id);
        } else if reporter_name.is_none() {
            return Err(CoreError::validation("enterprise_id", "请选择企业,或填写反映人(居民、社区)"));
        }
        if let Some(s) = &street_id {
            check_department(conn, "street_id", s)?;
        }
        if let Some(c) = text::opt(&input.taken_by) {
            get::<crate::model::cadre::Cadre>(conn, &c)
                .map_err(|_| CoreError::validation("taken_by", "所选干部不存在或已删除"))?;
        }
        let day = ctx.day();
        let mut issue = Issue {
            id: new_id(),
            no: next_no(conn, &day[..4])?,
            source,
            enterprise_id,
            reporter_name: reporter_name.clone(),
            reporter_phone: reporter_phone.clone(),
            street_id,
            category: category.clone(),
            tier,
            disposition: input.disposition,
            content: content.clone(),
            taken_by: text::opt(&input.taken_by),
            registered_on: day.clone(),
            registered_by: ctx.actor.clone(),
            status: Status::Registered,
            lead_department_id: None,
            assisting: vec![],
            batch_id: None,
            assigned_on: None,
            deadline: None,
            accepted_on: None,
            extension_days: None,
            extensions: 0,
            reminders: 0,
            reopens: 0,
            resolved_on: None,
            result: None,
            result_kind: None,
            amount_fen: None,
            working_days: None,
            on_time: None,
            feedback: None,
            satisfaction: None,
            closed_on: None,
            lookback_on: None,
            lookback_result: None,
            withdraw_kind: None,
            duplicate_of: None,
            created_at: String::new(),
            updated_at: String::new(),
        };
        if let Some(result) = &on_spot {
            issue.status = Status::Resolved;
            issue.resolved_on = Some(day.clone());
            issue.result = Some(result.clone());
            issue.result_kind = Some(input.result_kind.unwrap_or(ResultKind::Solved));
            issue.working_days = Some(0);
            issue.on_time = Some(true);
        }
        w.insert(&issue)?;
        event(w, &ctx, &issue, EventKind::Register, None, json!({"source": source.zh(), "tier": tier.zh()}))?;
        if let Some(result) = on_spot {
            event(w, &ctx, &issue, EventKind::ResolveOnSpot, Some(result), json!({}))?;
        }
        get(w.conn(), &issue.id)
    })
}

pub fn get_issue(store: &Store, id: &str) -> Result<Issue> {
    store.read(|c| find(c, id))
}

/// By id or by 编号.
fn find(conn: &Connection, id_or_no: &str) -> Result<Issue> {
    let key = id_or_no.trim();
    if let Some(i) = get_opt::<Issue>(conn, key)? {
        return Ok(i);
    }
    let id: Option<String> = conn
        .prepare_cached("SELECT id FROM issues WHERE no = ?1 AND deleted = 0")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => get(conn, &id),
        None => Err(CoreError::NotFound { what: "问题", id: key.to_string() }),
    }
}

/// The issue's timeline, oldest first.
pub fn events(store: &Store, issue_id: &str) -> Result<Vec<IssueEvent>> {
    store.read(|c| {
        let t = IssueEvent::TABLE;
        let mut stmt = c.prepare_cached(&format!(
            "SELECT {} FROM {} WHERE issue_id = ?1 AND deleted = 0 ORDER BY created_at, rowid",
            t.select_list(),
            t.name
        ))?;
        let mut rows = stmt.query([issue_id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(crate::store::entity_from_row(r)?);
        }
        Ok(out)
    })
}

/// One step on one issue. Returns the issue as it now is.
pub fn act(store: &Store, input: &ActInput) -> Result<Issue> {
    let ctx = Ctx::new(store, &input.date)?;
    store.write(|w| {
        let old = find(w.conn(), &input.id)?;
        let id = old.id.clone();
        step(w, &ctx, old, &input.action)?;
        get(w.conn(), &id)
    })
}

/// The same step on many issues (a table selection), in one transaction. An issue the step
/// does not apply to is skipped and listed with the reason; the others go ahead.
pub fn act_many(store: &Store, ids: &[String], date: &Option<String>, action: &Action) -> Result<ManyResult> {
    let ctx = Ctx::new(store, date)?;
    store.write(|w| {
        let mut res = ManyResult { done: 0, skipped: vec![] };
        for id in ids {
            // An issue deleted (or merged away) since the table was loaded is listed, not fatal.
            let old = match find(w.conn(), id) {
                Ok(i) => i,
                Err(e @ CoreError::NotFound { .. }) => {
                    res.skipped.push((id.clone(), e.to_string()));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let no = old.no.clone();
            match step(w, &ctx, old, action) {
                Ok(()) => res.done += 1,
                // A bad input (no department, no reason) is the same for every issue: stop.
                Err(e @ CoreError::Validation { .. }) => return Err(e),
                Err(e) => res.skipped.push((no, e.to_string())),
            }
        }
        Ok(res)
    })
}

/// Checks and applies `action` to `old`, writing the new state and the event.
fn step(w: &mut Writer<'_>, ctx: &Ctx, old: Issue, action: &Action) -> Result<()> {
    use Status::*;
    let day = ctx.day();
    let mut new = old.clone();
    let (kind, note, data) = match action {
        Action::Assign { lead_department_id, assisting, days, deadline, batch_id, note: n } => {
            need(&old, &[Registered, Returned], "交办")?;
            let lead = lead_department_id.trim();
            if lead.is_empty() {
                return Err(CoreError::validation("lead_department_id", "请选择牵头单位"));
            }
            check_department(w.conn(), "lead_department_id", lead)?;
            let mut helpers = Vec::new();
            for a in assisting.iter().map(|a| a.trim()).filter(|a| !a.is_empty() && *a != lead) {
                check_department(w.conn(), "assisting", a)?;
                if !helpers.iter().any(|h| h == a) {
                    helpers.push(a.to_string());
                }
            }
            let due = match text::opt(deadline) {
                Some(d) => {
                    let d = date_or_today("deadline", "办理期限", &Some(d))?;
                    if d <= day {
                        return Err(CoreError::validation("deadline", "办理期限应晚于交办日期"));
                    }
                    d
                }
                None => ctx.deadline(old.tier, *days)?,
            };
            if let Some(b) = text::opt(batch_id) {
                get::<IssueBatch>(w.conn(), &b).map_err(|_| CoreError::validation("batch_id", "所选交办批次不存在"))?;
                new.batch_id = Some(b);
            }
            new.status = Assigned;
            new.lead_department_id = Some(lead.to_string());
            new.assisting = helpers.clone();
            new.assigned_on = Some(day.clone());
            new.deadline = Some(due.clone());
            new.accepted_on = None;
            new.extension_days = None;
            (EventKind::Assign, note(n)?, json!({"department": lead, "assisting": helpers, "deadline": due}))
        }
        Action::Accept { note: n } => {
            need(&old, &[Assigned], "签收")?;
            new.status = InProgress;
            new.accepted_on = Some(day.clone());
            (EventKind::Accept, note(n)?, json!({"department": old.lead_department_id}))
        }
        Action::Return { reason } => {
            need(&old, &[Assigned], "退回")?;
            let reason = required("reason", "退回理由", reason)?;
            new.status = Returned;
            new.extension_days = None;
            new.lead_department_id = None;
            new.assisting = vec![];
            new.deadline = None;
            new.assigned_on = None;
            (EventKind::Return, Some(reason), json!({"department": old.lead_department_id}))
        }
        Action::Remind { note: n } => {
            need(&old, &[Assigned, InProgress], "催办")?;
            new.reminders += 1;
            (EventKind::Remind, note(n)?, json!({"count": new.reminders, "deadline": old.deadline}))
        }
        Action::RequestExtension { days, reason } => {
            need(&old, &[Assigned, InProgress], "申请延期")?;
            let reason = required("reason", "延期理由", reason)?;
            if old.extension_days.is_some() {
                return Err(CoreError::Transition(format!("问题 {} 已有待审批的延期申请", old.no)));
            }
            if old.deadline.as_deref().is_some_and(|d| d < day.as_str()) {
                return Err(CoreError::Transition(format!(
                    "问题 {} 已超过办理期限({}),延期须在期限内申请",
                    old.no,
                    old.deadline.as_deref().unwrap_or_default()
                )));
            }
            if !(1..=365).contains(days) {
                return Err(CoreError::validation("days", "延期天数应在1到365个工作日之间"));
            }
            new.extension_days = Some(*days);
            (EventKind::RequestExtension, Some(reason), json!({"days": days}))
        }
        Action::DecideExtension { approve, note: n } => {
            need(&old, &[Assigned, InProgress], "审批延期")?;
            let Some(days) = old.extension_days else {
                return Err(CoreError::Transition(format!("问题 {} 没有待审批的延期申请", old.no)));
            };
            new.extension_days = None;
            if *approve {
                let from = old.deadline.as_deref().map(parse_date).unwrap_or(ctx.date);
                let due = fmt(ctx.cal.add_workdays(from, days));
                new.deadline = Some(due.clone());
                new.extensions += 1;
                (EventKind::ApproveExtension, note(n)?, json!({"days": days, "deadline": due}))
            } else {
                (EventKind::RejectExtension, note(n)?, json!({"days": days}))
            }
        }
        Action::Escalate { reason } => {
            need(&old, &[Registered, Assigned, InProgress, Returned, LongTerm], "提级")?;
            let reason = required("reason", "提级理由", reason)?;
            new.tier = match old.tier {
                Tier::General => Tier::Regular,
                Tier::Regular => Tier::Major,
                Tier::Major => return Err(CoreError::Transition(format!("问题 {} 已是重大问题,不能再提级", old.no))),
            };
            (EventKind::Escalate, Some(reason), json!({"from": old.tier.zh(), "to": new.tier.zh()}))
        }
        Action::Resolve { result, result_kind, amount_fen } => {
            if old.status == Assigned {
                return Err(CoreError::Transition(format!("问题 {} 尚未签收,请责任单位先签收再办结", old.no)));
            }
            need(&old, &[InProgress, LongTerm], "办结")?;
            let result = required("result", "办理结果", result)?;
            if amount_fen.is_some_and(|a| a < 0) {
                return Err(CoreError::validation("amount_fen", "金额不能为负数"));
            }
            let from = old.assigned_on.as_deref().unwrap_or(&old.registered_on);
            let taken = ctx.cal.workdays_between(parse_date(from), ctx.date).max(0);
            new.status = Resolved;
            new.resolved_on = Some(day.clone());
            new.result = Some(result.clone());
            new.result_kind = Some(*result_kind);
            new.amount_fen = *amount_fen;
            new.working_days = Some(taken as i32);
            new.on_time = Some(old.deadline.as_deref().is_none_or(|d| day.as_str() <= d));
            new.extension_days = None;
            // A new result awaits a new rating; until then the last one (a 不满意 that
            // reopened it) no longer stands.
            new.feedback = None;
            new.satisfaction = None;
            (EventKind::Resolve, Some(result), json!({"result_kind": result_kind.zh(), "amount_fen": amount_fen, "working_days": taken}))
        }
        Action::LongTerm { reason } => {
            need(&old, &[InProgress], "转长期跟踪")?;
            let reason = required("reason", "转长期跟踪的理由", reason)?;
            new.status = LongTerm;
            new.extension_days = None;
            (EventKind::LongTerm, Some(reason), json!({}))
        }
        Action::Feedback { feedback, satisfaction, days } => {
            need(&old, &[Resolved], "反馈评价")?;
            new.feedback = note(feedback)?;
            new.satisfaction = Some(*satisfaction);
            if *satisfaction == Satisfaction::Unsatisfied {
                write(w, &old, &new)?;
                event(w, ctx, &new, EventKind::Feedback, new.feedback.clone(), json!({"satisfaction": satisfaction.zh()}))?;
                let again = new.clone();
                return reopen(w, ctx, again, "群众(企业)不满意,重新办理".into(), *days);
            }
            (EventKind::Feedback, new.feedback.clone(), json!({"satisfaction": satisfaction.zh()}))
        }
        Action::Close { note: n } => {
            if old.status.is_open() || old.status == LongTerm {
                return Err(CoreError::Transition(format!(
                    "问题 {} 当前为“{}”,尚未办结,不能销号",
                    old.no,
                    old.status.zh()
                )));
            }
            need(&old, &[Resolved], "销号")?;
            match old.satisfaction {
                None => return Err(CoreError::Transition(format!("问题 {} 尚未反馈评价,不能销号", old.no))),
                Some(Satisfaction::Unsatisfied) => {
                    return Err(CoreError::Transition(format!("问题 {} 评价为不满意,应重新办理,不能销号", old.no)))
                }
                Some(_) => {}
            }
            new.status = Closed;
            new.closed_on = Some(day.clone());
            let lookback = fmt(ctx.date + Duration::days(ctx.rules.lookback_days as i64));
            new.lookback_on = Some(lookback.clone());
            new.lookback_result = None;
            (EventKind::Close, note(n)?, json!({"lookback_on": lookback}))
        }
        Action::Reopen { reason, days } => {
            need(&old, &[Resolved, Closed], "重新办理")?;
            let reason = required("reason", "重新办理的理由", reason)?;
            return reopen(w, ctx, old, reason, *days);
        }
        Action::Withdraw(Withdraw { withdraw_kind, duplicate_of, reason }) => {
            need(&old, &[Registered, Assigned, Returned], "撤销")?;
            let reason = required("reason", "撤销理由", reason)?;
            let mut data = json!({"withdraw_kind": withdraw_kind.zh()});
            new.duplicate_of = None;
            if *withdraw_kind == WithdrawKind::Duplicate {
                let key = text::opt(duplicate_of)
                    .ok_or_else(|| CoreError::validation("duplicate_of", "请填写与之重复的问题编号"))?;
                let other = find(w.conn(), &key)
                    .map_err(|_| CoreError::validation("duplicate_of", format!("没有编号为“{key}”的问题")))?;
                if other.id == old.id {
                    return Err(CoreError::validation("duplicate_of", "不能与自身重复"));
                }
                data["duplicate_of"] = json!(other.no);
                new.duplicate_of = Some(other.id);
            }
            new.status = Withdrawn;
            new.extension_days = None;
            new.withdraw_kind = Some(*withdraw_kind);
            (EventKind::Withdraw, Some(reason), data)
        }
        Action::ScheduleLookback { date } => {
            need(&old, &[Closed], "安排回头看")?;
            let d = date_or_today("date", "回头看日期", &Some(date.clone()))?;
            new.lookback_on = Some(d.clone());
            new.lookback_result = None;
            (EventKind::ScheduleLookback, None, json!({"lookback_on": d}))
        }
        Action::Lookback { result, note: n, days } => {
            need(&old, &[Closed], "回头看")?;
            let n = note(n)?;
            new.lookback_result = Some(*result);
            write(w, &old, &new)?;
            event(w, ctx, &new, EventKind::Lookback, n.clone(), json!({"result": result.zh()}))?;
            if *result == LookbackResult::Recurred {
                let why = n.unwrap_or_else(|| "回头看发现问题反弹".into());
                return reopen(w, ctx, new, why, *days);
            }
            return Ok(());
        }
    };
    write(w, &old, &new)?;
    event(w, ctx, &new, kind, note, data)
}

fn write(w: &mut Writer<'_>, old: &Issue, new: &Issue) -> Result<()> {
    w.update(old, new)?;
    Ok(())
}

/// Back to work with a new deadline: to the same lead department when there is one, else to
/// be assigned again. The old result stays in the timeline. The rating that caused it stays
/// on the issue until the next result, so 满意率 counts a 不满意; the assignment date stays
/// too, so the working days taken count from the first assignment.
fn reopen(w: &mut Writer<'_>, ctx: &Ctx, old: Issue, reason: String, days: Option<u32>) -> Result<()> {
    let mut new = old.clone();
    new.reopens += 1;
    let due = if old.lead_department_id.is_some() {
        new.status = Status::InProgress;
        let due = ctx.deadline(old.tier, days)?;
        new.deadline = Some(due.clone());
        Some(due)
    } else {
        new.status = Status::Registered;
        new.deadline = None;
        None
    };
    for f in [&mut new.resolved_on, &mut new.result, &mut new.closed_on, &mut new.lookback_on] {
        *f = None;
    }
    new.result_kind = None;
    new.amount_fen = None;
    new.working_days = None;
    new.on_time = None;
    write(w, &old, &new)?;
    event(w, ctx, &new, EventKind::Reopen, Some(reason), json!({"deadline": due, "reopens": new.reopens}))
}

pub fn create_batch(store: &Store, input: &BatchInput) -> Result<IssueBatch> {
    let day = date_or_today("assigned_on", "交办日期", &input.assigned_on)?;
    store.write(|w| {
        let no = match text::opt(&input.no) {
            Some(n) => {
                text::limit("no", "批次号", &n, 30)?;
                n
            }
            None => {
                let year = &day[..4];
                let n: i64 = w
                    .conn()
                    .prepare_cached("SELECT count(*) FROM issue_batches WHERE substr(assigned_on, 1, 4) = ?1")?
                    .query_row([year], |r| r.get(0))?;
                format!("{year}年第{}批", n + 1)
            }
        };
        let b = IssueBatch {
            id: new_id(),
            no,
            assigned_on: day.clone(),
            note: note(&input.note)?,
            created_at: String::new(),
            updated_at: String::new(),
        };
        w.insert(&b)?;
        get(w.conn(), &b.id)
    })
}

pub fn batches(store: &Store) -> Result<Vec<IssueBatch>> {
    store.read(|c| {
        let t = IssueBatch::TABLE;
        let mut stmt = c.prepare_cached(&format!(
            "SELECT {} FROM {} WHERE deleted = 0 ORDER BY assigned_on DESC, rowid DESC",
            t.select_list(),
            t.name
        ))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(crate::store::entity_from_row(r)?);
        }
        Ok(out)
    })
}

#[allow(dead_code)]
pub(crate) fn today_date() -> NaiveDate {
    parse_date(&today())
}
