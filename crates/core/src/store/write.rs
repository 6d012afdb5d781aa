//! The one write path. Every insert, update and tombstone goes through a `Writer`, which in the
//! same transaction appends a change row: the changed fields with their new values, the HLC
//! stamp, the actor and the device. That log is the audit trail and the sync outbox.

use rusqlite::{params_from_iter, Connection, Transaction};
use serde_json::{Map, Value};

use super::entity::{json_to_sql, to_fields, Entity, Table};
use crate::error::Result;
use crate::hlc::{Clock, Stamp};
use crate::search;

pub struct Writer<'a> {
    tx: Transaction<'a>,
    clock: &'a Clock,
    actor: &'a str,
    device: &'a str,
    /// Search documents changed in this transaction, for the in-memory index after commit.
    pub(crate) touched: Vec<search::Touched>,
    docs: search::DocWriter,
}

/// Now as an RFC 3339 UTC instant with milliseconds, from a stamp so that row timestamps and
/// change stamps agree.
pub(crate) fn instant(stamp: Stamp) -> String {
    chrono::DateTime::from_timestamp_millis(stamp.millis() as i64)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

impl<'a> Writer<'a> {
    pub(crate) fn new(tx: Transaction<'a>, clock: &'a Clock, actor: &'a str, device: &'a str) -> Self {
        Writer { tx, clock, actor, device, touched: Vec::new(), docs: search::DocWriter::default() }
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

    fn log(&self, table: &Table, id: &str, fields: &Map<String, Value>, stamp: Stamp) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO changes(entity, row_id, fields, hlc, actor, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        stmt.execute(rusqlite::params![
            table.name,
            id,
            Value::Object(fields.clone()).to_string(),
            stamp.as_i64(),
            self.actor,
            self.device
        ])?;
        Ok(())
    }

    /// Inserts a new record. `created_at`/`updated_at` are set here, whatever the record says.
    pub fn insert<T: Entity>(&mut self, record: &T) -> Result<()> {
        let table = T::TABLE;
        let stamp = self.clock.now();
        let now = Value::String(instant(stamp));
        let mut fields = to_fields(record)?;
        fields.insert("created_at".into(), now.clone());
        fields.insert("updated_at".into(), now);

        let cols: Vec<&str> = fields.keys().map(String::as_str).collect();
        let sql = format!(
            "INSERT INTO {}(id, {}) VALUES (?1, {})",
            table.name,
            cols.join(", "),
            (2..=cols.len() + 1).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
        );
        let mut values = vec![rusqlite::types::Value::Text(record.id().to_string())];
        for (k, v) in &fields {
            values.push(json_to_sql(table.kind_of(k).expect("to_fields keeps known columns"), v));
        }
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;

        fields.remove("updated_at");
        self.log(table, record.id(), &fields, stamp)?;
        self.reindex(record)
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
        self.set_fields(T::TABLE, new.id(), &changed, stamp)?;
        self.log(T::TABLE, new.id(), &changed, stamp)?;
        self.reindex(new)?;
        Ok(true)
    }

    /// Marks a record deleted. The row stays so references and history still resolve.
    pub fn tombstone<T: Entity>(&mut self, record: &T) -> Result<()> {
        let stamp = self.clock.now();
        let mut fields = Map::new();
        fields.insert("deleted".into(), Value::Bool(true));
        let sql = format!("UPDATE {} SET deleted = 1, updated_at = ?2 WHERE id = ?1", T::TABLE.name);
        self.tx.prepare_cached(&sql)?.execute(rusqlite::params![record.id(), instant(stamp)])?;
        self.log(T::TABLE, record.id(), &fields, stamp)?;
        if record.search_doc().is_some() {
            if let Some(t) = self.docs.remove(&self.tx, record.id())? {
                self.touched.push(t);
            }
        }
        Ok(())
    }

    fn set_fields(&self, table: &Table, id: &str, fields: &Map<String, Value>, stamp: Stamp) -> Result<()> {
        let mut sets = Vec::new();
        let mut values = vec![rusqlite::types::Value::Text(id.to_string())];
        for (i, (k, v)) in fields.iter().enumerate() {
            sets.push(format!("{k} = ?{}", i + 2));
            values.push(json_to_sql(table.kind_of(k).expect("to_fields keeps known columns"), v));
        }
        sets.push(format!("updated_at = ?{}", values.len() + 1));
        values.push(rusqlite::types::Value::Text(instant(stamp)));
        let sql = format!("UPDATE {} SET {} WHERE id = ?1", table.name, sets.join(", "));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        Ok(())
    }
}
