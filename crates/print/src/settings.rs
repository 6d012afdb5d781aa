//! What the printed documents say about the office itself, kept in the zone's settings.
use lianxin_core::store::settings;
use lianxin_core::Store;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::Result;

const KEY: &str = "print";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PrintSettings {
    /// The card's title.
    pub card_title: String,
    /// 监督电话 on cards and the wall.
    pub hotline: String,
    /// 服务承诺 printed on each card's front.
    pub pledge: String,
    /// The office that issues 督办单, 交办单 and 通报 (its seal goes under them).
    pub office: String,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            card_title: "助企连心卡".to_string(),
            hotline: String::new(),
            pledge: "有求必应、无事不扰；件件有回音，事事有着落。".to_string(),
            office: String::new(),
        }
    }
}

pub fn get(store: &Store) -> Result<PrintSettings> {
    let value = settings::get(store, KEY)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default())
}

pub fn set(store: &Store, value: &PrintSettings) -> Result<()> {
    let clean = PrintSettings {
        card_title: value.card_title.trim().to_string(),
        hotline: value.hotline.trim().to_string(),
        pledge: value.pledge.trim().to_string(),
        office: value.office.trim().to_string(),
    };
    settings::set(store, KEY, serde_json::to_value(clean).expect("settings serialise"))?;
    Ok(())
}
