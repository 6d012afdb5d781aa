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
    /// The same clauses with their column hidden from the planner (`+col = ?`) where the
    /// caller asked for it: see `eq_unindexed`. Used for the page's rows, not its count.
    row_clauses: Vec<String>,
    /// For `page_rows`: above this many matching rows the page's keys are found with
    /// `row_clauses` (see `off_index_over`); below it, and when None, with `clauses`.
    broad: Option<u32>,
}

impl Filter {
    pub fn live() -> Self {
        Filter { clauses: vec!["deleted = 0".into()], params: vec![], row_clauses: vec!["deleted = 0".into()], broad: None }
    }

    /// Live rows of the table aliased `alias`, for queries that join other tables.
    pub fn live_as(alias: &str) -> Self {
        let live = format!("{alias}.deleted = 0");
        Filter { clauses: vec![live.clone()], params: vec![], row_clauses: vec![live], broad: None }
    }

    /// A clause without parameters.
    pub fn clause(&mut self, clause: &str) {
        self.clauses.push(clause.to_string());
        self.row_clauses.push(clause.to_string());
    }

    fn next(&self) -> usize {
        self.params.len() + 1
    }

    pub fn eq(&mut self, col: &str, value: Option<impl Into<SqlValue>>) {
        if let Some(v) = value {
            let c = format!("{col} = ?{}", self.next());
            self.row_clauses.push(c.clone());
            self.clauses.push(c);
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
        self.row_clauses.push(format!("({})", ors.join(" OR ")));
        self.params.push(SqlValue::Text(format!("%{escaped}%")));
    }

    /// A raw clause with one parameter, written with `?` for the placeholder.
    pub fn raw(&mut self, clause: &str, value: impl Into<SqlValue>) {
        self.raw_n(clause, vec![value.into()]);
    }

    /// A raw clause whose `?`s take `values` in order.
    pub fn raw_n(&mut self, clause: &str, values: Vec<SqlValue>) {
        self.raw_split(clause, clause, values);
    }

    /// A raw clause, and the same condition as the page's row query is to read it (its
    /// columns hidden from the planner, `+col`); both have the same `?`s, in the same order.
    pub fn raw_split(&mut self, clause: &str, row_clause: &str, values: Vec<SqlValue>) {
        let first = self.next();
        let number = |clause: &str| {
            let mut c = String::new();
            for (i, part) in clause.split('?').enumerate() {
                if i > 0 {
                    c.push_str(&format!("?{}", first + i - 1));
                }
                c.push_str(part);
            }
            c
        };
        self.row_clauses.push(number(row_clause));
        self.clauses.push(number(clause));
        self.params.extend(values);
    }

    /// For `page_rows`: when more than `n` rows match, find the page's keys with the row
    /// clauses, so that SQLite walks the sort's index and stops after the page instead of
    /// fetching and sorting every match through a filter's index.
    pub fn off_index_over(&mut self, n: u32) {
        self.broad = Some(n);
    }

    fn sql(&self) -> String {
        self.clauses.join(" AND ")
    }

    /// The WHERE for fetching the page's rows.
    fn row_sql(&self) -> String {
        self.row_clauses.join(" AND ")
    }

    /// `col = value`, which the page's row query must not answer through `col`'s index. For a
    /// filter that keeps many rows (an industry, a status) with a sort on another column,
    /// walking the sort's index and skipping non-matching rows stops after one page, while the
    /// filter's index makes SQLite fetch and sort every match (industry F by street on L:
    /// 364 ms instead of a few). The count still uses the index.
    pub fn eq_unindexed(&mut self, col: &str, value: Option<impl Into<SqlValue>>, unindexed: bool) {
        let Some(v) = value else { return };
        let n = self.next();
        self.clauses.push(format!("{col} = ?{n}"));
        self.row_clauses.push(if unindexed { format!("+{col} = ?{n}") } else { format!("{col} = ?{n}") });
        self.params.push(v.into());
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
    page_counted(conn, filter, order_by, desc, page, page_size, None)
}

/// `page`, with the total already known to the caller (from derived counts) when `total` is
/// given, so only the page's rows are read.
pub(crate) fn page_counted<T: Entity>(
    conn: &Connection,
    filter: &Filter,
    order_by: &str,
    desc: bool,
    page: u32,
    page_size: u32,
    total: Option<u32>,
) -> Result<Page<T>> {
    let t = T::TABLE;
    let page = page.max(1);
    let page_size = if page_size == 0 { DEFAULT_PAGE_SIZE } else { page_size.min(MAX_PAGE_SIZE) };
    let total: u32 = match total {
        Some(n) => n,
        None => conn
            .prepare_cached(&format!("SELECT count(*) FROM {} WHERE {}", t.name, filter.sql()))?
            .query_row(params_from_iter(filter.params.iter()), |r| r.get(0))?,
    };
    let row_where = filter.row_sql();
    let sql = format!(
        "SELECT {} FROM {} WHERE {row_where} ORDER BY {order_by}, rowid {} LIMIT {page_size} OFFSET {}",
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

/// Every record `filter` matches, in `order_by` order (ties by rowid, as `page`), handed to `f`
/// one at a time without collecting them. Returns how many there were.
pub(crate) fn each<T: Entity>(
    conn: &Connection,
    filter: &Filter,
    order_by: &str,
    desc: bool,
    mut f: impl FnMut(T) -> Result<()>,
) -> Result<u64> {
    let t = T::TABLE;
    let sql = format!(
        "SELECT {} FROM {} WHERE {} ORDER BY {order_by}, rowid {}",
        t.select_list(),
        t.name,
        filter.sql(),
        if desc { "DESC" } else { "ASC" }
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(filter.params.iter()))?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        f(entity_from_row::<T>(r)?)?;
        n += 1;
    }
    Ok(n)
}

/// How many of `table`'s rows `filter` matches for each value of `col` (NULL as None).
pub(crate) fn group_counts(conn: &Connection, table: &str, filter: &Filter, col: &str) -> Result<Vec<(Option<String>, u32)>> {
    let sql = format!("SELECT {col}, count(*) FROM {table} WHERE {} GROUP BY {col}", filter.sql());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(filter.params.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// What `page_rows` reads.
pub(crate) struct Source<'a> {
    /// The column list `map` reads.
    pub select: &'a str,
    /// FROM (with joins) for the rows shown.
    pub from: &'a str,
    /// FROM for the total: the same rows with only the joins the filter needs.
    pub count_from: &'a str,
    /// A unique key of the rows (`l.rowid`) and the FROM (joins of the filter and the sort) to
    /// find the page's keys over. When set, the page's keys are found first and its rows
    /// fetched by key, so a sort does not carry every column of every matching row (on L a
    /// sort by name went from 500 ms to 80). When None the page is one query over `from`.
    pub key: Option<(&'a str, &'a str)>,
}

/// Like `page`, for rows that are not one table's records (joins, aggregates). `order_by` is
/// the whole ORDER BY (whitelisted, with its own tie-breaker).
pub(crate) fn page_rows<T>(
    conn: &Connection,
    src: &Source<'_>,
    filter: &Filter,
    order_by: &str,
    page: u32,
    page_size: u32,
    mut map: impl FnMut(&rusqlite::Row<'_>) -> Result<T>,
) -> Result<Page<T>> {
    let page = page.max(1);
    let page_size = if page_size == 0 { DEFAULT_PAGE_SIZE } else { page_size.min(MAX_PAGE_SIZE) };
    let where_ = filter.sql();
    let params = || params_from_iter(filter.params.iter());
    let total: u32 = conn
        .prepare_cached(&format!("SELECT count(*) FROM {} WHERE {where_}", src.count_from))?
        .query_row(params(), |r| r.get(0))?;
    let limit = format!("LIMIT {page_size} OFFSET {}", (page - 1) as u64 * page_size as u64);
    let key_where = if filter.broad.is_some_and(|n| total > n) { filter.row_sql() } else { where_.clone() };
    let mut out = Vec::new();
    match src.key {
        Some((key, key_from)) => {
            let keys: Vec<SqlValue> = conn
                .prepare_cached(&format!("SELECT {key} FROM {key_from} WHERE {key_where} ORDER BY {order_by} {limit}"))?
                .query_map(params(), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            out = rows_by_key(conn, src, keys, &mut map)?;
        }
        None => {
            let sql = format!("SELECT {} FROM {} WHERE {where_} ORDER BY {order_by} {limit}", src.select, src.from);
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(params())?;
            while let Some(r) = rows.next()? {
                out.push(map(r)?);
            }
        }
    }
    Ok(Page { rows: out, total, page, page_size })
}

/// The rows of `src` with these keys (`src.key`), in the keys' order.
pub(crate) fn rows_by_key<T>(
    conn: &Connection,
    src: &Source<'_>,
    keys: impl IntoIterator<Item = impl rusqlite::ToSql>,
    mut map: impl FnMut(&rusqlite::Row<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let key = src.key.map_or("rowid", |k| k.0);
    let mut one = conn.prepare_cached(&format!("SELECT {} FROM {} WHERE {key} = ?1", src.select, src.from))?;
    let mut out = Vec::new();
    for k in keys {
        let mut rows = one.query([k])?;
        if let Some(r) = rows.next()? {
            out.push(map(r)?);
        }
    }
    Ok(out)
}

/// `%text%` for LIKE ... ESCAPE '\', with the user's % and _ taken literally; None when blank.
pub(crate) fn like_pattern(text: Option<&str>) -> Option<String> {
    let t = text.map(str::trim).filter(|t| !t.is_empty())?;
    Some(format!("%{}%", t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
}
