//! The zone's settings: one synced record per key (`settings` table), its value any JSON. The
//! issue rules, the working calendar's overrides and the zone's name live here; each owner
//! module names its key and the shape of its value.

use serde::{Deserialize, Serialize};
use serde_json::Value;

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
            Some(old) => {
                let new = Setting { created_at: old.created_at.clone(), updated_at: old.updated_at.clone(), ..new };
                w.update(&old, &new)?;
            }
            None => w.insert(&new)?,
        }
        Ok(())
    })
}
