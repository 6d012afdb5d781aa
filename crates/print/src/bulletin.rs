//! The data of 工作通报: core's figures for the period, the department ranking, and the red and
//! black flags still open.
use lianxin_core::model::issue::figures::{figures, FigureRow, FiguresQuery, GroupBy};
use lianxin_core::model::issue::ledger::ledger;
use lianxin_core::model::issue::ledger::LedgerQuery;
use lianxin_core::Store;
use serde_json::{json, Value};

use crate::error::{PrintError, Result};
use crate::Gathered;

/// Overdue issues listed by name; the count says how many more there are.
const OVERDUE_LISTED: u32 = 40;

fn row_json(r: &FigureRow) -> Value {
    json!({
        "label": r.label, "total": r.total, "done": r.done, "open": r.open, "overdue": r.overdue,
        "long_term": r.long_term, "done_rate": r.done_rate, "on_time_rate": r.on_time_rate,
        "satisfaction_rate": r.satisfaction_rate, "avg_days": r.avg_working_days,
    })
}

/// "2026年11月", "2026年第3季度", "2026年" or "2026-01-05至2026-02-10" from a period's ends.
pub fn period_label(from: &str, to: &str) -> String {
    let (fy, fm, fd) = (&from[..4.min(from.len())], from.get(5..7).unwrap_or(""), from.get(8..10).unwrap_or(""));
    let (ty, tm) = (&to[..4.min(to.len())], to.get(5..7).unwrap_or(""));
    let last_day = lianxin_core::day::parse(to)
        .map(|d| d.succ_opt().map(|n| chrono::Datelike::day(&n) == 1).unwrap_or(false))
        .unwrap_or(false);
    if fy == ty && fd == "01" && last_day {
        let m: u32 = fm.parse().unwrap_or(0);
        let n: u32 = tm.parse().unwrap_or(0);
        if m == 1 && n == 12 {
            return format!("{fy}年");
        }
        if m == n {
            return format!("{fy}年{m}月");
        }
        if n == m + 2 && m % 3 == 1 {
            return format!("{fy}年第{}季度", m / 3 + 1);
        }
        return format!("{fy}年{m}月至{n}月");
    }
    format!("{from}至{to}")
}

pub(crate) fn gather(store: &Store, from: &str, to: &str, today: &str) -> Result<Gathered> {
    let q = FiguresQuery {
        by: GroupBy::Department,
        from: Some(from.to_string()),
        to: Some(to.to_string()),
        today: Some(today.to_string()),
        ..FiguresQuery::default()
    };
    let f = figures(store, &q)?;
    if f.total.total == 0 {
        return Err(PrintError::Empty(format!("{} 没有登记的问题，无可通报", period_label(from, to))));
    }
    // Ranking: the departments that lead issues, best 办结率 then 按期办结率 first.
    let mut ranked: Vec<&FigureRow> = f.rows.iter().filter(|r| r.key.is_some() && r.total > 0).collect();
    ranked.sort_by(|a, b| {
        let k = |r: &FigureRow| (r.done_rate.unwrap_or(-1.0), r.on_time_rate.unwrap_or(-1.0), r.total);
        k(b).partial_cmp(&k(a)).unwrap_or(std::cmp::Ordering::Equal)
    });
    // The same 超期 the figures count (open, past the deadline), each with its flag.
    let overdue_q = LedgerQuery {
        from: Some(from.to_string()),
        to: Some(to.to_string()),
        overdue: true,
        today: Some(today.to_string()),
        page_size: OVERDUE_LISTED,
        desc: false,
        ..LedgerQuery::first_page()
    };
    let overdue = ledger(store, &overdue_q)?;
    let overdue_rows: Vec<Value> = overdue
        .rows
        .iter()
        .map(|r| {
            json!({"no": r.no, "who": r.subject, "content": r.content,
                   "lead": r.lead_department, "deadline": r.deadline, "flag": r.flag.map(|f| f.zh()),
                   "flag_tag": r.flag.map(|f| f.as_str())})
        })
        .collect();
    let unassigned = f.rows.iter().find(|r| r.key.is_none()).map(row_json);
    let records = overdue_rows.iter().map(|r| (format!("问题 {}", r["no"].as_str().unwrap_or("")), r.clone())).collect();
    Ok(Gathered {
        data: json!({
            "period": period_label(from, to), "from": from, "to": to, "today": today,
            "total": row_json(&f.total),
            "ranking": ranked.iter().map(|r| row_json(r)).collect::<Vec<_>>(),
            "unassigned": unassigned,
            "overdue": overdue_rows,
            "overdue_total": overdue.total,
        }),
        records,
        notes: vec![],
        count: f.total.total,
    })
}

#[cfg(test)]
mod tests {
    use super::period_label;

    #[test]
    fn periods_are_named_as_offices_say_them() {
        assert_eq!(period_label("2026-11-01", "2026-11-30"), "2026年11月");
        assert_eq!(period_label("2026-07-01", "2026-09-30"), "2026年第3季度");
        assert_eq!(period_label("2026-01-01", "2026-12-31"), "2026年");
        assert_eq!(period_label("2026-01-01", "2026-06-30"), "2026年1月至6月");
        assert_eq!(period_label("2026-01-05", "2026-02-10"), "2026-01-05至2026-02-10");
    }
}
