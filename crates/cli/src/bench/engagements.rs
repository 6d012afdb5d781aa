//! Engagements and support on the data set: the engagement list (random periods, kinds, units
//! and enterprises), an enterprise's whole file page (the calls its page makes), and support
//! totals by kind for a year, each beside a full scan of the engagement table in the same run.
//! A data set made before engagements existed gets them added first (timed).

use std::time::Instant;

use lianxin_core::generate::{self, Rng};
use lianxin_core::model::engagement::{self, EngagementKind, EngagementQuery};
use lianxin_core::model::issue::ledger::{self, LedgerQuery};
use lianxin_core::model::support::{self, SupportQuery, SupportStatus, TotalsBy};
use lianxin_core::model::{enterprise, liaison};
use lianxin_core::Store;

use super::liaison::{ids, time};
use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

pub fn run(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    let have: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM engagements", [], |r| r.get(0))?))?;
    if have == 0 && o.counts.engagements > 0 {
        eprintln!("adding {} engagements to the data set …", o.counts.engagements);
        let t = Instant::now();
        let s = generate::add_engagements(store, o.counts.engagements, o.seed)?;
        store.read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?))?;
        eprintln!(
            "  {} engagements, {} links, {} support outcomes in {:.1} s",
            s.engagements,
            s.engagement_links,
            s.supports,
            t.elapsed().as_secs_f64()
        );
    }
    let ents = ids(store, "SELECT id FROM enterprises WHERE deleted = 0 ORDER BY rowid")?;
    let depts = ids(store, "SELECT id FROM departments WHERE deleted = 0 AND kind = 'function' ORDER BY rowid")?;
    if ents.is_empty() {
        return Ok(());
    }
    let scan = Samples::collect(3, o.runs.min(30), |_| {
        let _: i64 = store
            .read(|c| Ok(c.query_row("SELECT count(*) FROM engagements WHERE place IS NULL", [], |r| r.get(0))?))
            .unwrap_or(0);
    });
    let baseline = "full count(*) scan of engagements";

    let mut r = Rng::new(o.seed ^ 0xE96);
    let queries: Vec<EngagementQuery> = (0..o.runs)
        .map(|_| {
            let y = 2023 + r.below(4);
            let (from, to) = match r.below(3) {
                0 => (format!("{y}-01-01"), format!("{y}-12-31")),
                1 => {
                    let q = 1 + r.below(4);
                    (format!("{y}-{:02}-01", q * 3 - 2), format!("{y}-{:02}-31", q * 3))
                }
                _ => {
                    let m = 1 + r.below(12);
                    (format!("{y}-{m:02}-01"), format!("{y}-{m:02}-31"))
                }
            };
            let mut q = EngagementQuery { from: Some(from), to: Some(to), page: 1 + r.below(3) as u32, page_size: 50, ..Default::default() };
            match r.below(4) {
                0 => {}
                1 => q.kind = Some(*r.pick(EngagementKind::ALL)),
                2 if !depts.is_empty() => q.department_id = Some(r.pick(&depts).clone()),
                _ => {
                    q.target_id = Some(r.pick(&ents).clone());
                    q.from = None;
                    q.to = None;
                    q.page = 1;
                }
            }
            q
        })
        .collect();
    let (s, slow) = time(queries.len(), |i| engagement::list(store, &queries[i]).map(|_| ()))?;
    eprintln!("  slowest engagement query: {:?}", queries[slow]);
    let ok = s.p95().as_secs_f64() <= 0.020;
    bench.add("engagement list: period/kind/unit/enterprise, page of 50 + total", "p95 ≤ 20 ms", &s, baseline, &scan, Some(ok));

    // The enterprise page: the record, its liaisons, issues, engagements and support outcomes.
    let picks: Vec<&String> = (0..o.runs).map(|_| r.pick(&ents)).collect();
    let (s, _) = time(picks.len(), |i| {
        let id = picks[i].clone();
        enterprise::get_one(store, &id)?;
        liaison::for_enterprise(store, &id)?;
        ledger::ledger(store, &LedgerQuery { enterprise_id: Some(id.clone()), page_size: 100, ..LedgerQuery::first_page() })?;
        engagement::for_target(store, &id, 100)?;
        support::list(store, &SupportQuery { enterprise_id: Some(id), page: 1, page_size: 1, ..Default::default() })?;
        Ok(())
    })?;
    let ok = s.p95().as_secs_f64() <= 0.020;
    bench.add("an enterprise's whole file (一企一档): record, liaisons, issues, engagements, support", "p95 ≤ 20 ms", &s, baseline, &scan, Some(ok));

    let years: Vec<i32> = (0..o.runs.min(30)).map(|_| 2023 + r.below(4) as i32).collect();
    let (s, _) = time(years.len(), |i| {
        let y = years[i];
        let status = (i % 2 == 0).then_some(SupportStatus::Done);
        support::totals(store, &format!("{y}-01-01"), &format!("{y}-12-31"), status, TotalsBy::Kind).map(|_| ())
    })?;
    let ok = s.median().as_secs_f64() <= 0.100;
    bench.add("support totals by kind for a year", "≤ 100 ms", &s, baseline, &scan, Some(ok));
    Ok(())
}
