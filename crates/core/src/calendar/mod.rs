//! The Chinese working-day calendar (工作日历) that deadlines are counted in: weekends and
//! statutory holidays off, make-up weekend days (调休上班) on.
//!
//! The official schedule for 2020–2026 is built in (`official.rs`); an administrator can mark
//! further days off or on, stored in the synced setting `calendar_overrides` as
//! `{"2027-01-01": {"kind": "holiday", "name": "元旦"}}`. Outside the covered years the plain
//! Monday–Friday rule applies.
//!
//! Counting works on one function, `cum(x)`: the working days up to and including day `x`,
//! measured from a fixed origin. Inside 2019–2040 it is a lookup in a prefix-sum array, outside
//! it is weekday arithmetic plus the (few) overrides out there, so it is defined for every day.
//! A span is a difference of two `cum`s, and adding or subtracting working days is a search
//! for where `cum` reaches a value.

mod official;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::{RangeBounds, RangeInclusive};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use specta::Type;

use crate::error::{CoreError, Result};
use crate::store::settings;
use crate::Store;

/// The settings key holding the administrator's edits.
pub const OVERRIDES_KEY: &str = "calendar_overrides";

/// The years the prefix-sum array covers. Wider than the official table so that deadlines
/// running a few years past it (and overrides for coming years) stay O(1).
const GRID_FIRST_YEAR: i32 = 2019;
const GRID_LAST_YEAR: i32 = 2040;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// Monday to Friday, worked.
    Workday,
    /// Saturday or Sunday, off.
    Weekend,
    /// A day off by notice or by the administrator (including weekend days inside a holiday run).
    Holiday,
    /// A weekend day that is worked (调休上班).
    MakeupWorkday,
}

impl DayKind {
    pub fn is_workday(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday)
    }
}

/// One day as the calendar page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CalendarDay {
    /// YYYY-MM-DD
    pub date: String,
    pub kind: DayKind,
    /// The holiday the day belongs to ("国庆节"), for days off and make-up days alike.
    pub name: Option<String>,
    /// The administrator changed this day.
    pub overridden: bool,
}

/// One administrator's edit as stored in the `calendar_overrides` setting, keyed by date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DayOverride {
    pub kind: DayKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The working-day calendar: the official schedule plus overrides, precomputed.
#[derive(Clone)]
pub struct Calendar {
    /// Day number (`num_days_from_ce`) of the grid's first day, 2019-01-01.
    first: i64,
    /// The kind of each grid day.
    kinds: Vec<DayKind>,
    /// `prefix[i]`: working days among the first `i` grid days.
    prefix: Vec<u32>,
    /// `cum` of the day before the grid.
    base: i64,
    /// Overrides for days outside the grid, by day number.
    outside: BTreeMap<i64, DayKind>,
    /// Holiday names, official then overridden.
    names: BTreeMap<NaiveDate, String>,
    overridden: BTreeSet<NaiveDate>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The arrays are thousands of entries; the overrides are what tells calendars apart.
        f.debug_struct("Calendar").field("overridden", &self.overridden).finish_non_exhaustive()
    }
}

impl Calendar {
    /// The built-in official schedule only.
    pub fn official() -> Calendar {
        Calendar::build(std::iter::empty())
    }

    /// The official schedule with days changed by date ("YYYY-MM-DD"). Keys that are not dates
    /// are skipped.
    pub fn with_overrides(overrides: &BTreeMap<String, DayKind>) -> Calendar {
        Calendar::build(overrides.iter().filter_map(|(k, &kind)| Some((parse_date(k)?, kind, None))))
    }

    /// The official schedule with the overrides stored in the zone's settings.
    pub fn load(store: &Store) -> Result<Calendar> {
        Ok(Calendar::from_stored(&stored_overrides(store)?))
    }

    fn from_stored(map: &Map<String, Value>) -> Calendar {
        // Entries come from other devices and versions through sync; one that cannot be read is
        // skipped rather than stopping every deadline computation.
        Calendar::build(map.iter().filter_map(|(k, v)| {
            let o = serde_json::from_value::<DayOverride>(v.clone()).ok()?;
            Some((parse_date(k)?, o.kind, o.name))
        }))
    }

    fn build(overrides: impl IntoIterator<Item = (NaiveDate, DayKind, Option<String>)>) -> Calendar {
        let first = day_number(ymd(GRID_FIRST_YEAR, 1, 1));
        let last = day_number(ymd(GRID_LAST_YEAR, 12, 31));
        let mut kinds: Vec<DayKind> = (first..=last).map(plain_kind).collect();
        let mut names = BTreeMap::new();
        let mut set = |d: NaiveDate, kind: DayKind, name: &str| {
            kinds[(day_number(d) - first) as usize] = kind;
            names.insert(d, name.to_string());
        };
        for year in official::SCHEDULE {
            for h in year.holidays {
                let (from, to) = (official_date(h.off.0), official_date(h.off.1));
                for d in from.iter_days().take_while(|d| *d <= to) {
                    set(d, DayKind::Holiday, h.name);
                }
                for m in h.makeup {
                    set(official_date(m), DayKind::MakeupWorkday, h.name);
                }
            }
        }

        let mut outside = BTreeMap::new();
        let mut overridden = BTreeSet::new();
        for (d, kind, name) in overrides {
            let x = day_number(d);
            let kind = normalize(kind, d);
            if (first..=last).contains(&x) {
                kinds[(x - first) as usize] = kind;
            } else {
                outside.insert(x, kind);
            }
            match name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) {
                Some(n) => names.insert(d, n),
                None => names.remove(&d),
            };
            overridden.insert(d);
        }

        let mut prefix = Vec::with_capacity(kinds.len() + 1);
        let mut n = 0u32;
        prefix.push(n);
        for k in &kinds {
            n += k.is_workday() as u32;
            prefix.push(n);
        }
        let base = weekdays_upto(first - 1) + deviation(&outside, ..first);
        Calendar { first, kinds, prefix, base, outside, names, overridden }
    }

    /// The years the built-in table covers.
    pub fn official_years() -> RangeInclusive<i32> {
        let years = official::SCHEDULE.iter().map(|y| y.year);
        years.clone().min().unwrap_or(0)..=years.max().unwrap_or(-1)
    }

    pub fn is_workday(&self, d: NaiveDate) -> bool {
        self.day_kind(d).is_workday()
    }

    pub fn day_kind(&self, d: NaiveDate) -> DayKind {
        self.kind_of(day_number(d))
    }

    fn kind_of(&self, x: i64) -> DayKind {
        match self.grid_index(x) {
            Some(i) => self.kinds[i],
            None => self.outside.get(&x).copied().unwrap_or_else(|| plain_kind(x)),
        }
    }

    fn grid_index(&self, x: i64) -> Option<usize> {
        let i = x - self.first;
        (0..self.kinds.len() as i64).contains(&i).then_some(i as usize)
    }

    /// Working days up to and including day `x`, from a fixed origin (only differences mean
    /// anything). Non-decreasing, and rising by exactly one on each working day.
    fn cum(&self, x: i64) -> i64 {
        let last = self.first + self.kinds.len() as i64 - 1;
        if x < self.first {
            weekdays_upto(x) + deviation(&self.outside, ..=x)
        } else if x <= last {
            self.base + self.prefix[(x - self.first + 1) as usize] as i64
        } else {
            let at_last = self.base + self.prefix[self.kinds.len()] as i64;
            at_last + weekdays_upto(x) - weekdays_upto(last) + deviation(&self.outside, last + 1..=x)
        }
    }

    /// The deadline `n` working days after `start`: the n-th working day strictly after it
    /// (`n = 0` gives `start` itself, even if it is a day off).
    pub fn add_workdays(&self, start: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return start;
        }
        let s = day_number(start);
        let target = self.cum(s) + n as i64;
        // Widen the window until `cum` reaches the target (a plain week holds 5 working days,
        // so the first guess nearly always does), then bisect: cum(lo) < target <= cum(hi).
        let mut span = n as i64 * 7 / 5 + 14;
        while self.cum(s + span) < target {
            span *= 2;
        }
        let (mut lo, mut hi) = (s, s + span);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.cum(mid) >= target {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        date_of(hi)
    }

    /// The n-th working day strictly before `d` (`n = 0` gives `d`).
    pub fn sub_workdays(&self, d: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return d;
        }
        let e = day_number(d) - 1;
        // The answer is the day after the last x with cum(x) <= t: cum(lo) <= t < cum(hi).
        let t = self.cum(e) - n as i64;
        let mut span = n as i64 * 7 / 5 + 14;
        while self.cum(e - span) > t {
            span *= 2;
        }
        let (mut lo, mut hi) = (e - span, e);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.cum(mid) <= t {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        date_of(hi)
    }

    /// Working days in (from, to]: registered on a Friday and resolved the next Monday is 1,
    /// the same day is 0. Negative when `to` is before `from`.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.cum(day_number(to)) - self.cum(day_number(from))
    }

    /// Every day of `year`, for the calendar page.
    pub fn year(&self, year: i32) -> Vec<CalendarDay> {
        let Some(jan1) = NaiveDate::from_ymd_opt(year, 1, 1) else { return Vec::new() };
        jan1.iter_days()
            .take_while(|d| d.year() == year)
            .map(|d| CalendarDay {
                date: d.format("%Y-%m-%d").to_string(),
                kind: self.day_kind(d),
                name: self.names.get(&d).cloned(),
                overridden: self.overridden.contains(&d),
            })
            .collect()
    }
}

/// An administrator's edit: `Some(Holiday)` marks a day off, `Some(MakeupWorkday)` or
/// `Some(Workday)` a day worked, `None` returns the day to the official schedule (the name is
/// then ignored). The kind is fitted to the date (a worked Saturday is stored as MakeupWorkday).
/// Written as the whole setting through the one write path, so it syncs; returns the new calendar.
pub fn set_day(store: &Store, date: &str, kind: Option<DayKind>, name: Option<String>) -> Result<Calendar> {
    let bad = || CoreError::validation("date", format!("日期“{}”格式不对,应为 年-月-日", date.trim()));
    let d = parse_date(date).ok_or_else(bad)?;
    let name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    if name.as_ref().is_some_and(|n| n.chars().count() > 20) {
        return Err(CoreError::validation("name", "名称不能超过20个字"));
    }
    let mut map = stored_overrides(store)?;
    let key = d.format("%Y-%m-%d").to_string();
    match kind {
        Some(kind) => {
            map.insert(key, serde_json::to_value(DayOverride { kind: normalize(kind, d), name })?);
        }
        None => {
            map.remove(&key);
        }
    }
    settings::set(store, OVERRIDES_KEY, Value::Object(map.clone()))?;
    Ok(Calendar::from_stored(&map))
}

/// The stored overrides as they are (unreadable entries kept, so an edit does not drop another
/// version's data). A setting that is not an object counts as none.
fn stored_overrides(store: &Store) -> Result<Map<String, Value>> {
    Ok(match settings::get(store, OVERRIDES_KEY)? {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    })
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn official_date(s: &str) -> NaiveDate {
    // The table is checked by the tests; a typo there is a bug to see at once.
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .unwrap_or_else(|_| panic!("bad date {s} in the holiday table"))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn day_number(d: NaiveDate) -> i64 {
    d.num_days_from_ce() as i64
}

/// The date of a day number, clamped to what chrono can represent.
fn date_of(x: i64) -> NaiveDate {
    let (min, max) = (day_number(NaiveDate::MIN), day_number(NaiveDate::MAX));
    if x > max {
        return NaiveDate::MAX;
    }
    NaiveDate::from_num_days_from_ce_opt(x.max(min) as i32).unwrap_or(NaiveDate::MIN)
}

/// Day 1 (0001-01-01) was a Monday.
fn is_weekend(x: i64) -> bool {
    (x - 1).rem_euclid(7) >= 5
}

fn plain_kind(x: i64) -> DayKind {
    if is_weekend(x) {
        DayKind::Weekend
    } else {
        DayKind::Workday
    }
}

/// Mondays to Fridays in days 1..=x (negative counts for x < 0, so differences always work).
fn weekdays_upto(x: i64) -> i64 {
    5 * x.div_euclid(7) + x.rem_euclid(7).min(5)
}

/// How far overrides in `range` move the count away from the plain weekday rule.
fn deviation(outside: &BTreeMap<i64, DayKind>, range: impl RangeBounds<i64>) -> i64 {
    outside.range(range).map(|(&x, k)| k.is_workday() as i64 - !is_weekend(x) as i64).sum()
}

/// A kind that fits the date: worked weekend days are make-up days, worked weekdays plain
/// workdays; a weekday off is a holiday, a weekend day off stays as given (Holiday or Weekend).
fn normalize(kind: DayKind, d: NaiveDate) -> DayKind {
    match (kind.is_workday(), is_weekend(day_number(d))) {
        (true, true) => DayKind::MakeupWorkday,
        (true, false) => DayKind::Workday,
        (false, false) => DayKind::Holiday,
        (false, true) => kind,
    }
}
