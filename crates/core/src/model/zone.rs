//! The zone's settings (synced, one row per key) and this device's first-run state (local).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use super::text;
use crate::error::Result;
use crate::store::{get_opt, ColKind, Entity, Store, Table};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Setting {
    /// The setting's key.
    pub id: String,
    pub value: Value,
    pub created_at: String,
    pub updated_at: String,
}

static TABLE: Table = Table {
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

pub const ZONE_NAME: &str = "zone_name";

pub fn setting(store: &Store, key: &str) -> Result<Option<Value>> {
    Ok(store.read(|c| get_opt::<Setting>(c, key))?.map(|s| s.value))
}

pub fn set_setting(store: &Store, key: &str, value: Value) -> Result<()> {
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

/// What the shell needs at start: is this a first run, and what is this database.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ZoneInfo {
    pub onboarded: bool,
    pub zone_name: Option<String>,
    pub operator_name: Option<String>,
    pub db_path: String,
    pub device_id: String,
    pub schema_version: i32,
}

pub fn info(store: &Store) -> Result<ZoneInfo> {
    let zone_name = setting(store, ZONE_NAME)?.and_then(|v| v.as_str().map(str::to_string));
    let operator = store.actor();
    Ok(ZoneInfo {
        onboarded: zone_name.is_some() && !operator.is_empty(),
        zone_name,
        operator_name: Some(operator).filter(|o| !o.is_empty()),
        db_path: store.path().display().to_string(),
        device_id: store.device_id().to_string(),
        schema_version: store.schema_version()? as i32,
    })
}

/// First-run answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct Onboarding {
    pub zone_name: String,
    pub operator_name: String,
    /// Fill the empty database with the demo set.
    pub demo: bool,
}

/// Records the zone's and the operator's names, and adds the demo data if asked.
pub fn onboard(store: &Store, input: &Onboarding) -> Result<ZoneInfo> {
    // Validate both before writing either, so a bad second field leaves nothing half-done.
    let zone = text::required("zone_name", "园区名称", &input.zone_name, 50)?;
    let operator = text::required("operator_name", "您的姓名", &input.operator_name, 20)?;
    store.set_actor(&operator)?;
    set_setting(store, ZONE_NAME, Value::String(zone))?;
    if input.demo {
        crate::generate::demo(store)?;
    }
    info(store)
}
