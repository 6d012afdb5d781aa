use thiserror::Error;

/// The CLI's one error type.
#[derive(Debug, Error)]
pub enum CliError {
    #[error("{0}")]
    Core(#[from] lianxin_core::CoreError),
    #[error("输出失败:{0}")]
    Json(#[from] serde_json::Error),
}
