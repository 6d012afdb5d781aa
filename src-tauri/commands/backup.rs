//! 设置 → 备份: the copies core keeps in backups/, a copy now, and restoring one. The UI names
//! a copy by its file name only, which must be one of the listed copies: no path crosses.

use lianxin_core::backup::{self, BackupInfo, BackupKind};
use lianxin_core::CoreError;
use tauri::State;

use super::with_store;
use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// The copies of the open database, newest first.
#[tauri::command]
#[specta::specta]
pub async fn backup_list(state: State<'_, AppState>) -> CmdResult<Vec<BackupInfo>> {
    with_store(state, |s| backup::list(s.path())).await
}

/// 立即备份: a checked copy into backups/, kept until the user deletes it.
#[tauri::command]
#[specta::specta]
pub async fn backup_now(state: State<'_, AppState>) -> CmdResult<BackupInfo> {
    with_store(state, |s| backup::take(s, BackupKind::Manual)).await
}

/// 恢复: replaces the database with the listed copy `file_name` (checked first; the current
/// file is kept as 恢复前, which this returns), then opens it again. Works when the database
/// could not be opened too: that is when a restore is wanted most.
#[tauri::command]
#[specta::specta]
pub async fn backup_restore(state: State<'_, AppState>, file_name: String) -> CmdResult<Option<BackupInfo>> {
    let db = state.path().to_path_buf();
    let restored = tauri::async_runtime::spawn_blocking(move || {
        let from = backup::list(&db)?
            .into_iter()
            .find(|b| b.file_name == file_name)
            .ok_or_else(|| CoreError::Backup(format!("找不到备份“{file_name}”,请刷新列表后再选")))?;
        backup::restore(&db, std::path::Path::new(&from.path))
    })
    .await
    .map_err(|e| AppError { code: "internal".into(), message: format!("内部错误:{e}"), field: None })?;
    let kept = restored.map_err(AppError::from)?;
    tracing::info!(kept = kept.is_some(), "restored");
    state.reopen()?;
    Ok(kept)
}
