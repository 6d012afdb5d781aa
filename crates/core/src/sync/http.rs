//! The protocol over HTTP(S): a blocking `ureq` agent with rustls, so core needs no async
//! runtime and builds alike on Windows, macOS and Linux.

use std::time::Duration;

use lianxin_protocol::{
    ErrorBody, Health, PullPage, PushAck, PushPage, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER,
};
use serde::de::DeserializeOwned;

use super::transport::Transport;
use crate::error::{CoreError, Result};

pub struct Http {
    base: String,
    token: String,
    agent: ureq::Agent,
}

impl Http {
    /// A client of the server at `base` (`https://sync.example.cn`) holding a device token.
    pub fn new(base: &str, token: &str) -> Http {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .build();
        Http { base: base.trim_end_matches('/').to_string(), token: token.trim().to_string(), agent }
    }

    fn call<T: DeserializeOwned>(&self, req: ureq::Request, body: Option<String>) -> Result<T> {
        let req = req
            .set(PROTOCOL_HEADER, &PROTOCOL_VERSION.to_string())
            .set("authorization", &format!("Bearer {}", self.token));
        let result = match body {
            Some(b) => req.set("content-type", "application/json").send_string(&b),
            None => req.call(),
        };
        match result {
            Ok(r) => Ok(r.into_json()?),
            Err(ureq::Error::Status(status, r)) => Err(refused(status, r.into_string().unwrap_or_default())),
            Err(e) => Err(CoreError::Sync {
                code: "network".into(),
                message: format!("无法连接同步服务器 {}:{e}", self.base),
                retry: true,
            }),
        }
    }
}

/// A refusal as the core's error: the server's code and Chinese message, and whether waiting
/// and trying again can help.
fn refused(status: u16, body: String) -> CoreError {
    let (code, message) = match serde_json::from_str::<ErrorBody>(&body) {
        Ok(b) => (serde_json::to_value(b.code).ok().and_then(|v| v.as_str().map(String::from)), b.message),
        Err(_) => (None, format!("同步服务器返回了错误(HTTP {status})")),
    };
    let retry = matches!(status, 429 | 500 | 502 | 503 | 504);
    CoreError::Sync { code: code.unwrap_or_else(|| format!("http_{status}")), message, retry }
}

impl Transport for Http {
    fn health(&self) -> Result<Health> {
        self.call(self.agent.get(&format!("{}/health", self.base)), None)
    }

    fn push(&self, page: &PushPage) -> Result<PushAck> {
        self.call(self.agent.post(&format!("{}/v1/push", self.base)), Some(serde_json::to_string(page)?))
    }

    fn pull(&self, after: i64, limit: usize, schema: u32) -> Result<PullPage> {
        let req = self
            .agent
            .get(&format!("{}/v1/pull", self.base))
            .query("after", &after.to_string())
            .query("limit", &limit.to_string())
            .set(SCHEMA_HEADER, &schema.to_string());
        self.call(req, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lianxin_protocol::ErrorCode;

    #[test]
    fn a_refusal_keeps_the_servers_code_and_sentence_and_says_whether_to_retry() {
        let body = serde_json::to_string(&ErrorBody::new(ErrorCode::Revoked)).unwrap();
        match refused(401, body) {
            CoreError::Sync { code, message, retry } => {
                assert_eq!(code, "revoked");
                assert!(message.contains("吊销"), "{message}");
                assert!(!retry);
            }
            e => panic!("{e:?}"),
        }
        match refused(503, "<html>".into()) {
            CoreError::Sync { code, retry, .. } => assert_eq!((code.as_str(), retry), ("http_503", true)),
            e => panic!("{e:?}"),
        }
    }
}
