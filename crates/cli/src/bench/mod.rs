//! `lianxin bench`: builds or reuses a generated data set and measures each DESIGN.md target
//! that exists so far, each beside a baseline measured in the same run.

mod cases;
mod engagements;
mod projects;
mod import;
mod import_ledger;
mod issues;
mod liaison;
mod print;
mod search;
mod stats;
mod sync;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lianxin_core::generate::{self, Counts};
use lianxin_core::Store;
use serde::Serialize;

use crate::error::CliError;
use stats::{fmt, Samples};

/// One row of the result table.
#[derive(Serialize)]
pub struct Row {
    pub what: String,
    pub target: String,
    pub runs: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub baseline: String,
    pub baseline_median_ms: f64,
    /// median / baseline median
    pub ratio: f64,
    pub verdict: String,
}

pub struct Bench {
    pub rows: Vec<Row>,
}

impl Bench {
    fn add(&mut self, what: &str, target: &str, s: &Samples, baseline: &str, b: &Samples, ok: Option<bool>) {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let row = Row {
            what: what.into(),
            target: target.into(),
            runs: s.runs(),
            median_ms: ms(s.median()),
            p95_ms: ms(s.p95()),
            baseline: baseline.into(),
            baseline_median_ms: ms(b.median()),
            ratio: ms(s.median()) / ms(b.median()).max(1e-6),
            verdict: match ok {
                Some(true) => "met".into(),
                Some(false) => "MISSED".into(),
                None => "—".into(),
            },
        };
        eprintln!(
            "  {what}: median {} p95 {} | {baseline} {} | {} {}",
            fmt(s.median()),
            fmt(s.p95()),
            fmt(b.median()),
            ratio(row.ratio),
            row.verdict
        );
        self.rows.push(row);
    }
}

pub struct Options {
    pub size: String,
    pub counts: Counts,
    pub seed: u64,
    pub db: Option<PathBuf>,
    pub runs: usize,
    pub json: bool,
    /// Case groups to run; all when empty.
    pub only: Vec<String>,
    /// The sync group's server database (`postgres://…`); SQLite in a temporary folder when None.
    pub sync_database: Option<String>,
}

impl Options {
    fn wants(&self, group: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|g| g == group)
    }
}

fn data_path(o: &Options) -> PathBuf {
    o.db.clone().unwrap_or_else(|| PathBuf::from(format!("target/bench-data/{}-{}-{}.db", o.size, o.counts.enterprises, o.seed)))
}

/// Opens the data set, generating it (timed) if it is missing or incomplete.
fn dataset(o: &Options, bench: &mut Bench) -> Result<Store, CliError> {
    let path = data_path(o);
    if path.exists() {
        let store = Store::open(&path)?;
        let (n, i): (i64, i64) = store.read(|c| {
            Ok(c.query_row("SELECT (SELECT count(*) FROM enterprises), (SELECT count(*) FROM issues)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })?;
        if n as usize == o.counts.enterprises && i as usize == o.counts.issues {
            eprintln!("reusing {} ({n} enterprises, {i} issues)", path.display());
            return Ok(store);
        }
        drop(store);
        remove_db(&path);
    }
    eprintln!("generating {} into {} …", o.size, path.display());
    let store = Store::open(&path)?;
    store.set_actor("基准测试")?;
    let t = Instant::now();
    let summary = generate::generate(&store, o.counts, o.seed, &mut |_, _, _| {})?;
    let took = t.elapsed();
    store.read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?))?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("  {} change rows, file {:.1} MB", summary.change_rows, bytes as f64 / 1e6);
    let raw = issues::raw_copy_baseline(&store, &["enterprises", "issues", "issue_events"])?;
    let target = if o.size.eq_ignore_ascii_case("L") { "≤ 60 s" } else { "—" };
    let ok = o.size.eq_ignore_ascii_case("L").then(|| took <= Duration::from_secs(60));
    let registry = summary.departments + summary.cadres + summary.enterprises + summary.liaisons;
    eprintln!("  {} issues with {} timeline events", summary.issues, summary.issue_events);
    bench.add(
        &format!(
            "generate {} ({} registry records, {} issues, {} events + change log + search index)",
            o.size,
            registry,
            summary.issues,
            summary.issue_events + summary.issue_batches
        ),
        target,
        &Samples::once(took),
        "raw INSERT … SELECT copy of the enterprises, issues and events, no log or index",
        &Samples::once(raw),
        ok,
    );
    bench.rows.last_mut().expect("just added").what.push_str(&format!(", file {:.0} MB", bytes as f64 / 1e6));
    Ok(store)
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// The ratio as people read it: "×12.3" slower than the baseline, or "40× faster".
fn ratio(r: f64) -> String {
    if r > 0.0 && r < 1.0 {
        format!("{:.0}× faster", 1.0 / r)
    } else {
        format!("×{r:.1}")
    }
}

pub fn run(o: Options) -> Result<(), CliError> {
    let mut bench = Bench { rows: vec![] };
    let store = dataset(&o, &mut bench)?;
    if o.wants("enterprises") {
        cases::enterprise_list(&store, &o, &mut bench)?;
    }
    if o.wants("liaisons") {
        liaison::run(&store, &o, &mut bench)?;
    }
    if o.wants("import") {
        import::run(&store, &o, &mut bench)?;
    }
    if o.wants("search") {
        search::run(&store, &o, &mut bench)?;
    }
    if o.wants("issues") {
        issues::run(&store, &o, &mut bench)?;
    }
    if o.wants("engagements") {
        engagements::run(&store, &o, &mut bench)?;
    }
    if o.wants("projects") {
        projects::run(&store, &o, &mut bench)?;
    }
    if o.wants("print") {
        print::run(&store, &o, &mut bench)?;
    }
    if o.wants("sync") {
        sync::run(&store, &o, &mut bench)?;
    }
    let rss = stats::peak_rss_mib();
    if o.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"rows": bench.rows, "peak_rss_mib": rss}))?);
        return Ok(());
    }
    println!("| what | target | runs | median | p95 | baseline (same run) | baseline median | ratio | |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in &bench.rows {
        let d = |ms: f64| fmt(Duration::from_secs_f64(ms / 1e3));
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.what, r.target, r.runs, d(r.median_ms), d(r.p95_ms), r.baseline, d(r.baseline_median_ms), ratio(r.ratio), r.verdict
        );
    }
    if let Some(m) = rss {
        println!("\npeak RSS of the bench process: {m:.0} MiB");
    }
    Ok(())
}
