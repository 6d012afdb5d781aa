//! The `lianxin-server` binary: the admin commands on a real SQLite file, and `serve` honouring
//! what they did.

mod common;

use std::path::Path;
use std::process::{Child, Command, Output};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use common::{changes, Client};
use lianxin_protocol::Change;

const PAGES: i64 = 200;

fn run(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin-server"))
        .env("LIANXIN_SERVER_DATABASE", db)
        .args(args)
        .output()
        .unwrap()
}

fn ok(db: &str, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(db: &str, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

/// Kills the server when the test ends, passed or failed.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn admin_commands_and_serve() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("server.db");
    let db = format!("sqlite://{}", file.display());

    assert!(ok(&db, &["zone", "create", "雨湖高新区"]).contains("已创建园区 雨湖高新区"));
    assert!(fails(&db, &["zone", "create", "雨湖高新区"]).contains("园区已存在：雨湖高新区"));
    assert!(
        fails(&db, &["token", "create", "--zone", "岳塘", "--name", "甲"])
            .contains("园区不存在：岳塘")
    );
    assert!(fails("mysql://x", &["zone", "list"]).contains("无法识别的数据库地址"));

    let token = ok(
        &db,
        &[
            "token",
            "create",
            "--zone",
            "雨湖高新区",
            "--name",
            "张三的笔记本",
        ],
    )
    .trim()
    .to_owned();
    assert!(token.starts_with("lx1_") && token.len() == 68, "{token}");
    let list = ok(&db, &["token", "list"]);
    assert!(
        list.contains("雨湖高新区\t张三的笔记本") && list.contains("有效"),
        "{list}"
    );
    assert!(!list.contains(&token[4..]), "the list never shows a token");
    // Only the hash is stored, in the file or its WAL.
    for path in [file.clone(), dir.path().join("server.db-wal")] {
        let bytes = std::fs::read(&path).unwrap_or_default();
        assert!(
            !bytes.windows(64).any(|w| w == &token.as_bytes()[4..]),
            "{} holds the token",
            path.display()
        );
    }

    let log = dir.path().join("server.log");
    let (_serving, base) = serve(&db, &log);
    let client = Client {
        base,
        token: Some(token.clone()),
        protocol: Some(lianxin_protocol::PROTOCOL_VERSION.to_string()),
    };
    assert_eq!(client.push(&changes("d1", 1..4)).status, 200);
    assert_eq!(client.pull_all(0, 10).len(), 3);

    // Revoked through the command line while the server runs: refused on its next request.
    assert!(ok(&db, &["token", "revoke", "1"]).contains("已吊销令牌 1"));
    let refused = client.pull(0, 10);
    assert_eq!(
        (refused.status, refused.code()),
        (401, "revoked"),
        "{refused:?}"
    );
    assert!(ok(&db, &["token", "list"]).contains("已吊销"));
    assert!(fails(&db, &["token", "revoke", "9"]).contains("令牌不存在：9"));
    assert!(ok(&db, &["zone", "list"]).contains("雨湖高新区\t3"));

    // One JSON line per request: the route, the token's number, the status; never the token.
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(!log.contains(&token[4..]), "the log holds the token");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let answered = |path: &str, status: u16| {
        lines.iter().any(|l| {
            l["fields"]["status"] == status
                && l["span"]["path"] == path
                && l["span"]["token"] == 1
                && l["span"]["zone"] == 1
        })
    };
    assert!(
        answered("/v1/push", 200) && answered("/v1/pull", 401),
        "{log}"
    );
}

/// Starts `lianxin-server serve` on a port the system picks; its log (JSON lines) goes to `log`,
/// where the first line says which port.
fn serve(db: &str, log: &Path) -> (Serving, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_lianxin-server"))
        .env("LIANXIN_SERVER_DATABASE", db)
        .env("LIANXIN_SERVER_LOG_FORMAT", "json")
        .stderr(std::fs::File::create(log).unwrap())
        .args(["serve", "--listen", "127.0.0.1:0", "--burst", "100000"])
        .spawn()
        .unwrap();
    let serving = Serving(child);
    // Bounded, so a server that never starts fails the test instead of hanging it.
    for _ in 0..600 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let listening = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find_map(|l| {
                (l["fields"]["message"] == "listening (http)")
                    .then(|| l["fields"]["addr"].as_str().unwrap().to_owned())
            });
        if let Some(addr) = listening {
            return (serving, format!("http://{addr}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "the server did not start: {}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

#[test]
fn a_server_killed_mid_push_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("server.db").display());
    ok(&db, &["zone", "create", "雨湖高新区"]);
    let token = ok(
        &db,
        &["token", "create", "--zone", "雨湖高新区", "--name", "甲"],
    )
    .trim()
    .to_owned();
    let pages: Vec<Vec<Change>> = (0..PAGES)
        .map(|p| changes("laptop", p * 50..(p + 1) * 50))
        .collect();

    let (mut serving, base) = serve(&db, &dir.path().join("first.log"));
    let client = Client {
        base,
        token: Some(token),
        protocol: Some(lianxin_protocol::PROTOCOL_VERSION.to_string()),
    };
    let acked = AtomicUsize::new(0);
    thread::scope(|s| {
        // The client pushes page after page, as its outbox would, until the connection breaks.
        s.spawn(|| {
            for page in &pages {
                match client.try_push(page) {
                    Ok(reply) => assert_eq!(reply.status, 200, "{reply:?}"),
                    Err(_) => return,
                }
                acked.fetch_add(1, Ordering::SeqCst);
            }
        });
        // Wait for a few acks (bounded, so a failing pusher ends the test instead of hanging it).
        for _ in 0..12_000 {
            if acked.load(Ordering::SeqCst) >= 5 {
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
        serving.0.kill().unwrap(); // SIGKILL, whatever it was doing
    });
    let acked = acked.load(Ordering::SeqCst);
    assert!(
        (5..PAGES as usize).contains(&acked),
        "killed after {acked} of {PAGES} pages"
    );

    // Restarted on the same file; the client resumes after its last acknowledged page, so the
    // page that was in flight is sent again.
    let (_serving, base) = serve(&db, &dir.path().join("second.log"));
    let client = Client { base, ..client };
    for page in &pages[acked..] {
        assert_eq!(client.push(page).status, 200);
    }
    let all = client.pull_all(0, 1000);
    let pushed: Vec<Change> = pages.concat();
    assert_eq!(
        all.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
        pushed,
        "everything, once, in order"
    );
    assert_eq!(
        all.last().map(|(seq, _)| *seq),
        Some(pushed.len() as i64),
        "no sequence number lost to the kill"
    );
}
