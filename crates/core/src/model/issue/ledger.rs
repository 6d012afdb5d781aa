//! 台账: the issue ledger (filtered, sorted, paged on the server), the issue page's detail, and
//! the home page's due list.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::action::ActionKind;
pub use super::query::{LedgerQuery, LedgerSort, Without};
use super::flag::FlagBounds;
use super::kinds::*;
use super::machine::{self, Steps};
use super::record::{Issue, IssueEvent};
use super::rules;
use crate::calendar::Calendar;
use crate::error::Result;
use crate::model::list::{page_rows, rows_by_key, Filter, Source as RowSource, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::day;
use crate::model::Page;
use crate::search;
use crate::store::Store;

/// A ledger line: the issue's columns with the names the table shows.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct LedgerRow {
    pub id: String,
    pub no: String,
    pub registered_on: String,
    pub source: Source,
    pub enterprise_id: Option<String>,
    /// The enterprise's name, or the reporter's.
    pub subject: Option<String>,
    pub category: String,
    pub tier: Tier,
    pub disposition: Option<Disposition>,
    /// The first 80 characters.
    pub content: String,
    pub lead_department_id: Option<String>,
    pub lead_department: Option<String>,
    pub deadline: Option<String>,
    pub status: Status,
    pub flag: Option<Flag>,
    pub taken_by: Option<String>,
    pub satisfaction: Option<Satisfaction>,
    pub resolved_on: Option<String>,
    pub working_days: Option<i32>,
    pub reminders: u32,
    pub reopens: u32,
    /// A pending extension request, in working days.
    pub extension_days: Option<u32>,
    /// The steps the issue allows today (the state machine's), for the bulk step menus.
    pub steps: Vec<ActionKind>,
}

const SELECT: &str = "i.id, i.no, i.registered_on, i.source, i.enterprise_id, coalesce(e.name, i.reporter_name),
    i.category, i.tier, i.disposition, substr(i.content, 1, 80), i.lead_department_id, d.name, i.deadline,
    i.status, c.name, i.satisfaction, i.resolved_on, i.working_days, i.reminders, i.reopens, i.extension_days";
const FROM: &str = "issues i LEFT JOIN enterprises e ON e.id = i.enterprise_id
    LEFT JOIN departments d ON d.id = i.lead_department_id LEFT JOIN cadres c ON c.id = i.taken_by";

fn parse<T>(s: String, f: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    f(&s).ok_or_else(|| rusqlite::Error::InvalidColumnType(0, s, rusqlite::types::Type::Text))
}

fn row(r: &rusqlite::Row<'_>, bounds: &FlagBounds) -> Result<LedgerRow> {
    let status = parse(r.get(13)?, Status::parse)?;
    let deadline: Option<String> = r.get(12)?;
    let reopens: u32 = r.get(19)?;
    let mut line = LedgerRow {
        id: r.get(0)?,
        no: r.get(1)?,
        registered_on: r.get(2)?,
        source: parse(r.get(3)?, Source::parse)?,
        enterprise_id: r.get(4)?,
        subject: r.get(5)?,
        category: r.get(6)?,
        tier: parse(r.get(7)?, Tier::parse)?,
        disposition: r.get::<_, Option<String>>(8)?.and_then(|s| Disposition::parse(&s)),
        content: r.get(9)?,
        lead_department_id: r.get(10)?,
        lead_department: r.get(11)?,
        flag: bounds.of(status, deadline.as_deref(), reopens),
        deadline,
        status,
        taken_by: r.get(14)?,
        satisfaction: r.get::<_, Option<String>>(15)?.and_then(|s| Satisfaction::parse(&s)),
        resolved_on: r.get(16)?,
        working_days: r.get(17)?,
        reminders: r.get(18)?,
        reopens,
        extension_days: r.get(20)?,
        steps: vec![],
    };
    let state = machine::State {
        no: &line.no,
        status: line.status,
        tier: line.tier,
        extension_days: line.extension_days,
        deadline: line.deadline.as_deref(),
        satisfaction: line.satisfaction,
    };
    line.steps = machine::steps(state, &bounds.today).allowed();
    Ok(line)
}

pub(crate) fn bounds(store: &Store, today_: &Option<String>) -> Result<FlagBounds> {
    let day = day::or_today("today", "日期", today_)?;
    let d = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default();
    Ok(FlagBounds::new(&Calendar::load(store)?, &rules::load(store)?, d))
}

fn text_list<T: Copy>(items: &[T], f: fn(T) -> &'static str) -> Vec<SqlValue> {
    items.iter().map(|v| SqlValue::Text(f(*v).to_string())).collect()
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Above this many matching issues a page is read off the sort's index (walking it and
/// skipping non-matching rows stops after the page); below it, off the filter's index and
/// sorted. On L a broad filter (已销号: 810,000 issues) sorted by 编号 took 8 s the other way.
const BROAD: u32 = 20_000;

/// The column each sort reads, in the order the ledger shows.
fn sort_column(sort: LedgerSort) -> &'static str {
    match sort {
        LedgerSort::RegisteredOn => "registered_on",
        LedgerSort::No => "no",
        LedgerSort::Deadline => "deadline",
        LedgerSort::ResolvedOn => "resolved_on",
        LedgerSort::Status => "status",
        LedgerSort::Category => "category",
        LedgerSort::Tier => "tier",
    }
}

/// The filter of a ledger query (also used by the export and the figures' drill-down).
///
/// Each clause also has the form the page's keys are found with when the filter is broad
/// (`Filter::off_index_over`): its columns hidden from the planner (`+col`), except where the
/// filter's own index (col, registered_on) already yields the sort's order, so SQLite walks
/// the sort's index instead of fetching and sorting every match.
pub(crate) fn filter(store: &Store, q: &LedgerQuery, bounds: &FlagBounds) -> Filter {
    let mut f = Filter::live();
    f.off_index_over(BROAD);
    let o = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    // An equality on `col` keeps its index when (col, registered_on) serves the sort.
    let serves = |col: &str| q.sort == LedgerSort::RegisteredOn || sort_column(q.sort) == col;
    let eq = |f: &mut Filter, col: &str, v: Option<String>| f.eq_unindexed(col, v, !serves(col));
    if !q.status.is_empty() {
        let clause = format!("status IN ({})", placeholders(q.status.len()));
        let row = if q.status.len() == 1 && serves("status") { clause.clone() } else { format!("+{clause}") };
        f.raw_split(&clause, &row, text_list(&q.status, Status::as_str));
    }
    if !q.flag.is_empty() {
        let (clause, vals) = bounds.sql(&q.flag);
        let row = clause.replace("deadline", "+deadline").replace("status IN", "+status IN");
        f.raw_split(&format!("({clause})"), &format!("({row})"), vals);
    }
    eq(&mut f, "lead_department_id", o(&q.department_id));
    eq(&mut f, "category", o(&q.category));
    eq(&mut f, "source", q.source.map(|s| s.as_str().to_string()));
    eq(&mut f, "tier", q.tier.map(|s| s.as_str().to_string()));
    f.eq("disposition", q.disposition.map(|s| s.as_str().to_string()));
    eq(&mut f, "taken_by", o(&q.cadre_id));
    eq(&mut f, "enterprise_id", o(&q.enterprise_id));
    eq(&mut f, "street_id", o(&q.street_id));
    f.eq("batch_id", o(&q.batch_id));
    let period = if q.sort == LedgerSort::RegisteredOn { "registered_on" } else { "+registered_on" };
    if let Some(from) = o(&q.from) {
        f.raw_split("registered_on >= ?", &format!("{period} >= ?"), vec![from.into()]);
    }
    if let Some(to) = o(&q.to) {
        f.raw_split("registered_on <= ?", &format!("{period} <= ?"), vec![to.into()]);
    }
    if q.mine {
        f.raw("registered_by = ?", store.actor());
    }
    if q.overdue {
        // Written as the open-deadline partial index's condition, as the flags are.
        let open = Status::open_sql();
        let clause = format!("(deleted = 0 AND status IN ({open}) AND deadline < ?)");
        let row = format!("(+status IN ({open}) AND +deadline < ?)");
        f.raw_split(&clause, &row, vec![bounds.today.clone().into()]);
    }
    if let Some(w) = q.without {
        f.clause(&format!("{} IS NULL", w.column()));
    }
    if let Some(t) = o(&q.text) {
        match search::fts_filter(&t) {
            Some((fts, text)) => {
                f.raw_n(&format!("id IN ({})", search::matching_issue_ids_sql()), vec![fts.into(), text.into()])
            }
            None => f.contains_any(&["content", "no", "reporter_name"], Some(&t)),
        }
    }
    f
}

fn order(q: &LedgerQuery) -> String {
    order_by(q, "i.rowid")
}

/// ORDER BY for a sort (with `rowid` naming the issues' rowid): status, category and tier
/// then by registration date, as their (col, registered_on) indexes run; ties last by rowid,
/// in the same direction. The export sorts with it too.
pub(crate) fn order_by(q: &LedgerQuery, rowid: &str) -> String {
    let col = sort_column(q.sort);
    let dir = if q.desc { "DESC" } else { "ASC" };
    match q.sort {
        LedgerSort::Status | LedgerSort::Category | LedgerSort::Tier => {
            format!("{col} {dir}, registered_on {dir}, {rowid} {dir}")
        }
        _ => format!("{col} {dir}, {rowid} {dir}"),
    }
}

const SOURCE: RowSource<'static> = RowSource { select: SELECT, from: FROM, count_from: "issues", key: Some(("i.rowid", "issues i")) };

pub fn ledger(store: &Store, q: &LedgerQuery) -> Result<Page<LedgerRow>> {
    let b = bounds(store, &q.today)?;
    match from_index(store, q, &b)? {
        Some(page) => Ok(page),
        None => ledger_sql(store, q, &b),
    }
}

/// The page as SQLite finds it: the reference for the index, and the path for what the index
/// leaves out.
pub(crate) fn ledger_sql(store: &Store, q: &LedgerQuery, b: &FlagBounds) -> Result<Page<LedgerRow>> {
    let f = filter(store, q, b);
    store.read(|c| page_rows(c, &SOURCE, &f, &order(q), q.page, q.page_size, |r| row(r, b)))
}

/// The page from the ledger's in-memory index (`ledger_index`), which answers any filter and
/// sort in a few milliseconds on L; None for what it leaves to SQLite (a 1–2 character text).
fn from_index(store: &Store, q: &LedgerQuery, b: &FlagBounds) -> Result<Option<Page<LedgerRow>>> {
    let text = match q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => match search::fts_filter(t) {
            // The matching issue documents. Three characters are one trigram, which the FTS
            // index answers exactly; a longer text is checked for in each document's body.
            Some((fts, text)) => Some(store.read(|c| {
                let ids = if text.chars().count() == 3 {
                    c.prepare_cached("SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= 1099511627776")?
                        .query_map([fts], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?
                } else {
                    c.prepare_cached(
                        "SELECT d.id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
                         WHERE search_fts MATCH ?1 AND search_fts.rowid >= 1099511627776 AND instr(d.body, ?2) > 0",
                    )?
                    .query_map([fts, text], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
                };
                Ok(ids)
            })?),
            None => return Ok(None),
        },
    };
    let actor = store.actor();
    let Some((total, keys)) = super::ledger_index::with_ledger_index(store, |ix| ix.page(q, b, &actor, text.as_ref()))? else {
        return Ok(None);
    };
    let rows = store.read(|c| rows_by_key(c, &SOURCE, keys, |r| row(r, b)))?;
    let page_size = if q.page_size == 0 { DEFAULT_PAGE_SIZE } else { q.page_size.min(MAX_PAGE_SIZE) };
    Ok(Some(Page { rows, total, page: q.page.max(1), page_size }))
}

/// 我的待办: open issues with a deadline, most urgent first.
pub fn due(store: &Store, mine: bool, limit: u32) -> Result<Vec<LedgerRow>> {
    let b = bounds(store, &None)?;
    let q = LedgerQuery {
        status: Status::OPEN.to_vec(),
        mine,
        sort: LedgerSort::Deadline,
        page_size: limit.clamp(1, 100),
        ..Default::default()
    };
    let mut f = filter(store, &q, &b);
    f.clause("deadline IS NOT NULL");
    Ok(store.read(|c| page_rows(c, &SOURCE, &f, &order(&q), 1, q.page_size, |r| row(r, &b)))?.rows)
}

/// The issue page: the issue, the names it refers to, its flag and its timeline.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct IssueDetail {
    pub issue: Issue,
    pub flag: Option<Flag>,
    pub enterprise_name: Option<String>,
    pub street_name: Option<String>,
    pub lead_department: Option<String>,
    pub assisting_names: Vec<String>,
    pub taken_by_name: Option<String>,
    pub batch_no: Option<String>,
    pub duplicate_of_no: Option<String>,
    /// Working days from assignment to today, while open.
    pub days_so_far: Option<i32>,
    /// The steps the issue allows today.
    pub steps: Steps,
    pub events: Vec<IssueEvent>,
}

fn name(c: &Connection, table: &str, id: &Option<String>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    let col = if table == "issue_batches" || table == "issues" { "no" } else { "name" };
    Ok(c.prepare_cached(&format!("SELECT {col} FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub fn detail(store: &Store, id: &str) -> Result<IssueDetail> {
    let issue = super::flow::get_issue(store, id)?;
    let b = bounds(store, &None)?;
    let cal = Calendar::load(store)?;
    let events = super::flow::events(store, &issue.id)?;
    let days_so_far = issue.assigned_on.as_deref().filter(|_| issue.status.is_open()).map(|a| {
        let p = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        cal.workdays_between(p(a), p(&day::today())) as i32
    });
    store.read(|c| {
        let mut assisting_names = Vec::new();
        for a in &issue.assisting {
            assisting_names.extend(name(c, "departments", &Some(a.clone()))?);
        }
        Ok(IssueDetail {
            flag: b.flag(&issue),
            enterprise_name: name(c, "enterprises", &issue.enterprise_id)?,
            street_name: name(c, "departments", &issue.street_id)?,
            lead_department: name(c, "departments", &issue.lead_department_id)?,
            assisting_names,
            taken_by_name: name(c, "cadres", &issue.taken_by)?,
            batch_no: name(c, "issue_batches", &issue.batch_id)?,
            duplicate_of_no: name(c, "issues", &issue.duplicate_of)?,
            days_so_far,
            steps: machine::steps((&issue).into(), &b.today),
            events,
            issue,
        })
    })
}
