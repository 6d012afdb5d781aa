//! The Tauri shell of 连心. Thin: it opens the store and the log file in the app-data folder,
//! registers the commands, and hands everything else to `lianxin_core`.

pub mod commands;
pub mod error;
pub mod logging;
pub mod state;

use std::path::Path;

use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, ErrorHandlingMode};

pub use state::AppState;

/// Where the generated TypeScript bindings are committed, relative to the package root.
pub const BINDINGS_PATH: &str = "ui/src/bindings.ts";

/// Every command, for the invoke handler and for the TypeScript bindings.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    use commands::*;
    let b = tauri_specta::Builder::<R>::new()
        .error_handling(ErrorHandlingMode::Throw)
        // One TS type per Rust type; inputs and outputs share a shape here.
        .disable_serde_phases()
        .commands(collect_commands![
            backup::backup_list,
            backup::backup_now,
            backup::backup_restore,
            zone::zone_info,
            zone::onboard,
            zone::industries,
            zone::uscc_check,
            search::search,
            enterprises::enterprises_list,
            enterprises::enterprises_stat_counts,
            enterprises::enterprise_get,
            enterprises::enterprise_create,
            enterprises::enterprise_update,
            enterprises::enterprise_delete,
            departments::departments_list,
            departments::departments_all,
            departments::department_create,
            departments::department_update,
            departments::department_delete,
            cadres::cadres_list,
            cadres::cadre_get,
            cadres::cadre_create,
            cadres::cadre_update,
            cadres::cadre_delete,
            io::import_preview,
            io::import_recheck,
            io::import_commit,
            io::import_cancel,
            io::import_left_out_export,
            io::export_enterprises,
            io::export_cadres,
            merge::enterprise_merge,
            merge::cadre_merge,
            liaisons::liaison_assign,
            liaisons::liaison_end,
            liaisons::liaison_reassign,
            liaisons::liaison_bulk_assign,
            liaisons::liaisons_of_enterprise,
            liaisons::liaisons_of_cadre,
            liaisons::liaisons_list,
            liaisons::liaison_workload,
            liaisons::liaison_counts,
            liaisons::liaison_leaders,
            issues::issue_register,
            issues::issue_act,
            issues::issue_act_many,
            issues::issue_ledger,
            issues::issue_detail,
            issues::issue_due,
            issues::issue_figures,
            issues::issue_batch_create,
            issues::issue_batches,
            issues::issue_rules,
            issues::issue_rules_save,
            issues::calendar_year,
            issues::calendar_set_day,
            io_issues::issue_import_preview,
            io_issues::issue_import_recheck,
            io_issues::issue_import_commit,
            io_issues::export_issues,
            print::print_settings,
            print::print_settings_save,
            print::print_make,
            print::print_cancel,
            print::print_page,
            print::print_save,
            print::print_open,
            engagements::engagements_list,
            engagements::engagements_of,
            engagements::engagement_get,
            engagements::engagement_create,
            engagements::engagement_update,
            engagements::engagement_delete,
            engagements::engagement_counts,
            engagements::engagement_capture,
            engagements::my_cadre,
            engagements::supports_list,
            engagements::support_totals,
            engagements::support_create,
            engagements::support_update,
            engagements::support_delete,
            engagements::export_engagements,
            engagements::export_supports,
            projects::project_list,
            projects::project_detail,
            projects::project_create,
            projects::project_update,
            projects::project_delete,
            projects::project_milestone_save,
            projects::project_milestone_delete,
            projects::project_log_add,
            projects::project_assign_contact,
            projects::export_projects,
            attachments::attachments_of,
            attachments::attachment_add,
            attachments::attachment_update,
            attachments::attachment_delete,
            attachments::attachment_preview,
            attachments::attachment_open,
            sync::sync_status,
            sync::sync_settings_save,
            sync::sync_test,
            sync::sync_now,
            sync::sync_conflicts,
            sync::sync_conflict_restore,
            sync::sync_conflict_dismiss,
            sync::sync_duplicates,
        ]);
    constants(b)
}

/// Core's definitions the UI needs as values, not just types: the issue and project
/// vocabularies in picker order with their Chinese words, the open statuses, and the ledger's
/// first query. Generated into the bindings so the UI never keeps a copy.
fn constants<R: Runtime>(b: tauri_specta::Builder<R>) -> tauri_specta::Builder<R> {
    use lianxin_core::model::engagement;
    use lianxin_core::model::issue::{ledger::LedgerQuery, vocabularies, Status};
    let (values, zh) = vocab_constants(&vocabularies());
    let (engagement_values, engagement_zh) = vocab_constants(&engagement::vocabularies());
    let (project_values, project_zh) = vocab_constants(&lianxin_core::model::project::vocabularies());
    b.constant("ISSUE_VALUES", values)
        .constant("ISSUE_LABELS_ZH", zh)
        .constant("ENGAGEMENT_VALUES", engagement_values)
        .constant("ENGAGEMENT_LABELS_ZH", engagement_zh)
        .constant("PROJECT_VALUES", project_values)
        .constant("PROJECT_LABELS_ZH", project_zh)
        .constant(
            "PROJECT_CATEGORY_KIND",
            lianxin_core::model::project::category_kinds().into_iter().map(|(c, k)| (c.to_string(), serde_json::Value::from(k))).collect::<serde_json::Map<_, _>>(),
        )
        .constant("OPEN_STATUSES", Status::OPEN)
        .constant("FIRST_LEDGER_QUERY", LedgerQuery::first_page())
}

type Vocab = [(&'static str, Vec<(&'static str, &'static str)>)];

/// A vocabulary list as two constants: each vocabulary's tags in picker order, and its
/// Chinese word by tag.
fn vocab_constants(vocab: &Vocab) -> (serde_json::Map<String, serde_json::Value>, serde_json::Map<String, serde_json::Value>) {
    use serde_json::{Map, Value};
    let values = vocab.iter().map(|(name, vs)| (name.to_string(), vs.iter().map(|(tag, _)| Value::from(*tag)).collect())).collect();
    let zh = vocab
        .iter()
        .map(|(name, vs)| (name.to_string(), Value::Object(vs.iter().map(|(tag, zh)| (tag.to_string(), Value::from(*zh))).collect::<Map<_, _>>())))
        .collect();
    (values, zh)
}

/// The bindings as text, exactly as they are written to `BINDINGS_PATH`.
pub fn render_bindings(out: &Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default().header("// Generated from the Rust types by `cargo test --test bindings` with UPDATE_BINDINGS=1. Do not edit.\n"),
            out,
        )
        .map_err(|e| e.to_string())
}

/// Registers the commands on a builder of any runtime (the real one, or Tauri's mock runtime
/// in tests).
///
/// Each invocation runs in a `command` span named after the command, and logs that it came;
/// Tauri opens an async command's task inside this span, so `commands::with_store` adds the
/// duration and any error to it. Without a logger (tests) this costs next to nothing.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    let handler = specta_builder::<R>().invoke_handler();
    builder.invoke_handler(move |invoke| {
        // The name only: the arguments hold people's names and phones.
        let _span = tracing::info_span!(logging::COMMAND_SPAN, name = %invoke.message.command()).entered();
        tracing::info!("invoke");
        let known = handler(invoke);
        if !known {
            tracing::warn!("no such command");
        }
        known
    })
}

pub fn run() {
    with_commands(tauri::Builder::default())
        // The save dialog for exports (the UI calls it; imports read through a file input).
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let dir = state::data_dir(app.path().app_data_dir().ok());
            // The app runs without a log file rather than not at all.
            if let Err(e) = logging::init(&dir, std::env::var(logging::LOG_ENV).ok().as_deref()) {
                eprintln!("连心: no log file: {e}");
            }
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %dir.display(), "start");
            let state = AppState::open(dir.join(state::DB_FILE));
            if let Err(e) = &state.store() {
                tracing::error!(code = %e.code, error = %e.message, "the database was not opened");
            }
            app.manage(state);
            // After the state: the thread reads it.
            commands::sync::start_auto(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running 连心");
}
