//! The protocol over HTTP(S): a blocking `ureq` agent with rustls, so core needs no async
//! runtime and builds alike on Windows, macOS and Linux.

use std::time::Duration;

use std::io::Read;

use lianxin_protocol::{
    BlobQuery, BlobsMissing, ErrorBody, Health, PullPage, PushAck, PushPage, BLOB_SHA_HEADER, PREVIEW_OF_HEADER,
    PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER,
};
use serde::de::DeserializeOwned;

use super::transport::{no_blobs, FetchedBlob, Transport};
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
        Ok(self.send(req, body.as_deref().map(|b| ("application/json", b.as_bytes())))?.into_json()?)
    }

    fn send(&self, req: ureq::Request, body: Option<(&str, &[u8])>) -> Result<ureq::Response> {
        let req = req
            .set(PROTOCOL_HEADER, &PROTOCOL_VERSION.to_string())
            .set("authorization", &format!("Bearer {}", self.token));
        let result = match body {
            Some((kind, b)) => req.set("content-type", kind).send_bytes(b),
            None => req.call(),
        };
        match result {
            Ok(r) => Ok(r),
            Err(ureq::Error::Status(status, r)) => Err(refused(status, r.into_string().unwrap_or_default())),
            Err(e) => Err(CoreError::Sync {
                code: "network".into(),
                message: format!("无法连接同步服务器 {}:{e}", self.base),
                retry: true,
            }),
        }
    }

    fn blob_url(&self, sha256: &str) -> Result<String> {
        if !lianxin_protocol::is_sha256(sha256) {
            return Err(CoreError::Internal(format!("附件的校验值“{sha256}”不是 SHA-256")));
        }
        Ok(format!("{}/v1/blobs/{sha256}", self.base))
    }
}

/// The most a download may hold: above any server's blob limit worth running (files live in
/// its database), so a broken or hostile answer cannot fill the memory.
const MAX_DOWNLOAD: u64 = 256 << 20;

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

    fn blobs_missing(&self, hashes: &[String]) -> Result<Vec<String>> {
        let body = serde_json::to_string(&BlobQuery { hashes: hashes.to_vec() })?;
        match self.call::<BlobsMissing>(self.agent.post(&format!("{}/v1/blobs/missing", self.base)), Some(body)) {
            Ok(m) => Ok(m.missing),
            // A server from before the blob routes answers its fallback 404 (no error body).
            Err(CoreError::Sync { code, .. }) if code == "http_404" || code == "http_405" => Err(no_blobs()),
            Err(e) => Err(e),
        }
    }

    fn put_blob(&self, sha256: &str, preview_of: Option<&str>, bytes: &[u8]) -> Result<()> {
        let mut req = self.agent.put(&self.blob_url(sha256)?);
        if let Some(p) = preview_of {
            req = req.set(PREVIEW_OF_HEADER, p);
        }
        self.send(req, Some(("application/octet-stream", bytes)))?;
        Ok(())
    }

    fn get_blob(&self, sha256: &str) -> Result<Option<FetchedBlob>> {
        let r = match self.send(self.agent.get(&self.blob_url(sha256)?), None) {
            Ok(r) => r,
            Err(CoreError::Sync { code, .. }) if code == "not_found" => return Ok(None),
            Err(e) => return Err(e),
        };
        let said = r.header(BLOB_SHA_HEADER).unwrap_or(sha256).to_string();
        let mut bytes = Vec::new();
        r.into_reader().take(MAX_DOWNLOAD).read_to_end(&mut bytes).map_err(|e| CoreError::Sync {
            code: "network".into(),
            message: format!("下载附件文件时连接中断:{e}"),
            retry: true,
        })?;
        Ok(Some(FetchedBlob { sha256: said, bytes }))
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
