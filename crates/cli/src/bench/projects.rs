//! The project list on the data set (L: 10,000 projects): random filters (kind, category,
//! status, street, department, year, flag), sorts and pages, as the 项目 page asks them, beside a
//! full count(*) scan of the projects in the same run.

use lianxin_core::generate::Rng;
use lianxin_core::model::issue::Flag;
use lianxin_core::model::project::{self, ProjectCategory, ProjectKind, ProjectQuery, ProjectSort, ProjectStatus};
use lianxin_core::Store;

use super::liaison::{ids, time};
use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

pub fn run(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    let streets = ids(store, "SELECT DISTINCT street_id FROM projects WHERE deleted = 0 AND street_id IS NOT NULL")?;
    let depts = ids(store, "SELECT DISTINCT department_id FROM projects WHERE deleted = 0 AND department_id IS NOT NULL")?;
    if streets.is_empty() {
        return Ok(());
    }
    let scan = Samples::collect(3, o.runs.min(30), |_| {
        let _: i64 = store
            .read(|c| Ok(c.query_row("SELECT count(*) FROM projects WHERE location IS NULL", [], |r| r.get(0))?))
            .unwrap_or(0);
    });
    let sorts = [None, Some(ProjectSort::Due), Some(ProjectSort::Name), Some(ProjectSort::Progress), Some(ProjectSort::Budget), Some(ProjectSort::PlannedFinish), Some(ProjectSort::UpdatedAt)];
    let mut r = Rng::new(o.seed ^ 0x9E0);
    let queries: Vec<ProjectQuery> = (0..o.runs)
        .map(|_| {
            let mut q = ProjectQuery { page: 1 + r.below(3) as u32, page_size: 50, sort: *r.pick(&sorts), desc: r.below(2) == 0, ..Default::default() };
            match r.below(8) {
                0 => {}
                1 => q.kind = Some(*r.pick(ProjectKind::ALL)),
                2 => q.category = Some(*r.pick(ProjectCategory::ALL)),
                3 => q.status = Some(*r.pick(ProjectStatus::ALL)),
                4 => q.street_id = Some(r.pick(&streets).clone()),
                5 if !depts.is_empty() => q.department_id = Some(r.pick(&depts).clone()),
                6 => q.year = Some(2023 + r.below(4) as i32),
                _ => q.flag = Some(*r.pick(&[Flag::Red, Flag::Black, Flag::Yellow, Flag::Green])),
            }
            q
        })
        .collect();
    let (s, slow) = time(queries.len(), |i| project::list(store, &queries[i]).map(|_| ()))?;
    eprintln!("  slowest project query: {:?}", queries[slow]);
    let ok = s.p95().as_secs_f64() <= 0.020;
    bench.add("project list: kind/category/status/street/unit/year/flag, sorted, page of 50 + total", "p95 ≤ 20 ms", &s, "full count(*) scan of projects", &scan, Some(ok));
    Ok(())
}
