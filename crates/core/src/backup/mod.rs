//! Copies of the database file, beside it in `backups/`: taken with SQLite's online backup API
//! (a consistent snapshot while the app keeps working), checked with `integrity_check` before
//! they count, and kept by a retention rule (`keep.rs`).
//!
//! Taken automatically: once a day at open (`daily`), before a migration (`registry` calls
//! `take_path` before it upgrades an older file), and before every import and bulk step
//! (`before_step`). A database without any change yet (a new file) is not copied: there is
//! nothing to lose.

mod keep;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use specta::Type;

use crate::error::{CoreError, Result};
use crate::store::latest_version;
use crate::Store;

pub use keep::{list, KEEP_DAILY, KEEP_STEPS};

/// Why a copy was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    Daily,
    BeforeMigration,
    BeforeImport,
    BeforeBulk,
    BeforeRestore,
    Manual,
}

impl BackupKind {
    pub const ALL: [BackupKind; 6] = [
        BackupKind::Daily,
        BackupKind::BeforeMigration,
        BackupKind::BeforeImport,
        BackupKind::BeforeBulk,
        BackupKind::BeforeRestore,
        BackupKind::Manual,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::BeforeMigration => "before-migration",
            BackupKind::BeforeImport => "before-import",
            BackupKind::BeforeBulk => "before-bulk",
            BackupKind::BeforeRestore => "before-restore",
            BackupKind::Manual => "manual",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            BackupKind::Daily => "每日自动",
            BackupKind::BeforeMigration => "升级前",
            BackupKind::BeforeImport => "导入前",
            BackupKind::BeforeBulk => "批量操作前",
            BackupKind::BeforeRestore => "恢复前",
            BackupKind::Manual => "手动",
        }
    }
}

/// One copy in the backups folder (or written where the user asked).
#[derive(Debug, Clone, Serialize, Type)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    pub kind: BackupKind,
    /// Local time, "YYYY-MM-DD HH:MM:SS".
    pub taken_at: String,
    /// A number in TypeScript (exact up to 9 PB).
    #[specta(type = f64)]
    pub bytes: u64,
}

/// The folder the copies of `db` live in: `backups/` beside it.
pub fn dir_for(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new("")).join("backups")
}

/// Copies the main database of `conn` to `out` (replaced if it exists): into `out.partial`
/// through the online backup API in one step (one read snapshot), checked, then renamed, so a
/// crash or a failed check never leaves a file that looks like a backup.
pub fn copy_to(conn: &Connection, out: &Path) -> Result<u64> {
    let mut tmp = out.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    let copied = (|| {
        let mut dst = Connection::open(&tmp)?;
        {
            let b = Backup::new(conn, &mut dst)?;
            match b.step(-1)? {
                StepResult::Done => {}
                _ => return Err(CoreError::Backup("数据库正忙,未能完成备份,请稍后再试".into())),
            }
        }
        // One self-contained file (no -wal beside it), synced when this connection closes.
        dst.execute_batch("PRAGMA journal_mode = DELETE;")?;
        check(&dst).map_err(|e| CoreError::Backup(format!("备份副本校验未通过,已丢弃:{e}")))?;
        dst.close().map_err(|(_, e)| e)?;
        std::fs::rename(&tmp, out)?;
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(match e {
            e @ CoreError::Backup(_) => e,
            e => CoreError::Backup(format!("无法写入备份“{}”:{e}", out.display())),
        });
    }
    Ok(std::fs::metadata(out)?.len())
}

/// `integrity_check` says "ok", and the file is a 连心 database this build can open.
fn check(conn: &Connection) -> Result<i64> {
    let verdict: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|_| CoreError::Backup("文件已损坏或不是数据库文件".into()))?;
    if verdict != "ok" {
        return Err(CoreError::Backup(format!("数据库完整性检查未通过({verdict})")));
    }
    let ours: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'changes')",
        [],
        |r| r.get(0),
    )?;
    if ours != 2 {
        return Err(CoreError::Backup("这不是连心的数据库文件".into()));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > latest_version() {
        return Err(CoreError::DatabaseTooNew { found: version, supported: latest_version() });
    }
    Ok(version)
}

/// Checks the file at `path` as a backup to restore (read-only; nothing is written to it).
pub fn check_file(path: &Path) -> Result<i64> {
    if !path.is_file() {
        return Err(CoreError::Backup(format!("找不到备份文件“{}”", path.display())));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|_| CoreError::Backup(format!("无法打开备份文件“{}”", path.display())))?;
    check(&conn).map_err(|e| match e {
        CoreError::Backup(m) => CoreError::Backup(format!("备份文件“{}”不可用:{m}", path.display())),
        e => e,
    })
}

/// Takes a copy of `store` of `kind` into its backups folder and applies the retention rule.
pub fn take(store: &Store, kind: BackupKind) -> Result<BackupInfo> {
    let db = store.path().to_path_buf();
    let out = keep::new_path(&db, kind)?;
    store.read(|c| copy_to(c, &out))?;
    keep::prune(&db)?;
    keep::info(&out, kind)
}

/// A checked copy of `store` where the user asked (`lianxin backup --out`), outside the
/// retention rule.
pub fn write_to(store: &Store, out: &Path) -> Result<BackupInfo> {
    let bytes = store.read(|c| copy_to(c, out))?;
    Ok(BackupInfo {
        path: out.display().to_string(),
        file_name: out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        kind: BackupKind::Manual,
        taken_at: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        bytes,
    })
}

/// The same for a database not opened as a store (before a migration, before a restore).
pub fn take_path(db: &Path, kind: BackupKind) -> Result<BackupInfo> {
    let out = keep::new_path(db, kind)?;
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    copy_to(&conn, &out)?;
    keep::prune(db)?;
    keep::info(&out, kind)
}

fn has_data(store: &Store) -> Result<bool> {
    store.read(|c| Ok(c.query_row("SELECT EXISTS (SELECT 1 FROM changes)", [], |r| r.get(0))?))
}

/// Today's daily copy, unless it exists or the database is new. Called at open.
pub fn daily(store: &Store) -> Result<Option<BackupInfo>> {
    if !has_data(store)? || keep::has_daily_today(store.path())? {
        return Ok(None);
    }
    take(store, BackupKind::Daily).map(Some)
}

/// A copy before an import or a bulk step, unless the database is new. A failed copy stops
/// the step: the user's work must not go ahead unprotected.
pub fn before_step(store: &Store, kind: BackupKind) -> Result<Option<BackupInfo>> {
    if !has_data(store)? {
        return Ok(None);
    }
    take(store, kind).map(Some)
}

/// Replaces the database at `db` with the backup at `from`: `from` is checked first (a
/// damaged, foreign or too new file is refused and nothing changes), the current file is kept
/// as a 恢复前 copy, then the backup's pages are written in through SQLite (one transaction).
/// Returns the copy of the file as it was. A store open on `db` must be reopened after.
pub fn restore(db: &Path, from: &Path) -> Result<Option<BackupInfo>> {
    check_file(from)?;
    let kept = if db.is_file() { Some(keep_current(db)?) } else { None };
    let mut conn = Connection::open(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.restore(rusqlite::MAIN_DB, from, rusqlite::backup::NO_PROGRESS)
        .map_err(|e| CoreError::Backup(format!("恢复失败,数据库保持原样:{e}")))?;
    check(&conn)?;
    Ok(kept)
}

/// The current file before a restore: through SQLite when it is readable, else (a damaged
/// file being the usual reason to restore) its bytes as they are.
fn keep_current(db: &Path) -> Result<BackupInfo> {
    match take_path(db, BackupKind::BeforeRestore) {
        Ok(info) => Ok(info),
        Err(_) => {
            let out = keep::new_path(db, BackupKind::BeforeRestore)?;
            std::fs::copy(db, &out)
                .map_err(|e| CoreError::Backup(format!("无法保留当前数据库的副本,未恢复:{e}")))?;
            keep::info(&out, BackupKind::BeforeRestore)
        }
    }
}
