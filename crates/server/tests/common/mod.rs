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
        runtime.spawn(lianxin_server::serve::serve_on(
            listener,
            lianxin_server::router(storage.clone(), &limits),
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

    /// Like `send`, but a connection that breaks (a killed server) is an `Err`, not a panic.
    pub fn try_send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Reply, String> {
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
