//! 督办亮灯: the warning flag of an open issue, computed from its deadline and today, never
//! stored (it changes every day). For the ledger a flag becomes a range of deadlines, so a flag
//! filter reads the open-deadline index instead of computing every row's flag.

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;

use super::kinds::{Flag, Status};
use super::record::Issue;
use super::rules::IssueRules;
use crate::calendar::Calendar;

/// The day boundaries of the flags for one day.
#[derive(Debug, Clone)]
pub struct FlagBounds {
    pub today: String,
    /// Yellow up to and including this deadline.
    pub yellow_until: String,
    /// Black for deadlines before this day (overdue by more than `black_days` working days).
    pub black_before: String,
    pub black_reopens: u32,
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl FlagBounds {
    pub fn new(cal: &Calendar, rules: &IssueRules, today: NaiveDate) -> FlagBounds {
        FlagBounds {
            today: fmt(today),
            yellow_until: fmt(cal.add_workdays(today, rules.yellow_days)),
            black_before: fmt(cal.sub_workdays(today, rules.black_days)),
            black_reopens: rules.black_reopens,
        }
    }

    /// The flag of an issue still waiting on someone with a deadline; None otherwise.
    pub fn flag(&self, issue: &Issue) -> Option<Flag> {
        self.of(issue.status, issue.deadline.as_deref(), issue.reopens)
    }

    pub fn of(&self, status: Status, deadline: Option<&str>, reopens: u32) -> Option<Flag> {
        let d = deadline.filter(|_| status.is_open())?;
        Some(if reopens >= self.black_reopens { Flag::Black } else { self.of_date(d) })
    }

    /// The flag of a due date alone (an issue's deadline, a project's milestone not yet done).
    pub fn of_date(&self, d: &str) -> Flag {
        if d < self.black_before.as_str() {
            Flag::Black
        } else if d < self.today.as_str() {
            Flag::Red
        } else if d <= self.yellow_until.as_str() {
            Flag::Yellow
        } else {
            Flag::Green
        }
    }

    /// A condition (with `?` placeholders) and its values selecting the rows whose date column
    /// `col` has `flag` by `of_date`.
    pub(crate) fn date_sql(&self, col: &str, flag: Flag) -> (String, Vec<SqlValue>) {
        let t = |s: &str| SqlValue::Text(s.to_string());
        match flag {
            Flag::Black => (format!("{col} < ?"), vec![t(&self.black_before)]),
            Flag::Red => (format!("{col} >= ? AND {col} < ?"), vec![t(&self.black_before), t(&self.today)]),
            Flag::Yellow => (format!("{col} >= ? AND {col} <= ?"), vec![t(&self.today), t(&self.yellow_until)]),
            Flag::Green => (format!("{col} > ?"), vec![t(&self.yellow_until)]),
        }
    }

    /// A WHERE clause (with `?` placeholders) and its values selecting issues of any of `flags`.
    /// Written against the open-deadline partial index's own condition so SQLite can use it.
    pub(crate) fn sql(&self, flags: &[Flag]) -> (String, Vec<SqlValue>) {
        let mut ors = Vec::new();
        let mut vals: Vec<SqlValue> = Vec::new();
        for f in flags {
            let (date, v) = self.date_sql("deadline", *f);
            vals.extend(v);
            if *f == Flag::Black {
                ors.push(format!("({date} OR (deadline IS NOT NULL AND reopens >= ?))"));
            } else {
                ors.push(format!("({date} AND reopens < ?)"));
            }
            vals.push(SqlValue::Integer(self.black_reopens as i64));
        }
        (
            format!(
                "deleted = 0 AND status IN ({}) AND ({})",
                Status::open_sql(),
                ors.join(" OR ")
            ),
            vals,
        )
    }
}
