//! `lianxin backup` and `lianxin restore`: core's backups (copies checked before they count,
//! kept in backups/ beside the database) from the command line.

use std::path::{Path, PathBuf};


use clap::Args;
use lianxin_core::backup::{self, BackupInfo, BackupKind};
use lianxin_core::Store;

use crate::error::CliError;

#[derive(Args)]
pub struct BackupArgs {
    /// Write the copy to this file (replaced if it exists) instead of backups/.
    #[arg(long, conflicts_with = "list")]
    out: Option<PathBuf>,
    /// List the copies in backups/, newest first.
    #[arg(long)]
    list: bool,
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn print_one(verb: &str, b: &BackupInfo, json: bool) -> Result<(), CliError> {
    if json {
        println!("{}", serde_json::to_string_pretty(b)?);
    } else {
        println!("{verb}:{}({},{},已校验)", b.path, b.kind.zh(), mb(b.bytes));
    }
    Ok(())
}

pub fn run(db: &Path, args: &BackupArgs, json: bool) -> Result<(), CliError> {
    if args.list {
        let copies = backup::list(db)?;
        if json {
            println!("{}", serde_json::to_string_pretty(&copies)?);
        } else if copies.is_empty() {
            println!("{} 还没有备份", backup::dir_for(db).display());
        } else {
            for b in &copies {
                println!("{}  {:<6}  {:>9}  {}", b.taken_at, b.kind.zh(), mb(b.bytes), b.path);
            }
        }
        return Ok(());
    }
    let store = Store::open(db)?;
    let info = match &args.out {
        Some(out) => backup::write_to(&store, out)?,
        None => backup::take(&store, BackupKind::Manual)?,
    };
    print_one("已备份", &info, json)
}

pub fn restore(db: &Path, from: &Path, json: bool) -> Result<(), CliError> {
    let kept = backup::restore(db, from)?;
    if let Some(k) = &kept {
        print_one("原数据库已保留", k, json)?;
    }
    if !json {
        println!("已从 {} 恢复到 {}", from.display(), db.display());
    }
    Ok(())
}
