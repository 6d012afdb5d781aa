//! The app's one error type: what a command returns to the webview as `{code, message, field}`.

use lianxin_core::CoreError;
use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// Stable tag the UI branches on: validation, not_found, conflict, database_too_new, ...
    pub code: String,
    /// Chinese, ready to show.
    pub message: String,
    /// The form field the message belongs beside, if any.
    pub field: Option<String>,
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        AppError { code: e.code().to_string(), message: e.to_string(), field: e.field().map(str::to_string) }
    }
}

pub type CmdResult<T> = Result<T, AppError>;

impl From<lianxin_print::PrintError> for AppError {
    fn from(e: lianxin_print::PrintError) -> Self {
        use lianxin_print::PrintError as P;
        let code = match &e {
            P::Core(c) => return AppError { code: c.code().into(), message: c.to_string(), field: c.field().map(str::to_string) },
            P::Empty(_) => "empty",
            P::Invalid(_) => "validation",
            P::Template { .. } => "template",
            P::Write { .. } => "io",
            P::Cancelled => "cancelled",
        };
        AppError { code: code.into(), message: e.to_string(), field: None }
    }
}
