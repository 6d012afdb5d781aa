//! The figures leaders quote, defined once here and used by every screen, export and report
//! (DESIGN.md):
//! - 办结率 = (resolved + closed) / all issues except withdrawn;
//! - 按期办结率 = resolved on or before the deadline / resolved (resolved + closed) whose
//!   办结日期 is known: an imported 办结 without its date (日期不详) counts in 办结率 but is
//!   left out of 按期办结率 and of the average days, and each line says how many there are;
//! - 满意率 = (满意 + 基本满意) / evaluated, on each issue's latest rating (a 不满意 that
//!   reopened an issue counts until the issue has a new result);
//! - overdue = still open and past the deadline today;
//! - average working days from assignment (or registration) to resolution.
//!
//! Each can be split by department, category, source, tier, cadre, street or period, over the
//! issues registered in a period.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::kinds::{Source, Status, Tier};
use super::query::{LedgerQuery, Without};
use crate::error::Result;
use crate::day;
use crate::store::Store;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One line: the whole period.
    #[default]
    None,
    Department,
    Category,
    Source,
    Tier,
    Cadre,
    Street,
    Month,
    Quarter,
    Year,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s {
            "none" | "total" => GroupBy::None,
            "department" => GroupBy::Department,
            "category" => GroupBy::Category,
            "source" => GroupBy::Source,
            "tier" => GroupBy::Tier,
            "cadre" => GroupBy::Cadre,
            "street" => GroupBy::Street,
            "month" => GroupBy::Month,
            "quarter" => GroupBy::Quarter,
            "year" => GroupBy::Year,
            _ => return None,
        })
    }

    fn key_sql(self) -> &'static str {
        match self {
            GroupBy::None => "NULL",
            GroupBy::Department => "lead_department_id",
            GroupBy::Category => "category",
            GroupBy::Source => "source",
            GroupBy::Tier => "tier",
            GroupBy::Cadre => "taken_by",
            GroupBy::Street => "street_id",
            GroupBy::Month => "substr(registered_on, 1, 7)",
            GroupBy::Quarter => {
                "substr(registered_on, 1, 4) || '-Q' || ((CAST(substr(registered_on, 6, 2) AS INTEGER) + 2) / 3)"
            }
            GroupBy::Year => "substr(registered_on, 1, 4)",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct FiguresQuery {
    pub by: GroupBy,
    /// Issues registered on or after / on or before (YYYY-MM-DD).
    pub from: Option<String>,
    pub to: Option<String>,
    pub department_id: Option<String>,
    pub category: Option<String>,
    /// The day "overdue" is counted on; today when empty.
    pub today: Option<String>,
}

/// One line of figures: counts and the rates computed from them (percent, one decimal).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct FigureRow {
    /// The group's id or value (department id, category, "2026-03"); None for the total line
    /// and for issues without one (e.g. not yet assigned).
    pub key: Option<String>,
    pub label: String,
    /// All issues except withdrawn.
    pub total: u32,
    pub withdrawn: u32,
    /// Resolved + closed (办结).
    pub done: u32,
    pub closed: u32,
    pub on_time: u32,
    /// Of `done`, those whose 办结日期 is not known (imported ledgers): in 办结率, not in
    /// 按期办结率 nor in the average working days.
    pub date_unknown: u32,
    pub evaluated: u32,
    /// 满意 + 基本满意.
    pub satisfied: u32,
    pub open: u32,
    pub overdue: u32,
    pub long_term: u32,
    pub avg_working_days: Option<f64>,
    /// 办结率 %
    pub done_rate: Option<f64>,
    /// 按期办结率 %
    pub on_time_rate: Option<f64>,
    /// 满意率 %
    pub satisfaction_rate: Option<f64>,
    /// The ledger queries that list exactly the issues behind each count.
    pub ledger: FigureLedger,
}

/// For each count of a figures line, the ledger query listing exactly the issues it counts:
/// the figure and the ledger it opens agree by construction (a test checks every grouping).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct FigureLedger {
    pub total: LedgerQuery,
    pub done: LedgerQuery,
    pub open: LedgerQuery,
    pub overdue: LedgerQuery,
    pub long_term: LedgerQuery,
}

impl FigureLedger {
    /// The queries for the line of `key` when grouped `by` over `q`'s period and filters.
    fn new(q: &FiguresQuery, by: GroupBy, key: Option<&str>, today: &str) -> FigureLedger {
        let o = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let mut base = LedgerQuery {
            from: o(&q.from),
            to: o(&q.to),
            department_id: o(&q.department_id),
            category: o(&q.category),
            today: Some(today.to_string()),
            ..LedgerQuery::first_page()
        };
        let k = key.map(str::to_string);
        match by {
            GroupBy::None => {}
            GroupBy::Department if k.is_none() => base.without = Some(Without::LeadDepartment),
            GroupBy::Cadre if k.is_none() => base.without = Some(Without::Cadre),
            GroupBy::Street if k.is_none() => base.without = Some(Without::Street),
            GroupBy::Department => base.department_id = k,
            GroupBy::Cadre => base.cadre_id = k,
            GroupBy::Street => base.street_id = k,
            GroupBy::Category => base.category = k,
            GroupBy::Source => base.source = key.and_then(Source::parse),
            GroupBy::Tier => base.tier = key.and_then(Tier::parse),
            GroupBy::Month | GroupBy::Quarter | GroupBy::Year => {
                if let Some((first, last)) = key.and_then(|k| span(by, k)) {
                    base.from = Some(base.from.filter(|f| *f > first).unwrap_or(first));
                    base.to = Some(base.to.filter(|t| *t < last).unwrap_or(last));
                }
            }
        }
        let with = |status: &[Status], overdue: bool| LedgerQuery { status: status.to_vec(), overdue, ..base.clone() };
        let counted: Vec<Status> = Status::ALL.iter().copied().filter(|s| *s != Status::Withdrawn).collect();
        FigureLedger {
            total: with(&counted, false),
            done: with(&[Status::Resolved, Status::Closed], false),
            open: with(Status::OPEN, false),
            overdue: with(&[], true),
            long_term: with(&[Status::LongTerm], false),
        }
    }
}

/// The first and last day of a month ("2026-03"), quarter ("2026-Q1") or year ("2026").
fn span(by: GroupBy, key: &str) -> Option<(String, String)> {
    let year: i32 = key.get(..4)?.parse().ok()?;
    let (m1, m2) = match by {
        GroupBy::Month => {
            let m: u32 = key.get(5..7)?.parse().ok()?;
            (m, m)
        }
        GroupBy::Quarter => {
            let q: u32 = key.get(6..7)?.parse().ok()?;
            (q * 3 - 2, q * 3)
        }
        _ => (1, 12),
    };
    let first = chrono::NaiveDate::from_ymd_opt(year, m1, 1)?;
    let next = if m2 == 12 { chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)? } else { chrono::NaiveDate::from_ymd_opt(year, m2 + 1, 1)? };
    Some((day::fmt(first), day::fmt(next - chrono::Duration::days(1))))
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Figures {
    pub by: GroupBy,
    pub rows: Vec<FigureRow>,
    pub total: FigureRow,
}

/// n / d as a percentage with one decimal (179 / 216 → 82.9); None when d is 0.
pub fn rate(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| (n as f64 * 1000.0 / d as f64).round() / 10.0)
}

impl FigureRow {
    fn finish(mut self, working_days_sum: i64) -> FigureRow {
        let dated = self.done - self.date_unknown;
        self.avg_working_days = (dated > 0).then(|| (working_days_sum as f64 * 10.0 / dated as f64).round() / 10.0);
        self.done_rate = rate(self.done, self.total);
        self.on_time_rate = rate(self.on_time, dated);
        self.satisfaction_rate = rate(self.satisfied, self.evaluated);
        self
    }

    fn add(&mut self, o: &FigureRow) {
        self.total += o.total;
        self.withdrawn += o.withdrawn;
        self.done += o.done;
        self.closed += o.closed;
        self.on_time += o.on_time;
        self.date_unknown += o.date_unknown;
        self.evaluated += o.evaluated;
        self.satisfied += o.satisfied;
        self.open += o.open;
        self.overdue += o.overdue;
        self.long_term += o.long_term;
    }
}

/// One pass over the issues of the period, grouped in SQL.
pub fn figures(store: &Store, q: &FiguresQuery) -> Result<Figures> {
    let today = day::or_today("today", "日期", &q.today)?;
    let today_ = today.clone();
    let mut clauses = vec!["deleted = 0".to_string()];
    let mut params: Vec<SqlValue> = vec![SqlValue::Text(today)];
    let o = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    for (col, op, v) in [
        ("registered_on", ">=", o(&q.from)),
        ("registered_on", "<=", o(&q.to)),
        ("lead_department_id", "=", o(&q.department_id)),
        ("category", "=", o(&q.category)),
    ] {
        if let Some(v) = v {
            params.push(SqlValue::Text(v));
            clauses.push(format!("{col} {op} ?{}", params.len()));
        }
    }
    let sql = format!(
        "SELECT {key} AS k,
           sum(status <> 'withdrawn'), sum(status = 'withdrawn'),
           sum(status IN ('resolved', 'closed')), sum(status = 'closed'),
           sum(status IN ('resolved', 'closed') AND on_time = 1),
           sum(satisfaction IS NOT NULL AND status <> 'withdrawn'),
           sum(satisfaction IN ('satisfied', 'basic') AND status <> 'withdrawn'),
           sum(status IN ({open})),
           sum(status IN ({open}) AND deadline < ?1),
           sum(status = 'long_term'),
           sum(CASE WHEN status IN ('resolved', 'closed') THEN working_days ELSE 0 END),
           sum(status IN ('resolved', 'closed') AND resolved_on IS NULL)
         FROM issues WHERE {} GROUP BY k ORDER BY k",
        clauses.join(" AND "),
        key = q.by.key_sql(),
        open = Status::open_sql()
    );
    store.read(|c| {
        let mut stmt = c.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        let mut total = FigureRow { label: "合计".into(), ..Default::default() };
        let mut total_days = 0i64;
        while let Some(r) = rows.next()? {
            let n = |i: usize| -> rusqlite::Result<u32> { Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0) as u32) };
            let line = FigureRow {
                key: r.get(0)?,
                label: String::new(),
                total: n(1)?,
                withdrawn: n(2)?,
                done: n(3)?,
                closed: n(4)?,
                on_time: n(5)?,
                evaluated: n(6)?,
                satisfied: n(7)?,
                open: n(8)?,
                overdue: n(9)?,
                long_term: n(10)?,
                date_unknown: n(12)?,
                ..Default::default()
            };
            let days: i64 = r.get::<_, Option<i64>>(11)?.unwrap_or(0);
            total.add(&line);
            total_days += days;
            out.push(line.finish(days));
        }
        // A group of only withdrawn issues has nothing to show.
        out.retain(|l| l.total > 0);
        for line in &mut out {
            line.label = label(c, q.by, line.key.as_deref())?;
            line.ledger = FigureLedger::new(q, q.by, line.key.as_deref(), &today_);
        }
        if q.by != GroupBy::None {
            out.sort_by(|a, b| match q.by {
                GroupBy::Month | GroupBy::Quarter | GroupBy::Year => a.key.cmp(&b.key),
                // Busiest first, as leaders read a ranking.
                _ => b.total.cmp(&a.total).then_with(|| a.label.cmp(&b.label)),
            });
        }
        let mut total = total.finish(total_days);
        total.ledger = FigureLedger::new(q, GroupBy::None, None, &today_);
        Ok(Figures { by: q.by, rows: if q.by == GroupBy::None { vec![] } else { out }, total })
    })
}

fn label(c: &Connection, by: GroupBy, key: Option<&str>) -> Result<String> {
    let Some(k) = key else {
        return Ok(match by {
            GroupBy::Department => "未交办",
            GroupBy::Cadre => "未指定干部",
            GroupBy::Street => "未指定街道",
            _ => "合计",
        }
        .into());
    };
    let table = match by {
        GroupBy::Department | GroupBy::Street => "departments",
        GroupBy::Cadre => "cadres",
        GroupBy::Source => return Ok(Source::parse(k).map(|s| s.zh().to_string()).unwrap_or_else(|| k.into())),
        GroupBy::Tier => return Ok(Tier::parse(k).map(|s| s.zh().to_string()).unwrap_or_else(|| k.into())),
        _ => return Ok(k.to_string()),
    };
    let n: Option<String> = c
        .prepare_cached(&format!("SELECT name FROM {table} WHERE id = ?1"))?
        .query_row([k], |r| r.get(0))
        .ok();
    Ok(n.unwrap_or_else(|| k.to_string()))
}
