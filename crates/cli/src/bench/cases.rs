//! The measured cases. Each later feature adds its own here.

use std::time::{Duration, Instant};

use lianxin_core::generate::Rng;
use lianxin_core::model::department::{self, DepartmentKind};
use lianxin_core::model::enterprise::{self, EnterpriseQuery, EnterpriseSort, EnterpriseStatus, Scale};
use lianxin_core::Store;
use rusqlite::types::Value;
use rusqlite::Connection;

use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

/// Copies every enterprise row into a fresh database with plain prepared INSERTs in one
/// transaction: the floor any write path with a change log is compared against.
pub fn raw_insert_baseline(store: &Store) -> Result<Duration, CliError> {
    // table_info leaves out generated columns, which cannot be inserted.
    let cols: Vec<String> = store.read(|c| {
        let mut st = c.prepare("SELECT name FROM pragma_table_info('enterprises')")?;
        let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(v)
    })?;
    let cols = cols.join(", ");
    let rows: Vec<Vec<Value>> = store.read(|c| {
        let mut st = c.prepare(&format!("SELECT {cols} FROM enterprises"))?;
        let n = st.column_count();
        let rows = st
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    })?;
    let dir = tempfile_dir()?;
    let mut conn = Connection::open(dir.join("raw.db")).map_err(lianxin_core::CoreError::from)?;
    let schema: String = store.read(|c| {
        Ok(c.query_row("SELECT sql FROM sqlite_master WHERE name = 'enterprises'", [], |r| r.get(0))?)
    })?;
    let mut run = || -> rusqlite::Result<Duration> {
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")?;
        // The same table without its foreign keys: the baseline database has no departments.
        conn.execute_batch(&schema.replace("REFERENCES departments(id)", ""))?;
        let t = Instant::now();
        let tx = conn.transaction()?;
        {
            let n = rows.first().map(|r| r.len()).unwrap_or(0);
            let sql = format!("INSERT INTO enterprises ({cols}) VALUES ({})", vec!["?"; n].join(","));
            let mut st = tx.prepare(&sql)?;
            for r in &rows {
                st.execute(rusqlite::params_from_iter(r.iter()))?;
            }
        }
        tx.commit()?;
        Ok(t.elapsed())
    };
    let took = run().map_err(lianxin_core::CoreError::from)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(took)
}

fn tempfile_dir() -> Result<std::path::PathBuf, CliError> {
    let dir = std::env::temp_dir().join(format!("lianxin-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(lianxin_core::CoreError::from)?;
    Ok(dir)
}

/// The enterprise table as the UI asks for it: a random mix of filters, a sort, a page of 50
/// and the total.
pub fn enterprise_list(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    let depts = department::all(store)?;
    let streets: Vec<String> = depts.iter().filter(|d| d.kind == DepartmentKind::Street).map(|d| d.id.clone()).collect();
    let sections = ["C", "F", "G", "I", "E"];
    let scales = [Scale::Large, Scale::Medium, Scale::Small, Scale::Micro];
    let sorts = [EnterpriseSort::Name, EnterpriseSort::UpdatedAt, EnterpriseSort::Scale, EnterpriseSort::Street];
    let mut r = Rng::new(o.seed ^ 0xB1);
    let queries: Vec<EnterpriseQuery> = (0..o.runs)
        .map(|_| {
            let mut q = EnterpriseQuery {
                sort: Some(*r.pick(&sorts)),
                desc: r.chance(50),
                page: 1 + r.below(20) as u32,
                page_size: 50,
                ..Default::default()
            };
            match r.below(6) {
                0 => {}
                1 => q.street_id = Some(r.pick(&streets).clone()),
                2 => q.industry = Some(r.pick(&sections).to_string()),
                3 => q.scale = Some(*r.pick(&scales)),
                4 => q.status = Some(EnterpriseStatus::Operating),
                _ => {
                    q.street_id = Some(r.pick(&streets).clone());
                    q.scale = Some(*r.pick(&scales));
                }
            }
            q
        })
        .collect();
    let mut failed = None;
    let mut slowest = (Duration::ZERO, 0);
    let s = Samples::collect(10, queries.len(), |i| {
        let t = Instant::now();
        if let Err(e) = enterprise::list(store, &queries[i]) {
            failed = Some(e);
        }
        slowest = slowest.max((t.elapsed(), i));
    });
    if let Some(e) = failed {
        return Err(e.into());
    }
    eprintln!("  slowest list query ({:?}): {:?}", slowest.0, queries[slowest.1]);
    // One pass over the table's rows (notes has no index): what any unindexed filter costs.
    let count = Samples::collect(3, o.runs.min(50), |_| {
        let _: i64 = store
            .read(|c| Ok(c.query_row("SELECT count(*) FROM enterprises WHERE notes IS NULL", [], |r| r.get(0))?))
            .unwrap_or(0);
    });
    bench.add(
        "enterprise list: filter + sort + page of 50 + total",
        "p95 ≤ 20 ms",
        &s,
        "full-table count(*) scan",
        &count,
        Some(s.p95() <= Duration::from_millis(20)),
    );
    Ok(())
}
