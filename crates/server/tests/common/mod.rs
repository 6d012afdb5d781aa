//! Test harness: the server in-process on a loopback port, a blocking HTTP client, and a
//! throwaway PostgreSQL cluster.
#![allow(dead_code)]

pub mod pg;

use std::sync::Arc;
use std::time::Duration;

use lianxin_protocol::{Change, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER, SCHEMA_VERSION};
use lianxin_server::storage::Storage;
use lianxin_server::{admin, Limits};
use serde_json::Value;

/// Limits that never get in a test's way (the rate limit's own test sets its own).
pub fn roomy() -> Limits {
    Limits {
        rate_per_second: 1e9,
        burst: 1_000_000,
        auth_failures_per_second: 1e9,
        auth_failure_burst: 1_000_000,
        ..Limits::default()
    }
}

pub struct TestServer {
    pub base: String,
    pub storage: Arc<dyn Storage>,
    runtime: tokio::runtime::Runtime,
}

impl TestServer {
    pub fn start(database: &str, limits: Limits) -> Self {
        Self::start_with(database, limits, lianxin_server::serve::HEADER_TIMEOUT)
    }

    /// A server closing connections whose headers take longer than `header_timeout`.
    pub fn start_with(database: &str, limits: Limits, header_timeout: Duration) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (storage, listener) = runtime.block_on(async {
            let storage = lianxin_server::open(database)
                .await
                .expect("open the database");
            (
                storage,
                tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
            )
        });
        let base = format!("http://{}", listener.local_addr().unwrap());
        runtime.spawn(lianxin_server::serve::serve_on_with(
            listener,
            lianxin_server::router(storage.clone(), &limits),
            header_timeout,
        ));
        TestServer {
            base,
            storage,
            runtime,
        }
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    /// A new zone and a token for it.
    pub fn zone(&self, name: &str) -> String {
        self.block_on(self.storage.create_zone(name)).unwrap();
        self.token(name, "笔记本")
    }

    pub fn token(&self, zone: &str, name: &str) -> String {
        self.block_on(admin::create_token(self.storage.as_ref(), zone, name))
            .unwrap()
            .1
    }

    pub fn client(&self, token: &str) -> Client {
        Client {
            base: self.base.clone(),
            token: Some(token.to_owned()),
            protocol: Some(PROTOCOL_VERSION.to_string()),
        }
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub retry_after: Option<String>,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }
}

/// An answer as bytes.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The error body's code, if the answer is one.
    pub fn code(&self) -> String {
        serde_json::from_slice::<Value>(&self.body)
            .ok()
            .and_then(|v| v["code"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }
    pub fn message(&self) -> String {
        serde_json::from_slice::<Value>(&self.body)
            .ok()
            .and_then(|v| v["message"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Sends `head` (request line and headers, CRLF-separated, ending in an empty line) and then
/// `body` exactly as given over a plain TCP connection, pausing `pause` before the body, and
/// reads the answer's status and text. No client library in between: paths are sent as written
/// (`..`, `%2e`), and a body may be shorter than its Content-Length.
pub fn raw_http(
    base: &str,
    head: &str,
    body: &[u8],
    pause: Duration,
) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    stream.write_all(head.as_bytes())?;
    std::thread::sleep(pause);
    stream.write_all(body)?;
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                // One answer is enough: stop at the end of its body if the server keeps the
                // connection open.
                if let Some(text) = complete(&answer) {
                    return Ok(text);
                }
            }
            Err(e) if !answer.is_empty() => {
                eprintln!("raw_http: {e} after {} bytes", answer.len());
                break;
            }
            Err(e) => return Err(e),
        }
    }
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, text))
}

/// The status and text of a complete answer (its headers and a Content-Length body), if `bytes`
/// holds one.
fn complete(bytes: &[u8]) -> Option<(u16, String)> {
    let text = String::from_utf8_lossy(bytes).to_string();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    (body.len() >= length).then(|| {
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some((status, text.clone()))
    })?
}

#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub token: Option<String>,
    pub protocol: Option<String>,
}

impl Client {
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Reply {
        self.try_send(method, path, headers, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// A request to `path` with this client's token and protocol headers and `headers`.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> ureq::Request {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(120))
            .build();
        let mut req = agent.request(method, &format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            req = req.set("authorization", &format!("Bearer {token}"));
        }
        if let Some(protocol) = &self.protocol {
            req = req.set(PROTOCOL_HEADER, protocol);
        }
        for (k, v) in headers {
            req = req.set(k, v);
        }
        req
    }

    /// Like `send`, but a connection that breaks (a killed server) is an `Err`, not a panic.
    pub fn try_send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply, String> {
        let req = self.request(method, path, headers);
        let result = match body {
            Some(body) => req
                .set("content-type", "application/json")
                .send_string(body),
            None => req.call(),
        };
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => return Err(e.to_string()),
        };
        let status = response.status();
        let retry_after = response.header("retry-after").map(str::to_owned);
        let text = response.into_string().map_err(|e| e.to_string())?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok(Reply {
            status,
            body,
            retry_after,
        })
    }

    /// A request with a byte body (or none), answered with its status, headers and bytes.
    pub fn bytes(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Raw {
        let req = self.request(method, path, headers);
        let result = match body {
            Some(body) => req.send_bytes(body),
            None => req.call(),
        };
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let status = response.status();
        let headers = response
            .headers_names()
            .into_iter()
            .filter_map(|n| Some((n.clone(), response.header(&n)?.to_owned())))
            .collect();
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut response.into_reader(), &mut body).unwrap();
        Raw {
            status,
            headers,
            body,
        }
    }

    pub fn push(&self, changes: &[Change]) -> Reply {
        self.try_push(changes)
            .unwrap_or_else(|e| panic!("push: {e}"))
    }

    pub fn try_push(&self, changes: &[Change]) -> Result<Reply, String> {
        let body = serde_json::json!({ "changes": changes }).to_string();
        self.try_send("POST", "/v1/push", &[], Some(&body))
    }

    pub fn pull(&self, after: i64, limit: usize) -> Reply {
        self.pull_as(after, limit, SCHEMA_VERSION)
    }

    pub fn pull_as(&self, after: i64, limit: usize, schema: u32) -> Reply {
        let path = format!("/v1/pull?after={after}&limit={limit}");
        self.send("GET", &path, &[(SCHEMA_HEADER, &schema.to_string())], None)
    }

    /// Every change after `after`, page by page: (seq, change) in the order served.
    pub fn pull_all(&self, mut after: i64, limit: usize) -> Vec<(i64, Change)> {
        let mut out = Vec::new();
        loop {
            let reply = self.pull(after, limit);
            assert_eq!(reply.status, 200, "{reply:?}");
            let page: lianxin_protocol::PullPage = serde_json::from_value(reply.body).unwrap();
            out.extend(page.changes.into_iter().map(|c| (c.seq, c.change)));
            after = page.next;
            if !page.more {
                return out;
            }
        }
    }
}

/// A change as a device would push it: enterprise `e{n}` renamed at stamp `hlc`.
pub fn change(device: &str, hlc: i64) -> Change {
    let fields = serde_json::json!({ "name": format!("湘潭企业{hlc}"), "scale": "规上" });
    Change {
        entity: "enterprises".into(),
        row_id: format!("e{hlc}"),
        fields: fields.as_object().unwrap().clone(),
        hlc,
        actor: "王五".into(),
        device: device.into(),
        schema: SCHEMA_VERSION,
    }
}

pub fn changes(device: &str, hlcs: std::ops::Range<i64>) -> Vec<Change> {
    hlcs.map(|h| change(device, h)).collect()
}
