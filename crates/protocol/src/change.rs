//! One change, as core's change log holds it (`changes` in core's first migration), plus the
//! schema version of the database that wrote it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A change's identity: a device's HLC stamps strictly increase, so (device, hlc) is unique.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ChangeId {
    pub device: String,
    pub hlc: i64,
}

/// A row written through core's one write path: the changed fields of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Table name, e.g. `enterprises`.
    pub entity: String,
    pub row_id: String,
    /// Field name → new value; every field carries this change's stamp.
    pub fields: Map<String, Value>,
    /// Hybrid logical clock stamp: 48 bits of milliseconds, 16 bits of counter.
    pub hlc: i64,
    /// Who made the change (the user's name on that device).
    pub actor: String,
    pub device: String,
    /// The schema version (core's `PRAGMA user_version`) of the database that wrote it.
    pub schema: u32,
}

impl Change {
    pub fn id(&self) -> ChangeId {
        ChangeId {
            device: self.device.clone(),
            hlc: self.hlc,
        }
    }
}
