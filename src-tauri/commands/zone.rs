use lianxin_core::model::reference::{Industry, INDUSTRIES};
use lianxin_core::model::zone::{self, Onboarding, ZoneInfo};
use lianxin_core::model::FieldWarning;
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// Where this app's data is and whether the first-run questions have been answered.
#[tauri::command]
#[specta::specta]
pub async fn zone_info(state: State<'_, AppState>) -> CmdResult<ZoneInfo> {
    with_store(state, zone::info).await
}

#[tauri::command]
#[specta::specta]
pub async fn onboard(state: State<'_, AppState>, input: Onboarding) -> CmdResult<ZoneInfo> {
    with_store(state, move |s| lianxin_core::generate::onboard(s, &input)).await
}

#[tauri::command]
#[specta::specta]
pub fn industries() -> Vec<Industry> {
    INDUSTRIES.to_vec()
}

/// The USCC warning for a code as typed, for the form to show before saving.
#[tauri::command]
#[specta::specta]
pub fn uscc_check(code: String) -> Option<FieldWarning> {
    lianxin_core::model::enterprise::uscc_warning(&code)
}
