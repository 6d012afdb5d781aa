//! 合并重复企业, 合并重复干部.

use lianxin_core::model::merge::cadre::{CadreMergePlan, CadreMerged};
use lianxin_core::model::merge::{self, MergePlan, Merged};
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// Merge the duplicate `remove_id` into `keep_id`: fields, liaisons, then tombstone the duplicate.
#[tauri::command]
#[specta::specta]
pub async fn enterprise_merge(state: State<'_, AppState>, plan: MergePlan) -> CmdResult<Merged> {
    with_store(state, move |s| merge::merge(s, &plan)).await
}

/// 合并重复干部: `remove_id` into `keep_id` (liaisons, issues taken, engagements attended).
#[tauri::command]
#[specta::specta]
pub async fn cadre_merge(state: State<'_, AppState>, plan: CadreMergePlan) -> CmdResult<CadreMerged> {
    with_store(state, move |s| merge::cadre::merge_cadres(s, &plan)).await
}
