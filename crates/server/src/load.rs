//! `lianxin-server load`: many laptops syncing at once against a server on this machine, to
//! measure latency under load and to check that nothing is lost or doubled. Loopback only: it
//! creates a zone and tokens in the database it is given and never sends to another host.
//!
//! Each client is one OS thread with its own token (as each laptop has), doing `rounds` times:
//! push a page of `page` new changes, then pull what is new after its cursor. Every request's
//! time is kept; at the end one reader pulls the whole zone and checks that it holds exactly
//! the changes sent, each once.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lianxin_protocol::{
    Change, ChangeId, PullPage, PushAck, PushPage, MAX_PULL_CHANGES, PROTOCOL_HEADER,
    PROTOCOL_VERSION, SCHEMA_HEADER, SCHEMA_VERSION,
};
use serde::Serialize;

use crate::storage::Storage;
use crate::{admin, ServerError};

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub clients: usize,
    pub rounds: usize,
    pub page: usize,
    /// Milliseconds each client waits between rounds (0: back to back, the worst case), varied
    /// by ±50% so the clients do not march in step.
    pub pause_ms: u64,
    /// A server already running on this machine (e.g. a second instance on the same
    /// PostgreSQL database); None serves one in this process.
    pub target: Option<String>,
}

/// What a load run measured.
#[derive(Debug, Serialize)]
pub struct LoadReport {
    pub clients: usize,
    pub requests: usize,
    pub errors: usize,
    /// The first few errors, as the clients saw them.
    pub first_errors: Vec<String>,
    pub seconds: f64,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The same for pushes and pulls apart (a pull carries up to 1,000 changes).
    pub push_p50_ms: f64,
    pub push_p99_ms: f64,
    pub pull_p50_ms: f64,
    pub pull_p99_ms: f64,
    /// Changes the clients pulled in all.
    pub changes_pulled: usize,
    pub changes_sent: usize,
    /// Distinct changes the zone holds afterwards, and how many it held twice.
    pub changes_held: usize,
    pub duplicates: usize,
}

impl LoadReport {
    pub fn line(&self) -> String {
        format!(
            "{} 个客户端,{} 次请求,{} 次出错;{:.1} 秒,{:.0} 次/秒;p50 {:.1} ms,p99 {:.1} ms,最慢 {:.1} ms(上传 p50 {:.1} / p99 {:.1} ms,下载 p50 {:.1} / p99 {:.1} ms,共下载 {} 条);发送 {} 条变更,服务器保存 {} 条,重复 {} 条",
            self.clients,
            self.requests,
            self.errors,
            self.seconds,
            self.requests_per_second,
            self.p50_ms,
            self.p99_ms,
            self.max_ms,
            self.push_p50_ms,
            self.push_p99_ms,
            self.pull_p50_ms,
            self.pull_p99_ms,
            self.changes_pulled,
            self.changes_sent,
            self.changes_held,
            self.duplicates
        )
    }
}

/// Runs the load against `target` (or a server started here on `storage`) and reports.
pub async fn run(
    storage: Arc<dyn Storage>,
    o: LoadOptions,
) -> Result<LoadReport, ServerError> {
    let zone = format!(
        "压测-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0)
    );
    storage.create_zone(&zone).await?;
    let mut tokens = Vec::with_capacity(o.clients + 1);
    for i in 0..=o.clients {
        let (_, secret) = admin::create_token(storage.as_ref(), &zone, &format!("load-{i}")).await?;
        tokens.push(secret);
    }
    let base = match &o.target {
        Some(url) => loopback(url)?,
        None => {
            // Generous limits: the run measures the server's work, not its throttle.
            let limits = crate::Limits {
                rate_per_second: 1e6,
                burst: 1_000_000,
                ..crate::Limits::default()
            };
            let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
            let addr = listener.local_addr()?;
            let app = crate::router(storage.clone(), &limits);
            tokio::spawn(async move { axum::serve(listener, app).await });
            format!("http://{addr}")
        }
    };
    let o2 = o.clone();
    tokio::task::spawn_blocking(move || drive(&base, &tokens, &o2))
        .await
        .map_err(|e| ServerError::Internal(e.to_string()))
}

/// A target must be this machine: the load is not to be pointed at a province's server.
fn loopback(url: &str) -> Result<String, ServerError> {
    let authority = url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let here = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if here {
        Ok(url.trim_end_matches('/').to_owned())
    } else {
        Err(ServerError::Internal(format!(
            "压测只能对本机的服务器进行（http://127.0.0.1:端口），收到 {url}"
        )))
    }
}

fn drive(base: &str, tokens: &[String], o: &LoadOptions) -> LoadReport {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .max_idle_connections_per_host(o.clients + 1)
        .build();
    let start = Instant::now();
    let results: Vec<Timings> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..o.clients)
            .map(|i| {
                let agent = agent.clone();
                let token = &tokens[i];
                scope.spawn(move || client(&agent, base, token, i, o))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Timings { errors: vec!["客户端线程崩溃".into()], ..Timings::default() }))
            .collect()
    });
    let seconds = start.elapsed().as_secs_f64();
    let sorted = |f: &dyn Fn(&Timings) -> &Vec<Duration>| {
        let mut v: Vec<Duration> = results.iter().flat_map(|r| f(r).iter().copied()).collect();
        v.sort();
        v
    };
    let pushes = sorted(&|r| &r.push);
    let pulls = sorted(&|r| &r.pull);
    let mut times: Vec<Duration> = pushes.iter().chain(&pulls).copied().collect();
    times.sort();
    let changes_pulled = results.iter().map(|r| r.pulled).sum();
    let errors: Vec<String> = results.into_iter().flat_map(|r| r.errors).collect();
    let at = |times: &[Duration], q: f64| {
        times
            .get(((times.len().max(1) - 1) as f64 * q).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    // One more token reads the zone back: every change sent, each once.
    let (held, duplicates) = read_back(&agent, base, &tokens[o.clients]).unwrap_or((0, 0));
    LoadReport {
        clients: o.clients,
        requests: times.len() + errors.len(),
        errors: errors.len(),
        first_errors: errors.into_iter().take(5).collect(),
        seconds,
        requests_per_second: times.len() as f64 / seconds.max(1e-9),
        p50_ms: at(&times, 0.5),
        p99_ms: at(&times, 0.99),
        max_ms: at(&times, 1.0),
        push_p50_ms: at(&pushes, 0.5),
        push_p99_ms: at(&pushes, 0.99),
        pull_p50_ms: at(&pulls, 0.5),
        pull_p99_ms: at(&pulls, 0.99),
        changes_pulled,
        changes_sent: o.clients * o.rounds * o.page,
        changes_held: held,
        duplicates,
    }
}

/// One client's request times, by kind, and its errors.
#[derive(Default)]
struct Timings {
    push: Vec<Duration>,
    pull: Vec<Duration>,
    pulled: usize,
    errors: Vec<String>,
}

fn client(agent: &ureq::Agent, base: &str, token: &str, i: usize, o: &LoadOptions) -> Timings {
    let mut out = Timings::default();
    let device = format!("load-device-{i:04}");
    let mut cursor = 0;
    let mut pulled = 0;
    // A cheap per-client generator for the pauses (no shared state between threads).
    let mut seed = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for round in 0..o.rounds {
        if o.pause_ms > 0 && round > 0 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let pause = o.pause_ms / 2 + seed % o.pause_ms.max(1);
            std::thread::sleep(Duration::from_millis(pause));
        }
        let changes: Vec<Change> = (0..o.page)
            .map(|k| change(&device, i, round * o.page + k))
            .collect();
        let page = PushPage { changes };
        let t = Instant::now();
        let pushed: Result<PushAck, String> = call(
            agent.post(&format!("{base}/v1/push")).set("content-type", "application/json"),
            token,
            Some(&page),
        );
        match pushed {
            Ok(ack) if ack.count as usize == o.page => out.push.push(t.elapsed()),
            Ok(ack) => out.errors.push(format!("确认了 {} 条，发送 {}", ack.count, o.page)),
            Err(e) => out.errors.push(e),
        }
        let t = Instant::now();
        match pull(agent, base, token, cursor) {
            Ok(page) => {
                out.pull.push(t.elapsed());
                pulled += page.changes.len();
                cursor = page.next;
            }
            Err(e) => out.errors.push(e),
        }
    }
    out.pulled = pulled;
    out
}

/// A new enterprise, as a laptop would register one: a few fields, one stamp.
fn change(device: &str, client: usize, n: usize) -> Change {
    let fields = serde_json::json!({
        "name": format!("压测企业{client:04}-{n:04}有限公司"),
        "street": "雨湖路街道",
        "scale": "规上",
        "deleted": 0,
    });
    Change {
        entity: "enterprises".into(),
        row_id: format!("load-{client:04}-{n:06}"),
        fields: fields.as_object().cloned().unwrap_or_default(),
        hlc: ((1_780_000_000_000i64 + n as i64) << 16) | client as i64,
        actor: "压测".into(),
        device: device.into(),
        schema: SCHEMA_VERSION,
    }
}

fn pull(agent: &ureq::Agent, base: &str, token: &str, after: i64) -> Result<PullPage, String> {
    call(
        agent
            .get(&format!("{base}/v1/pull"))
            .query("after", &after.to_string())
            .query("limit", &MAX_PULL_CHANGES.to_string())
            .set(SCHEMA_HEADER, &SCHEMA_VERSION.to_string()),
        token,
        None::<&()>,
    )
}

fn call<B: Serialize, T: serde::de::DeserializeOwned>(
    req: ureq::Request,
    token: &str,
    body: Option<&B>,
) -> Result<T, String> {
    let req = req
        .set(PROTOCOL_HEADER, &PROTOCOL_VERSION.to_string())
        .set("authorization", &format!("Bearer {token}"));
    let answer = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    match answer {
        Ok(r) => r.into_json().map_err(|e| e.to_string()),
        Err(ureq::Error::Status(status, r)) => Err(format!(
            "HTTP {status}: {}",
            r.into_string().unwrap_or_default()
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Pulls the whole zone: (distinct changes, changes seen more than once).
fn read_back(agent: &ureq::Agent, base: &str, token: &str) -> Result<(usize, usize), String> {
    let mut seen: HashSet<ChangeId> = HashSet::new();
    let (mut after, mut twice) = (0, 0);
    loop {
        let page = pull(agent, base, token, after)?;
        for c in &page.changes {
            if !seen.insert(c.change.id()) {
                twice += 1;
            }
        }
        after = page.next;
        if !page.more || page.changes.is_empty() {
            return Ok((seen.len(), twice));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_must_be_this_machine() {
        assert!(loopback("http://127.0.0.1:8750").is_ok());
        assert!(loopback("http://localhost:8750/").is_ok());
        assert!(loopback("http://10.0.0.5:8750").is_err());
        assert!(loopback("https://sync.example.cn").is_err());
        assert!(loopback("http://127.0.0.1.example.cn").is_err());
        assert!(loopback("http://[::1]:8750").is_ok());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_small_load_loses_and_doubles_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("s.db").display());
        let storage = crate::open(&url).await.unwrap();
        let o = LoadOptions { clients: 8, rounds: 3, page: 5, pause_ms: 10, target: None };
        let report = run(storage, o).await.unwrap();
        assert_eq!(report.errors, 0, "{:?}", report.first_errors);
        assert_eq!(report.requests, 8 * 3 * 2);
        assert_eq!((report.changes_held, report.duplicates), (120, 0));
    }
}
