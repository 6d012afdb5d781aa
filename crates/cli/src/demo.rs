use std::io::Write;
use std::path::Path;
use std::time::Instant;

use lianxin_core::generate::{self, Counts};
use lianxin_core::model::zone;
use lianxin_core::store::settings;
use lianxin_core::Store;

use crate::error::CliError;

/// Generates a data set into an empty database, with a progress line on stderr.
pub fn run(store: &Store, counts: Counts, seed: u64, zone_name: &str, operator: &str, json: bool, db: &Path) -> Result<(), CliError> {
    let existing: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM enterprises", [], |r| r.get(0))?))?;
    if existing > 0 {
        return Err(CliError::NotEmpty(db.display().to_string(), existing));
    }
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
    let secs = started.elapsed().as_secs_f64();
    // Fold the WAL into the file so its size is the data set's size.
    store.read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?))?;
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
