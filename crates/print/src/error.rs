//! The print crate's one error type, in the users' words.
use lianxin_core::CoreError;

pub type Result<T> = std::result::Result<T, PrintError>;

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Core(#[from] CoreError),
    /// Nothing matched the choice (no enterprise with a liaison, an empty batch…).
    #[error("{0}")]
    Empty(String),
    /// A choice that names something that does not exist or makes no sense.
    #[error("{0}")]
    Invalid(String),
    /// The template failed to lay out: an office's own template with a mistake, or a bug.
    #[error("排版模板「{template}」出错：{message}")]
    Template { template: String, message: String },
    #[error("无法写入文件 {path}：{message}")]
    Write { path: String, message: String },
    #[error("已取消")]
    Cancelled,
}
