//! Where copies are kept and how many: `backups/<database>-YYYYMMDD-HHMMSS-<kind>.db`.
//!
//! The rule: the newest `KEEP_DAILY` daily copies (a week), the newest `KEEP_STEPS` copies taken
//! before a step (migration, import, bulk step, restore, counted together), and every manual
//! copy (the user made it; the user deletes it).

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDateTime};

use super::{dir_for, BackupInfo, BackupKind};
use crate::error::Result;

pub const KEEP_DAILY: usize = 7;
pub const KEEP_STEPS: usize = 10;

fn stem(db: &Path) -> String {
    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "lianxin".into())
}

/// A free path for a new copy of `db` taken now (`-2`, `-3` … within the same second).
pub(super) fn new_path(db: &Path, kind: BackupKind) -> Result<PathBuf> {
    let dir = dir_for(db);
    std::fs::create_dir_all(&dir)?;
    let at = Local::now().format("%Y%m%d-%H%M%S");
    let base = format!("{}-{at}", stem(db));
    let mut n = 1;
    loop {
        let seq = if n == 1 { String::new() } else { format!("~{n}") };
        let p = dir.join(format!("{base}{seq}-{}.db", kind.slug()));
        if !p.exists() {
            return Ok(p);
        }
        n += 1;
    }
}

/// (time taken, sequence in that second, kind) from a copy's file name, if it is one of `db`'s.
fn parse(db_stem: &str, name: &str) -> Option<(NaiveDateTime, u32, BackupKind)> {
    let rest = name.strip_prefix(db_stem)?.strip_prefix('-')?.strip_suffix(".db")?;
    let kind = BackupKind::ALL.into_iter().find(|k| rest.ends_with(&format!("-{}", k.slug())))?;
    let stamp = &rest[..rest.len() - kind.slug().len() - 1];
    let (time, seq) = match stamp.split_once('~') {
        Some((t, n)) => (t, n.parse().ok()?),
        None => (stamp, 1),
    };
    let at = NaiveDateTime::parse_from_str(time, "%Y%m%d-%H%M%S").ok()?;
    Some((at, seq, kind))
}

pub(super) fn info(path: &Path, kind: BackupKind) -> Result<BackupInfo> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let at = parse_any(&name).map(|(t, _, _)| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default();
    Ok(BackupInfo { path: path.display().to_string(), file_name: name, kind, taken_at: at, bytes: std::fs::metadata(path)?.len() })
}

/// The stamp of any copy's name, whatever database it is of.
fn parse_any(name: &str) -> Option<(NaiveDateTime, u32, BackupKind)> {
    // The stem may hold dashes: try each split point from the right.
    name.match_indices('-').rev().find_map(|(i, _)| parse(&name[..i], name))
}

/// The copies of `db`, newest first.
pub fn list(db: &Path) -> Result<Vec<BackupInfo>> {
    let dir = dir_for(db);
    if !dir.is_dir() {
        return Ok(vec![]);
    }
    let s = stem(db);
    let mut found = Vec::new();
    for e in std::fs::read_dir(&dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some((at, seq, kind)) = parse(&s, &name) {
            let bytes = e.metadata()?.len();
            found.push((at, seq, BackupInfo {
                path: e.path().display().to_string(),
                file_name: name,
                kind,
                taken_at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
                bytes,
            }));
        }
    }
    found.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)));
    Ok(found.into_iter().map(|(_, _, i)| i).collect())
}

pub(super) fn has_daily_today(db: &Path) -> Result<bool> {
    let today = Local::now().format("%Y-%m-%d").to_string();
    Ok(list(db)?.iter().any(|b| b.kind == BackupKind::Daily && b.taken_at.starts_with(&today)))
}

/// Deletes the copies the rule no longer keeps, and `.partial` files an hour old (a copy whose
/// process was killed; a younger one may still be being written by another process).
pub(super) fn prune(db: &Path) -> Result<()> {
    let prefix = format!("{}-", stem(db));
    for e in std::fs::read_dir(dir_for(db))?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let old = e.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|a| a.as_secs() > 3600));
        if name.starts_with(&prefix) && name.ends_with(".db.partial") && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let (mut daily, mut steps) = (0, 0);
    for b in list(db)? {
        let kept = match b.kind {
            BackupKind::Manual => true,
            BackupKind::Daily => {
                daily += 1;
                daily <= KEEP_DAILY
            }
            _ => {
                steps += 1;
                steps <= KEEP_STEPS
            }
        };
        if !kept {
            std::fs::remove_file(&b.path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let (at, seq, kind) = parse("my-db", "my-db-20261203-195501~3-before-import.db").unwrap();
        assert_eq!(at.format("%Y-%m-%d %H:%M:%S").to_string(), "2026-12-03 19:55:01");
        assert_eq!((seq, kind), (3, BackupKind::BeforeImport));
        assert!(parse("my-db", "other-20261203-195501-daily.db").is_none());
        assert!(parse("my-db", "my-db-20261203-195501-daily.db.partial").is_none());
        assert_eq!(parse_any("my-db-20261203-195501-manual.db").map(|p| p.2), Some(BackupKind::Manual));
    }
}
