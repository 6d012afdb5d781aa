//! Import and export. The file to import arrives as bytes from the webview's file input and is
//! parsed once; later previews (a changed mapping or choice) and the commit reuse that parse.
//! Export paths come from the save dialog in the UI.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use lianxin_core::io::{self, ExportFormat, ExportResult, ImportKind, ImportOptions, ImportProgress, ImportReport, LeftOut, Sheet};
use lianxin_core::model::cadre::CadreQuery;
use lianxin_core::model::enterprise::EnterpriseQuery;
use tauri::ipc::Channel;
use tauri::State;

use super::with_store;
use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// The parsed file awaiting commit. One import at a time, as the wizard is modal.
pub(super) static PENDING: Mutex<Option<Arc<Sheet>>> = Mutex::new(None);
/// The file of the last import committed, kept for `import_left_out_export`.
pub(super) static LAST: Mutex<Option<Arc<Sheet>>> = Mutex::new(None);
/// Set by `import_cancel`; the running commit rolls back at its next row.
pub(super) static CANCEL: AtomicBool = AtomicBool::new(false);

pub(super) fn pending() -> CmdResult<Arc<Sheet>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).clone().ok_or_else(|| AppError {
        code: "no_file".into(),
        message: "请先选择要导入的文件".into(),
        field: None,
    })
}

/// After a commit: the file is no longer pending, but its left-out rows may still be exported.
pub(super) fn committed() {
    let sheet = PENDING.lock().unwrap_or_else(|e| e.into_inner()).take();
    *LAST.lock().unwrap_or_else(|e| e.into_inner()) = sheet;
}

pub(super) fn internal(e: impl std::fmt::Display) -> AppError {
    AppError { code: "internal".into(), message: format!("内部错误:{e}"), field: None }
}

/// Reads the chosen file and reports what importing it would do. Writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn import_preview(
    state: State<'_, AppState>,
    kind: ImportKind,
    file_name: String,
    bytes: Vec<u8>,
    options: ImportOptions,
) -> CmdResult<ImportReport> {
    let sheet = tauri::async_runtime::spawn_blocking(move || io::read(&file_name, &bytes))
        .await
        .map_err(internal)??;
    let sheet = Arc::new(sheet);
    *PENDING.lock().unwrap_or_else(|e| e.into_inner()) = Some(sheet.clone());
    with_store(state, move |s| io::preview(s, kind, &sheet, &options)).await
}

/// The preview again for the file already read, with a changed mapping or choices.
#[tauri::command]
#[specta::specta]
pub async fn import_recheck(state: State<'_, AppState>, kind: ImportKind, options: ImportOptions) -> CmdResult<ImportReport> {
    let sheet = pending()?;
    with_store(state, move |s| io::preview(s, kind, &sheet, &options)).await
}

/// Imports the file read by `import_preview` in one transaction, sending progress on
/// `on_progress`. All or nothing: problems (unless skipped), errors and `import_cancel` leave
/// the database as it was.
#[tauri::command]
#[specta::specta]
pub async fn import_commit(
    state: State<'_, AppState>,
    kind: ImportKind,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> CmdResult<ImportReport> {
    let sheet = pending()?;
    CANCEL.store(false, Ordering::Relaxed);
    let report = with_store(state, move |s| {
        io::commit(s, kind, &sheet, &options, &mut |p| drop(on_progress.send(p)), &CANCEL)
    })
    .await?;
    committed();
    Ok(report)
}

/// The rows an import left out (its report's `left_out`) to `path` as .xlsx: the file's own
/// columns, then 原行号 and 未导入原因, for the office to fix and import again. The file is the
/// one last committed, or else the one being previewed.
#[tauri::command]
#[specta::specta]
pub async fn import_left_out_export(header_row: u32, left_out: Vec<LeftOut>, path: String) -> CmdResult<ExportResult> {
    let last = LAST.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let sheet = match last {
        Some(s) => s,
        None => pending()?,
    };
    tauri::async_runtime::spawn_blocking(move || io::export_left_out(&sheet, header_row, &left_out, &PathBuf::from(path)))
        .await
        .map_err(internal)?
        .map_err(Into::into)
}

/// Asks a running import to stop; it rolls back and fails with code `cancelled`.
#[tauri::command]
#[specta::specta]
pub fn import_cancel() {
    CANCEL.store(true, Ordering::Relaxed);
}

/// Every enterprise the list's filters match (all pages) to `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_enterprises(
    state: State<'_, AppState>,
    query: EnterpriseQuery,
    path: String,
    format: ExportFormat,
) -> CmdResult<ExportResult> {
    with_store(state, move |s| io::export_enterprises(s, &query, &PathBuf::from(path), format)).await
}

/// Every cadre the list's filters match to `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_cadres(
    state: State<'_, AppState>,
    query: CadreQuery,
    path: String,
    format: ExportFormat,
) -> CmdResult<ExportResult> {
    with_store(state, move |s| io::export_cadres(s, &query, &PathBuf::from(path), format)).await
}
