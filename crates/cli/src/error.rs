use thiserror::Error;

/// The CLI's one error type.
#[derive(Debug, Error)]
pub enum CliError {
    #[error("{0}")]
    Core(#[from] lianxin_core::CoreError),
    #[error("数据库 {0} 中已有数据({1} 家企业、{2} 个问题,共 {3} 条变更记录);演示数据只生成到空数据库中,请换一个 --db 文件")]
    NotEmpty(String, i64, i64, i64),
    #[error("{0}")]
    Print(#[from] lianxin_print::PrintError),
    #[error("无法写入 {0}:{1}")]
    Write(String, String),
    #[error("无法读取 {0}:{1}")]
    Read(String, String),
    /// A benchmark could not set itself up (no server binary, a server that did not start).
    #[error("基准测试无法进行:{0}")]
    Bench(String),
    #[error("输出失败:{0}")]
    Json(#[from] serde_json::Error),
}
