use lianxin_core::search::{self, SearchKind, SearchResults};
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// The global search box: Chinese substrings of any length, pinyin (full or initials), USCC
/// and phone numbers, grouped by kind. `kinds` limits the kinds searched; null means all.
#[tauri::command]
#[specta::specta]
pub async fn search(
    state: State<'_, AppState>,
    text: String,
    kinds: Option<Vec<SearchKind>>,
    per_kind: u32,
) -> CmdResult<SearchResults> {
    with_store(state, move |s| search::search(s, &text, kinds.as_deref(), per_kind)).await
}
