//! The SQLite store: opening a file with the right pragmas, migrations, the local metadata, and
//! the door to the one write path (`Store::write`). It knows no entity: records describe their
//! table (`Entity`), derived data registers itself (`Derived`), and `registry` opens a store
//! with every kind of derived data the app keeps.

mod derived;
mod entity;
mod migrate;
pub mod settings;
mod write;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod upgrade_tests;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use rusqlite::{Connection, OptionalExtension};

pub use derived::{Derived, Written};
pub use entity::{from_row as entity_from_row, get, get_opt, ColKind, Entity, Table};
#[cfg(test)]
pub(crate) use entity::fields_of;
pub(crate) use entity::{json_to_sql, to_fields};
pub use migrate::latest_version;
pub(crate) use migrate::MIGRATIONS;
pub use write::{Prepared, Writer};
pub(crate) use write::instant;

use crate::error::Result;
use crate::hlc::{Clock, Stamp};

/// An open database file. Cheap to share behind an `Arc`; calls are serialised on one
/// connection, which is plenty for one desktop user (a read pool can come when measured).
pub struct Store {
    conn: Mutex<Connection>,
    /// The derived data kept beside the rows (the issue ledger's index, the short-query
    /// search index), told of every committed write.
    derived: Vec<Box<dyn Derived>>,
    clock: Clock,
    device: String,
    actor: RwLock<String>,
    path: PathBuf,
}

/// Pragmas set on every connection. The page cache is 128 MiB at most (allocated only as
/// used): bulk work writes the row, its change row, its indexes and the FTS index in one
/// transaction, and at 32 MiB the cache thrashed — generating 30,000 enterprises took 17 s
/// instead of 6. `synchronous = NORMAL` under WAL: a commit survives the app
/// crashing; only a power cut can lose the last few commits, never corrupt the file. FULL would
/// fsync on every commit, which makes bulk work on laptop disks several times slower for a
/// guarantee the sync server already gives once the office syncs.
const PRAGMAS: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    PRAGMA foreign_keys = ON;
    PRAGMA busy_timeout = 5000;
    PRAGMA temp_store = MEMORY;
    PRAGMA cache_size = -131072;
";

/// The meta key holding the clock's correction in milliseconds.
pub(crate) const CLOCK_OFFSET: &str = "clock_offset_ms";

impl Store {
    /// Opens (creating if needed) the database at `path`, migrates it with `steps` and keeps
    /// `derived` current. `Store::open` (in `registry`) passes this build's migrations and
    /// every kind of derived data.
    pub(crate) fn open_with(path: &Path, steps: &[(i64, &str)], derived: Vec<Box<dyn Derived>>) -> Result<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
        let mut conn = Connection::open(path)?;
        // The write path alone uses more than rusqlite's default 16 cached statements (a
        // statement per table, the change log, the search index), and re-preparing the FTS
        // upsert with its triggers on every row is expensive.
        conn.set_prepared_statement_cache_capacity(128);
        conn.execute_batch(PRAGMAS)?;
        migrate::migrate(&mut conn, steps)?;
        // Refresh the planner's statistics where they are missing or stale (cheap; SQLite's
        // advice for long-lived connections), so filtered lists pick the right index.
        conn.execute_batch("PRAGMA optimize = 0x10002;")?;

        let device = match meta_get(&conn, "device_id")? {
            Some(d) => d,
            None => {
                let d = uuid::Uuid::now_v7().to_string();
                meta_set(&conn, "device_id", &d)?;
                d
            }
        };
        // Resume the clock after the newest stamp this device ever wrote.
        let last: Option<i64> =
            conn.query_row("SELECT max(hlc) FROM changes WHERE device = ?1", [&device], |r| r.get(0))?;
        let actor = meta_get(&conn, "operator")?.unwrap_or_default();
        let tx = conn.transaction()?;
        for d in &derived {
            d.at_open(&tx)?;
        }
        tx.commit()?;
        let clock = Clock::new(Stamp::from_i64(last.unwrap_or(0)));
        // The correction the last sync measured against the server's clock (`sync`).
        if let Some(ms) = meta_get(&conn, CLOCK_OFFSET)?.and_then(|v| v.parse().ok()) {
            clock.set_offset(ms);
        }
        Ok(Store {
            conn: Mutex::new(conn),
            derived,
            clock,
            device,
            actor: RwLock::new(actor),
            path: path.to_path_buf(),
        })
    }

    /// A database made by an older build: migrated only up to `version` (upgrade tests).
    #[cfg(test)]
    pub(crate) fn open_at_version(path: &Path, version: i64) -> Result<Store> {
        let steps: Vec<_> = migrate::MIGRATIONS.iter().copied().filter(|(v, _)| *v <= version).collect();
        Self::open_with(path, &steps, vec![])
    }

    /// The derived data of type `T` this store keeps, if it was opened with it.
    pub fn derived<T: Derived>(&self) -> Option<&T> {
        self.derived.iter().find_map(|d| d.as_any().downcast_ref::<T>())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn device_id(&self) -> &str {
        &self.device
    }

    pub fn actor(&self) -> String {
        self.actor.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Sets who is recorded as the author of changes from now on, and remembers it on this device.
    pub fn set_actor(&self, name: &str) -> Result<()> {
        self.read(|c| meta_set(c, "operator", name))?;
        *self.actor.write().unwrap_or_else(|e| e.into_inner()) = name.to_string();
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.read(migrate::schema_version)
    }

    /// Runs `f` with the connection for reading.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        f(&conn)
    }

    /// Runs `f` in one transaction on the one write path. If `f` or the commit fails, nothing
    /// of it is kept: neither the rows nor their change records.
    pub fn write<T>(&self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        self.write_on(&mut conn, f)
    }

    /// `write` for applying pulled changes, with foreign keys unchecked for the transaction:
    /// the device that wrote a change checked its references, and a delivery may bring an
    /// enterprise before the street it names (pages of several devices interleave, a
    /// duplicated page replays old rows). Everything ends consistent once all is pulled.
    pub(crate) fn write_merging<T>(&self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        let out = self.write_on(&mut conn, f);
        conn.execute_batch("PRAGMA foreign_keys = ON")?;
        out
    }

    fn write_on<T>(&self, conn: &mut Connection, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let actor = self.actor();
        let tx = conn.transaction()?;
        let mut w = Writer::new(tx, &self.clock, &actor, &self.device);
        let out = f(&mut w)?;
        let docs = std::mem::take(&mut w.touched);
        let rows = std::mem::take(&mut w.touched_rows);
        let overflowed = std::mem::take(&mut w.overflowed);
        w.commit()?;
        let written = Written { rows: &rows, overflowed: &overflowed, docs: &docs };
        for d in &self.derived {
            d.after_commit(conn, &written);
        }
        Ok(out)
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.read(|c| meta_get(c, key))
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.read(|c| meta_set(c, key, value))
    }
}

pub(crate) fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}
