//! 联点 / 包联: assigning cadres to enterprises, ending and reassigning, and the views.

use lianxin_core::model::liaison::{
    self, AssignInput, BulkAssignInput, BulkAssigned, CadreLiaisonCount, EndInput, LeaderView, LeadersQuery, Liaison,
    LiaisonQuery, LiaisonRow, ReassignInput, Reassigned, Workload, WorkloadQuery,
};
use lianxin_core::model::Page;
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// 指派: pair a cadre with an enterprise (refused when the same pairing is already current).
#[tauri::command]
#[specta::specta]
pub async fn liaison_assign(state: State<'_, AppState>, input: AssignInput) -> CmdResult<Liaison> {
    with_store(state, move |s| liaison::assign(s, &input)).await
}

/// 结束: set the end date; the liaison stays as history.
#[tauri::command]
#[specta::specta]
pub async fn liaison_end(state: State<'_, AppState>, input: EndInput) -> CmdResult<Liaison> {
    with_store(state, move |s| liaison::end(s, &input)).await
}

/// 更换联点干部: end the current one(s) and start the new one in one transaction.
#[tauri::command]
#[specta::specta]
pub async fn liaison_reassign(state: State<'_, AppState>, input: ReassignInput) -> CmdResult<Reassigned> {
    with_store(state, move |s| liaison::reassign(s, &input)).await
}

/// 批量指派: one cadre to many enterprises, all or nothing.
#[tauri::command]
#[specta::specta]
pub async fn liaison_bulk_assign(state: State<'_, AppState>, input: BulkAssignInput) -> CmdResult<BulkAssigned> {
    with_store(state, move |s| liaison::bulk_assign(s, &input)).await
}

/// An enterprise's liaisons, current first, then past.
#[tauri::command]
#[specta::specta]
pub async fn liaisons_of_enterprise(state: State<'_, AppState>, enterprise_id: String) -> CmdResult<Vec<LiaisonRow>> {
    with_store(state, move |s| liaison::for_enterprise(s, &enterprise_id)).await
}

/// A cadre's current enterprises.
#[tauri::command]
#[specta::specta]
pub async fn liaisons_of_cadre(state: State<'_, AppState>, cadre_id: String) -> CmdResult<Vec<LiaisonRow>> {
    with_store(state, move |s| liaison::for_cadre(s, &cadre_id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn liaisons_list(state: State<'_, AppState>, query: LiaisonQuery) -> CmdResult<Page<LiaisonRow>> {
    with_store(state, move |s| liaison::list(s, &query)).await
}

/// The cadre workload table: current liaisons per cadre.
#[tauri::command]
#[specta::specta]
pub async fn liaison_workload(state: State<'_, AppState>, query: WorkloadQuery) -> CmdResult<Page<Workload>> {
    with_store(state, move |s| liaison::workload(s, &query)).await
}

/// Current liaison counts for a page of cadres (the cadre list's 联点企业数 column).
#[tauri::command]
#[specta::specta]
pub async fn liaison_counts(state: State<'_, AppState>, cadre_ids: Vec<String>) -> CmdResult<Vec<CadreLiaisonCount>> {
    with_store(state, move |s| liaison::counts_for_cadres(s, &cadre_ids)).await
}

/// Leaders and the enterprises they 包联.
#[tauri::command]
#[specta::specta]
pub async fn liaison_leaders(state: State<'_, AppState>, query: LeadersQuery) -> CmdResult<Vec<LeaderView>> {
    with_store(state, move |s| liaison::leaders(s, &query)).await
}
