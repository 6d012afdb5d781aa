use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lianxin_core::generate::{self, Counts};
use lianxin_core::model::zone;
use lianxin_core::store::settings;
use lianxin_core::Store;

use crate::error::CliError;

/// Generates a data set into an empty database, with a progress line on stderr.
///
/// All or nothing: the set is generated into `<db>.demo-partial` and renamed over `db` only
/// when complete, so a run killed midway leaves `db` as it was (the partial file is removed by
/// the next run), never a half-filled file that opens without a word.
pub fn run(db: &Path, counts: Counts, seed: u64, zone_name: &str, operator: &str, json: bool) -> Result<(), CliError> {
    {
        let target = Store::open(db)?;
        let (changes, enterprises, issues): (i64, i64, i64) = target.read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM changes), (SELECT count(*) FROM enterprises), (SELECT count(*) FROM issues)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })?;
        if changes > 0 {
            return Err(CliError::NotEmpty(db.display().to_string(), enterprises, issues, changes));
        }
    }
    let partial = with_suffix(db, ".demo-partial");
    remove_with_journal(&partial)?;
    let summary = {
        let store = Store::open(&partial)?;
        let s = generate_into(&store, counts, seed, zone_name, operator, json)?;
        // One self-contained file to rename: the WAL folded in and switched off.
        store.read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?))?;
        s
    };
    // The empty target's WAL files must not be replayed into the new file.
    remove_with_journal(db)?;
    std::fs::rename(&partial, db).map_err(|e| CliError::Write(db.display().to_string(), e.to_string()))?;
    report(summary, db, json)
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_with_journal(p: &Path) -> Result<(), CliError> {
    for f in [p.to_path_buf(), with_suffix(p, "-wal"), with_suffix(p, "-shm"), with_suffix(p, "-journal")] {
        match std::fs::remove_file(&f) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(CliError::Write(f.display().to_string(), e.to_string()));
            }
            _ => {}
        }
    }
    Ok(())
}

fn generate_into(
    store: &Store,
    counts: Counts,
    seed: u64,
    zone_name: &str,
    operator: &str,
    json: bool,
) -> Result<(generate::Summary, f64), CliError> {
    if store.actor().is_empty() {
        store.set_actor(operator)?;
    }
    if settings::get(store, zone::ZONE_NAME)?.is_none() {
        settings::set(store, zone::ZONE_NAME, zone_name.into())?;
    }
    let started = Instant::now();
    let summary = generate::generate(store, counts, seed, &mut |what, done, of| {
        if !json {
            eprint!("\r生成 {what}: {done}/{of}    ");
            let _ = std::io::stderr().flush();
        }
    })?;
    Ok((summary, started.elapsed().as_secs_f64()))
}

fn report((summary, secs): (generate::Summary, f64), db: &Path, json: bool) -> Result<(), CliError> {
    let bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    if json {
        let mut v = serde_json::to_value(&summary)?;
        v["seconds"] = secs.into();
        v["file_bytes"] = bytes.into();
        println!("{v}");
    } else {
        eprintln!();
        println!(
            "已生成:{} 个部门,{} 名干部,{} 家企业(其中 {} 家已删除),{} 条联点关系(其中 {} 条已结束),{} 个项目,{} 条变更记录;用时 {:.1} 秒;文件 {:.1} MB → {}",
            summary.departments,
            summary.cadres,
            summary.enterprises,
            summary.tombstoned,
            summary.liaisons,
            summary.ended_liaisons,
            summary.projects,
            summary.change_rows,
            secs,
            bytes as f64 / 1e6,
            db.display()
        );
    }
    Ok(())
}
