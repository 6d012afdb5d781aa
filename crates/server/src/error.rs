//! The server's one error type, and how each becomes an HTTP answer.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use lianxin_protocol::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A request refused with a protocol error code (bad token, too large, wrong version…).
    #[error("{}", .0.message)]
    Refused(ErrorBody),
    /// Too many requests: the body says so, the header says when to retry.
    #[error("同步过于频繁，请 {0} 秒后再试")]
    RateLimited(u64),
    #[error("无法识别的数据库地址：{0}（应为 sqlite://路径 或 postgres://…）")]
    DatabaseUrl(String),
    #[error("园区不存在：{0}")]
    NoSuchZone(String),
    #[error("园区已存在：{0}")]
    ZoneExists(String),
    #[error("令牌不存在：{0}")]
    NoSuchToken(i64),
    #[error("数据库版本 {0} 比本服务器新，请升级 lianxin-server")]
    DatabaseTooNew(i64),
    #[error("SQLite 出错：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL 出错：{0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("PostgreSQL 连接池出错：{0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("PostgreSQL 连接池无法建立：{0}")]
    PoolBuild(#[from] deadpool_postgres::BuildError),
    #[error("TLS 证书或私钥无法读取：{0}")]
    Tls(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("内部错误：{0}")]
    Internal(String),
}

impl ServerError {
    pub fn refused(code: ErrorCode) -> Self {
        ServerError::Refused(ErrorBody::new(code))
    }
    pub fn refused_with(code: ErrorCode, detail: impl std::fmt::Display) -> Self {
        ServerError::Refused(ErrorBody::with_detail(code, detail))
    }

    /// The protocol code a client sees for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            ServerError::Refused(body) => body.code,
            ServerError::RateLimited(_) => ErrorCode::RateLimited,
            ServerError::Pool(_) => ErrorCode::Unavailable,
            // A closed connection or one that never answered: the database is down or restarting.
            ServerError::Postgres(e) if e.is_closed() || e.code().is_none() => {
                ErrorCode::Unavailable
            }
            ServerError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                ErrorCode::Unavailable
            }
            _ => ErrorCode::Internal,
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let code = self.code();
        let body = match &self {
            ServerError::Refused(body) => body.clone(),
            ServerError::RateLimited(_) => ErrorBody {
                code,
                message: self.to_string(),
            },
            // Storage details stay in the log; the client gets the code's sentence.
            _ => {
                tracing::error!(error = %self, code = ?code, "request failed");
                ErrorBody::new(code)
            }
        };
        let status =
            StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(body)).into_response();
        if let ServerError::RateLimited(secs) = self {
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from(secs));
        }
        response
    }
}
