//! The zone's settings: one synced record per key (`settings` table), its value any JSON. The
//! issue rules, the working calendar's overrides and the zone's name live here; each owner
//! module names its key and the shape of its value.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::entity::{get_opt, ColKind, Entity, Table};
use super::Store;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Setting {
    /// The setting's key.
    pub id: String,
    pub value: Value,
    pub created_at: String,
    pub updated_at: String,
}

pub(crate) static TABLE: Table = Table {
    name: "settings",
    what: "设置",
    cols: &[("value", ColKind::Json), ("created_at", ColKind::Text), ("updated_at", ColKind::Text)],
};

impl Entity for Setting {
    const TABLE: &'static Table = &TABLE;
    fn id(&self) -> &str {
        &self.id
    }
}

/// The value under `key`, if set.
pub fn get(store: &Store, key: &str) -> Result<Option<Value>> {
    Ok(store.read(|c| get_opt::<Setting>(c, key))?.map(|s| s.value))
}

/// Sets `key` through the one write path (logged and synced like any record).
pub fn set(store: &Store, key: &str, value: Value) -> Result<()> {
    store.write(|w| {
        let new = Setting { id: key.into(), value, created_at: String::new(), updated_at: String::new() };
        match get_opt::<Setting>(w.conn(), key)? {
            Some(old) if old.value == new.value => {}
            Some(old) => {
                let mut row = Map::new();
                row.insert("value".into(), new.value.clone());
                let mut logged = Map::new();
                logged.insert("value".into(), logged_value(&old.value, &new.value));
                w.update_logging(&TABLE, key, &row, &logged)?;
            }
            None => w.insert(&new)?,
        }
        Ok(())
    })
}

/// What the change log records of a setting's new value. An object (the calendar overrides,
/// the issue rules) is logged as its changed keys, a removed key as null, so that sync merges
/// two devices' edits of different keys instead of keeping one whole object
/// (`sync::merge_setting`); any other value is logged whole.
pub(crate) fn logged_value(old: &Value, new: &Value) -> Value {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let mut diff = Map::new();
            for (k, v) in n {
                if o.get(k) != Some(v) {
                    diff.insert(k.clone(), v.clone());
                }
            }
            for k in o.keys().filter(|k| !n.contains_key(*k)) {
                diff.insert(k.clone(), Value::Null);
            }
            Value::Object(diff)
        }
        _ => new.clone(),
    }
}
