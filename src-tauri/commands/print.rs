//! The print centre. `print_make` lays a document out and keeps it; the preview asks for its
//! pages as SVG, and 打印 / 另存为 write the same pages as PDF: to the data folder's `prints/`,
//! opened in the system's PDF viewer (the webviews have no dependable print), or to a chosen path.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use lianxin_print::{print_with, Job, Options, PrintReport, PrintSettings, Printed};
use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// The document last laid out, for its preview pages and its PDF.
static LAST: Mutex<Option<Arc<Printed>>> = Mutex::new(None);
/// Set by `print_cancel`; the layout stops before its next part.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Layout progress: cards (or parts) done of all.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PrintProgress {
    pub done: u32,
    pub total: u32,
}

/// A laid-out document: how many pages, what it holds and what to check first.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PrintPreview {
    pub report: PrintReport,
    /// The file name offered when saving.
    pub file_name: String,
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError { code: "internal".into(), message: format!("内部错误:{e}"), field: None }
}

async fn blocking<T: Send + 'static>(
    state: State<'_, AppState>,
    f: impl FnOnce(&lianxin_core::Store) -> Result<T, AppError> + Send + 'static,
) -> CmdResult<T> {
    let store = state.store()?;
    let result = tauri::async_runtime::spawn_blocking(move || f(&store)).await.map_err(internal)?;
    if let Err(e) = &result {
        tracing::warn!(code = %e.code, error = %e.message, "failed");
    }
    result
}

fn last() -> CmdResult<Arc<Printed>> {
    LAST.lock().unwrap_or_else(|e| e.into_inner()).clone().ok_or_else(|| AppError {
        code: "no_document".into(),
        message: "请先生成要打印的文件".into(),
        field: None,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn print_settings(state: State<'_, AppState>) -> CmdResult<PrintSettings> {
    blocking(state, |s| Ok(lianxin_print::settings::get(s)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn print_settings_save(state: State<'_, AppState>, settings: PrintSettings) -> CmdResult<PrintSettings> {
    blocking(state, move |s| {
        lianxin_print::settings::set(s, &settings)?;
        Ok(lianxin_print::settings::get(s)?)
    })
    .await
}

/// Lays out `job`, keeping it for `print_page`, `print_open` and `print_save`.
#[tauri::command]
#[specta::specta]
pub async fn print_make(state: State<'_, AppState>, job: Job, on_progress: Channel<PrintProgress>) -> CmdResult<PrintPreview> {
    CANCEL.store(false, Ordering::SeqCst);
    let file_name = job.file_name();
    let printed = blocking(state, move |s| {
        let mut progress = |done, total| {
            let _ = on_progress.send(PrintProgress { done, total });
            !CANCEL.load(Ordering::SeqCst)
        };
        Ok(print_with(s, &job, &Options::default(), &mut progress)?)
    })
    .await?;
    let report = printed.report.clone();
    *LAST.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(printed));
    Ok(PrintPreview { report, file_name })
}

#[tauri::command]
#[specta::specta]
pub fn print_cancel() {
    CANCEL.store(true, Ordering::SeqCst);
}

/// Page `index` (0-based) of the last document, as SVG.
#[tauri::command]
#[specta::specta]
pub async fn print_page(index: u32) -> CmdResult<String> {
    let printed = last()?;
    tauri::async_runtime::spawn_blocking(move || printed.page_svg(index as usize))
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError { code: "not_found".into(), message: format!("没有第 {} 页", index + 1), field: None })
}

/// Writes the last document to `path` (from the save dialog).
#[tauri::command]
#[specta::specta]
pub async fn print_save(path: String) -> CmdResult<String> {
    let printed = last()?;
    tauri::async_runtime::spawn_blocking(move || printed.write(&PathBuf::from(&path)).map(|_| path))
        .await
        .map_err(internal)?
        .map_err(Into::into)
}

/// Writes the last document into the data folder's `prints/` and opens it in the system's PDF
/// viewer, whose print dialog does the rest. Returns the file's path.
#[tauri::command]
#[specta::specta]
pub async fn print_open(state: State<'_, AppState>, file_name: String) -> CmdResult<String> {
    let printed = last()?;
    let store = state.store()?;
    let dir = store.path().parent().map(|p| p.join("prints")).unwrap_or_else(|| PathBuf::from("prints"));
    // Only a plain file name from the UI: never a path out of the folder.
    let name = PathBuf::from(&file_name).file_name().map(PathBuf::from).unwrap_or_else(|| "打印.pdf".into());
    let path = dir.join(name);
    let written = path.clone();
    tauri::async_runtime::spawn_blocking(move || {
        std::fs::create_dir_all(&dir).map_err(internal)?;
        printed.write(&written).map_err(AppError::from)
    })
    .await
    .map_err(internal)??;
    let shown = path.display().to_string();
    super::open_in_system(&path, |e| format!("PDF 已保存到 {shown},但没能用系统的 PDF 阅读器打开:{e}"))?;
    Ok(shown)
}
