use lianxin_core::model::cadre::{self, Cadre, CadreInput, CadreQuery};
use lianxin_core::model::{Page, Saved};
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn cadres_list(state: State<'_, AppState>, query: CadreQuery) -> CmdResult<Page<Cadre>> {
    with_store(state, move |s| cadre::list(s, &query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn cadre_get(state: State<'_, AppState>, id: String) -> CmdResult<Cadre> {
    with_store(state, move |s| cadre::get_one(s, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn cadre_create(state: State<'_, AppState>, input: CadreInput) -> CmdResult<Saved<Cadre>> {
    with_store(state, move |s| cadre::create(s, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn cadre_update(state: State<'_, AppState>, id: String, input: CadreInput) -> CmdResult<Saved<Cadre>> {
    with_store(state, move |s| cadre::update(s, &id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn cadre_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_store(state, move |s| cadre::delete(s, &id)).await
}
