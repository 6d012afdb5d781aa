use lianxin_core::model::enterprise::{self, Enterprise, EnterpriseInput, EnterpriseQuery, StatClassCounts};
use lianxin_core::model::{Page, Saved};
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn enterprises_list(state: State<'_, AppState>, query: EnterpriseQuery) -> CmdResult<Page<Enterprise>> {
    with_store(state, move |s| enterprise::list(s, &query)).await
}

/// How many enterprises the list's other filters match in each 统计分类, and how many are 四上.
#[tauri::command]
#[specta::specta]
pub async fn enterprises_stat_counts(state: State<'_, AppState>, query: EnterpriseQuery) -> CmdResult<StatClassCounts> {
    with_store(state, move |s| enterprise::stat_class_counts(s, &query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn enterprise_get(state: State<'_, AppState>, id: String) -> CmdResult<Enterprise> {
    with_store(state, move |s| enterprise::get_one(s, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn enterprise_create(state: State<'_, AppState>, input: EnterpriseInput) -> CmdResult<Saved<Enterprise>> {
    with_store(state, move |s| enterprise::create(s, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn enterprise_update(
    state: State<'_, AppState>,
    id: String,
    input: EnterpriseInput,
) -> CmdResult<Saved<Enterprise>> {
    with_store(state, move |s| enterprise::update(s, &id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn enterprise_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_store(state, move |s| enterprise::delete(s, &id)).await
}
