//! Tauri commands, grouped by area. Each one decodes, calls core, and maps the error.

pub mod cadres;
pub mod departments;
pub mod enterprises;
pub mod io;
pub mod io_issues;
pub mod issues;
pub mod liaisons;
pub mod merge;
pub mod search;
pub mod zone;

use std::sync::Arc;

use lianxin_core::Store;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Runs blocking core work off the async executor's threads.
pub(crate) async fn with_store<T, F>(state: State<'_, AppState>, f: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> lianxin_core::Result<T> + Send + 'static,
{
    let store: Arc<Store> = state.store()?;
    tauri::async_runtime::spawn_blocking(move || f(&store))
        .await
        .map_err(|e| crate::error::AppError { code: "internal".into(), message: format!("内部错误:{e}"), field: None })?
        .map_err(Into::into)
}
