//! Flags on the working-day calendar, and the ledger's flag filter agreeing with them.

use chrono::NaiveDate;

use super::*;
use crate::calendar::Calendar;
use crate::model::issue::flag::FlagBounds;
use crate::model::issue::ledger::{ledger, LedgerQuery};
use crate::model::issue::rules::IssueRules;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn flags_count_working_days_around_national_day() {
    // Monday 2024-09-30: yellow reaches two working days ahead, past the 国庆 break (10-08,
    // 10-09); black starts ten working days back, counting the 调休 Sunday 09-29 and
    // Saturday 09-14 and skipping 中秋 (09-15..17).
    let b = FlagBounds::new(&Calendar::official(), &IssueRules::default(), d("2024-09-30"));
    assert_eq!((b.yellow_until.as_str(), b.black_before.as_str()), ("2024-10-09", "2024-09-14"));
    let open = |deadline: &str| b.of(Status::InProgress, Some(deadline), 0);
    assert_eq!(open("2024-09-13"), Some(Flag::Black));
    assert_eq!(open("2024-09-14"), Some(Flag::Red));
    assert_eq!(open("2024-09-29"), Some(Flag::Red));
    assert_eq!(open("2024-09-30"), Some(Flag::Yellow));
    assert_eq!(open("2024-10-09"), Some(Flag::Yellow));
    assert_eq!(open("2024-10-10"), Some(Flag::Green));
    // Reopened twice: black whatever the deadline. Closed or without a deadline: no flag.
    assert_eq!(b.of(Status::InProgress, Some("2024-12-31"), 2), Some(Flag::Black));
    assert_eq!(b.of(Status::Closed, Some("2024-09-01"), 0), None);
    assert_eq!(b.of(Status::Registered, None, 0), None);
}

#[test]
fn ledger_flag_filter_matches_the_computed_flags() {
    let f = fx();
    let deadlines = ["2024-09-10", "2024-09-14", "2024-09-27", "2024-09-30", "2024-10-09", "2024-10-10", "2024-11-30"];
    for (n, dl) in deadlines.iter().enumerate() {
        let i = f.register("2024-09-02");
        let action = Action::Assign {
            lead_department_id: f.dept.clone(),
            assisting: vec![],
            days: None,
            deadline: Some((*dl).into()),
            batch_id: None,
            note: None,
        };
        let i = f.ok(&i, "2024-09-02", action);
        if n % 2 == 0 {
            f.ok(&i, "2024-09-03", Action::Accept { note: None });
        }
    }
    f.resolved("2024-09-02", "2024-09-02", "2024-09-05"); // no flag once resolved
    let q = |flags: Vec<Flag>| LedgerQuery { flag: flags, today: Some("2024-09-30".into()), ..Default::default() };
    let all = ledger(f.store(), &q(vec![])).unwrap();
    assert_eq!(all.total, 8);
    for flag in [Flag::Green, Flag::Yellow, Flag::Red, Flag::Black] {
        let page = ledger(f.store(), &q(vec![flag])).unwrap();
        let want = all.rows.iter().filter(|r| r.flag == Some(flag)).count();
        assert_eq!(page.total as usize, want, "{flag:?}");
        assert!(page.rows.iter().all(|r| r.flag == Some(flag)));
    }
    let counts: Vec<usize> = [Flag::Black, Flag::Red, Flag::Yellow, Flag::Green]
        .iter()
        .map(|fl| all.rows.iter().filter(|r| r.flag == Some(*fl)).count())
        .collect();
    assert_eq!(counts, [1, 2, 2, 2]);
    let red_or_black = ledger(f.store(), &q(vec![Flag::Red, Flag::Black])).unwrap();
    assert_eq!(red_or_black.total, 3);
}
