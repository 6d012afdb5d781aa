//! Issues (问题 / 诉求) registered 2023-01-01 … 2026-11-20, each with the timeline flow.rs would
//! have written for it: registered, assigned (often in a 交办批次) with a deadline in working
//! days, accepted or returned, reminded, extended, resolved, rated, closed, looked back on,
//! reopened when the enterprise was not satisfied or the problem came back. The older an issue,
//! the likelier it is closed; a share stays open past its deadline (red and black flags), a few
//! are 长期跟踪 or withdrawn. Dates and working days come from the official calendar, so the
//! figures computed from the rows agree with the timelines.
//!
//! Each issue is lived through in memory, every step through the same state machine as the
//! app's (`model::issue::machine`), then written once in its final state with its events,
//! through the one write path.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::issue_texts::{self as tx, Category, Who, CATEGORIES};
use super::names::{mobile, person_name, ROADS};
use super::rng::Rng;
use super::{Progress, Summary};
use crate::calendar::Calendar;
use crate::day;
use crate::error::{CoreError, Result};
use crate::model::issue::event::Event;
use crate::model::issue::machine::{self, Env};
use crate::model::issue::rules::IssueRules;
use crate::model::issue::{
    Action, Disposition, Draft as IssueDraft, EventKind, Issue, IssueBatch, IssueEvent, LookbackResult, ResultKind, Satisfaction, Source,
    Tier, Withdraw, WithdrawKind,
};
use crate::store::{Prepared, Store};

mod life;
mod maker;
use life::Life;
use maker::Maker;

/// Issues per transaction; with their events and change rows about 70,000 rows.
const CHUNK: usize = 5_000;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The first registration day of the data set.
pub fn first_day() -> NaiveDate {
    ymd(2023, 1, 1)
}

/// The data set's today (`ISSUES_TODAY`): nothing happens after it.
pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(super::ISSUES_TODAY, "%Y-%m-%d").expect("valid date")
}

/// Every day the timelines can touch, as strings and working-day ranks from the calendar.
struct Days {
    first: NaiveDate,
    text: Vec<String>,
    /// `cum[i]`: working days among days 0..=i.
    cum: Vec<u32>,
    /// The day index of each working day, in order.
    work: Vec<u32>,
}

impl Days {
    fn new(cal: &Calendar) -> Days {
        let first = ymd(2022, 12, 1);
        let last = ymd(2029, 12, 31);
        let (mut text, mut cum, mut work) = (vec![], vec![], vec![]);
        for (i, d) in first.iter_days().take_while(|d| *d <= last).enumerate() {
            text.push(d.format("%Y-%m-%d").to_string());
            if cal.is_workday(d) {
                work.push(i as u32);
            }
            cum.push(work.len() as u32);
        }
        Days { first, text, cum, work }
    }
    fn date(&self, i: u32) -> NaiveDate {
        self.first + chrono::Duration::days(i as i64)
    }
    fn index(&self, d: NaiveDate) -> u32 {
        ((d - self.first).num_days().max(0) as u32).min(self.text.len() as u32 - 1)
    }
    fn s(&self, i: u32) -> String {
        self.text[i as usize].clone()
    }
    /// The n-th working day strictly after day `i` (the calendar's `add_workdays`).
    fn add(&self, i: u32, n: u32) -> u32 {
        if n == 0 {
            return i;
        }
        let k = (self.cum[i as usize] + n - 1) as usize;
        self.work[k.min(self.work.len() - 1)]
    }
    fn is_workday(&self, i: u32) -> bool {
        i == 0 && self.cum[0] == 1 || i > 0 && self.cum[i as usize] > self.cum[i as usize - 1]
    }
}

struct Ent {
    id: String,
    street: usize,
    /// The current 联点干部, an index into `World::cadres`.
    lead: Option<usize>,
}

struct Street {
    id: String,
    communities: Vec<String>,
    /// Who types in the street's issues, and who handles those the street leads on.
    operator: String,
    handler: String,
}

/// A lead department: (id, handler's name).
type Lead = (String, String);

struct World {
    cal: Calendar,
    rules: IssueRules,
    days: Days,
    today: u32,
    ents: Vec<Ent>,
    /// Enterprise indexes repeated by weight (larger enterprises raise more problems).
    ent_pick: Vec<u32>,
    streets: Vec<Street>,
    /// Function departments and companies by name.
    depts: HashMap<String, Lead>,
    any_dept: Vec<Lead>,
    /// Active cadres: (id, name).
    cadres: Vec<(String, String)>,
    /// The office's operators, who register hotline, wall-phone and window issues.
    central: Vec<String>,
    /// 交办批次 by day, in order.
    batches: Vec<(u32, String)>,
}

fn load(store: &Store, r: &mut Rng, today: NaiveDate) -> Result<World> {
    let cal = Calendar::official();
    let days = Days::new(&cal);
    let today = days.index(today);
    let (depts, ents, leads, cadres) = store.read(|c| {
        let mut st = c.prepare("SELECT id, name, kind, parent_id FROM departments WHERE deleted = 0 ORDER BY rowid")?;
        let depts = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = c.prepare("SELECT id, street_id, scale_rank FROM enterprises WHERE deleted = 0 ORDER BY rowid")?;
        let ents = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = c.prepare(
            "SELECT enterprise_id, cadre_id FROM liaisons
             WHERE deleted = 0 AND end_date IS NULL AND role = 'lead' AND enterprise_id IS NOT NULL ORDER BY rowid",
        )?;
        let leads = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        let mut st = c.prepare("SELECT id, name FROM cadres WHERE deleted = 0 AND active = 1 ORDER BY rowid")?;
        let cadres = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((depts, ents, leads, cadres))
    })?;

    let mut streets = Vec::new();
    let mut street_of = HashMap::new();
    let mut by_name = HashMap::new();
    let mut any_dept = Vec::new();
    for (id, name, kind, _) in &depts {
        match kind.as_str() {
            "street" => {
                street_of.insert(id.clone(), streets.len());
                streets.push(Street { id: id.clone(), communities: vec![], operator: person_name(r), handler: person_name(r) });
            }
            "function" | "company" => {
                let lead = (id.clone(), person_name(r));
                by_name.insert(name.clone(), lead.clone());
                any_dept.push(lead);
            }
            _ => {}
        }
    }
    for (_, name, kind, parent) in &depts {
        if let (true, Some(&s)) = (kind == "community", parent.as_ref().and_then(|p| street_of.get(p))) {
            streets[s].communities.push(name.clone());
        }
    }
    let cadre_at: HashMap<&str, usize> = cadres.iter().enumerate().map(|(i, c)| (c.0.as_str(), i)).collect();
    let mut ent_list = Vec::with_capacity(ents.len());
    let mut ent_pick = Vec::with_capacity(ents.len() * 2);
    for (id, street, rank) in ents {
        let Some(&s) = street.as_ref().and_then(|s| street_of.get(s)) else { continue };
        let weight = match rank {
            0 => 6,
            1 => 3,
            _ => 1,
        };
        ent_pick.extend(std::iter::repeat_n(ent_list.len() as u32, weight));
        let lead = leads.get(&id).and_then(|c| cadre_at.get(c.as_str()).copied());
        ent_list.push(Ent { id, street: s, lead });
    }
    let central = (0..3).map(|_| person_name(r)).collect();
    Ok(World {
        cal,
        rules: IssueRules::default(),
        days,
        today,
        ents: ent_list,
        ent_pick,
        streets,
        depts: by_name,
        any_dept,
        cadres,
        central,
        batches: vec![],
    })
}

/// 交办批次 every ten working days, numbered per year (2024年第3批).
fn batches(store: &Store, r: &mut Rng, w: &mut World, summary: &mut Summary) -> Result<()> {
    let mut day = w.days.add(w.days.index(first_day()), 5);
    let (mut year, mut n) = (0, 0);
    let mut out = Vec::new();
    while day <= w.today {
        let y = w.days.date(day).year();
        n = if y == year { n + 1 } else { 1 };
        year = y;
        let batch = IssueBatch {
            id: r.uuid_v7(day_ms(&w.days, day)),
            no: format!("{year}年第{n}批"),
            assigned_on: w.days.s(day),
            note: Some(format!("走访收集问题集中交办(第{n}批)")),
            created_at: String::new(),
            updated_at: String::new(),
        };
        out.push((day, batch));
        day = w.days.add(day, 10);
    }
    store.write(|wr| {
        for (_, b) in &out {
            wr.insert(b)?;
        }
        Ok(())
    })?;
    summary.issue_batches += out.len();
    w.batches = out.into_iter().map(|(day, b)| (day, b.id)).collect();
    Ok(())
}

/// Midnight UTC of day `i` in milliseconds, for ids whose time part is the registration day.
fn day_ms(days: &Days, i: u32) -> u64 {
    days.date(i).and_hms_opt(1, 0, 0).expect("valid time").and_utc().timestamp_millis() as u64
}

/// The registration days of `n` issues, in order: working days mostly, a few weekend and
/// holiday calls to the hotline, the volume growing by half over the period.
fn registration_days(w: &World, r: &mut Rng, n: usize) -> Vec<u32> {
    let first = w.days.index(first_day());
    let span = (w.today - first) as f64;
    let mut cum = Vec::new();
    let mut total = 0u64;
    for i in first..=w.today {
        let growth = 1.0 + 0.5 * (i - first) as f64 / span;
        let base = if w.days.is_workday(i) { 10.0 } else { 1.0 };
        total += (base * growth * 100.0) as u64;
        cum.push(total);
    }
    let mut out: Vec<u32> = (0..n)
        .map(|_| {
            let x = r.next_u64() % total;
            first + cum.partition_point(|&c| c <= x) as u32
        })
        .collect();
    out.sort_unstable();
    out
}

/// How the issue ends up by the data set's today.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Done,
    /// Never resolved: waits to be assigned, accepted, or is worked on past its deadline.
    Stuck,
    LongTerm,
    Withdrawn,
}

/// Fills `{…}` slots. Returns the text and the first 万元 figure it used.
fn fill(r: &mut Rng, tpl: &str, community: &str) -> (String, Option<u32>) {
    let mut out = String::with_capacity(tpl.len() + 16);
    let mut wan = None;
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("closed slot");
        let between = |r: &mut Rng, lo: usize, hi: usize| (lo + r.below(hi - lo + 1)).to_string();
        match &rest[open + 1..close] {
            "万" => {
                let v = *r.pick(tx::WAN);
                wan.get_or_insert(v);
                out.push_str(&v.to_string());
            }
            "人" => out.push_str(&between(r, 5, 200)),
            "岗" => out.push_str(r.pick::<&str>(tx::JOBS)),
            "行" => out.push_str(r.pick::<&str>(tx::BANKS)),
            "路" => {
                out.push_str(r.pick::<&str>(ROADS));
                out.push('路');
            }
            "社区" => out.push_str(community),
            "亩" => out.push_str(&between(r, 5, 300)),
            "月" => out.push_str(&between(r, 2, 18)),
            "户" => out.push_str(&between(r, 3, 120)),
            "盏" => out.push_str(&between(r, 3, 60)),
            "米" => out.push_str(&(between(r, 2, 60).parse::<u32>().unwrap_or(2) * 50).to_string()),
            "号" => out.push_str(&between(r, 1, 40)),
            "条" => out.push_str(&between(r, 2, 15)),
            "年" => out.push_str(&between(r, 2003, 2018)),
            "容" => out.push_str(&r.pick(tx::KVA).to_string()),
            "证" => out.push_str(r.pick::<&str>(tx::PAPERS)),
            "政" => out.push_str(r.pick::<&str>(tx::POLICIES)),
            "项" => out.push_str(r.pick::<&str>(tx::PROJECTS)),
            other => out.push_str(other),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    (out, wan)
}

fn weighted_category(r: &mut Rng, resident: bool) -> &'static Category {
    let ws: Vec<(usize, u32)> =
        CATEGORIES.iter().enumerate().map(|(i, c)| (i, if resident { c.res_weight } else { c.ent_weight })).collect();
    &CATEGORIES[r.weighted(&ws)]
}

/// A problem text of `cat` for an enterprise or a resident, and the lead department it names.
fn problem(r: &mut Rng, cat: &Category, resident: bool) -> (&'static str, Option<&'static str>) {
    let fits = |w: Who| w == Who::Both || (w == Who::Res) == resident;
    let n = cat.texts.iter().filter(|(w, _)| fits(*w)).count();
    let tpl = if n == 0 {
        cat.texts[r.below(cat.texts.len())].1
    } else {
        cat.texts.iter().filter(|(w, _)| fits(*w)).nth(r.below(n)).expect("counted").1
    };
    match tpl.strip_prefix('@').and_then(|t| t.split_once('|')) {
        Some((dept, text)) => (text, Some(dept)),
        None => (tpl, None),
    }
}

pub(super) fn issues(store: &Store, r: &mut Rng, n: usize, today: NaiveDate, summary: &mut Summary, progress: Progress<'_>) -> Result<()> {
    if n == 0 {
        return Ok(());
    }
    let mut w = load(store, r, today)?;
    if w.streets.is_empty() || w.any_dept.is_empty() {
        return Ok(()); // nothing to hand issues to
    }
    batches(store, r, &mut w, summary)?;
    let regs = registration_days(&w, r, n);
    // 编号 YYYY-NNNNN per registration year; a year of more than 99,999 issues (a province)
    // takes six digits throughout, so numbers still sort as text.
    let mut per_year: HashMap<String, usize> = HashMap::new();
    for d in &regs {
        *per_year.entry(w.days.text[*d as usize][..4].to_string()).or_default() += 1;
    }
    // One thread makes the issues and turns them into rows (serialising, change-row JSON,
    // search documents) while this one writes the previous chunk: SQLite is the slower half,
    // and this takes the rest off its path.
    let w = &w;
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Vec<Prepared>)>(2);
    std::thread::scope(|s| -> Result<()> {
        let maker = s.spawn(move || -> Result<usize> {
            let mut maker = Maker { w, last: HashMap::new(), summary_events: 0 };
            let mut seq: HashMap<String, usize> = HashMap::new();
            let mut in_day = (u32::MAX, 0u64);
            for days in regs.chunks(CHUNK) {
                let mut rows = Vec::with_capacity(days.len() * 8);
                for &day in days {
                    let year = w.days.text[day as usize][..4].to_string();
                    let width = if per_year[&year] > 99_999 { 6 } else { 5 };
                    let k = seq.entry(year.clone()).or_default();
                    *k += 1;
                    let no = format!("{year}-{:0width$}", *k);
                    in_day = if in_day.0 == day { (day, in_day.1 + 1) } else { (day, 0) };
                    let (issue, events) = maker.make(r, day, no, day_ms(&w.days, day) + in_day.1 * 64)?;
                    rows.push(Prepared::new(&issue)?);
                    for e in &events {
                        rows.push(Prepared::new(e)?);
                    }
                }
                if tx.send((days.len(), rows)).is_err() {
                    break; // the writer stopped on an error, which it reports
                }
            }
            Ok(maker.summary_events)
        });
        let mut done = 0;
        for (issues, rows) in rx {
            store.write(|wr| {
                for p in rows {
                    wr.insert_prepared(p)?;
                }
                Ok(())
            })?;
            done += issues;
            summary.issues += issues;
            progress("issues", done, n);
        }
        summary.issue_events += maker.join().expect("the issue maker does not panic")?;
        Ok(())
    })
}

#[cfg(test)]
pub(super) fn days_agree_with_calendar() -> bool {
    let cal = Calendar::official();
    let days = Days::new(&cal);
    let mut r = Rng::new(5);
    (0..2000).all(|_| {
        let i = days.index(first_day()) + r.below(1400) as u32;
        let n = r.below(40) as u32;
        days.date(days.add(i, n)) == cal.add_workdays(days.date(i), n) && days.is_workday(i) == cal.is_workday(days.date(i))
    })
}
