use lianxin_core::model::department::{self, Department, DepartmentInput, DepartmentQuery};
use lianxin_core::model::{Page, Saved};
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn departments_list(state: State<'_, AppState>, query: DepartmentQuery) -> CmdResult<Page<Department>> {
    with_store(state, move |s| department::list(s, &query)).await
}

/// Every live department, for pickers and id-to-name lookups.
#[tauri::command]
#[specta::specta]
pub async fn departments_all(state: State<'_, AppState>) -> CmdResult<Vec<Department>> {
    with_store(state, department::all).await
}

#[tauri::command]
#[specta::specta]
pub async fn department_create(state: State<'_, AppState>, input: DepartmentInput) -> CmdResult<Saved<Department>> {
    with_store(state, move |s| department::create(s, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn department_update(
    state: State<'_, AppState>,
    id: String,
    input: DepartmentInput,
) -> CmdResult<Saved<Department>> {
    with_store(state, move |s| department::update(s, &id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn department_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_store(state, move |s| department::delete(s, &id)).await
}
