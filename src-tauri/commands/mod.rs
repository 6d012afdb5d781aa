//! Tauri commands, grouped by area. Each one decodes, calls core, and maps the error.

pub mod attachments;
pub mod backup;
pub mod cadres;
pub mod departments;
pub mod engagements;
pub mod enterprises;
pub mod io;
pub mod io_issues;
pub mod issues;
pub mod liaisons;
pub mod merge;
pub mod print;
pub mod projects;
pub mod search;
pub mod sync;
pub mod zone;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use lianxin_core::Store;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Runs blocking core work off the async executor's threads, and logs in the command's span
/// how long it took and, if it failed, the error's code and message (never the arguments).
pub(crate) async fn with_store<T, F>(state: State<'_, AppState>, f: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> lianxin_core::Result<T> + Send + 'static,
{
    let started = Instant::now();
    let result = run_blocking(state, f).await;
    let ms = started.elapsed().as_millis() as u64;
    match &result {
        Ok(_) => tracing::info!(ms, "done"),
        Err(e) => tracing::warn!(ms, code = %e.code, error = %e.message, "failed"),
    }
    result
}

async fn run_blocking<T, F>(state: State<'_, AppState>, f: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> lianxin_core::Result<T> + Send + 'static,
{
    let store: Arc<Store> = state.store()?;
    // Core's own lines, if it logs, belong to the command too.
    let span = tracing::Span::current();
    tauri::async_runtime::spawn_blocking(move || span.in_scope(|| f(&store)))
        .await
        .map_err(|e| crate::error::AppError { code: "internal".into(), message: format!("内部错误:{e}"), field: None })?
        .map_err(Into::into)
}

/// Opens `path` in the system's program for its type, unless `LIANXIN_NO_OPEN` is set (tests).
/// `failed` words the error for the user from the system's reason.
pub(crate) fn open_in_system(path: &Path, failed: impl FnOnce(String) -> String) -> CmdResult<()> {
    if std::env::var_os("LIANXIN_NO_OPEN").is_some() {
        return Ok(());
    }
    tauri_plugin_opener::open_path(path, None::<&str>)
        .map_err(|e| crate::error::AppError { code: "open_failed".into(), message: failed(e.to_string()), field: None })
}
