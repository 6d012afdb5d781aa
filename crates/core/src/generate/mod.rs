//! The realistic data generator: deterministic by seed, sized S (one zone, like 湘潭高新区's
//! 663 enterprises and 144 cadres) or L (one province), or by explicit counts. It writes
//! through the one write path in large transactions, so generated rows carry change rows and
//! HLC stamps exactly like typed-in ones, and a small share are tombstoned. Issues come last,
//! with their timelines, registered 2023-01-01 … 2026-11-20 (`issues::today()`).

mod engagements;
mod issue_texts;
mod issues;
mod liaisons;
mod names;
mod projects;
mod registry;
mod rng;

pub use names::{enterprise_name, make_uscc, mobile, person_name};
pub use rng::Rng;

use serde::Serialize;

use crate::error::Result;
use crate::store::Store;

/// How many of each record to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub enterprises: usize,
    pub cadres: usize,
    /// Streets (街道/镇); each has 3–5 communities.
    pub streets: usize,
    /// Issues (问题 / 诉求), each with its timeline.
    pub issues: usize,
    /// Engagements (走访、会议); support outcomes are one in eight of them.
    pub engagements: usize,
    /// Projects (民生实事 and 重点项目), with milestones, logs and 挂钩联系人.
    pub projects: usize,
}

impl Counts {
    /// One zone: DESIGN.md's S.
    pub const S: Counts = Counts { enterprises: 700, cadres: 150, streets: 4, issues: 3_000, engagements: 2_000, projects: 50 };
    /// One province: DESIGN.md's L.
    pub const L: Counts = Counts { enterprises: 100_000, cadres: 10_000, streets: 600, issues: 1_000_000, engagements: 500_000, projects: 10_000 };

    pub fn by_name(size: &str) -> Option<Counts> {
        match size.to_ascii_uppercase().as_str() {
            "S" => Some(Counts::S),
            "L" => Some(Counts::L),
            _ => None,
        }
    }
}

/// What a run made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub departments: usize,
    pub cadres: usize,
    pub enterprises: usize,
    /// Enterprises made and then deleted (tombstones), included in `enterprises`.
    pub tombstoned: usize,
    /// Liaisons made, current and ended (history).
    pub liaisons: usize,
    pub ended_liaisons: usize,
    pub issues: usize,
    /// Timeline events of those issues.
    pub issue_events: usize,
    /// 交办批次
    pub issue_batches: usize,
    pub engagements: usize,
    pub engagement_links: usize,
    pub supports: usize,
    pub projects: usize,
    pub milestones: usize,
    pub project_logs: usize,
    /// Issues put on key projects.
    pub project_issues: usize,
    pub change_rows: usize,
}

/// Called with (what, done, of) as work proceeds.
pub type Progress<'a> = &'a mut dyn FnMut(&str, usize, usize);

/// The data set's today: issues are registered up to it and their flags are computed for it.
pub const ISSUES_TODAY: &str = "2026-11-20";

/// The seed of the first-run demo set.
pub const DEMO_SEED: u64 = 20_260_101;

/// Makes the data set in `store`, which should be empty of registry records, as of
/// `ISSUES_TODAY` (the benchmarks' and tests' fixed day).
pub fn generate(store: &Store, counts: Counts, seed: u64, progress: Progress<'_>) -> Result<Summary> {
    generate_until(store, counts, seed, issues::today(), progress)
}

/// Makes the data set as of `today`: issues are registered up to it and its open issues are
/// the recent ones, so a demo made today looks like a living office on the day it is opened.
pub fn generate_until(store: &Store, counts: Counts, seed: u64, today: chrono::NaiveDate, progress: Progress<'_>) -> Result<Summary> {
    let before: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM changes", [], |r| r.get(0))?))?;
    let mut r = Rng::new(seed);
    let mut summary = Summary::default();
    let depts = registry::departments(store, &mut r, counts.streets, &mut summary)?;
    registry::cadres(store, &mut r, &depts, counts.cadres, &mut summary, progress)?;
    registry::enterprises(store, &mut r, &depts, counts.enterprises, &mut summary, progress)?;
    liaisons::liaisons(store, &mut r, &mut summary, progress)?;
    issues::issues(store, &mut r, counts.issues, today, &mut summary, progress)?;
    engagements::engagements(store, &mut r, counts.engagements, today, &mut summary, progress)?;
    projects::projects(store, &mut r, counts.projects, today, &mut summary, progress)?;
    let after: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM changes", [], |r| r.get(0))?))?;
    summary.change_rows = (after - before) as usize;
    Ok(summary)
}

/// Adds `n` engagements (and their support outcomes) to a data set made before engagements
/// existed, with a generator seeded from `seed`: the benchmark's top-up of an older file.
pub fn add_engagements(store: &Store, n: usize, seed: u64) -> Result<Summary> {
    let mut r = Rng::new(seed ^ 0xE9A6);
    let mut summary = Summary::default();
    engagements::engagements(store, &mut r, n, issues::today(), &mut summary, &mut |_, _, _| {})?;
    Ok(summary)
}

/// The first-run demo: set S, unless the database already has enterprises. Returns how many
/// enterprises were added.
pub fn demo(store: &Store) -> Result<usize> {
    let existing: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM enterprises", [], |r| r.get(0))?))?;
    if existing > 0 {
        return Ok(0);
    }
    // As of today, not the benchmarks' fixed day: the flags a new user sees are today's.
    let s = generate_until(store, Counts::S, DEMO_SEED, crate::day::today_date(), &mut |_, _, _| {})?;
    Ok(s.enterprises - s.tombstoned)
}

/// First run: the zone's and the operator's names, then the demo set if asked for.
pub fn onboard(store: &Store, input: &crate::model::zone::Onboarding) -> Result<crate::model::zone::ZoneInfo> {
    crate::model::zone::onboard(store, input)?;
    if input.demo {
        demo(store)?;
    }
    crate::model::zone::info(store)
}

#[cfg(test)]
mod issue_tests;
#[cfg(test)]
mod tests;
