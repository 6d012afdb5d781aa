//! Read views of liaisons: an enterprise's cadres, a cadre's enterprises, the liaison table,
//! the cadre workload table and the leaders' 包联 view.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, Row};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::LiaisonRole;
use crate::error::{CoreError, Result};
use crate::model::cadre::CadreRole;
use crate::model::enterprise::Scale;
use crate::model::list::{self, Filter, Page, Source};
use crate::store::Store;

/// A liaison with the names a table shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LiaisonRow {
    pub id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub cadre_department_id: Option<String>,
    pub cadre_mobile: Option<String>,
    pub enterprise_id: Option<String>,
    pub enterprise_name: Option<String>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    pub role: LiaisonRole,
    pub start_date: String,
    pub end_date: Option<String>,
    pub note: Option<String>,
    pub current: bool,
}

const ROW_SELECT: &str = "l.id, l.cadre_id, c.name, c.department_id, c.mobile, l.enterprise_id, e.name, \
     l.project_id, l.role, l.start_date, l.end_date, l.note, p.name";
const ROW_FROM: &str = "liaisons l JOIN cadres c ON c.id = l.cadre_id LEFT JOIN enterprises e ON e.id = l.enterprise_id \
     LEFT JOIN projects p ON p.id = l.project_id";

fn role_of(s: &str) -> Result<LiaisonRole> {
    LiaisonRole::parse(s).ok_or_else(|| CoreError::validation("role", format!("未知的联点角色“{s}”")))
}

fn enum_of<T: serde::de::DeserializeOwned>(s: Option<String>) -> Result<Option<T>> {
    Ok(match s {
        Some(s) => Some(serde_json::from_value(serde_json::Value::String(s))?),
        None => None,
    })
}

fn row_of(r: &Row<'_>) -> Result<LiaisonRow> {
    let end_date: Option<String> = r.get(10)?;
    Ok(LiaisonRow {
        id: r.get(0)?,
        cadre_id: r.get(1)?,
        cadre_name: r.get(2)?,
        cadre_department_id: r.get(3)?,
        cadre_mobile: r.get(4)?,
        enterprise_id: r.get(5)?,
        enterprise_name: r.get(6)?,
        project_id: r.get(7)?,
        project_name: r.get(12)?,
        role: role_of(&r.get::<_, String>(8)?)?,
        start_date: r.get(9)?,
        current: end_date.is_none(),
        end_date,
        note: r.get(11)?,
    })
}

fn rows(conn: &Connection, where_order: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<LiaisonRow>> {
    let sql = format!("SELECT {ROW_SELECT} FROM {ROW_FROM} WHERE {where_order}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(row_of(r)?);
    }
    Ok(out)
}

/// An enterprise's liaisons: current ones first (联点干部, 包联领导, 服务专员), then past ones,
/// newest first.
pub fn for_enterprise(store: &Store, enterprise_id: &str) -> Result<Vec<LiaisonRow>> {
    store.read(|c| {
        rows(
            c,
            "l.enterprise_id = ?1 AND l.deleted = 0
             ORDER BY l.end_date IS NOT NULL,
                      CASE l.role WHEN 'lead' THEN 0 WHEN 'leader' THEN 1 ELSE 2 END,
                      coalesce(l.end_date, '') DESC, l.start_date DESC, l.rowid DESC",
            &[&enterprise_id],
        )
    })
}

/// A project's 挂钩联系人: current ones first, then past ones, newest first.
pub fn for_project(store: &Store, project_id: &str) -> Result<Vec<LiaisonRow>> {
    store.read(|c| {
        rows(
            c,
            "l.project_id = ?1 AND l.deleted = 0
             ORDER BY l.end_date IS NOT NULL, coalesce(l.end_date, '') DESC, l.start_date DESC, l.rowid DESC",
            &[&project_id],
        )
    })
}

/// A cadre's current enterprises, by name (their projects are on the projects' pages).
pub fn for_cadre(store: &Store, cadre_id: &str) -> Result<Vec<LiaisonRow>> {
    store.read(|c| {
        rows(
            c,
            "l.cadre_id = ?1 AND l.deleted = 0 AND l.end_date IS NULL AND l.enterprise_id IS NOT NULL AND e.deleted = 0
             ORDER BY CASE l.role WHEN 'leader' THEN 0 WHEN 'lead' THEN 1 ELSE 2 END, e.name, l.rowid",
            &[&cadre_id],
        )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LiaisonStatus {
    Current,
    Ended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LiaisonSort {
    StartDate,
    EndDate,
    Cadre,
    Enterprise,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LiaisonQuery {
    pub cadre_id: Option<String>,
    pub enterprise_id: Option<String>,
    /// Substring of the enterprise's name or short name, or of the cadre's name.
    pub text: Option<String>,
    pub role: Option<LiaisonRole>,
    /// The cadre's department.
    pub department_id: Option<String>,
    /// None: current and ended.
    pub status: Option<LiaisonStatus>,
    /// Default: newest start first.
    pub sort: Option<LiaisonSort>,
    pub desc: bool,
    pub page: u32,
    pub page_size: u32,
}

pub fn list(store: &Store, q: &LiaisonQuery) -> Result<Page<LiaisonRow>> {
    let mut f = Filter::live_as("l");
    f.eq("l.cadre_id", q.cadre_id.clone());
    f.eq("l.enterprise_id", q.enterprise_id.clone());
    // Names are matched once in their own tables, then liaisons by indexed id, instead of a
    // LIKE on every joined row.
    if let Some(p) = list::like_pattern(q.text.as_deref()) {
        f.raw_n(
            "(l.enterprise_id IN (SELECT id FROM enterprises WHERE deleted = 0
                  AND (name LIKE ? ESCAPE '\\' OR short_name LIKE ? ESCAPE '\\'))
              OR l.cadre_id IN (SELECT id FROM cadres WHERE deleted = 0 AND name LIKE ? ESCAPE '\\'))",
            vec![p.clone().into(), p.clone().into(), p.into()],
        );
    }
    f.eq("l.role", q.role.map(|r| r.as_str().to_string()));
    f.eq("c.department_id", q.department_id.clone());
    match q.status {
        Some(LiaisonStatus::Current) => f.clause("l.end_date IS NULL"),
        Some(LiaisonStatus::Ended) => f.clause("l.end_date IS NOT NULL"),
        None => {}
    }
    let dir = if q.desc { "DESC" } else { "ASC" };
    let order = match q.sort {
        None => "l.start_date DESC, l.rowid DESC".to_string(),
        Some(LiaisonSort::StartDate) => format!("l.start_date {dir}, l.rowid {dir}"),
        Some(LiaisonSort::EndDate) => format!("l.end_date {dir}, l.rowid {dir}"),
        Some(LiaisonSort::Cadre) => format!("c.name {dir}, l.rowid {dir}"),
        Some(LiaisonSort::Enterprise) => format!("e.name {dir}, l.rowid {dir}"),
    };
    // Counting and finding the page join only what the filter and the sort use: every
    // liaison has its cadre (cadres are tombstoned, never removed), and a join per row is
    // most of the cost on L.
    let join_c = "JOIN cadres c ON c.id = l.cadre_id";
    let join_e = "LEFT JOIN enterprises e ON e.id = l.enterprise_id";
    let by_dept = q.department_id.is_some();
    let count_from = format!("liaisons l {}", if by_dept { join_c } else { "" });
    let key_from = format!(
        "{count_from} {} {}",
        if !by_dept && q.sort == Some(LiaisonSort::Cadre) { join_c } else { "" },
        if q.sort == Some(LiaisonSort::Enterprise) { join_e } else { "" }
    );
    let src = Source { select: ROW_SELECT, from: ROW_FROM, count_from: &count_from, key: Some(("l.rowid", &key_from)) };
    store.read(|c| list::page_rows(c, &src, &f, &order, q.page, q.page_size, row_of))
}

/// A cadre with how many current liaisons they hold, by role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Workload {
    pub cadre_id: String,
    pub name: String,
    pub department_id: Option<String>,
    pub position: Option<String>,
    pub role: CadreRole,
    pub active: bool,
    pub lead: u32,
    pub leader: u32,
    pub specialist: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum WorkloadSort {
    Total,
    Name,
    Department,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct WorkloadQuery {
    /// Substring of the cadre's name.
    pub text: Option<String>,
    pub department_id: Option<String>,
    /// The cadre's role.
    pub role: Option<CadreRole>,
    pub active: Option<bool>,
    /// Default: most liaisons first.
    pub sort: Option<WorkloadSort>,
    pub desc: bool,
    pub page: u32,
    pub page_size: u32,
}

/// Every live cadre, including those with no liaison (someone to give the next enterprise to).
const WORKLOAD_FROM: &str = "cadres c LEFT JOIN (
        SELECT cadre_id,
               sum(role = 'lead') AS lead, sum(role = 'leader') AS leader,
               sum(role = 'specialist') AS specialist, count(*) AS total
        FROM liaisons WHERE deleted = 0 AND end_date IS NULL GROUP BY cadre_id
    ) w ON w.cadre_id = c.id";
const WORKLOAD_SELECT: &str = "c.id, c.name, c.department_id, c.position, c.role, c.active, \
     coalesce(w.lead, 0), coalesce(w.leader, 0), coalesce(w.specialist, 0), coalesce(w.total, 0)";

pub fn workload(store: &Store, q: &WorkloadQuery) -> Result<Page<Workload>> {
    let mut f = Filter::live_as("c");
    f.contains_any(&["c.name"], q.text.as_deref());
    f.eq("c.department_id", q.department_id.clone());
    f.eq("c.role", q.role.map(|r| r.as_str().to_string()));
    f.eq("c.active", q.active.map(|a| a as i64));
    let dir = if q.desc { "DESC" } else { "ASC" };
    let order = match q.sort {
        None => "coalesce(w.total, 0) DESC, c.name ASC, c.rowid ASC".to_string(),
        Some(WorkloadSort::Total) => format!("coalesce(w.total, 0) {dir}, c.name {dir}, c.rowid {dir}"),
        Some(WorkloadSort::Name) => format!("c.name {dir}, c.rowid {dir}"),
        Some(WorkloadSort::Department) => format!("c.department_id {dir}, c.name {dir}, c.rowid {dir}"),
    };
    store.read(|c| {
        let src = Source { select: WORKLOAD_SELECT, from: WORKLOAD_FROM, count_from: "cadres c", key: None };
        list::page_rows(c, &src, &f, &order, q.page, q.page_size, |r| {
            Ok(Workload {
                cadre_id: r.get(0)?,
                name: r.get(1)?,
                department_id: r.get(2)?,
                position: r.get(3)?,
                role: enum_of(r.get(4)?)?.unwrap_or(CadreRole::Cadre),
                active: r.get::<_, i64>(5)? != 0,
                lead: r.get(6)?,
                leader: r.get(7)?,
                specialist: r.get(8)?,
                total: r.get(9)?,
            })
        })
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CadreLiaisonCount {
    pub cadre_id: String,
    /// Current liaisons, all roles.
    pub current: u32,
}

/// How many live enterprises each of the given cadres currently serves (the cadre list's
/// 联点企业数, the cards 打印连心卡 lays out); a project the cadre is 挂钩联系人 for, a
/// tombstoned enterprise, or a second role at the same enterprise adds none. Cadres with none
/// are left out.
pub fn counts_for_cadres(store: &Store, cadre_ids: &[String]) -> Result<Vec<CadreLiaisonCount>> {
    if cadre_ids.is_empty() {
        return Ok(vec![]);
    }
    let ids = &cadre_ids[..cadre_ids.len().min(list::MAX_PAGE_SIZE as usize)];
    let marks = vec!["?"; ids.len()].join(", ");
    let sql = format!(
        "SELECT l.cadre_id, count(DISTINCT l.enterprise_id) FROM liaisons l
           JOIN enterprises e ON e.id = l.enterprise_id AND e.deleted = 0
         WHERE l.deleted = 0 AND l.end_date IS NULL AND l.cadre_id IN ({marks}) GROUP BY l.cadre_id"
    );
    store.read(|c| {
        let mut stmt = c.prepare(&sql)?;
        let params = ids.iter().map(|s| SqlValue::Text(s.clone()));
        let mut rows = stmt.query(params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(CadreLiaisonCount { cadre_id: r.get(0)?, current: r.get(1)? });
        }
        Ok(out)
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LeaderEnterprise {
    pub liaison_id: String,
    pub enterprise_id: String,
    pub name: String,
    pub scale: Option<Scale>,
    pub street_id: Option<String>,
    pub role: LiaisonRole,
    pub start_date: String,
}

/// A leader and the enterprises they 包联, large ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LeaderView {
    pub cadre_id: String,
    pub name: String,
    pub department_id: Option<String>,
    pub position: Option<String>,
    pub mobile: Option<String>,
    pub enterprises: Vec<LeaderEnterprise>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LeadersQuery {
    /// Substring of the leader's name.
    pub text: Option<String>,
    pub department_id: Option<String>,
}

/// Every live leader-role cadre with their current liaisons, and any other cadre holding a
/// current 包联领导 liaison. Enterprises since deleted are left out.
pub fn leaders(store: &Store, q: &LeadersQuery) -> Result<Vec<LeaderView>> {
    let mut wheres = vec!["c.deleted = 0", "(c.role = 'leader' OR l.id IS NOT NULL)"];
    let mut params: Vec<SqlValue> = vec![];
    let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = text {
        wheres.push("instr(c.name, ?1) > 0");
        params.push(SqlValue::Text(t.to_string()));
    }
    let dept_clause;
    if let Some(d) = q.department_id.as_deref().filter(|d| !d.is_empty()) {
        params.push(SqlValue::Text(d.to_string()));
        dept_clause = format!("c.department_id = ?{}", params.len());
        wheres.push(&dept_clause);
    }
    let sql = format!(
        "SELECT c.id, c.name, c.department_id, c.position, c.mobile,
                l.id, e.id, e.name, e.scale, e.street_id, l.role, l.start_date
         FROM cadres c
         LEFT JOIN liaisons l ON l.cadre_id = c.id AND l.deleted = 0 AND l.end_date IS NULL
              AND (l.role = 'leader' OR c.role = 'leader')
              AND EXISTS (SELECT 1 FROM enterprises x WHERE x.id = l.enterprise_id AND x.deleted = 0)
         LEFT JOIN enterprises e ON e.id = l.enterprise_id
         WHERE {}
         ORDER BY c.name, c.rowid, e.scale_rank, e.name",
        wheres.join(" AND ")
    );
    store.read(|c| {
        let mut stmt = c.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        let mut out: Vec<LeaderView> = Vec::new();
        while let Some(r) = rows.next()? {
            let cadre_id: String = r.get(0)?;
            if out.last().is_none_or(|v| v.cadre_id != cadre_id) {
                out.push(LeaderView {
                    cadre_id,
                    name: r.get(1)?,
                    department_id: r.get(2)?,
                    position: r.get(3)?,
                    mobile: r.get(4)?,
                    enterprises: vec![],
                });
            }
            if let Some(liaison_id) = r.get::<_, Option<String>>(5)? {
                let view = out.last_mut().expect("pushed above");
                view.enterprises.push(LeaderEnterprise {
                    liaison_id,
                    enterprise_id: r.get(6)?,
                    name: r.get(7)?,
                    scale: enum_of(r.get(8)?)?,
                    street_id: r.get(9)?,
                    role: role_of(&r.get::<_, String>(10)?)?,
                    start_date: r.get(11)?,
                });
            }
        }
        Ok(out)
    })
}
