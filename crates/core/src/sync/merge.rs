//! Applying pulled changes. A pulled change is first logged with its own origin (device, stamp,
//! actor); then every record it touched is written again from its change log: each field takes
//! the value of the newest change that names it, newest by (stamp, device). Because the row is a
//! function of the set of logged changes, not of the order they came in, any order of
//! delivery, any duplicate and any partial sync end in the same rows.
//!
//! Three kinds of record are more than their fields:
//! - an issue's row is the replay of its merged timeline through the state machine (per-field
//!   merging alone can leave "closed with no lead department"), its registration fields merged
//!   per field (`issues`);
//! - a setting's value that is an object (the calendar overrides, the issue rules) merges per
//!   key (`merge_setting`);
//! - a tombstone (`deleted`) is a field too: an edit of another field does not bring a deleted
//!   record back.

use std::collections::{BTreeSet, HashMap};

use lianxin_protocol::Change;
use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;
use serde_json::{Map, Value};

use super::conflicts;
use super::issues;
use crate::error::Result;
use crate::hlc::Stamp;
use crate::registry::{entities, EntityDef};
use crate::store::{instant, json_to_sql, Store, Writer};

/// One logged change of a record, as the merge reads it.
#[derive(Debug, Clone)]
pub(crate) struct Logged {
    pub hlc: i64,
    pub device: String,
    pub actor: String,
    pub fields: Map<String, Value>,
}

impl Logged {
    /// Merge order: stamp, then device id, so two devices' changes with one stamp still order
    /// the same everywhere.
    pub fn key(&self) -> (i64, &str) {
        (self.hlc, &self.device)
    }
}

/// A record's logged changes in merge order.
pub(crate) fn logged(conn: &Connection, entity: &str, row_id: &str) -> Result<Vec<Logged>> {
    let mut stmt =
        conn.prepare_cached("SELECT hlc, device, actor, fields FROM changes WHERE entity = ?1 AND row_id = ?2")?;
    let mut rows = stmt.query([entity, row_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let fields: String = r.get(3)?;
        let fields = match serde_json::from_str(&fields)? {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        out.push(Logged { hlc: r.get(0)?, device: r.get(1)?, actor: r.get(2)?, fields });
    }
    out.sort_by(|a, b| a.key().cmp(&b.key()));
    Ok(out)
}

/// What a pulled page did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// Changes not held before (a duplicate delivery adds none).
    pub new: usize,
    /// Records written again.
    pub records: usize,
}

/// Logs and merges a page of pulled changes in one transaction, and runs `then` (keeping the
/// pull cursor) in the same transaction, so a page is either applied with its cursor or not at
/// all.
pub(crate) fn apply(store: &Store, changes: &[Change], then: impl FnOnce(&Connection, &Applied) -> Result<()>) -> Result<Applied> {
    let defs: HashMap<&'static str, EntityDef> = entities().into_iter().map(|d| (d.table.name, d)).collect();
    store.write_merging(|w| {
        let mut applied = Applied::default();
        let mut touched = BTreeSet::new();
        for c in changes {
            let fields = Value::Object(c.fields.clone()).to_string();
            if !w.log_pulled(&c.entity, &c.row_id, &fields, c.hlc, &c.actor, &c.device)? {
                continue;
            }
            applied.new += 1;
            conflicts::note(w.conn(), c)?;
            touched.insert((c.entity.clone(), c.row_id.clone()));
        }
        let mut issues_touched = BTreeSet::new();
        for (entity, row_id) in &touched {
            // A table this build does not know cannot come (the server holds back changes of a
            // newer schema); its changes stay logged.
            let Some(def) = defs.get(entity.as_str()) else { continue };
            if materialize(w, def, row_id)? {
                applied.records += 1;
            }
            if let Some(issue) = issues::issue_of(w.conn(), entity, row_id)? {
                issues_touched.insert(issue);
            }
        }
        for id in &issues_touched {
            issues::replay(w, id)?;
        }
        then(w.conn(), &applied)?;
        Ok(applied)
    })
}

/// Writes a record again from its change log. Returns false when it cannot exist yet (only
/// edits of it have arrived, not its creation).
pub(crate) fn materialize(w: &mut Writer<'_>, def: &EntityDef, row_id: &str) -> Result<bool> {
    let table = def.table;
    let log = logged(w.conn(), table.name, row_id)?;
    let (Some(first), Some(last)) = (log.first(), log.last()) else { return Ok(false) };
    let mut winners: Map<String, Value> = Map::new();
    for c in &log {
        for (k, v) in &c.fields {
            winners.insert(k.clone(), v.clone());
        }
    }
    if table.name == "settings" {
        winners.insert("value".into(), merge_setting(log.iter().filter_map(|c| c.fields.get("value"))));
    }
    let mut cols = Vec::new();
    for (k, v) in &winners {
        if k == "deleted" {
            cols.push((k.clone(), SqlValue::Integer(v.as_bool().unwrap_or(false) as i64)));
        } else if let Some(kind) = table.kind_of(k) {
            cols.push((k.clone(), json_to_sql(kind, v)));
        }
    }
    // As the Writer sets them: created at the first change's stamp, updated at the last's.
    for (col, stamp) in [("created_at", first.hlc), ("updated_at", last.hlc)] {
        if table.kind_of(col).is_some() {
            cols.push((col.to_string(), SqlValue::Text(instant(Stamp::from_i64(stamp)))));
        }
    }
    if !w.put_merged(table, row_id, &cols)? {
        return Ok(false);
    }
    (def.refresh_doc)(w, row_id)?;
    Ok(true)
}

/// A setting's value from the values its changes logged, oldest first. The store logs an
/// object's edit as its changed keys with null for a removed key (`settings::logged_value`),
/// so folding them in stamp order gives each key its newest value: two devices' edits of
/// different keys (two calendar days, two issue rules) both stay. A value that is not an
/// object replaces what was before.
pub fn merge_setting<'a>(values: impl IntoIterator<Item = &'a Value>) -> Value {
    let mut out = Value::Null;
    for v in values {
        match (&mut out, v) {
            (Value::Object(acc), Value::Object(keys)) => {
                for (k, x) in keys {
                    if x.is_null() {
                        acc.remove(k);
                    } else {
                        acc.insert(k.clone(), x.clone());
                    }
                }
            }
            (_, Value::Object(keys)) => {
                out = Value::Object(keys.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), x.clone())).collect())
            }
            (_, v) => out = v.clone(),
        }
    }
    out
}
