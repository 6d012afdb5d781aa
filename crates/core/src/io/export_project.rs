//! The project ledger (项目台账) out, filtered as on screen (every page), to .xlsx or CSV, in
//! the columns the project import reads (`header_ledgers::PROJECT`), so an export imports back
//! unchanged: money in 万元 as numbers, quantities with their units ("132盏"), progress as "80%"
//! (a bare 0.8 would read back as a percent-formatted cell), dates as YYYY-MM-DD.

use std::path::Path;

use super::export::{dept_names, reader, run, ExportResult};
use super::normalize::number_text;
use super::table_out::{ExportFormat, TableOut, Val};
use crate::error::Result;
use crate::model::list::MAX_PAGE_SIZE;
use crate::model::project::{self, ProjectQuery};
use crate::store::Store;

pub const PROJECT_HEADERS: &[&str] = &[
    "项目名称", "项目性质", "类别", "年度", "建设地点", "街道", "社区", "责任单位", "挂钩联系人", "建设内容", "建设规模",
    "总投资(万元)", "已完成投资(万元)", "受益数量", "计划开工", "计划完工", "实际开工", "实际完工", "状态", "进度", "备注",
];

fn with_unit(n: Option<f64>, unit: &Option<String>) -> Val {
    match n {
        Some(n) => Val::Text(format!("{}{}", number_text(n), unit.as_deref().unwrap_or(""))),
        None => Val::Empty,
    }
}

fn wan(fen: Option<i64>) -> Val {
    fen.map(|f| Val::Num(f as f64 / 1_000_000.0)).unwrap_or(Val::Empty)
}

/// Every project `q` matches, in the list's order.
pub fn export_projects(store: &Store, q: &ProjectQuery, path: &Path, format: ExportFormat) -> Result<ExportResult> {
    run(path, || {
        let depts = dept_names(&reader(store)?)?;
        let dept = |id: &Option<String>| Val::opt(&id.as_ref().and_then(|i| depts.get(i)).cloned());
        let mut out = TableOut::create(path, format, "项目台账", PROJECT_HEADERS)?;
        let mut n = 0u64;
        for page in 1.. {
            let rows = project::list(store, &ProjectQuery { page, page_size: MAX_PAGE_SIZE, ..q.clone() })?.rows;
            for r in &rows {
                let p = &r.project;
                out.row(&[
                    Val::Text(p.name.clone()),
                    Val::Text(p.kind.zh().into()),
                    Val::Text(p.category.zh().into()),
                    p.year.map(|y| Val::Num(y as f64)).unwrap_or(Val::Empty),
                    Val::opt(&p.location),
                    dept(&p.street_id),
                    dept(&p.community_id),
                    dept(&p.department_id),
                    if r.contacts.is_empty() { Val::Empty } else { Val::Text(r.contacts.join("、")) },
                    Val::opt(&p.content),
                    with_unit(p.quantity, &p.unit),
                    wan(p.budget_fen),
                    wan(p.spent_fen),
                    with_unit(p.beneficiaries.map(f64::from), &p.beneficiary_unit),
                    Val::opt(&p.planned_start),
                    Val::opt(&p.planned_finish),
                    Val::opt(&p.actual_start),
                    Val::opt(&p.actual_finish),
                    Val::Text(p.status.zh().into()),
                    Val::Text(format!("{}%", p.progress)),
                    Val::opt(&p.note),
                ])?;
            }
            n += rows.len() as u64;
            if rows.len() < MAX_PAGE_SIZE as usize {
                break;
            }
        }
        out.finish()?;
        Ok(n)
    })
}
