//! 联点 / 包联 / 挂钩联系: a cadre paired with an enterprise (later also a project) for a period.
//! Liaisons are never deleted: ending one sets its end date, and reassigning ends the old one and
//! starts a new one in the same transaction, so an enterprise's history of cadres stays whole.
//! A liaison is current while its end date is empty.

mod project;
mod query;
#[cfg(test)]
pub(crate) mod tests;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::cadre::Cadre;
use super::enterprise::Enterprise;
use super::{new_id, text};
use crate::day;
use crate::error::{CoreError, Result};
use crate::store::{entity_from_row, get, ColKind, Entity, Store, Table, Writer};

pub use project::{assign_to_project, ProjectAssignInput};
pub use query::{
    counts_for_cadres, for_cadre, for_enterprise, for_project, leaders, list, workload, CadreLiaisonCount, LeaderEnterprise,
    LeaderView, LeadersQuery, LiaisonQuery, LiaisonRow, LiaisonSort, LiaisonStatus, Workload, WorkloadQuery,
    WorkloadSort,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LiaisonRole {
    /// 联点干部 / 包联责任人: the enterprise's own cadre, one to one.
    Lead,
    /// 包联领导: a leader looking after key enterprises.
    Leader,
    /// 服务专员
    Specialist,
}

impl LiaisonRole {
    pub const ALL: [LiaisonRole; 3] = [LiaisonRole::Lead, LiaisonRole::Leader, LiaisonRole::Specialist];

    pub fn as_str(self) -> &'static str {
        match self {
            LiaisonRole::Lead => "lead",
            LiaisonRole::Leader => "leader",
            LiaisonRole::Specialist => "specialist",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            LiaisonRole::Lead => "联点干部",
            LiaisonRole::Leader => "包联领导",
            LiaisonRole::Specialist => "服务专员",
        }
    }

    pub fn parse(s: &str) -> Option<LiaisonRole> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Liaison {
    pub id: String,
    pub cadre_id: String,
    pub enterprise_id: Option<String>,
    /// A livelihood project, once projects exist.
    pub project_id: Option<String>,
    pub role: LiaisonRole,
    /// YYYY-MM-DD
    pub start_date: String,
    /// YYYY-MM-DD; empty while the liaison is current.
    pub end_date: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

pub(crate) static TABLE: Table = Table {
    name: "liaisons",
    what: "联点关系",
    cols: &[
        ("cadre_id", ColKind::Text),
        ("enterprise_id", ColKind::Text),
        ("project_id", ColKind::Text),
        ("role", ColKind::Text),
        ("start_date", ColKind::Text),
        ("end_date", ColKind::Text),
        ("note", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Liaison {
    const TABLE: &'static Table = &TABLE;
    fn id(&self) -> &str {
        &self.id
    }
}

/// Pair one cadre with one enterprise.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AssignInput {
    pub cadre_id: String,
    pub enterprise_id: String,
    /// Defaults to `lead`.
    pub role: Option<LiaisonRole>,
    /// YYYY-MM-DD; defaults to today.
    pub start_date: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct EndInput {
    pub id: String,
    /// YYYY-MM-DD; defaults to today.
    pub end_date: Option<String>,
    /// Why it ended; appended to the liaison's note.
    pub note: Option<String>,
}

/// 更换联点干部: end the enterprise's current liaisons of `role` and start one for `cadre_id`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ReassignInput {
    pub enterprise_id: String,
    pub cadre_id: String,
    /// Defaults to `lead`.
    pub role: Option<LiaisonRole>,
    /// The day the old liaison ends and the new one starts; defaults to today.
    pub date: Option<String>,
    pub note: Option<String>,
    /// End only this current liaison instead of every current one of `role`.
    pub replace_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Reassigned {
    pub ended: Vec<Liaison>,
    pub started: Liaison,
}

/// One cadre to many enterprises (a table selection).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct BulkAssignInput {
    pub cadre_id: String,
    pub enterprise_ids: Vec<String>,
    pub role: Option<LiaisonRole>,
    pub start_date: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BulkAssigned {
    pub assigned: u32,
    /// Enterprises the cadre already had a current liaison of that role with.
    pub skipped: u32,
}

pub(crate) fn live_cadre(conn: &Connection, id: &str) -> Result<Cadre> {
    if id.trim().is_empty() {
        return Err(CoreError::validation("cadre_id", "请选择干部"));
    }
    let c: Cadre = get(conn, id.trim()).map_err(|_| CoreError::validation("cadre_id", "所选干部不存在或已删除"))?;
    if !c.active {
        return Err(CoreError::validation("cadre_id", format!("{}已离岗,不能指派", c.name)));
    }
    Ok(c)
}

fn live_enterprise(conn: &Connection, id: &str) -> Result<Enterprise> {
    if id.trim().is_empty() {
        return Err(CoreError::validation("enterprise_id", "请选择企业"));
    }
    get(conn, id.trim()).map_err(|_| CoreError::validation("enterprise_id", "所选企业不存在或已删除"))
}

pub(crate) fn note_of(s: &Option<String>) -> Result<Option<String>> {
    let n = text::opt(s);
    if let Some(n) = &n {
        text::limit("note", "备注", n, 500)?;
    }
    Ok(n)
}

/// The current liaison of this cadre with this enterprise in this role, if any.
fn current_pair(conn: &Connection, cadre_id: &str, enterprise_id: &str, role: LiaisonRole) -> Result<Option<Liaison>> {
    let sql = format!(
        "SELECT {} FROM liaisons WHERE enterprise_id = ?1 AND role = ?2 AND cadre_id = ?3
         AND deleted = 0 AND end_date IS NULL LIMIT 1",
        TABLE.select_list()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_row([enterprise_id, role.as_str(), cadre_id], |r| Ok(entity_from_row::<Liaison>(r)))
        .optional()?
        .transpose()
}

/// The current liaisons of an enterprise, of one role or all.
pub(crate) fn current_of_enterprise(conn: &Connection, enterprise_id: &str, role: Option<LiaisonRole>) -> Result<Vec<Liaison>> {
    let sql = format!(
        "SELECT {} FROM liaisons WHERE enterprise_id = ?1 AND (?2 IS NULL OR role = ?2)
         AND deleted = 0 AND end_date IS NULL ORDER BY start_date, rowid",
        TABLE.select_list()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![enterprise_id, role.map(LiaisonRole::as_str)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entity_from_row(r)?);
    }
    Ok(out)
}

/// Ends every current liaison of a cadre or an enterprise that is being deleted, so no
/// workload or leaders' view counts a record that is gone. `column` is cadre_id, enterprise_id
/// or project_id.
pub(crate) fn end_all_of(w: &mut Writer<'_>, column: &str, id: &str, why: &str) -> Result<usize> {
    debug_assert!(["cadre_id", "enterprise_id", "project_id"].contains(&column));
    let sql = format!(
        "SELECT {} FROM liaisons WHERE {column} = ?1 AND deleted = 0 AND end_date IS NULL",
        TABLE.select_list()
    );
    let current: Vec<Liaison> = {
        let mut stmt = w.conn().prepare_cached(&sql)?;
        let mut rows = stmt.query([id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(entity_from_row(r)?);
        }
        out
    };
    let today = day::today();
    for l in &current {
        // A liaison that starts in the future ends the day it starts.
        let end = if l.start_date.as_str() > today.as_str() { l.start_date.clone() } else { today.clone() };
        end_in(w, l, &end, Some(why))?;
    }
    Ok(current.len())
}

/// Every liaison of an enterprise, current and past.
pub(crate) fn all_of_enterprise(conn: &Connection, enterprise_id: &str) -> Result<Vec<Liaison>> {
    let sql = format!(
        "SELECT {} FROM liaisons WHERE enterprise_id = ?1 AND deleted = 0 ORDER BY start_date, rowid",
        TABLE.select_list()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([enterprise_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entity_from_row(r)?);
    }
    Ok(out)
}

fn duplicate(c: &Cadre, e: &Enterprise, l: &Liaison) -> CoreError {
    CoreError::Conflict {
        field: Some("cadre_id".into()),
        message: format!(
            "{}已是“{}”的{}(自 {} 起),无需重复指派",
            c.name,
            e.name,
            l.role.zh(),
            l.start_date
        ),
    }
}

fn new_liaison(cadre_id: &str, enterprise_id: &str, role: LiaisonRole, start: &str, note: Option<String>) -> Liaison {
    Liaison {
        id: new_id(),
        cadre_id: cadre_id.to_string(),
        enterprise_id: Some(enterprise_id.to_string()),
        project_id: None,
        role,
        start_date: start.to_string(),
        end_date: None,
        note,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

pub fn assign(store: &Store, input: &AssignInput) -> Result<Liaison> {
    let role = input.role.unwrap_or(LiaisonRole::Lead);
    let start = day::or_today("start_date", "开始日期", &input.start_date)?;
    let note = note_of(&input.note)?;
    store.write(|w| {
        let c = live_cadre(w.conn(), &input.cadre_id)?;
        let e = live_enterprise(w.conn(), &input.enterprise_id)?;
        if let Some(l) = current_pair(w.conn(), &c.id, &e.id, role)? {
            return Err(duplicate(&c, &e, &l));
        }
        let l = new_liaison(&c.id, &e.id, role, &start, note);
        w.insert(&l)?;
        get(w.conn(), &l.id)
    })
}

/// Ends `l` on `end` (already a valid date), appending `why` to its note. Used by end,
/// reassign and merge, inside their transactions.
pub(crate) fn end_in(w: &mut Writer<'_>, l: &Liaison, end: &str, why: Option<&str>) -> Result<Liaison> {
    if let Some(done) = &l.end_date {
        return Err(CoreError::Conflict { field: None, message: format!("该联点关系已于 {done} 结束") });
    }
    if end < l.start_date.as_str() {
        return Err(CoreError::validation("end_date", format!("结束日期不能早于开始日期({})", l.start_date)));
    }
    let mut new = l.clone();
    new.end_date = Some(end.to_string());
    if let Some(why) = why.filter(|s| !s.is_empty()) {
        new.note = Some(match &l.note {
            Some(old) => format!("{old};{why}"),
            None => why.to_string(),
        });
    }
    w.update(l, &new)?;
    get(w.conn(), &l.id)
}

/// An end date as typed: a valid date, not after today (a liaison that has not ended yet is
/// still current).
pub(crate) fn end_date_of(field: &str, s: &Option<String>) -> Result<String> {
    let d = day::or_today(field, "结束日期", s)?;
    if d > day::today() {
        return Err(CoreError::validation(field, "结束日期不能晚于今天"));
    }
    Ok(d)
}

pub fn end(store: &Store, input: &EndInput) -> Result<Liaison> {
    let end = end_date_of("end_date", &input.end_date)?;
    let why = note_of(&input.note)?;
    store.write(|w| {
        let l: Liaison = get(w.conn(), &input.id)?;
        end_in(w, &l, &end, why.as_deref())
    })
}

pub fn reassign(store: &Store, input: &ReassignInput) -> Result<Reassigned> {
    let role = input.role.unwrap_or(LiaisonRole::Lead);
    let date = end_date_of("date", &input.date)?;
    let note = note_of(&input.note)?;
    store.write(|w| {
        let c = live_cadre(w.conn(), &input.cadre_id)?;
        let e = live_enterprise(w.conn(), &input.enterprise_id)?;
        let mut olds = current_of_enterprise(w.conn(), &e.id, Some(role))?;
        if let Some(only) = text::opt(&input.replace_id) {
            olds.retain(|l| l.id == only);
            if olds.is_empty() {
                return Err(CoreError::Conflict {
                    field: None,
                    message: format!("要更换的{}已结束或不属于“{}”,请刷新后重试", role.zh(), e.name),
                });
            }
        }
        if let Some(same) = olds.iter().find(|l| l.cadre_id == c.id) {
            return Err(duplicate(&c, &e, same));
        }
        if let Some(l) = current_pair(w.conn(), &c.id, &e.id, role)? {
            return Err(duplicate(&c, &e, &l));
        }
        let why = format!("更换为{}", c.name);
        let mut ended = Vec::with_capacity(olds.len());
        for l in &olds {
            ended.push(end_in(w, l, &date, Some(&why)).map_err(|err| match err {
                CoreError::Validation { message, .. } => CoreError::validation("date", message),
                other => other,
            })?);
        }
        let l = new_liaison(&c.id, &e.id, role, &date, note);
        w.insert(&l)?;
        Ok(Reassigned { ended, started: get(w.conn(), &l.id)? })
    })
}

/// All or nothing: an enterprise that does not exist stops the whole batch; enterprises the
/// cadre already has a current liaison of that role with are skipped and counted.
pub fn bulk_assign(store: &Store, input: &BulkAssignInput) -> Result<BulkAssigned> {
    let role = input.role.unwrap_or(LiaisonRole::Lead);
    let start = day::or_today("start_date", "开始日期", &input.start_date)?;
    let note = note_of(&input.note)?;
    let mut ids: Vec<&str> = Vec::with_capacity(input.enterprise_ids.len());
    for id in &input.enterprise_ids {
        let id = id.trim();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(CoreError::validation("enterprise_ids", "请先选择企业"));
    }
    crate::backup::before_step(store, crate::backup::BackupKind::BeforeBulk)?;
    store.write(|w| {
        let c = live_cadre(w.conn(), &input.cadre_id)?;
        let mut out = BulkAssigned { assigned: 0, skipped: 0 };
        for id in ids {
            let e = live_enterprise(w.conn(), id).map_err(|_| {
                CoreError::validation("enterprise_ids", format!("企业(编号 {id})不存在或已删除,本次未做任何指派"))
            })?;
            if current_pair(w.conn(), &c.id, &e.id, role)?.is_some() {
                out.skipped += 1;
                continue;
            }
            w.insert(&new_liaison(&c.id, &e.id, role, &start, note.clone()))?;
            out.assigned += 1;
        }
        Ok(out)
    })
}

pub fn get_one(store: &Store, id: &str) -> Result<Liaison> {
    store.read(|c| get(c, id))
}
