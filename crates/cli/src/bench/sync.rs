//! Sync against a real `lianxin-server` on loopback (the release binary beside this one), on the
//! backend `--sync-database` names (SQLite in a temporary folder when absent; a PostgreSQL
//! address for the other backend). Four cases, each beside a baseline from the same run:
//!
//! - push ≈100,000 changes (a scratch data set about twice S) into a new zone, beside the same
//!   pages handed to an in-memory server (the client's own share: reading and paging the outbox);
//! - apply those changes pulled into an empty laptop (merge only: the pages come from memory),
//!   beside inserting the same changes as bare rows in one transaction;
//! - first sync of the S zone into an empty laptop over HTTP, beside pulling its pages without
//!   merging them;
//! - a sync with nothing new, beside one `GET /health`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use lianxin_core::generate::{self, Counts};
use lianxin_core::sync::{self, Http, Memory, Transport};
use lianxin_core::Store;
use lianxin_protocol::{PushPage, MAX_PULL_CHANGES, SCHEMA_VERSION};

use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

/// About twice S: its change log holds a little over 100,000 rows.
const SCRATCH: Counts = Counts { enterprises: 1_400, cadres: 300, streets: 6, issues: 7_000, engagements: 4_000, projects: 100 };

pub fn run(store: &Store, o: &Options, bench: &mut Bench) -> Result<(), CliError> {
    if let (Err(e), true) = (server_bin(), o.only.is_empty()) {
        eprintln!("  skipping sync: {e}");
        return Ok(());
    }
    let dir = Scratch::new()?;
    let db = o.sync_database.clone().unwrap_or_else(|| format!("sqlite://{}", dir.path().join("server.db").display()));
    let backend = if db.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    let server = Server::start(&db, dir.path())?;
    eprintln!("  lianxin-server ({backend}) at {}", server.url);
    let runs = o.runs.clamp(3, 5);

    // The ≈100,000-change laptop.
    let source_path = dir.path().join("source.db");
    let source = Store::open(&source_path)?;
    source.set_actor("基准测试")?;
    let made = generate::generate(&source, SCRATCH, o.seed, &mut |_, _, _| {})?;
    let n = sync::pending(&source)?;
    eprintln!("  scratch laptop: {} change rows, {n} to push", made.change_rows);

    // Push into a new zone each run, so every run inserts every change.
    let mut zones = Vec::new();
    let push = Samples::collect(0, runs, |i| {
        let (key, http) = server.zone(&format!("push-{i}")).expect("a zone and token");
        let pushed = sync::push_only(&source, &key, &http).expect("push");
        assert_eq!(pushed, n);
        zones.push((key, http));
    });
    let in_memory = Samples::collect(0, runs, |i| {
        let memory = Memory::default();
        sync::push_only(&source, &format!("memory-{i}"), &memory).expect("push to memory");
    });
    let per_100k = |s: &Samples| s.median().as_secs_f64() * 100_000.0 / n as f64;
    bench.add(
        &format!("sync push of {n} changes into a new zone ({backend}; ≈{:.2} s per 100,000)", per_100k(&push)),
        "100,000 ≤ 3 s",
        &push,
        "the same pages handed to an in-memory server",
        &in_memory,
        Some(per_100k(&push) <= 3.0),
    );

    // The zone's changes, as pull pages, held in memory: apply measures the merge alone.
    let (_, http) = &zones[0];
    let memory = Memory::default();
    let mut after = 0;
    let mut pulled = Vec::new();
    loop {
        let page = http.pull(after, MAX_PULL_CHANGES, SCHEMA_VERSION)?;
        pulled.extend(page.changes.iter().map(|c| c.change.clone()));
        after = page.next;
        if !page.more || page.changes.is_empty() {
            break;
        }
    }
    for chunk in pulled.chunks(1000) {
        memory.push(&PushPage { changes: chunk.to_vec() })?;
    }
    let empties = empty_laptops(dir.path(), "apply", runs)?;
    let apply = Samples::collect(0, runs, |i| {
        let s = sync::sync(&empties[i], "memory", &memory).expect("apply");
        assert_eq!(s.pulled, pulled.len());
    });
    let bare = Samples::collect(0, runs, |i| bare_insert(dir.path(), i, &pulled).expect("bare insert"));
    let per = |s: &Samples| s.median().as_secs_f64() * 100_000.0 / pulled.len() as f64;
    bench.add(
        &format!("sync apply of {} pulled changes into an empty laptop (merge only; ≈{:.2} s per 100,000)", pulled.len(), per(&apply)),
        "100,000 ≤ 1 s",
        &apply,
        "the same changes INSERTed as bare rows, one transaction",
        &bare,
        Some(per(&apply) <= 1.0),
    );
    drop(empties);

    // The S zone: the harness's data set pushed once, then pulled into empty laptops.
    let (s_key, s_http) = server.zone("s-zone")?;
    let s_changes = sync::push_only(store, &s_key, &s_http)?;
    let laptops = empty_laptops(dir.path(), "first", runs)?;
    let first = Samples::collect(0, runs, |i| {
        let s = sync::sync(&laptops[i], &s_key, &s_http).expect("first sync");
        assert!(s.pulled >= s_changes, "{} < {s_changes}", s.pulled);
    });
    let raw_pull = Samples::collect(0, runs, |_| {
        let mut after = 0;
        loop {
            let page = s_http.pull(after, MAX_PULL_CHANGES, SCHEMA_VERSION).expect("pull");
            after = page.next;
            if !page.more || page.changes.is_empty() {
                break;
            }
        }
    });
    bench.add(
        &format!("first sync of the {} zone ({s_changes} changes) into an empty laptop over HTTP ({backend})", o.size),
        "—",
        &first,
        "pulling the same pages without merging",
        &raw_pull,
        None,
    );

    // Nothing new: the laptop just synced asks again.
    let nothing = Samples::collect(3, o.runs.clamp(20, 100), |_| {
        let s = sync::sync(&laptops[0], &s_key, &s_http).expect("sync");
        assert_eq!((s.pushed, s.pulled), (0, 0));
    });
    let health = Samples::collect(3, o.runs.clamp(20, 100), |_| {
        s_http.health().expect("health");
    });
    let ok = nothing.p95() <= Duration::from_millis(30);
    bench.add(
        &format!("sync with nothing new ({backend})"),
        "≤ 30 ms",
        &nothing,
        "one GET /health",
        &health,
        Some(ok),
    );
    Ok(())
}

/// `runs` fresh databases (migrated, nothing in them), opened before the clock starts.
fn empty_laptops(dir: &Path, name: &str, runs: usize) -> Result<Vec<Store>, CliError> {
    (0..runs).map(|i| Ok(Store::open(dir.join(format!("{name}-{i}.db")))?)).collect()
}

/// The baseline for apply: the changes stored as bare rows in a fresh file, one transaction.
fn bare_insert(dir: &Path, i: usize, changes: &[lianxin_protocol::Change]) -> rusqlite::Result<()> {
    let path = dir.join(format!("bare-{i}.db"));
    let mut c = rusqlite::Connection::open(&path)?;
    c.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE changes (entity TEXT, row_id TEXT, fields TEXT, hlc INTEGER, device TEXT, actor TEXT)")?;
    let tx = c.transaction()?;
    {
        let mut insert = tx.prepare("INSERT INTO changes VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for ch in changes {
            let fields = serde_json::Value::Object(ch.fields.clone()).to_string();
            insert.execute(rusqlite::params![ch.entity, ch.row_id, fields, ch.hlc, ch.device, ch.actor])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// A folder for the run's files, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, CliError> {
        let dir = std::env::temp_dir().join(format!("lianxin-bench-sync-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| CliError::Write(dir.display().to_string(), e.to_string()))?;
        Ok(Scratch(dir))
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `lianxin-server serve` on a loopback port the system picks, killed when dropped.
struct Server {
    child: Child,
    db: String,
    url: String,
}

impl Server {
    fn start(db: &str, dir: &Path) -> Result<Server, CliError> {
        let log = dir.join("server.log");
        let child = Command::new(server_bin()?)
            .env("LIANXIN_SERVER_DATABASE", db)
            .env("LIANXIN_SERVER_LOG_FORMAT", "json")
            .stderr(std::fs::File::create(&log).map_err(io)?)
            .args(["serve", "--listen", "127.0.0.1:0", "--rate", "100000", "--burst", "100000"])
            .spawn()
            .map_err(io)?;
        let mut server = Server { child, db: db.to_owned(), url: String::new() };
        for _ in 0..300 {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if let Some(addr) = text
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .find_map(|l| (l["fields"]["message"] == "listening (http)").then(|| l["fields"]["addr"].as_str().map(String::from)).flatten())
            {
                server.url = format!("http://{addr}");
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(CliError::Bench(format!("lianxin-server 未能启动({status}):{text}")));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(CliError::Bench("lianxin-server 30 秒内没有开始监听".into()))
    }

    /// A new zone with one token: the key a laptop keeps its positions under, and its client.
    fn zone(&self, name: &str) -> Result<(String, Http), CliError> {
        let zone = format!("基准-{}-{name}", std::process::id());
        admin(&self.db, &["zone", "create", &zone])?;
        let token = admin(&self.db, &["token", "create", "--zone", &zone, "--name", "bench"])?;
        Ok((format!("{}#{zone}", self.url), Http::new(&self.url, token.trim())))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn admin(db: &str, args: &[&str]) -> Result<String, CliError> {
    let out = Command::new(server_bin()?).env("LIANXIN_SERVER_DATABASE", db).args(args).stderr(Stdio::piped()).output().map_err(io)?;
    if !out.status.success() {
        return Err(CliError::Bench(format!("lianxin-server {}:{}", args.join(" "), String::from_utf8_lossy(&out.stderr))));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The server binary built beside this one (`cargo build --release -p lianxin-server`).
fn server_bin() -> Result<PathBuf, CliError> {
    let bin = std::env::current_exe().map_err(io)?.with_file_name(format!("lianxin-server{}", std::env::consts::EXE_SUFFIX));
    if bin.exists() {
        Ok(bin)
    } else {
        Err(CliError::Bench(format!("找不到 {}:请先运行 cargo build --release -p lianxin-server", bin.display())))
    }
}

fn io(e: std::io::Error) -> CliError {
    CliError::Bench(e.to_string())
}
