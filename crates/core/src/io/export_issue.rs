//! The issue ledger (台账) exported as on screen — every issue a `LedgerQuery` matches, in its
//! order — to .xlsx or CSV with Chinese headers the ledger import reads back. Rows stream from a
//! read-only connection of their own (one consistent snapshot) into `TableOut`, so a
//! million-issue ledger is written with flat memory and without holding the app's store.
//!
//! The WHERE is the ledger's filter (`ledger::filter`) written out again: `list::Filter` keeps
//! its SQL private to `model`. A test holds the two to the same rows for every kind of filter.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, OpenFlags};

use super::export::ExportResult;
use super::import::all_live;
use super::table_out::{ExportFormat, TableOut, Val};
use crate::error::Result;
use crate::model::department::Department;
use crate::model::issue::flag::FlagBounds;
use crate::model::issue::ledger::{self, LedgerQuery};
use crate::model::issue::{Disposition, Satisfaction, Source, Status, Tier};
use crate::search;
use crate::store::Store;

pub const ISSUE_HEADERS: &[&str] = &[
    "编号", "登记日期", "来源", "企业名称", "反映人", "联系电话", "所属街道", "问题类别", "问题描述", "问题层级", "处置方式",
    "联点干部", "牵头单位", "配合单位", "交办日期", "办理时限", "办理状态", "督办亮灯", "办结日期", "办理工作日", "是否按期",
    "办理结果", "满意度", "销号日期", "催办次数", "重新办理次数", "工单编号",
];

const COLUMNS: &str = "no, registered_on, source, (SELECT name FROM enterprises WHERE id = enterprise_id), reporter_name,
    reporter_phone, street_id, category, content, tier, disposition, (SELECT name FROM cadres WHERE id = taken_by),
    lead_department_id, assisting, assigned_on, deadline, status, resolved_on, working_days, on_time, result,
    satisfaction, closed_on, reminders, reopens, hotline_no";

/// The ledger's WHERE over `issues`, with `?` placeholders and their values in order.
fn where_clause(store: &Store, q: &LedgerQuery, bounds: &FlagBounds) -> (String, Vec<SqlValue>) {
    let mut clauses = vec!["deleted = 0".to_string()];
    let mut vals: Vec<SqlValue> = Vec::new();
    let o = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if !q.status.is_empty() {
        clauses.push(format!("status IN ({})", vec!["?"; q.status.len()].join(", ")));
        vals.extend(q.status.iter().map(|s| SqlValue::Text(s.as_str().into())));
    }
    if !q.flag.is_empty() {
        let (clause, v) = bounds.sql(&q.flag);
        clauses.push(format!("({clause})"));
        vals.extend(v);
    }
    for (col, v) in [
        ("lead_department_id", o(&q.department_id)),
        ("category", o(&q.category)),
        ("source", q.source.map(|s| s.as_str().to_string())),
        ("tier", q.tier.map(|s| s.as_str().to_string())),
        ("disposition", q.disposition.map(|s| s.as_str().to_string())),
        ("taken_by", o(&q.cadre_id)),
        ("enterprise_id", o(&q.enterprise_id)),
        ("street_id", o(&q.street_id)),
        ("batch_id", o(&q.batch_id)),
    ] {
        if let Some(v) = v {
            clauses.push(format!("{col} = ?"));
            vals.push(SqlValue::Text(v));
        }
    }
    for (cond, v) in [("registered_on >= ?", o(&q.from)), ("registered_on <= ?", o(&q.to))] {
        if let Some(v) = v {
            clauses.push(cond.into());
            vals.push(SqlValue::Text(v));
        }
    }
    if q.mine {
        clauses.push("registered_by = ?".into());
        vals.push(SqlValue::Text(store.actor()));
    }
    if let Some(t) = o(&q.text) {
        match search::fts_filter(&t) {
            Some((fts, text)) => {
                clauses.push(format!("id IN ({})", search::matching_issue_ids_sql()));
                vals.extend([SqlValue::Text(fts), SqlValue::Text(text)]);
            }
            None => {
                let like = format!("%{}%", t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                clauses.push("(content LIKE ? ESCAPE '\\' OR no LIKE ? ESCAPE '\\' OR reporter_name LIKE ? ESCAPE '\\')".into());
                vals.extend([SqlValue::Text(like.clone()), SqlValue::Text(like.clone()), SqlValue::Text(like)]);
            }
        }
    }
    (clauses.join(" AND "), vals)
}

fn order(q: &LedgerQuery) -> String {
    ledger::order_by(q, "rowid")
}

fn reader(store: &Store) -> Result<Connection> {
    let c = Connection::open_with_flags(
        store.path(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    c.execute_batch("PRAGMA busy_timeout = 5000; BEGIN;")?;
    Ok(c)
}

fn text(s: Option<String>) -> Val {
    match s {
        Some(t) if !t.is_empty() => Val::Text(t),
        _ => Val::Empty,
    }
}

fn word<T>(s: Option<String>, parse: fn(&str) -> Option<T>, zh: fn(T) -> &'static str) -> Val {
    match s.as_deref().and_then(parse) {
        Some(v) => Val::Text(zh(v).into()),
        None => text(s),
    }
}

/// Every issue `q` matches (all pages, in the ledger's order) to `path`. `q.page` and
/// `q.page_size` are ignored.
pub fn export_issues(store: &Store, q: &LedgerQuery, path: &Path, format: ExportFormat) -> Result<ExportResult> {
    let bounds = ledger::bounds(store, &q.today)?;
    let (where_, vals) = where_clause(store, q, &bounds);
    let res = (|| {
        let conn = reader(store)?;
        let depts: HashMap<String, String> =
            all_live::<Department>(&conn)?.into_iter().map(|d| (d.id, d.name)).collect();
        let dept = |id: Option<String>| text(id.and_then(|i| depts.get(&i).cloned()));
        let mut out = TableOut::create(path, format, "问题台账", ISSUE_HEADERS)?;
        let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM issues WHERE {where_} ORDER BY {}", order(q)))?;
        let mut rows = stmt.query(params_from_iter(vals.iter()))?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            let status: String = r.get(16)?;
            let deadline: Option<String> = r.get(15)?;
            let reopens: u32 = r.get(24)?;
            let assisting: Vec<String> = serde_json::from_str(&r.get::<_, String>(13)?).unwrap_or_default();
            let assisting: Vec<String> = assisting.iter().filter_map(|a| depts.get(a).cloned()).collect();
            let flag = Status::parse(&status).and_then(|s| bounds.of(s, deadline.as_deref(), reopens));
            let on_time: Option<bool> = r.get(19)?;
            let count = |v: u32| if v == 0 { Val::Empty } else { Val::Text(v.to_string()) };
            out.row(&[
                Val::Text(r.get(0)?),
                Val::Text(r.get(1)?),
                word(r.get(2)?, Source::parse, Source::zh),
                text(r.get(3)?),
                text(r.get(4)?),
                text(r.get(5)?),
                dept(r.get(6)?),
                Val::Text(r.get(7)?),
                Val::Text(r.get(8)?),
                word(r.get(9)?, Tier::parse, Tier::zh),
                word(r.get(10)?, Disposition::parse, Disposition::zh),
                text(r.get(11)?),
                dept(r.get(12)?),
                text((!assisting.is_empty()).then(|| assisting.join("、"))),
                text(r.get(14)?),
                text(deadline),
                word(Some(status), Status::parse, Status::zh),
                text(flag.map(|f| f.zh().to_string())),
                text(r.get(17)?),
                text(r.get::<_, Option<i64>>(18)?.map(|d| d.to_string())),
                text(on_time.map(|t| if t { "是" } else { "否" }.to_string())),
                text(r.get(20)?),
                word(r.get(21)?, Satisfaction::parse, Satisfaction::zh),
                text(r.get(22)?),
                count(r.get(23)?),
                count(reopens),
                text(r.get(25)?),
            ])?;
            n += 1;
        }
        out.finish()?;
        Ok(n)
    })();
    match res {
        Ok(n) => Ok(ExportResult { rows: n as u32, path: path.display().to_string() }),
        Err(e) => {
            TableOut::abandon(path);
            Err(e)
        }
    }
}
