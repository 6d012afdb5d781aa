//! 同步: the settings (address, token, automatic interval), 测试连接, 立即同步 with its progress,
//! the overwritten values (restore or dismiss) and the duplicates to merge. The rules are core's
//! (`lianxin_core::sync::status`); the token goes in and never comes back out.
//!
//! One sync at a time: `SYNCING` is held by 立即同步 and by the automatic sync, a background
//! thread (`start_auto`) that never blocks the window and whose failures only become the page's
//! last result.

use std::sync::Mutex;
use std::time::Duration;

use lianxin_core::sync::status::{self, ConflictRow, DuplicateGroup, SyncProgress, SyncSettingsInput, SyncStatus};
use lianxin_core::sync::{conflicts, Backoff};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use super::with_store;
use crate::error::CmdResult;
use crate::state::AppState;

/// Held while a sync runs, manual or automatic.
static SYNCING: Mutex<()> = Mutex::new(());

/// A manual sync tries a failure a wait can fix a few times, briefly: the user is watching.
const MANUAL: Backoff = Backoff { first: Duration::from_secs(1), max: Duration::from_secs(4), attempts: 3 };
/// The automatic one tries once; the next tick tries again.
const AUTO: Backoff = Backoff { first: Duration::from_secs(1), max: Duration::from_secs(1), attempts: 1 };

#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> CmdResult<SyncStatus> {
    with_store(state, status::status).await
}

/// Saves the address, the interval and, when given, the token (an empty token keeps the saved one).
#[tauri::command]
#[specta::specta]
pub async fn sync_settings_save(state: State<'_, AppState>, input: SyncSettingsInput) -> CmdResult<SyncStatus> {
    with_store(state, move |s| status::save_settings(s, &input)).await
}

/// 测试连接 of `server` with `token`, or the saved token when `token` is empty.
#[tauri::command]
#[specta::specta]
pub async fn sync_test(state: State<'_, AppState>, server: String, token: Option<String>) -> CmdResult<String> {
    with_store(state, move |s| status::check(s, &server, token.as_deref())).await
}

/// 立即同步 with the saved settings: the summary line, progress on `on_progress` after each page.
/// Waits for an automatic sync already running to finish first.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, AppState>, on_progress: Channel<SyncProgress>) -> CmdResult<String> {
    with_store(state, move |s| {
        let _one = SYNCING.lock().unwrap_or_else(|e| e.into_inner());
        let summary = status::run(s, MANUAL, &mut std::thread::sleep, &mut |p| {
            let _ = on_progress.send(p);
        })?;
        Ok(summary.line())
    })
    .await
}

/// The overwritten values not yet restored or dismissed, newest first.
#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(state: State<'_, AppState>) -> CmdResult<Vec<ConflictRow>> {
    with_store(state, status::conflict_rows).await
}

/// 恢复: the lost value written back as a new edit here (it syncs and wins).
#[tauri::command]
#[specta::specta]
pub async fn sync_conflict_restore(state: State<'_, AppState>, id: f64) -> CmdResult<()> {
    with_store(state, move |s| conflicts::restore(s, id as i64)).await
}

/// 忽略: keep the winning value.
#[tauri::command]
#[specta::specta]
pub async fn sync_conflict_dismiss(state: State<'_, AppState>, id: f64) -> CmdResult<()> {
    with_store(state, move |s| conflicts::dismiss(s, id as i64)).await
}

/// Enterprises sharing a USCC and cadres sharing a mobile, for the merge.
#[tauri::command]
#[specta::specta]
pub async fn sync_duplicates(state: State<'_, AppState>) -> CmdResult<Vec<DuplicateGroup>> {
    with_store(state, status::duplicate_groups).await
}

/// How often the background thread asks core whether an automatic sync is due.
const TICK: Duration = Duration::from_secs(20);

/// Starts the automatic sync: a thread that, every `TICK`, runs a sync when core says one is
/// due (on, set up, the interval passed since the last try) and no other is running. It does
/// nothing while the database is not open, and a failure is only recorded (core keeps it as
/// the last result), so the app never depends on the server.
pub fn start_auto<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new().name("sync-auto".into()).spawn(move || loop {
        std::thread::sleep(TICK);
        auto_tick(&app);
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "the automatic sync did not start");
    }
}

/// One wake of the automatic sync: syncs if core says one is due and no other sync is running.
/// Returns whether it ran (its result, good or bad, is in the status).
pub fn auto_tick<R: Runtime>(app: &AppHandle<R>) -> bool {
    let Some(state) = app.try_state::<AppState>() else { return false };
    let Ok(store) = state.store() else { return false };
    if !matches!(status::auto_due(&store), Ok(true)) {
        return false;
    }
    let Ok(_one) = SYNCING.try_lock() else { return false };
    let span = tracing::info_span!("sync_auto");
    let _entered = span.enter();
    match status::run(&store, AUTO, &mut std::thread::sleep, &mut |_| {}) {
        Ok(s) => tracing::info!(pushed = s.pushed, pulled = s.pulled, "done"),
        Err(e) => tracing::warn!(code = e.code(), error = %e, "failed"),
    }
    true
}
