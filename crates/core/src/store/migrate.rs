//! Versioned, all-or-nothing migrations. The schema version lives in `PRAGMA user_version`.
//! All pending steps run in one transaction: a failure at any step leaves the file exactly as
//! it was. A database whose version is newer than this build knows is refused, not touched.

use rusqlite::Connection;

use crate::error::{CoreError, Result};

/// Each entry is (version, SQL). Append only; never edit a released step.
pub(crate) const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_init.sql")),
    (2, include_str!("migrations/0002_liaisons.sql")),
    (3, include_str!("migrations/0003_search.sql")),
    (4, include_str!("migrations/0004_issues.sql")),
    (5, include_str!("migrations/0005_event_tags.sql")),
    (6, include_str!("migrations/0006_stat_class.sql")),
    (7, include_str!("migrations/0007_hotline_no.sql")),
    (8, include_str!("migrations/0008_fts_hashsize.sql")),
    (9, include_str!("migrations/0009_engagements.sql")),
    (10, include_str!("migrations/0010_projects.sql")),
    (11, include_str!("migrations/0011_engagement_days.sql")),
    (12, include_str!("migrations/0012_attachments.sql")),
    (13, include_str!("migrations/0013_sync.sql")),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|(v, _)| *v).unwrap_or(0)
}

pub(crate) fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings `conn` up to `latest_version()` using `steps` (a parameter so tests can inject a
/// failing step).
pub(crate) fn migrate(conn: &mut Connection, steps: &[(i64, &str)]) -> Result<()> {
    let current = schema_version(conn)?;
    let supported = steps.last().map(|(v, _)| *v).unwrap_or(0);
    if current > supported {
        return Err(CoreError::DatabaseTooNew { found: current, supported });
    }
    let pending: Vec<_> = steps.iter().filter(|(v, _)| *v > current).collect();
    if pending.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (version, sql) in pending {
        tx.execute_batch(sql).map_err(|source| CoreError::Migration { version: *version, source })?;
        tx.pragma_update(None, "user_version", version)
            .map_err(|source| CoreError::Migration { version: *version, source })?;
    }
    tx.commit()?;
    Ok(())
}
