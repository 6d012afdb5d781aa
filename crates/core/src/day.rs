//! Business dates (`YYYY-MM-DD`, DESIGN.md's data rules): today on this machine, parsing and
//! formatting, and the one check a date typed into a form goes through. Every module that
//! handles a date of the domain (deadlines, liaisons, figures, imports) takes it from here.

use chrono::NaiveDate;

use crate::error::{CoreError, Result};

/// Today as YYYY-MM-DD, in the machine's local time zone (an office's day, not UTC's).
pub fn today() -> String {
    fmt(today_date())
}

pub fn today_date() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A YYYY-MM-DD text as a date; None when it is not one.
pub fn parse(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A date already checked (a stored field); the epoch's first day if it is somehow not one,
/// so a damaged row shows as old rather than stopping a page.
pub fn parse_or_min(s: &str) -> NaiveDate {
    parse(s).unwrap_or_default()
}

pub fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A YYYY-MM-DD date as typed into `field`, or today when empty.
pub fn or_today(field: &str, label: &str, s: &Option<String>) -> Result<String> {
    match s.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(today()),
        Some(d) if parse(d).is_some() => Ok(d.to_string()),
        Some(d) => Err(CoreError::validation(field, format!("{label}“{d}”格式不对,应为 年-月-日(如 2026-03-01)"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_full_dates() {
        assert_eq!(parse("2026-03-01"), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(parse(" 2026-03-01 "), NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(parse("2026-3-1"), None);
        assert_eq!(parse("2026-02-30"), None);
        assert!(or_today("d", "日期", &Some("3月1日".into())).unwrap_err().to_string().contains("格式不对"));
        assert_eq!(or_today("d", "日期", &None).unwrap(), today());
    }
}
