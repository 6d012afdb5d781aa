//! Exports of the enterprise and cadre lists, filtered as on screen (every page), to .xlsx or
//! CSV. Headers are the ones the importer recognises, so an export imports back unchanged.
//! Rows stream from a read-only connection of their own, so a long export neither holds all
//! rows in memory nor blocks the app's other work on the store.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::table_out::{ExportFormat, TableOut, Val};
use super::values;
use crate::error::Result;
use crate::model::cadre::{self, CadreQuery};
use crate::model::department::Department;
use crate::model::enterprise::{self, EnterpriseQuery};
use crate::model::liaison::LiaisonRole;
use crate::model::reference;
use crate::store::Store;

use super::import::all_live;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ExportResult {
    pub rows: u32,
    pub path: String,
}

pub const ENTERPRISE_HEADERS: &[&str] = &[
    "企业名称", "简称", "统一社会信用代码", "法定代表人", "联系人", "联系电话", "所属街道", "所属社区", "行业",
    "企业规模", "统计分类", "经济类型", "地址", "标签", "状态", "联点干部", "备注", "创建时间", "更新时间",
];

pub const CADRE_HEADERS: &[&str] = &["姓名", "单位", "职务", "角色", "手机", "在岗", "更新时间"];

/// A read-only connection to the store's file, in one read transaction (a consistent snapshot).
pub(super) fn reader(store: &Store) -> Result<Connection> {
    let c = Connection::open_with_flags(
        store.path(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    c.execute_batch("PRAGMA busy_timeout = 5000; BEGIN;")?;
    Ok(c)
}

pub(super) fn dept_names(conn: &Connection) -> Result<HashMap<String, String>> {
    Ok(all_live::<Department>(conn)?.into_iter().map(|d| (d.id, d.name)).collect())
}

/// Each enterprise's current 联点干部, joined with 、.
fn liaison_names(conn: &Connection) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare(
        "SELECT l.enterprise_id, c.name FROM liaisons l JOIN cadres c ON c.id = l.cadre_id
         WHERE l.deleted = 0 AND l.end_date IS NULL AND l.role = ?1 AND l.enterprise_id IS NOT NULL
         ORDER BY l.start_date, l.rowid",
    )?;
    let mut rows = st.query([LiaisonRole::Lead.as_str()])?;
    let mut out: HashMap<String, String> = HashMap::new();
    while let Some(r) = rows.next()? {
        let (e, name): (String, String) = (r.get(0)?, r.get(1)?);
        out.entry(e).and_modify(|s| {
            s.push('、');
            s.push_str(&name);
        }).or_insert(name);
    }
    Ok(out)
}

pub(super) fn run(path: &Path, f: impl FnOnce() -> Result<u64>) -> Result<ExportResult> {
    match f() {
        Ok(n) => Ok(ExportResult { rows: n as u32, path: path.display().to_string() }),
        Err(e) => {
            TableOut::abandon(path);
            Err(e)
        }
    }
}

/// Every enterprise `q` matches (all pages, in the list's order) to `path`.
pub fn export_enterprises(store: &Store, q: &EnterpriseQuery, path: &Path, format: ExportFormat) -> Result<ExportResult> {
    run(path, || {
        let conn = reader(store)?;
        let depts = dept_names(&conn)?;
        let liaisons = liaison_names(&conn)?;
        let dept = |id: &Option<String>| match id.as_ref().and_then(|i| depts.get(i)) {
            Some(n) => Val::Text(n.clone()),
            None => Val::Empty,
        };
        let mut out = TableOut::create(path, format, "企业名录", ENTERPRISE_HEADERS)?;
        let n = enterprise::each(&conn, q, |e| {
            out.row(&[
                Val::Text(e.name.clone()),
                Val::opt(&e.short_name),
                Val::opt(&e.uscc),
                Val::opt(&e.legal_rep),
                Val::opt(&e.contact_name),
                Val::opt(&e.contact_phone),
                dept(&e.street_id),
                dept(&e.community_id),
                match e.industry.as_deref().and_then(reference::industry) {
                    Some(i) => Val::Text(i.zh.to_string()),
                    None => Val::opt(&e.industry),
                },
                e.scale.map(|s| Val::Text(values::scale_zh(s).into())).unwrap_or(Val::Empty),
                e.stat_class.map(|c| Val::Text(c.zh().into())).unwrap_or(Val::Empty),
                e.ownership.map(|o| Val::Text(values::ownership_zh(o).into())).unwrap_or(Val::Empty),
                Val::opt(&e.address),
                if e.tags.is_empty() { Val::Empty } else { Val::Text(e.tags.join("、")) },
                Val::Text(values::status_zh(e.status).into()),
                liaisons.get(&e.id).map(|n| Val::Text(n.clone())).unwrap_or(Val::Empty),
                Val::opt(&e.notes),
                Val::Time(e.created_at.clone()),
                Val::Time(e.updated_at.clone()),
            ])
        })?;
        out.finish()?;
        Ok(n)
    })
}

/// Every cadre `q` matches to `path`.
pub fn export_cadres(store: &Store, q: &CadreQuery, path: &Path, format: ExportFormat) -> Result<ExportResult> {
    run(path, || {
        let conn = reader(store)?;
        let depts = dept_names(&conn)?;
        let mut out = TableOut::create(path, format, "干部名录", CADRE_HEADERS)?;
        let n = cadre::each(&conn, q, |c| {
            out.row(&[
                Val::Text(c.name.clone()),
                c.department_id.as_ref().and_then(|d| depts.get(d)).map(|n| Val::Text(n.clone())).unwrap_or(Val::Empty),
                Val::opt(&c.position),
                Val::Text(values::role_zh(c.role).into()),
                Val::opt(&c.mobile),
                Val::Text(if c.active { "是" } else { "否" }.into()),
                Val::Time(c.updated_at.clone()),
            ])
        })?;
        out.finish()?;
        Ok(n)
    })
}

/// A default file name such as 企业名录_2026-11-21.xlsx.
pub fn default_file_name(what: &str, format: ExportFormat) -> String {
    let day = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let ext = match format {
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Csv => "csv",
    };
    format!("{what}_{day}.{ext}")
}
