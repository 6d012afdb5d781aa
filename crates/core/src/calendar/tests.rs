//! Calendar tests against the official schedules, plus the counting arithmetic and overrides.

use super::*;
use chrono::Weekday;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn days(from: &str, to: &str) -> Vec<NaiveDate> {
    d(from).iter_days().take_while(|x| *x <= d(to)).collect()
}

fn assert_off(cal: &Calendar, from: &str, to: &str) {
    for x in days(from, to) {
        assert_eq!(cal.day_kind(x), DayKind::Holiday, "{x} should be a holiday");
    }
}

fn assert_makeup(cal: &Calendar, dates: &[&str]) {
    for s in dates {
        assert_eq!(cal.day_kind(d(s)), DayKind::MakeupWorkday, "{s} should be a make-up working day");
        assert!(matches!(d(s).weekday(), Weekday::Sat | Weekday::Sun), "{s} is not a weekend day");
    }
}

#[test]
fn the_table_is_well_formed() {
    let years: Vec<i32> = official::SCHEDULE.iter().map(|y| y.year).collect();
    assert_eq!(years, Calendar::official_years().collect::<Vec<_>>());
    let mut seen = BTreeSet::new();
    for y in official::SCHEDULE {
        for h in y.holidays {
            let (a, b) = (d(h.off.0), d(h.off.1));
            assert!(a <= b && b.year() == y.year && a.year() >= y.year - 1, "{} {}", y.year, h.name);
            for x in days(h.off.0, h.off.1) {
                assert!(seen.insert(x), "{x} listed twice");
            }
            for m in h.makeup {
                assert!(seen.insert(d(m)), "{m} listed twice");
                assert!(matches!(d(m).weekday(), Weekday::Sat | Weekday::Sun), "make-up day {m} is not a weekend day");
            }
        }
    }
}

#[test]
fn spring_festival_2024_and_its_working_sundays() {
    let cal = Calendar::official();
    assert_off(&cal, "2024-02-10", "2024-02-17");
    assert_makeup(&cal, &["2024-02-04", "2024-02-18"]);
    assert_eq!(cal.day_kind(d("2024-02-09")), DayKind::Workday, "除夕 was worked in 2024");
    assert_eq!(cal.year(2024).iter().find(|x| x.date == "2024-02-12").unwrap().name.as_deref(), Some("春节"));
}

#[test]
fn national_day_2024() {
    let cal = Calendar::official();
    assert_off(&cal, "2024-10-01", "2024-10-07");
    assert_makeup(&cal, &["2024-09-29", "2024-10-12"]);
    assert!(cal.is_workday(d("2024-10-08")));
    assert_eq!(cal.day_kind(d("2024-10-13")), DayKind::Weekend);
}

#[test]
fn spring_festival_2025() {
    let cal = Calendar::official();
    assert_off(&cal, "2025-01-28", "2025-02-04");
    assert_makeup(&cal, &["2025-01-26", "2025-02-08"]);
    assert!(cal.is_workday(d("2025-01-27")) && cal.is_workday(d("2025-02-05")));
}

#[test]
fn year_2026() {
    let cal = Calendar::official();
    assert_off(&cal, "2026-01-01", "2026-01-03");
    assert_off(&cal, "2026-02-15", "2026-02-23");
    assert_off(&cal, "2026-05-01", "2026-05-05");
    assert_off(&cal, "2026-10-01", "2026-10-07");
    assert_makeup(&cal, &["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);
    assert!(cal.is_workday(d("2026-10-08")) && cal.is_workday(d("2026-10-09")));
}

#[test]
fn year_2020_has_the_covid_extension() {
    let cal = Calendar::official();
    assert_off(&cal, "2020-01-24", "2020-02-02");
    assert_makeup(&cal, &["2020-01-19"]);
    assert_eq!(cal.day_kind(d("2020-02-01")), DayKind::Holiday, "the Feb 1 make-up day was cancelled");
    assert!(cal.is_workday(d("2020-02-03")));
}

/// Each holiday's days off and make-up days, year by year, as the notices count them.
#[test]
fn holiday_lengths_per_year() {
    /// Year, then each holiday's name, days off and make-up days.
    type Lengths = (i32, &'static [(&'static str, usize, usize)]);
    #[rustfmt::skip]
    let want: &[Lengths] = &[
        (2020, &[("元旦", 1, 0), ("春节", 10, 1), ("清明节", 3, 0), ("劳动节", 5, 2), ("端午节", 3, 1), ("国庆节、中秋节", 8, 2)]),
        (2021, &[("元旦", 3, 0), ("春节", 7, 2), ("清明节", 3, 0), ("劳动节", 5, 2), ("端午节", 3, 0), ("中秋节", 3, 1), ("国庆节", 7, 2)]),
        (2022, &[("元旦", 3, 0), ("春节", 7, 2), ("清明节", 3, 1), ("劳动节", 5, 2), ("端午节", 3, 0), ("中秋节", 3, 0), ("国庆节", 7, 2)]),
        (2023, &[("元旦", 3, 0), ("春节", 7, 2), ("清明节", 1, 0), ("劳动节", 5, 2), ("端午节", 3, 1), ("中秋节、国庆节", 8, 2)]),
        (2024, &[("元旦", 1, 0), ("春节", 8, 2), ("清明节", 3, 1), ("劳动节", 5, 2), ("端午节", 1, 0), ("中秋节", 3, 1), ("国庆节", 7, 2)]),
        (2025, &[("元旦", 1, 0), ("春节", 8, 2), ("清明节", 3, 0), ("劳动节", 5, 1), ("端午节", 3, 0), ("国庆节、中秋节", 8, 2)]),
        (2026, &[("元旦", 3, 1), ("春节", 9, 2), ("清明节", 3, 0), ("劳动节", 5, 1), ("端午节", 3, 0), ("中秋节", 3, 0), ("国庆节", 7, 2)]),
    ];
    let cal = Calendar::official();
    // Runs of consecutive named days off, each belonging to the year it ends in (2023's 元旦
    // starts on 2022-12-31).
    let all: Vec<CalendarDay> = (2019..=2027).flat_map(|y| cal.year(y)).collect();
    let mut got: BTreeMap<i32, Vec<(String, usize, usize)>> = BTreeMap::new();
    let mut i = 0;
    while i < all.len() {
        let (day, name) = (&all[i], all[i].name.clone());
        if day.kind != DayKind::Holiday || name.is_none() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < all.len() && all[j].kind == DayKind::Holiday && all[j].name == name {
            j += 1;
        }
        let year = d(&all[j - 1].date).year();
        got.entry(year).or_default().push((name.unwrap(), j - i, 0));
        i = j;
    }
    for day in all.iter().filter(|x| x.kind == DayKind::MakeupWorkday) {
        let entry = got.get_mut(&d(&day.date).year()).unwrap();
        entry.iter_mut().find(|h| Some(&h.0) == day.name.as_ref()).unwrap().2 += 1;
    }
    for (year, holidays) in want {
        let want: Vec<(String, usize, usize)> = holidays.iter().map(|&(n, off, on)| (n.to_string(), off, on)).collect();
        assert_eq!(got.remove(year).unwrap_or_default(), want, "{year}");
    }
    assert!(got.is_empty(), "holidays outside the official years: {got:?}");
}

/// Working days per year. 2024's 251 is the published figure; the rest check against
/// weekdays minus statutory days (11 a year, 13 from 2025; 2020 lost two more to the
/// extension: Jan 31 off and the Feb 1 make-up day cancelled).
#[test]
fn working_days_per_year() {
    let cal = Calendar::official();
    let want = [(2020, 249), (2021, 250), (2022, 249), (2023, 249), (2024, 251), (2025, 248), (2026, 248)];
    for (year, n) in want {
        let counted = cal.year(year).iter().filter(|x| x.kind.is_workday()).count() as i64;
        assert_eq!(counted, n, "{year}");
        let between = cal.workdays_between(ymd(year - 1, 12, 31), ymd(year, 12, 31));
        assert_eq!(between, n, "{year} by prefix sums");
    }
}

#[test]
fn add_and_sub_across_national_day() {
    let cal = Calendar::official();
    assert_eq!(cal.add_workdays(d("2024-09-30"), 1), d("2024-10-08"));
    assert_eq!(cal.add_workdays(d("2024-09-27"), 1), d("2024-09-29"), "the working Sunday counts");
    assert_eq!(cal.add_workdays(d("2024-10-03"), 0), d("2024-10-03"));
    assert_eq!(cal.add_workdays(d("2024-10-03"), 1), d("2024-10-08"), "counting from a day off");
    assert_eq!(cal.add_workdays(d("2024-09-30"), 5), d("2024-10-12"));
    assert_eq!(cal.sub_workdays(d("2024-10-08"), 1), d("2024-09-30"));
    assert_eq!(cal.sub_workdays(d("2024-10-05"), 1), d("2024-09-30"));
    assert_eq!(cal.sub_workdays(d("2024-10-05"), 0), d("2024-10-05"));
    assert_eq!(cal.sub_workdays(d("2024-10-12"), 5), d("2024-09-30"));
}

#[test]
fn workdays_between_counts_the_end_not_the_start() {
    let cal = Calendar::official();
    // Friday to Monday.
    assert_eq!(cal.workdays_between(d("2024-03-08"), d("2024-03-11")), 1);
    assert_eq!(cal.workdays_between(d("2024-03-11"), d("2024-03-08")), -1);
    assert_eq!(cal.workdays_between(d("2024-03-11"), d("2024-03-11")), 0);
    assert_eq!(cal.workdays_between(d("2024-09-30"), d("2024-10-08")), 1);
    assert_eq!(cal.workdays_between(d("2024-10-08"), d("2024-09-30")), -1);
    assert_eq!(cal.workdays_between(d("2024-10-01"), d("2024-10-07")), 0);
}

#[test]
fn uncovered_years_have_plain_weekends() {
    let cal = Calendar::official();
    for year in [2019, 2027, 2035, 2050, 1990] {
        for day in cal.year(year) {
            let x = d(&day.date);
            let weekend = matches!(x.weekday(), Weekday::Sat | Weekday::Sun);
            let want = if weekend { DayKind::Weekend } else { DayKind::Workday };
            assert_eq!(day.kind, want, "{x}");
            assert_eq!(day.name, None);
        }
    }
    assert_eq!(cal.add_workdays(d("2035-01-05"), 1), d("2035-01-08"), "a Friday, then Monday");
    assert_eq!(cal.workdays_between(d("2050-01-07"), d("2050-01-14")), 5);
}

/// cum() steps by one exactly on working days, across the grid's edges and around overrides
/// outside it.
#[test]
fn counting_is_consistent_everywhere() {
    let mut over = BTreeMap::new();
    over.insert("1990-06-02".to_string(), DayKind::MakeupWorkday); // a Saturday
    over.insert("1990-06-04".to_string(), DayKind::Holiday); // a Monday
    over.insert("2050-01-03".to_string(), DayKind::Holiday);
    over.insert("2040-12-31".to_string(), DayKind::Holiday);
    over.insert("not a date".to_string(), DayKind::Holiday);
    let cal = Calendar::with_overrides(&over);
    assert!(cal.is_workday(d("1990-06-02")) && !cal.is_workday(d("1990-06-04")) && !cal.is_workday(d("2050-01-03")));
    let spans =
        [("1990-05-20", "1990-06-20"), ("2018-12-01", "2019-01-31"), ("2040-12-01", "2041-01-31"), ("2049-12-20", "2050-01-20")];
    for (from, to) in spans {
        for x in days(from, to) {
            let prev = x.pred_opt().unwrap();
            assert_eq!(cal.workdays_between(prev, x), cal.is_workday(x) as i64, "{x}");
        }
    }
    // Whole spans across the edges agree with day-by-day counting.
    let count = |a: &str, b: &str| days(a, b).iter().skip(1).filter(|x| cal.is_workday(**x)).count() as i64;
    assert_eq!(cal.workdays_between(d("1990-01-01"), d("2060-01-01")), count("1990-01-01", "2060-01-01"));
    assert_eq!(cal.add_workdays(d("1990-06-01"), 1), d("1990-06-02"));
    assert_eq!(cal.add_workdays(d("1990-06-02"), 1), d("1990-06-05"));
    assert_eq!(cal.sub_workdays(d("1990-06-05"), 2), d("1990-06-01"));
}

/// workdays_between(a, add_workdays(a, n)) == n, over a fixed pseudo-random sample.
#[test]
fn add_then_between_round_trips() {
    let cal = Calendar::official();
    let mut seed: u64 = 0x2024_1001;
    let mut next = || {
        // xorshift64
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let start = day_number(d("2020-01-01"));
    let span = day_number(d("2030-12-31")) - start;
    for _ in 0..5000 {
        let a = date_of(start + (next() % span as u64) as i64);
        let n = (next() % 400) as u32;
        let r = cal.add_workdays(a, n);
        assert_eq!(cal.workdays_between(a, r), n as i64, "{a} + {n} = {r}");
        if n > 0 {
            assert!(cal.is_workday(r) && r > a);
            assert!(cal.add_workdays(a, n - 1) < r);
        }
        if cal.is_workday(a) {
            assert_eq!(cal.sub_workdays(r, n), a, "{r} - {n}");
        }
        // Working days in [back, a) are n, so in (back, a] one fewer unless a itself is one.
        let back = cal.sub_workdays(a, n);
        let want = if n == 0 { 0 } else { n as i64 - 1 + cal.is_workday(a) as i64 };
        assert_eq!(cal.workdays_between(back, a), want, "{a} - {n} = {back}");
        assert!(n == 0 || (cal.is_workday(back) && back < a));
    }
}

#[test]
fn extremes_do_not_panic() {
    let cal = Calendar::official();
    assert_eq!(cal.add_workdays(NaiveDate::MAX, 5), NaiveDate::MAX);
    assert_eq!(cal.sub_workdays(NaiveDate::MIN, 5), NaiveDate::MIN);
    assert_eq!(cal.add_workdays(d("2020-01-01"), u32::MAX), NaiveDate::MAX);
    assert_eq!(cal.sub_workdays(d("2020-01-01"), u32::MAX), NaiveDate::MIN);
    assert!(cal.workdays_between(NaiveDate::MIN, NaiveDate::MAX) > 0);
    let _ = cal.day_kind(NaiveDate::MIN);
    assert!(cal.year(i32::MAX).is_empty());
}

fn temp_store() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = Store::open(&path).unwrap();
    store.set_actor("测试员").unwrap();
    (dir, path, store)
}

#[test]
fn overrides_are_stored_and_survive_reopening() {
    let (_dir, path, store) = temp_store();
    assert!(Calendar::load(&store).unwrap().is_workday(d("2027-01-01")), "a Friday, not yet covered");

    let cal = set_day(&store, "2027-01-01", Some(DayKind::Holiday), Some(" 元旦 ".into())).unwrap();
    assert!(!cal.is_workday(d("2027-01-01")));
    // A worked Saturday is stored as a make-up day; an official holiday made a working day.
    set_day(&store, "2027-01-09", Some(DayKind::Workday), None).unwrap();
    set_day(&store, "2024-10-07", Some(DayKind::Workday), None).unwrap();
    // Set and then taken back.
    set_day(&store, "2024-03-11", Some(DayKind::Holiday), None).unwrap();
    let cal = set_day(&store, "2024-03-11", None, None).unwrap();
    assert!(cal.is_workday(d("2024-03-11")));
    drop(store);

    let store = Store::open(&path).unwrap();
    let cal = Calendar::load(&store).unwrap();
    assert_eq!(cal.day_kind(d("2027-01-01")), DayKind::Holiday);
    assert_eq!(cal.day_kind(d("2027-01-09")), DayKind::MakeupWorkday);
    assert_eq!(cal.day_kind(d("2024-10-07")), DayKind::Workday);
    assert_eq!(cal.day_kind(d("2024-03-11")), DayKind::Workday);
    assert_eq!(cal.add_workdays(d("2024-09-30"), 1), d("2024-10-07"));
    let jan1 = &cal.year(2027)[0];
    assert_eq!((jan1.name.as_deref(), jan1.overridden), (Some("元旦"), true));
    let oct7 = cal.year(2024).into_iter().find(|x| x.date == "2024-10-07").unwrap();
    assert_eq!((oct7.name, oct7.overridden), (None, true));
    assert!(!cal.year(2024).iter().any(|x| x.date == "2024-03-11" && x.overridden));

    let stored = settings::get(&store, OVERRIDES_KEY).unwrap().unwrap();
    assert_eq!(stored["2027-01-01"], serde_json::json!({"kind": "holiday", "name": "元旦"}));
    assert_eq!(stored["2027-01-09"], serde_json::json!({"kind": "makeup_workday"}));
}

#[test]
fn unreadable_stored_entries_are_skipped_and_kept() {
    let (_dir, _path, store) = temp_store();
    let raw = serde_json::json!({"2027-01-01": {"kind": "holiday"}, "junk": 1, "2027-01-04": {"kind": "lunch"}});
    settings::set(&store, OVERRIDES_KEY, raw).unwrap();
    let cal = Calendar::load(&store).unwrap();
    assert!(!cal.is_workday(d("2027-01-01")) && cal.is_workday(d("2027-01-04")));
    set_day(&store, "2027-01-05", Some(DayKind::Holiday), None).unwrap();
    let stored = settings::get(&store, OVERRIDES_KEY).unwrap().unwrap();
    assert_eq!(stored["junk"], 1, "another version's entries are left alone");
}

#[test]
fn bad_input_is_refused_in_chinese() {
    let (_dir, _path, store) = temp_store();
    let err = set_day(&store, "2024/13/01", Some(DayKind::Holiday), None).unwrap_err();
    assert_eq!((err.code(), err.field()), ("validation", Some("date")));
    assert_eq!(err.to_string(), "日期“2024/13/01”格式不对,应为 年-月-日");
    let err = set_day(&store, "2024-02-30", Some(DayKind::Holiday), None).unwrap_err();
    assert_eq!(err.field(), Some("date"));
    let err = set_day(&store, "2027-01-01", Some(DayKind::Holiday), Some("很".repeat(21))).unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert_eq!(settings::get(&store, OVERRIDES_KEY).unwrap(), None, "nothing written");
}
