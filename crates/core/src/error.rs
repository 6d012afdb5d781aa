//! The core's one error type. Messages are Chinese because they reach the user as they are;
//! `code()` gives front ends a stable tag to branch on.

use thiserror::Error;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[derive(Debug, Error)]
pub enum CoreError {
    /// Bad input in one field. `field` is the serialized (camelCase) field name the UI shows it under.
    #[error("{message}")]
    Validation { field: String, message: String },

    #[error("未找到{what}(编号 {id})")]
    NotFound { what: &'static str, id: String },

    /// A uniqueness rule was broken, e.g. a second enterprise with the same USCC.
    #[error("{message}")]
    Conflict { field: Option<String>, message: String },

    #[error("数据库由更新版本的连心创建(结构版本 {found},本程序支持到 {supported}),请升级连心后再打开")]
    DatabaseTooNew { found: i64, supported: i64 },

    #[error("数据库升级到版本 {version} 失败,数据库未做任何改动:{source}")]
    Migration { version: i64, source: rusqlite::Error },

    #[error("数据库错误:{0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("文件读写错误:{0}")]
    Io(#[from] std::io::Error),

    #[error("数据格式错误:{0}")]
    Json(#[from] serde_json::Error),

    /// A spreadsheet or CSV that cannot be read at all.
    #[error("{0}")]
    BadFile(String),

    /// A file that cannot be attached (missing, a folder, unreadable, too large, not a readable
    /// image); nothing was stored, neither a row nor a file.
    #[error("{0}")]
    Attachment(String),

    /// An import stopped before writing because rows have problems (and skipping them was not asked for).
    #[error("有{rows}行存在问题({first}),未导入任何数据;请修正后重新导入,或选择跳过有问题的行")]
    ImportProblems { rows: u32, first: String },

    /// A step the status does not allow (closing an unresolved issue, accepting a
    /// returned one). Nothing was changed.
    #[error("{0}")]
    Transition(String),

    #[error("已取消,未导入任何数据")]
    Cancelled,

    #[error("导出失败:{0}")]
    Export(String),

    /// A backup that could not be taken, checked or restored (the database is unchanged).
    #[error("{0}")]
    Backup(String),

    /// A sync that could not finish; what it did is kept and the next one resumes. `code` is
    /// the server's (`unauthorized`, `client_too_old`, …) or `network` when it was not reached;
    /// `retry` says whether trying again later can help (a network failure, 429, 503).
    #[error("{message}")]
    Sync { code: String, message: String, retry: bool },

    /// A bug of this build (a record and its table disagree): nothing was written.
    #[error("内部错误:{0}")]
    Internal(String),
}

impl CoreError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        CoreError::Validation { field: field.to_string(), message: message.into() }
    }

    /// A stable machine tag for the error's kind.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Validation { .. } => "validation",
            CoreError::NotFound { .. } => "not_found",
            CoreError::Conflict { .. } => "conflict",
            CoreError::DatabaseTooNew { .. } => "database_too_new",
            CoreError::Migration { .. } => "migration",
            CoreError::Sqlite(_) => "database",
            CoreError::Io(_) => "io",
            CoreError::Json(_) => "format",
            CoreError::BadFile(_) => "bad_file",
            CoreError::Attachment(_) => "attachment",
            CoreError::ImportProblems { .. } => "import_problems",
            CoreError::Transition(_) => "transition",
            CoreError::Cancelled => "cancelled",
            CoreError::Export(_) => "export",
            CoreError::Backup(_) => "backup",
            CoreError::Sync { .. } => "sync",
            CoreError::Internal(_) => "internal",
        }
    }

    /// The form field the error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            CoreError::Validation { field, .. } => Some(field),
            CoreError::Conflict { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}
