//! Server-side filter, sort and paging shared by the list queries.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::Result;
use crate::store::{entity_from_row, Entity};

/// One page of a list, with the total number of matching rows.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: u32,
    pub page: u32,
    pub page_size: u32,
}

pub const MAX_PAGE_SIZE: u32 = 500;
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// WHERE clauses with their parameters, always starting from "not deleted".
pub(crate) struct Filter {
    clauses: Vec<String>,
    params: Vec<SqlValue>,
}

impl Filter {
    pub fn live() -> Self {
        Filter { clauses: vec!["deleted = 0".into()], params: vec![] }
    }

    fn next(&self) -> usize {
        self.params.len() + 1
    }

    pub fn eq(&mut self, col: &str, value: Option<impl Into<SqlValue>>) {
        if let Some(v) = value {
            self.clauses.push(format!("{col} = ?{}", self.next()));
            self.params.push(v.into());
        }
    }

    /// Case-insensitive substring over several columns, any of which may match.
    pub fn contains_any(&mut self, cols: &[&str], text: Option<&str>) {
        let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return };
        let escaped = t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let n = self.next();
        let ors: Vec<String> = cols.iter().map(|c| format!("{c} LIKE ?{n} ESCAPE '\\'")).collect();
        self.clauses.push(format!("({})", ors.join(" OR ")));
        self.params.push(SqlValue::Text(format!("%{escaped}%")));
    }

    /// A raw clause with one parameter, written with `?` for the placeholder.
    pub fn raw(&mut self, clause: &str, value: impl Into<SqlValue>) {
        let c = clause.replace('?', &format!("?{}", self.next()));
        self.clauses.push(c);
        self.params.push(value.into());
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }
}

/// Runs the filtered, ordered, paged query for `T`. `order_by` comes from a whitelist in the
/// caller, never from user text; ties are broken by rowid in the same direction (`desc`), so
/// pages are stable and an index on the sort key serves the ORDER BY. `page` is 1-based.
pub(crate) fn page<T: Entity>(
    conn: &Connection,
    filter: &Filter,
    order_by: &str,
    desc: bool,
    page: u32,
    page_size: u32,
) -> Result<Page<T>> {
    let t = T::TABLE;
    let page = page.max(1);
    let page_size = if page_size == 0 { DEFAULT_PAGE_SIZE } else { page_size.min(MAX_PAGE_SIZE) };
    let where_ = filter.sql();
    let total: u32 = conn
        .prepare_cached(&format!("SELECT count(*) FROM {} WHERE {where_}", t.name))?
        .query_row(params_from_iter(filter.params.iter()), |r| r.get(0))?;
    let sql = format!(
        "SELECT {} FROM {} WHERE {where_} ORDER BY {order_by}, rowid {} LIMIT {page_size} OFFSET {}",
        t.select_list(),
        t.name,
        if desc { "DESC" } else { "ASC" },
        (page - 1) as u64 * page_size as u64
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(filter.params.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entity_from_row::<T>(r)?);
    }
    Ok(Page { rows: out, total, page, page_size })
}
