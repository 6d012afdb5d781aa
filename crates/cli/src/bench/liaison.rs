//! Liaison views on the data set: the liaison table (random filters, sorts and pages), the
//! cadre workload table, an enterprise's liaisons and the leaders' view, each beside a
//! full scan of the liaison table in the same run.

use std::time::{Duration, Instant};

use lianxin_core::generate::Rng;
use lianxin_core::model::liaison::{
    self, LeadersQuery, LiaisonQuery, LiaisonRole, LiaisonSort, LiaisonStatus, WorkloadQuery, WorkloadSort,
};
use lianxin_core::model::cadre::CadreRole;
use lianxin_core::{CoreError, Store};

use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

pub(super) fn ids(store: &Store, sql: &str) -> Result<Vec<String>, CliError> {
    Ok(store.read(|c| {
        let mut st = c.prepare(sql)?;
        let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    })?)
}

/// Times `f` over `n` runs, keeping the first error and the slowest run's index.
pub(super) fn time(n: usize, mut f: impl FnMut(usize) -> lianxin_core::Result<()>) -> Result<(Samples, usize), CliError> {
    let mut failed: Option<CoreError> = None;
    let mut slowest = (Duration::ZERO, 0);
    let s = Samples::collect(5, n, |i| {
        let t = Instant::now();
        if let Err(e) = f(i) {
            failed = Some(e);
        }
        slowest = slowest.max((t.elapsed(), i));
    });
    match failed {
        Some(e) => Err(e.into()),
        None => Ok((s, slowest.1)),
    }
}

pub fn run(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    let names = ids(store, "SELECT name FROM enterprises WHERE deleted = 0 ORDER BY rowid LIMIT 2000")?;
    let cadres = ids(store, "SELECT id FROM cadres WHERE deleted = 0 ORDER BY rowid LIMIT 2000")?;
    let ents = ids(store, "SELECT id FROM enterprises WHERE deleted = 0 ORDER BY rowid")?;
    if names.is_empty() || cadres.is_empty() {
        return Ok(());
    }
    let scan = Samples::collect(3, o.runs.min(50), |_| {
        let _: i64 = store
            .read(|c| Ok(c.query_row("SELECT count(*) FROM liaisons WHERE note IS NULL", [], |r| r.get(0))?))
            .unwrap_or(0);
    });
    let baseline = "full count(*) scan of liaisons";

    let mut r = Rng::new(o.seed ^ 0x11A);
    let sorts = [None, Some(LiaisonSort::StartDate), Some(LiaisonSort::Cadre), Some(LiaisonSort::Enterprise)];
    let roles = [LiaisonRole::Lead, LiaisonRole::Leader, LiaisonRole::Specialist];
    let queries: Vec<LiaisonQuery> = (0..o.runs)
        .map(|_| {
            let mut q = LiaisonQuery {
                sort: *r.pick(&sorts),
                desc: r.chance(50),
                page: 1 + r.below(10) as u32,
                page_size: 50,
                status: r.chance(70).then_some(LiaisonStatus::Current),
                ..Default::default()
            };
            match r.below(4) {
                0 => {}
                1 => q.role = Some(*r.pick(&roles)),
                2 => q.cadre_id = Some(r.pick(&cadres).clone()),
                _ => {
                    // Two characters of a brand, as people type them.
                    let name: Vec<char> = r.pick(&names).chars().collect();
                    let at = if name.len() > 4 { 2 + r.below(name.len() - 4) } else { 0 };
                    q.text = Some(name[at..(at + 2).min(name.len())].iter().collect());
                }
            }
            q
        })
        .collect();
    let (s, slow) = time(queries.len(), |i| liaison::list(store, &queries[i]).map(|_| ()))?;
    eprintln!("  slowest liaison query: {:?}", queries[slow]);
    bench.add("liaison table: filter + sort + page of 50 + total", "—", &s, baseline, &scan, None);

    let wsorts = [None, Some(WorkloadSort::Total), Some(WorkloadSort::Name), Some(WorkloadSort::Department)];
    let wq: Vec<WorkloadQuery> = (0..o.runs.min(100))
        .map(|_| WorkloadQuery {
            sort: *r.pick(&wsorts),
            desc: r.chance(50),
            role: r.chance(30).then_some(CadreRole::Leader),
            page: 1 + r.below(5) as u32,
            page_size: 50,
            ..Default::default()
        })
        .collect();
    let (s, _) = time(wq.len(), |i| liaison::workload(store, &wq[i]).map(|_| ()))?;
    bench.add("cadre workload: counts per cadre, sorted, page of 50", "—", &s, baseline, &scan, None);

    let picks: Vec<&String> = (0..o.runs).map(|_| r.pick(&ents)).collect();
    let (s, _) = time(picks.len(), |i| liaison::for_enterprise(store, picks[i]).map(|_| ()))?;
    bench.add("an enterprise's liaisons, current and past", "—", &s, baseline, &scan, None);

    let (s, _) = time(o.runs.min(20), |_| liaison::leaders(store, &LeadersQuery::default()).map(|_| ()))?;
    bench.add("leaders' view: every leader with their enterprises", "—", &s, baseline, &scan, None);
    Ok(())
}
