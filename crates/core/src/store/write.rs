//! The one write path. Every insert, update and tombstone goes through a `Writer`, which in the
//! same transaction appends a change row: the changed fields with their new values, the HLC
//! stamp, the actor and the device. That log is the audit trail and the sync outbox.
//!
//! An insert's change row holds the record's non-null fields: a field it lacks is null, and
//! `created_at` (like `updated_at`) is the time of the row's own stamp. A record can be turned
//! into its column values, change-row JSON and search document ahead of the write
//! (`Prepared`), without the connection, so a bulk writer can prepare on one thread while
//! another writes.

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection, Transaction};
use serde_json::{Map, Value};

use super::entity::{json_to_sql, to_fields, ColKind, Entity, Table};
use crate::error::Result;
use crate::hlc::{Clock, Stamp};
use crate::search_doc;

pub struct Writer<'a> {
    tx: Transaction<'a>,
    clock: &'a Clock,
    actor: &'a str,
    device: &'a str,
    /// Search documents changed in this transaction, for the in-memory index after commit.
    pub(crate) touched: Vec<search_doc::Touched>,
    /// Ids of the records written, by table, for in-memory indexes to read again after commit
    /// (up to `TOUCHED_CAP` a table; a table past it is listed in `overflowed`).
    pub(crate) touched_rows: HashMap<&'static str, Vec<String>>,
    pub(crate) overflowed: Vec<&'static str>,
    docs: search_doc::DocWriter,
    /// INSERT statements by table and set of columns, so a bulk write builds each once.
    insert_sql: HashMap<(&'static str, u64), String>,
    /// The last stamp's instant, reused while the millisecond is the same.
    now: (u64, String),
}

/// Records written per table that a transaction lists for the in-memory indexes.
pub(crate) const TOUCHED_CAP: usize = 20_000;

/// Now as an RFC 3339 UTC instant with milliseconds, from a stamp so that row timestamps and
/// change stamps agree.
pub(crate) fn instant(stamp: Stamp) -> String {
    chrono::DateTime::from_timestamp_millis(stamp.millis() as i64)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// A new record made ready for `Writer::insert_prepared`: its columns' values, its change row's
/// JSON and its search document. `created_at` and `updated_at` are filled in at the write.
pub struct Prepared {
    table: &'static Table,
    id: String,
    /// Which of `table.cols` the record has, as bits.
    cols: u64,
    /// Their values in `table.cols` order; the two timestamps are placeholders.
    values: Vec<SqlValue>,
    /// Where `created_at` and `updated_at` sit in `values`.
    stamped: [Option<usize>; 2],
    log: String,
    doc: Option<search_doc::SearchDoc>,
}

impl Prepared {
    pub fn new<T: Entity>(record: &T) -> Result<Prepared> {
        let table = T::TABLE;
        debug_assert!(table.cols.len() <= 64, "column sets are bit masks");
        let mut fields = to_fields(record)?;
        let mut cols = 0u64;
        let mut values = Vec::with_capacity(table.cols.len());
        let mut stamped = [None, None];
        let mut log = String::with_capacity(256);
        log.push('{');
        for (i, (name, kind)) in table.cols.iter().enumerate() {
            let slot = match *name {
                "created_at" => Some(0),
                "updated_at" => Some(1),
                _ => None,
            };
            if let Some(slot) = slot {
                stamped[slot] = Some(values.len());
                values.push(SqlValue::Null);
            } else {
                let Some(v) = fields.remove(*name) else { continue };
                if !v.is_null() {
                    if log.len() > 1 {
                        log.push(',');
                    }
                    log.push('"');
                    log.push_str(name); // column names need no escaping
                    log.push_str("\":");
                    log.push_str(&v.to_string());
                }
                values.push(match (kind, v) {
                    (ColKind::Text, Value::String(s)) => SqlValue::Text(s),
                    (kind, v) => json_to_sql(*kind, &v),
                });
            }
            cols |= 1 << i;
        }
        log.push('}');
        let doc = record.search_doc();
        Ok(Prepared { table, id: record.id().to_string(), cols, values, stamped, log, doc })
    }
}

impl<'a> Writer<'a> {
    pub(crate) fn new(tx: Transaction<'a>, clock: &'a Clock, actor: &'a str, device: &'a str) -> Self {
        Writer {
            tx,
            clock,
            actor,
            device,
            touched: Vec::new(),
            docs: search_doc::DocWriter::default(),
            insert_sql: HashMap::new(),
            now: (u64::MAX, String::new()),
            touched_rows: HashMap::new(),
            overflowed: Vec::new(),
        }
    }

    /// The transaction's connection, for reads that must see this transaction's own writes.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub(crate) fn commit(mut self) -> Result<()> {
        self.docs.flush(&self.tx)?;
        self.tx.commit()?;
        Ok(())
    }

    fn log(&self, table: &Table, id: &str, fields: &str, stamp: Stamp) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO changes(entity, row_id, fields, hlc, actor, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        stmt.execute(rusqlite::params![table.name, id, fields, stamp.as_i64(), self.actor, self.device])?;
        Ok(())
    }

    pub(crate) fn note(&mut self, table: &'static str, id: &str) {
        let ids = self.touched_rows.entry(table).or_default();
        if ids.len() < TOUCHED_CAP {
            ids.push(id.to_string());
        } else if !self.overflowed.contains(&table) {
            self.overflowed.push(table);
        }
    }

    fn instant(&mut self, stamp: Stamp) -> String {
        if self.now.0 != stamp.millis() {
            self.now = (stamp.millis(), instant(stamp));
        }
        self.now.1.clone()
    }

    /// Inserts a new record. `created_at`/`updated_at` are set here, whatever the record says.
    pub fn insert<T: Entity>(&mut self, record: &T) -> Result<()> {
        self.insert_prepared(Prepared::new(record)?)
    }

    /// Inserts a record made ready by `Prepared::new`, stamped now.
    pub fn insert_prepared(&mut self, p: Prepared) -> Result<()> {
        let Prepared { table, id, cols, mut values, stamped, log, doc } = p;
        let stamp = self.clock.now();
        let now = self.instant(stamp);
        for slot in stamped.into_iter().flatten() {
            values[slot] = SqlValue::Text(now.clone());
        }
        let sql = self.insert_sql.entry((table.name, cols)).or_insert_with(|| {
            let names: Vec<&str> =
                table.cols.iter().enumerate().filter(|(i, _)| cols & (1 << i) != 0).map(|(_, (n, _))| *n).collect();
            format!(
                "INSERT INTO {}(id, {}) VALUES (?1, {})",
                table.name,
                names.join(", "),
                (2..=names.len() + 1).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
            )
        });
        self.tx
            .prepare_cached(sql)?
            .execute(params_from_iter(std::iter::once(SqlValue::Text(id.clone())).chain(values)))?;
        self.log(table, &id, &log, stamp)?;
        self.note(table.name, &id);
        if let Some(doc) = doc {
            if let Some(t) = self.docs.insert(&self.tx, &id, &doc)? {
                self.touched.push(t);
            }
        }
        Ok(())
    }

    /// Keeps the record's search document in step, in this transaction.
    fn reindex<T: Entity>(&mut self, record: &T) -> Result<()> {
        if let Some(doc) = record.search_doc() {
            if let Some(t) = self.docs.upsert(&self.tx, record.id(), &doc)? {
                self.touched.push(t);
            }
        }
        Ok(())
    }

    /// Writes the fields that differ between `old` and `new` (same id). Returns whether anything
    /// changed; an unchanged record writes nothing, not even a change row.
    pub fn update<T: Entity>(&mut self, old: &T, new: &T) -> Result<bool> {
        let before = to_fields(old)?;
        let mut changed = to_fields(new)?;
        changed.retain(|k, v| k != "created_at" && k != "updated_at" && before.get(k) != Some(v));
        if changed.is_empty() {
            return Ok(false);
        }
        let stamp = self.clock.now();
        let now = self.instant(stamp);
        self.set_fields(T::TABLE, new.id(), &changed, now)?;
        self.log(T::TABLE, new.id(), &Value::Object(changed).to_string(), stamp)?;
        self.note(T::TABLE.name, new.id());
        self.reindex(new)?;
        Ok(true)
    }

    /// Marks a record deleted. The row stays so references and history still resolve.
    pub fn tombstone<T: Entity>(&mut self, record: &T) -> Result<()> {
        let stamp = self.clock.now();
        let mut fields = Map::new();
        fields.insert("deleted".into(), Value::Bool(true));
        let sql = format!("UPDATE {} SET deleted = 1, updated_at = ?2 WHERE id = ?1", T::TABLE.name);
        let now = self.instant(stamp);
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params![record.id(), now])?;
        self.log(T::TABLE, record.id(), &Value::Object(fields).to_string(), stamp)?;
        self.note(T::TABLE.name, record.id());
        if record.search_doc().is_some() {
            if let Some(t) = self.docs.remove(&self.tx, record.id())? {
                self.touched.push(t);
            }
        }
        Ok(())
    }

    /// Writes `fields` of a record of `table` as a change made here (a restored conflict value):
    /// stamped now and logged like `update`. The caller refreshes the search document.
    pub(crate) fn update_fields(&mut self, table: &'static Table, id: &str, fields: &Map<String, Value>) -> Result<()> {
        self.update_logging(table, id, fields, fields)
    }

    /// Writes `fields` to the row but logs `logged`, what a merge needs to know of the edit (a
    /// setting's changed keys rather than its whole value).
    pub(crate) fn update_logging(
        &mut self,
        table: &'static Table,
        id: &str,
        fields: &Map<String, Value>,
        logged: &Map<String, Value>,
    ) -> Result<()> {
        let stamp = self.clock.now();
        let now = self.instant(stamp);
        self.set_fields(table, id, fields, now)?;
        self.log(table, id, &Value::Object(logged.clone()).to_string(), stamp)?;
        self.note(table.name, id);
        Ok(())
    }

    /// Logs a change pulled from another device with its own origin: its stamp, actor and
    /// device. It is therefore never pushed back (the outbox is this device's changes), and its
    /// stamp, not the time it arrived, decides the merge. The clock moves past it so later
    /// local changes order after what was seen. Returns false when the log already holds it (a
    /// delivery seen before).
    pub(crate) fn log_pulled(&mut self, entity: &str, row_id: &str, fields: &str, hlc: i64, actor: &str, device: &str) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO changes(entity, row_id, fields, hlc, actor, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![entity, row_id, fields, hlc, actor, device])?;
        self.clock.observe(Stamp::from_i64(hlc));
        Ok(n == 1)
    }

    /// Writes a merged record's columns as its change log decides them, without a change row
    /// (the changes that decided them are logged already). Inserts the row when it is missing;
    /// returns false, writing nothing, when it cannot be inserted yet because a required column
    /// has no value (only later edits of it have arrived, not its creation).
    pub(crate) fn put_merged(&mut self, table: &'static Table, id: &str, cols: &[(String, SqlValue)]) -> Result<bool> {
        let exists: bool = self
            .tx
            .prepare_cached(&format!("SELECT EXISTS(SELECT 1 FROM {} WHERE id = ?1)", table.name))?
            .query_row([id], |r| r.get(0))?;
        let mut values = vec![SqlValue::Text(id.to_string())];
        values.extend(cols.iter().map(|(_, v)| v.clone()));
        let sql = if exists {
            let sets: Vec<String> = cols.iter().enumerate().map(|(i, (c, _))| format!("{c} = ?{}", i + 2)).collect();
            format!("UPDATE {} SET {} WHERE id = ?1", table.name, sets.join(", "))
        } else {
            let names: Vec<&str> = cols.iter().map(|(c, _)| c.as_str()).collect();
            let marks: Vec<String> = (2..=cols.len() + 1).map(|i| format!("?{i}")).collect();
            format!("INSERT INTO {}(id, {}) VALUES (?1, {})", table.name, names.join(", "), marks.join(", "))
        };
        match self.tx.prepare_cached(&sql)?.execute(params_from_iter(values)) {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(e, _))
                if !exists && e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_NOTNULL =>
            {
                return Ok(false)
            }
            Err(e) => return Err(e.into()),
        }
        self.note(table.name, id);
        Ok(true)
    }

    /// Brings a record's search document in line with its row (after a merge wrote it).
    pub(crate) fn refresh_doc<T: Entity>(&mut self, id: &str) -> Result<()> {
        if !T::SEARCHABLE {
            return Ok(());
        }
        match super::entity::get_opt::<T>(&self.tx, id)? {
            Some(record) => self.reindex(&record),
            None => {
                if let Some(t) = self.docs.remove(&self.tx, id)? {
                    self.touched.push(t);
                }
                Ok(())
            }
        }
    }

    fn set_fields(&self, table: &Table, id: &str, fields: &Map<String, Value>, now: String) -> Result<()> {
        let mut sets = Vec::new();
        let mut values = vec![rusqlite::types::Value::Text(id.to_string())];
        for (i, (k, v)) in fields.iter().enumerate() {
            sets.push(format!("{k} = ?{}", i + 2));
            values.push(json_to_sql(table.kind_of(k).expect("to_fields keeps known columns"), v));
        }
        sets.push(format!("updated_at = ?{}", values.len() + 1));
        values.push(rusqlite::types::Value::Text(now));
        let sql = format!("UPDATE {} SET {} WHERE id = ?1", table.name, sets.join(", "));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        Ok(())
    }
}
