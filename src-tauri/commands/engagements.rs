//! 走访与会议 and 惠企台账: engagements, quick capture of a site visit, support outcomes.

use lianxin_core::model::cadre::Cadre;
use lianxin_core::model::engagement::{
    self, CaptureInput, Captured, Engagement, EngagementCounts, EngagementInput, EngagementQuery, EngagementRow,
};
use lianxin_core::model::support::{self, Support, SupportInput, SupportQuery, SupportRow, SupportStatus, SupportTotals, TotalsBy};
use lianxin_core::io::{self, ExportFormat, ExportResult};
use lianxin_core::model::Page;
use std::path::PathBuf;
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn engagements_list(state: State<'_, AppState>, query: EngagementQuery) -> CmdResult<Page<EngagementRow>> {
    with_store(state, move |s| engagement::list(s, &query)).await
}

/// A cadre's, enterprise's, project's or issue's engagements, newest first, with the total.
#[tauri::command]
#[specta::specta]
pub async fn engagements_of(state: State<'_, AppState>, target_id: String, limit: u32) -> CmdResult<(Vec<EngagementRow>, u32)> {
    with_store(state, move |s| engagement::for_target(s, &target_id, limit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn engagement_get(state: State<'_, AppState>, id: String) -> CmdResult<EngagementRow> {
    with_store(state, move |s| engagement::get_view(s, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn engagement_create(state: State<'_, AppState>, input: EngagementInput) -> CmdResult<Engagement> {
    with_store(state, move |s| engagement::create(s, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn engagement_update(state: State<'_, AppState>, id: String, input: EngagementInput) -> CmdResult<Engagement> {
    with_store(state, move |s| engagement::update(s, &id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn engagement_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_store(state, move |s| engagement::delete(s, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn engagement_counts(state: State<'_, AppState>, from: String, to: String) -> CmdResult<EngagementCounts> {
    with_store(state, move |s| engagement::counts(s, &from, &to)).await
}

/// 走访登记: the visit and its issues in one transaction.
#[tauri::command]
#[specta::specta]
pub async fn engagement_capture(state: State<'_, AppState>, input: CaptureInput) -> CmdResult<Captured> {
    with_store(state, move |s| engagement::capture(s, &input)).await
}

/// The operator's own cadre record, the capture form's default.
#[tauri::command]
#[specta::specta]
pub async fn my_cadre(state: State<'_, AppState>) -> CmdResult<Option<Cadre>> {
    with_store(state, engagement::my_cadre).await
}

#[tauri::command]
#[specta::specta]
pub async fn supports_list(state: State<'_, AppState>, query: SupportQuery) -> CmdResult<Page<SupportRow>> {
    with_store(state, move |s| support::list(s, &query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn support_totals(
    state: State<'_, AppState>,
    from: String,
    to: String,
    status: Option<SupportStatus>,
    by: TotalsBy,
) -> CmdResult<SupportTotals> {
    with_store(state, move |s| support::totals(s, &from, &to, status, by)).await
}

#[tauri::command]
#[specta::specta]
pub async fn support_create(state: State<'_, AppState>, input: SupportInput) -> CmdResult<Support> {
    with_store(state, move |s| support::create(s, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn support_update(state: State<'_, AppState>, id: String, input: SupportInput) -> CmdResult<Support> {
    with_store(state, move |s| support::update(s, &id, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn support_delete(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    with_store(state, move |s| support::delete(s, &id)).await
}

/// Every engagement the list's filters match (all pages) to `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_engagements(
    state: State<'_, AppState>,
    query: EngagementQuery,
    path: String,
    format: ExportFormat,
) -> CmdResult<ExportResult> {
    with_store(state, move |s| io::export_engagements(s, &query, &PathBuf::from(path), format)).await
}

/// Every support outcome the ledger's filters match (all pages) to `path`.
#[tauri::command]
#[specta::specta]
pub async fn export_supports(
    state: State<'_, AppState>,
    query: SupportQuery,
    path: String,
    format: ExportFormat,
) -> CmdResult<ExportResult> {
    with_store(state, move |s| io::export_supports(s, &query, &PathBuf::from(path), format)).await
}
