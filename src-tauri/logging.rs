//! The app's log file: `<data dir>/logs/lianxin.YYYY-MM-DD.log`, a file a day, the last week
//! kept. Commands are logged in two places only: `with_commands` opens a span per invocation
//! named after the command, and `commands::with_store` logs its duration and any error. A
//! command's arguments are never logged: they hold people's names and phones.

use std::path::{Path, PathBuf};

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::{filter_fn, FilterExt, LevelFilter, Targets};
use tracing_subscriber::fmt::time::ChronoLocal;
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

/// The environment variable with the levels: `info` (the default), `debug`, `warn`, or per
/// target as in `info,lianxin_app=debug`.
pub const LOG_ENV: &str = "LIANXIN_LOG";

/// The log folder, inside the data folder.
pub const LOG_DIR: &str = "logs";

/// How many daily files are kept.
pub const KEEP_FILES: usize = 7;

/// The span each command invocation runs in.
pub const COMMAND_SPAN: &str = "command";

/// Sends this process's log to a daily file in `<data_dir>/logs`, at the levels `levels`
/// names (see [`LOG_ENV`]; `None`, empty or unreadable is `info`). Returns the log folder.
/// Fails when the folder cannot be made or the process already has a logger.
pub fn init(data_dir: &Path, levels: Option<&str>) -> Result<PathBuf, String> {
    let dir = data_dir.join(LOG_DIR);
    // Made first: the appender prunes old files before it creates the folder.
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let file = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("lianxin")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let spec = levels.map(str::trim).filter(|s| !s.is_empty());
    let parsed = spec.map(str::parse::<Targets>);
    let targets = match &parsed {
        Some(Ok(t)) => t.clone(),
        _ => Targets::new().with_default(LevelFilter::INFO),
    };

    // The events at the chosen levels, and the app's spans at every level. Tauri runs an async
    // command in a task of its own, inside a debug span it opens within the command span; a
    // line is placed by the innermost span this filter keeps, so keeping that one too lets
    // `with_store`'s lines name their command whatever the level.
    let app_spans = filter_fn(|m| m.is_span() && m.target().starts_with("lianxin_app"));
    let text = tracing_subscriber::fmt::layer()
        .with_writer(file)
        .with_ansi(false)
        .with_timer(ChronoLocal::new("%Y-%m-%d %H:%M:%S%.3f%:z".into()))
        .with_filter(targets.or(app_spans));
    tracing_subscriber::registry().with(text).try_init().map_err(|e| e.to_string())?;

    if let Some(Err(e)) = parsed {
        tracing::warn!("{LOG_ENV}={:?} is not a level list ({e}); logging at info", spec.unwrap_or_default());
    }
    Ok(dir)
}
