//! The issue ledger (台账) in and out: import an office's existing Excel ledger, and export the
//! filtered ledger. Shares the pending file and the cancel flag with the registry imports
//! (`io.rs`): one import wizard is open at a time.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use lianxin_core::io::{self, ExportFormat, ExportResult, ImportProgress, IssueImportOptions, IssueImportReport};
use lianxin_core::model::issue::ledger::LedgerQuery;
use tauri::ipc::Channel;
use tauri::State;

use super::io::{committed, internal, pending, CANCEL, PENDING};
use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// Reads the ledger file and reports what importing it would do. Writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn issue_import_preview(
    state: State<'_, AppState>,
    file_name: String,
    bytes: Vec<u8>,
    options: IssueImportOptions,
) -> CmdResult<IssueImportReport> {
    let sheet = tauri::async_runtime::spawn_blocking(move || io::read(&file_name, &bytes))
        .await
        .map_err(internal)??;
    let sheet = Arc::new(sheet);
    *PENDING.lock().unwrap_or_else(|e| e.into_inner()) = Some(sheet.clone());
    with_store(state, move |s| io::preview_issues(s, &sheet, &options)).await
}

/// The preview again with changed options, for the file already read.
#[tauri::command]
#[specta::specta]
pub async fn issue_import_recheck(state: State<'_, AppState>, options: IssueImportOptions) -> CmdResult<IssueImportReport> {
    let sheet = pending()?;
    with_store(state, move |s| io::preview_issues(s, &sheet, &options)).await
}

/// Imports the ledger read by `issue_import_preview` in one transaction, all or nothing.
#[tauri::command]
#[specta::specta]
pub async fn issue_import_commit(
    state: State<'_, AppState>,
    options: IssueImportOptions,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<IssueImportReport> {
    let sheet = pending()?;
    CANCEL.store(false, Ordering::Relaxed);
    let report = with_store(state, move |s| {
        io::commit_issues(s, &sheet, &options, &mut |p| drop(on_progress.send(p)), &CANCEL)
    })
    .await?;
    committed();
    Ok(report)
}

/// Every issue the ledger's filters match (all pages) to `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_issues(
    state: State<'_, AppState>,
    query: LedgerQuery,
    path: String,
    format: ExportFormat,
) -> CmdResult<ExportResult> {
    with_store(state, move |s| io::export_issues(s, &query, &PathBuf::from(path), format)).await
}
