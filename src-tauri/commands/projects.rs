//! 项目: the project list and page, create/edit, milestones, the progress log, 挂钩联系人 and
//! the ledger's export (its import is `io::import_*` with the kind `projects`).

use std::path::PathBuf;

use lianxin_core::io::{self, ExportFormat, ExportResult};
use lianxin_core::model::liaison::{self, ProjectAssignInput, Reassigned};
use lianxin_core::model::project::{
    self, LogInput, Milestone, MilestoneInput, Project, ProjectDetail, ProjectInput, ProjectLog, ProjectQuery, ProjectRow,
};
use lianxin_core::model::{Page, Saved};
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn project_list(state: State<'_, AppState>, query: ProjectQuery) -> CmdResult<Page<ProjectRow>> {
    with_store(state, move |s| project::list(s, &query)).await
}

/// The project page: the project, its flag, milestones with flags, log, 挂钩联系人 and issues.
#[tauri::command]
#[specta::specta]
pub async fn project_detail(state: State<'_, AppState>, id: String) -> CmdResult<ProjectDetail> {
    with_store(state, move |s| project::detail(s, &id, &None)).await
}

#[tauri::command]
#[specta::specta]
pub async fn project_create(state: State<'_, AppState>, input: ProjectInput) -> CmdResult<Saved<Project>> {
    with_store(state, move |s| project::create(s, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn project_update(state: State<'_, AppState>, id: String, input: ProjectInput) -> CmdResult<Saved<Project>> {
    with_store(state, move |s| project::update(s, &id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn project_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_store(state, move |s| project::delete(s, &id)).await
}

/// Adds a milestone (`id` null) or edits one; marking it done is setting `done_on`.
#[tauri::command]
#[specta::specta]
pub async fn project_milestone_save(
    state: State<'_, AppState>,
    id: Option<String>,
    input: MilestoneInput,
) -> CmdResult<Milestone> {
    with_store(state, move |s| project::save_milestone(s, id.as_deref(), &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn project_milestone_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_store(state, move |s| project::delete_milestone(s, &id)).await
}

/// 记进展.
#[tauri::command]
#[specta::specta]
pub async fn project_log_add(state: State<'_, AppState>, input: LogInput) -> CmdResult<ProjectLog> {
    with_store(state, move |s| project::add_log(s, &input)).await
}

/// 指派挂钩联系人: the current one of the role ends the same day, kept as history.
#[tauri::command]
#[specta::specta]
pub async fn project_assign_contact(state: State<'_, AppState>, input: ProjectAssignInput) -> CmdResult<Reassigned> {
    with_store(state, move |s| liaison::assign_to_project(s, &input)).await
}

/// Every project the list's filters match (all pages) to `path`, in the columns the project
/// import reads back.
#[tauri::command]
#[specta::specta]
pub async fn export_projects(
    state: State<'_, AppState>,
    query: ProjectQuery,
    path: String,
    format: ExportFormat,
) -> CmdResult<ExportResult> {
    with_store(state, move |s| io::export_projects(s, &query, &PathBuf::from(path), format)).await
}
