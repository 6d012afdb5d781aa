//! The closed loop's steps on the database: each loads the issue, checks the records it refers
//! to, asks the state machine (`machine.rs`, the rules' one home) for the new state and the
//! timeline events, and writes them together through the one write path. A step the machine
//! refuses writes nothing, not even a change row.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::action::{Action, Withdraw};
use super::batch::IssueBatch;
use super::kinds::*;
use super::event::Event;
use super::machine::{self, Env};
use super::record::{Draft, Issue, IssueEvent};
use super::rules::{self, IssueRules};
use crate::calendar::Calendar;
use crate::day;
use crate::error::{CoreError, Result};
use crate::model::enterprise::Enterprise;
use crate::model::project::Project;
use crate::model::{new_id, text};
use crate::store::{get, get_opt, Entity, Store, Writer};

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
    /// A 12345 work order's number (工单编号), for an issue from the hotline.
    pub hotline_no: Option<String>,
    /// The project the issue is raised on; a resident's or a project's issue may leave the
    /// enterprise empty.
    pub project_id: Option<String>,
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

/// Everything a step needs besides the issue: the calendar, the rules, who and when.
struct Ctx {
    cal: Calendar,
    rules: IssueRules,
    actor: String,
    date: NaiveDate,
}

impl Ctx {
    fn new(store: &Store, date: &Option<String>) -> Result<Ctx> {
        let d = day::or_today("date", "日期", date)?;
        Ok(Ctx { cal: Calendar::load(store)?, rules: rules::load(store)?, actor: store.actor(), date: day::parse_or_min(&d) })
    }

    fn env(&self, duplicate: Option<(String, String)>) -> Env<'_> {
        Env { cal: &self.cal, rules: &self.rules, date: self.date, duplicate }
    }
}

/// Stores the events a step made, on its date, by the operator.
fn store_events(w: &mut Writer<'_>, ctx: &Ctx, issue_id: &str, events: Vec<Event>) -> Result<()> {
    for e in events {
        w.insert(&IssueEvent::new(issue_id, &day::fmt(ctx.date), &ctx.actor, e))?;
    }
    Ok(())
}

/// The next 编号 of the year: YYYY-NNNNN, six or seven digits once a year passes 99,999 (a
/// province's ledger). Only well-formed numbers count, so an imported "2026-A1" cannot derail it.
pub(crate) fn next_no(conn: &Connection, year: &str) -> Result<String> {
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
    let r = Registrar::new(store, &input.registered_on)?;
    store.write(|w| {
        let issue = r.register_in(w, input)?;
        get(w.conn(), &issue.id)
    })
}

/// Registers issues inside a caller's transaction (a site visit's issues are saved with the
/// visit), with the calendar and rules loaded once. Every issue it registers is dated `date`.
pub(crate) struct Registrar {
    ctx: Ctx,
}

impl Registrar {
    pub(crate) fn new(store: &Store, date: &Option<String>) -> Result<Registrar> {
        Ok(Registrar { ctx: Ctx::new(store, date)? })
    }

    pub(crate) fn register_in(&self, w: &mut Writer<'_>, input: &RegisterInput) -> Result<Issue> {
        let ctx = &self.ctx;
        let source = input.source.ok_or_else(|| CoreError::validation("source", "请选择问题来源"))?;
        let category = text::required("category", "问题类别", &input.category, 10)?;
        if !ctx.rules.categories.contains(&category) {
            return Err(CoreError::validation("category", format!("类别“{category}”不在问题类别列表中,可在设置中添加")));
        }
        let content = text::required("content", "问题内容", &input.content, 2000)?;
        let tier = input.tier.unwrap_or(Tier::Regular);
        let reporter_name = text::opt(&input.reporter_name);
        if let Some(n) = &reporter_name {
            text::limit("reporter_name", "反映人", n, 50)?;
        }
        let reporter_phone = text::opt_phone("reporter_phone", "联系电话", &input.reporter_phone, false)?;
        let on_spot = text::opt(&input.resolve_on_spot).map(|r| (r, input.result_kind.unwrap_or(ResultKind::Solved)));
        if on_spot.is_some() && tier != Tier::General {
            return Err(CoreError::validation("resolve_on_spot", "只有一般问题可以当场办结,常规和重大问题请交办"));
        }
        let conn = w.conn();
        let enterprise_id = text::opt(&input.enterprise_id);
        let mut street_id = text::opt(&input.street_id);
        let project = match text::opt(&input.project_id) {
            Some(pid) => Some(
                get::<Project>(conn, &pid).map_err(|_| CoreError::validation("project_id", "所选项目不存在或已删除"))?,
            ),
            None => None,
        };
        if let Some(eid) = &enterprise_id {
            let e: Enterprise =
                get(conn, eid).map_err(|_| CoreError::validation("enterprise_id", "所选企业不存在或已删除"))?;
            street_id = e.street_id.or(street_id);
        } else if let Some(p) = &project {
            street_id = street_id.or(p.street_id.clone());
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
        let day = day::fmt(ctx.date);
        let draft = Issue::draft(Draft {
            id: new_id(),
            no: next_no(conn, &day[..4])?,
            source,
            enterprise_id,
            reporter_name,
            reporter_phone,
            street_id,
            category,
            tier,
            disposition: input.disposition,
            content,
            taken_by: text::opt(&input.taken_by),
            registered_on: day,
            registered_by: ctx.actor.clone(),
            hotline_no: text::opt(&input.hotline_no),
            project_id: project.map(|p| p.id),
        });
        let (issue, events) = machine::register(draft, on_spot, &ctx.env(None))?;
        w.insert(&issue)?;
        store_events(w, ctx, &issue.id, events)?;
        Ok(issue)
    }
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
    crate::backup::before_step(store, crate::backup::BackupKind::BeforeBulk)?;
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

/// Checks the step is allowed, then the records it names, then applies it.
fn step(w: &mut Writer<'_>, ctx: &Ctx, old: Issue, action: &Action) -> Result<()> {
    machine::guard((&old).into(), action.kind(), &day::fmt(ctx.date))?;
    let mut duplicate = None;
    match action {
        Action::Assign { lead_department_id, assisting, batch_id, .. } => {
            let lead = lead_department_id.trim();
            if !lead.is_empty() {
                check_department(w.conn(), "lead_department_id", lead)?;
            }
            for a in assisting.iter().map(|a| a.trim()).filter(|a| !a.is_empty() && *a != lead) {
                check_department(w.conn(), "assisting", a)?;
            }
            if let Some(b) = text::opt(batch_id) {
                get::<IssueBatch>(w.conn(), &b).map_err(|_| CoreError::validation("batch_id", "所选交办批次不存在"))?;
            }
        }
        Action::Withdraw(Withdraw { withdraw_kind: WithdrawKind::Duplicate, duplicate_of, .. }) => {
            let key =
                text::opt(duplicate_of).ok_or_else(|| CoreError::validation("duplicate_of", "请填写与之重复的问题编号"))?;
            let other = find(w.conn(), &key)
                .map_err(|_| CoreError::validation("duplicate_of", format!("没有编号为“{key}”的问题")))?;
            duplicate = Some((other.id, other.no));
        }
        _ => {}
    }
    let (new, events) = machine::apply(&old, action, &ctx.env(duplicate))?;
    w.update(&old, &new)?;
    store_events(w, ctx, &new.id, events)
}
