//! 问题: register, the steps of the closed loop, the ledger, the issue page, the due list, the
//! figures, batches, and the rules and working-day calendar they run on.

use lianxin_core::calendar::{self, CalendarDay, DayKind};
use lianxin_core::model::issue::figures::{self, Figures, FiguresQuery};
use lianxin_core::model::issue::ledger::{self, IssueDetail, LedgerQuery, LedgerRow};
use lianxin_core::model::issue::rules::{self, IssueRules};
use lianxin_core::model::issue::{self, ActInput, Action, BatchInput, Issue, IssueBatch, ManyResult, RegisterInput};
use lianxin_core::model::Page;
use tauri::State;

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// 登记 (and 当场办结 for a 一般 issue).
#[tauri::command]
#[specta::specta]
pub async fn issue_register(state: State<'_, AppState>, input: RegisterInput) -> CmdResult<Issue> {
    with_store(state, move |s| issue::register(s, &input)).await
}

/// One step of the loop on one issue; an illegal step is refused with code `transition`.
#[tauri::command]
#[specta::specta]
pub async fn issue_act(state: State<'_, AppState>, input: ActInput) -> CmdResult<Issue> {
    with_store(state, move |s| issue::act(s, &input)).await
}

/// The same step on a table selection; issues it does not apply to are listed as skipped.
#[tauri::command]
#[specta::specta]
pub async fn issue_act_many(
    state: State<'_, AppState>,
    ids: Vec<String>,
    date: Option<String>,
    action: Action,
) -> CmdResult<ManyResult> {
    with_store(state, move |s| issue::act_many(s, &ids, &date, &action)).await
}

#[tauri::command]
#[specta::specta]
pub async fn issue_ledger(state: State<'_, AppState>, query: LedgerQuery) -> CmdResult<Page<LedgerRow>> {
    with_store(state, move |s| ledger::ledger(s, &query)).await
}

/// The issue page: the issue, names, flag and timeline.
#[tauri::command]
#[specta::specta]
pub async fn issue_detail(state: State<'_, AppState>, id: String) -> CmdResult<IssueDetail> {
    with_store(state, move |s| ledger::detail(s, &id)).await
}

/// 我的待办 on the home page.
#[tauri::command]
#[specta::specta]
pub async fn issue_due(state: State<'_, AppState>, mine: bool, limit: u32) -> CmdResult<Vec<LedgerRow>> {
    with_store(state, move |s| ledger::due(s, mine, limit)).await
}

#[tauri::command]
#[specta::specta]
pub async fn issue_figures(state: State<'_, AppState>, query: FiguresQuery) -> CmdResult<Figures> {
    with_store(state, move |s| figures::figures(s, &query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn issue_batch_create(state: State<'_, AppState>, input: BatchInput) -> CmdResult<IssueBatch> {
    with_store(state, move |s| issue::create_batch(s, &input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn issue_batches(state: State<'_, AppState>) -> CmdResult<Vec<IssueBatch>> {
    with_store(state, issue::batches).await
}

#[tauri::command]
#[specta::specta]
pub async fn issue_rules(state: State<'_, AppState>) -> CmdResult<IssueRules> {
    with_store(state, rules::load).await
}

#[tauri::command]
#[specta::specta]
pub async fn issue_rules_save(state: State<'_, AppState>, rules: IssueRules) -> CmdResult<IssueRules> {
    with_store(state, move |s| rules::save(s, &rules)).await
}

/// Every day of `year` with its kind (workday, weekend, holiday, 调休 workday).
#[tauri::command]
#[specta::specta]
pub async fn calendar_year(state: State<'_, AppState>, year: i32) -> CmdResult<Vec<CalendarDay>> {
    with_store(state, move |s| Ok(calendar::Calendar::load(s)?.year(year))).await
}

/// An administrator's edit of one day; `kind` None restores the official rule.
#[tauri::command]
#[specta::specta]
pub async fn calendar_set_day(
    state: State<'_, AppState>,
    date: String,
    kind: Option<DayKind>,
    name: Option<String>,
) -> CmdResult<Vec<CalendarDay>> {
    with_store(state, move |s| {
        let year: i32 = date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        Ok(calendar::set_day(s, &date, kind, name)?.year(year))
    })
    .await
}
