//! 附件: photos and documents on issues, engagements and projects. The file's path comes from
//! the open dialog in the UI; core checks the file (missing, a folder, too large, not a
//! readable photo) and stores it. Thumbnails and the large preview reach the webview as data
//! URLs; a document (or an original photo) opens in the system's program.

use std::path::PathBuf;

use lianxin_core::model::attachment::{self, AttachInput, Attachment, AttachmentEdit, AttachmentView, OwnerKind, PhotoRole};
use tauri::State;

use super::with_store;
use crate::error::{AppError, CmdResult};
use crate::state::AppState;

/// An owner's attachments in the order they were added, photos with their thumbnails.
#[tauri::command]
#[specta::specta]
pub async fn attachments_of(state: State<'_, AppState>, owner_kind: OwnerKind, owner_id: String) -> CmdResult<Vec<AttachmentView>> {
    with_store(state, move |s| attachment::views_of(s, owner_kind, &owner_id)).await
}

/// Attaches the file at `path` (from the open dialog). `role` places a project's photo
/// (施工前/施工后/过程).
#[tauri::command]
#[specta::specta]
pub async fn attachment_add(
    state: State<'_, AppState>,
    owner_kind: OwnerKind,
    owner_id: String,
    path: String,
    role: Option<PhotoRole>,
) -> CmdResult<AttachmentView> {
    let input = AttachInput { owner_kind, owner_id, path, role, caption: None };
    with_store(state, move |s| attachment::add(s, &input).map(|a| attachment::view(s, a))).await
}

#[tauri::command]
#[specta::specta]
pub async fn attachment_update(state: State<'_, AppState>, id: String, edit: AttachmentEdit) -> CmdResult<Attachment> {
    with_store(state, move |s| attachment::update(s, &id, &edit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn attachment_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_store(state, move |s| attachment::delete(s, &id)).await
}

/// A photo's downscaled copy as a data URL, to show it large.
#[tauri::command]
#[specta::specta]
pub async fn attachment_preview(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    with_store(state, move |s| attachment::preview(s, &id)).await
}

/// Opens the original in the system's program. The stored file is named by its hash, so it is
/// copied under its own name (the program goes by the extension) into the temp folder first.
/// Returns the copy's path.
#[tauri::command]
#[specta::specta]
pub async fn attachment_open(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    let (a, stored) = with_store(state, move |s| attachment::original(s, &id)).await?;
    let copy = tauri::async_runtime::spawn_blocking(move || open_copy(&a, &stored))
        .await
        .map_err(|e| AppError { code: "internal".into(), message: format!("内部错误:{e}"), field: None })??;
    let shown = copy.display().to_string();
    super::open_in_system(&copy, |e| format!("没能用系统程序打开「{shown}」:{e}"))?;
    Ok(shown)
}

fn open_copy(a: &Attachment, stored: &std::path::Path) -> CmdResult<PathBuf> {
    // Only the file name the user's file had: never a path out of the folder.
    let name = PathBuf::from(&a.file_name).file_name().map(PathBuf::from).unwrap_or_else(|| "附件".into());
    let dir = std::env::temp_dir().join("lianxin-attachments").join(&a.id);
    let copy = dir.join(name);
    let io = |e: std::io::Error| AppError { code: "io".into(), message: format!("无法复制附件「{}」以打开:{e}", a.file_name), field: None };
    std::fs::create_dir_all(&dir).map_err(io)?;
    std::fs::copy(stored, &copy).map_err(io)?;
    Ok(copy)
}
