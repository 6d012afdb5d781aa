//! The zone's name and this device's first-run state (local). Settings themselves live in
//! `store::settings`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use super::text;
use crate::error::Result;
use crate::store::{settings, Store};

pub const ZONE_NAME: &str = "zone_name";

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
    let zone_name = settings::get(store, ZONE_NAME)?.and_then(|v| v.as_str().map(str::to_string));
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

/// Records the zone's and the operator's names. The demo data, if asked for, is the
/// generator's to add (`generate::onboard`), so the model does not depend on it.
pub fn onboard(store: &Store, input: &Onboarding) -> Result<ZoneInfo> {
    // Validate both before writing either, so a bad second field leaves nothing half-done.
    let zone = text::required("zone_name", "园区名称", &input.zone_name, 50)?;
    let operator = text::required("operator_name", "您的姓名", &input.operator_name, 20)?;
    store.set_actor(&operator)?;
    settings::set(store, ZONE_NAME, Value::String(zone))?;
    info(store)
}
