//! Export of the data set's enterprises to .xlsx (with its peak memory), and import of that
//! file into a fresh, empty database: DESIGN.md's "import 100,000 enterprises from .xlsx ≤ 8 s".

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use lianxin_core::io::{self, ExportFormat, ImportField, ImportKind, ImportOptions};
use lianxin_core::model::enterprise::EnterpriseQuery;
use lianxin_core::{CoreError, Store};

use super::stats::{peak_rss_mib, Samples};
use super::{cases, Bench, Options};
use crate::error::CliError;

/// Resets the kernel's peak-RSS mark so the next reading covers only what follows (Linux).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn rss_note(before: Option<f64>, peak: Option<f64>) -> String {
    match (before, peak) {
        (Some(b), Some(p)) => format!(", peak RSS {p:.0} MiB (from {b:.0})"),
        _ => String::new(),
    }
}

pub fn run(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    let dir = std::env::temp_dir().join(format!("lianxin-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(CoreError::from)?;
    let result = measure(store, o, bench, &dir).and_then(|_| super::import_ledger::run(o, bench, &dir));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn measure(store: &Store, o: &Options, bench: &mut Bench, dir: &std::path::Path) -> Result<(), CliError> {
    let all = EnterpriseQuery::default();
    let xlsx = dir.join("enterprises.xlsx");

    // Export: the whole list to .xlsx; CSV of the same rows as the baseline.
    let csv = dir.join("enterprises.csv");
    let t = Instant::now();
    io::export_enterprises(store, &all, &csv, ExportFormat::Csv)?;
    let csv_took = t.elapsed();
    reset_peak_rss();
    let before = peak_rss_mib();
    let t = Instant::now();
    let exported = io::export_enterprises(store, &all, &xlsx, ExportFormat::Xlsx)?;
    let took = t.elapsed();
    let peak = peak_rss_mib();
    let mb = std::fs::metadata(&xlsx).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    bench.add(
        &format!("export {} enterprises to .xlsx ({mb:.1} MB){}", exported.rows, rss_note(before, peak)),
        "memory flat",
        &Samples::once(took),
        "CSV export of the same rows",
        &Samples::once(csv_took),
        None,
    );

    // Import into an empty database: parse, map, validate every row, create the streets and
    // communities it names, write rows and change log in one transaction. The fresh database
    // has no cadres, so the 联点干部 column is left unmapped.
    let db = dir.join("import.db");
    let fresh = Store::open(&db)?;
    fresh.set_actor("基准测试")?;
    reset_peak_rss();
    let before = peak_rss_mib();
    let t = Instant::now();
    let sheet = io::read_path(&xlsx)?;
    let parsed = t.elapsed();
    let mut mapping = io::header::detect(&sheet, ImportKind::Enterprises);
    for f in mapping.columns.iter_mut() {
        if matches!(f, Some(ImportField::Liaison | ImportField::LiaisonSince)) {
            *f = None;
        }
    }
    let opts = ImportOptions { mapping: Some(mapping), create_missing: true, ..Default::default() };
    let report = io::commit(&fresh, ImportKind::Enterprises, &sheet, &opts, &mut |_| {}, &AtomicBool::new(false))?;
    let took = t.elapsed();
    let peak = peak_rss_mib();
    drop(sheet);
    eprintln!(
        "  import: read .xlsx {:.2} s, validate + write {:.2} s; {} new, {} invalid, {} streets/communities created",
        parsed.as_secs_f64(),
        (took - parsed).as_secs_f64(),
        report.new_rows,
        report.invalid_rows,
        report.new_departments
    );
    let raw = cases::raw_insert_baseline(store)?;
    let target_applies = o.counts.enterprises >= 100_000;
    bench.add(
        &format!("import {} enterprises from .xlsx into an empty database{}", report.new_rows, rss_note(before, peak)),
        if target_applies { "≤ 8 s" } else { "—" },
        &Samples::once(took),
        "raw prepared INSERT of the same rows, no log",
        &Samples::once(raw),
        target_applies.then(|| took <= Duration::from_secs(8)),
    );
    drop(fresh);
    Ok(())
}
