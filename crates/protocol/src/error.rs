//! The typed error every failed request answers with.

use serde::{Deserialize, Serialize};

/// What went wrong, for programs. Serialized in snake_case (`client_too_old`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No token, or one the server does not hold (401).
    Unauthorized,
    /// The token was revoked (401).
    Revoked,
    /// The body is larger than the server accepts, or a page holds too many changes (413).
    TooLarge,
    /// The body or query could not be read (400).
    Malformed,
    /// Too many requests for this token; retry after the `Retry-After` header (429).
    RateLimited,
    /// The client's protocol is older than the server serves (426).
    ClientTooOld,
    /// The client's protocol is newer than the server's (426).
    ServerTooOld,
    /// A change was written by a schema newer than the server knows, or a pull page holds one
    /// newer than the client's (426).
    SchemaTooNew,
    /// The server took too long (503).
    Timeout,
    /// The server's database is unreachable; retry later (503).
    Unavailable,
    /// No such file in the token's zone (404, the blob routes).
    NotFound,
    /// Anything else (500).
    Internal,
}

impl ErrorCode {
    /// The HTTP status this code is answered with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::Unauthorized | ErrorCode::Revoked => 401,
            ErrorCode::TooLarge => 413,
            ErrorCode::Malformed => 400,
            ErrorCode::RateLimited => 429,
            ErrorCode::ClientTooOld | ErrorCode::ServerTooOld | ErrorCode::SchemaTooNew => 426,
            ErrorCode::Timeout | ErrorCode::Unavailable => 503,
            ErrorCode::NotFound => 404,
            ErrorCode::Internal => 500,
        }
    }

    /// A clear Chinese sentence for the user; servers may add detail after it.
    pub fn message_zh(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "同步令牌无效，请向管理员索取新的令牌",
            ErrorCode::Revoked => "同步令牌已被吊销，请向管理员索取新的令牌",
            ErrorCode::TooLarge => "一次同步的数据过多",
            ErrorCode::Malformed => "同步请求格式有误",
            ErrorCode::RateLimited => "同步过于频繁，请稍后再试",
            ErrorCode::ClientTooOld => "请升级连心：同步服务器已不支持此版本",
            ErrorCode::ServerTooOld => "同步服务器版本较旧，请联系管理员升级服务器",
            ErrorCode::SchemaTooNew => "请升级连心：有数据来自更新的版本",
            ErrorCode::Timeout => "同步服务器响应超时，请稍后再试",
            ErrorCode::Unavailable => "同步服务器暂时不可用，请稍后再试",
            ErrorCode::NotFound => "同步服务器上没有这个附件文件",
            ErrorCode::Internal => "同步服务器出错，请联系管理员",
        }
    }
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Chinese, ready to show.
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode) -> Self {
        ErrorBody {
            code,
            message: code.message_zh().to_owned(),
        }
    }
    /// The code's sentence followed by a detail (e.g. the serde error of a malformed body).
    pub fn with_detail(code: ErrorCode, detail: impl std::fmt::Display) -> Self {
        ErrorBody {
            code,
            message: format!("{}：{detail}", code.message_zh()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_in_snake_case() {
        let body = ErrorBody::new(ErrorCode::ClientTooOld);
        let json = serde_json::to_string(&body).unwrap();
        assert!(json.contains("\"client_too_old\""), "{json}");
        assert!(json.contains("请升级连心"), "{json}");
        assert_eq!(serde_json::from_str::<ErrorBody>(&json).unwrap(), body);
    }
}
