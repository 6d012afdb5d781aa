//! The `lianxin-server` binary: the admin commands on a real SQLite file, and `serve` honouring
//! what they did.

mod common;

use std::process::{Child, Command, Output};

use common::{changes, Client};

fn run(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin-server")).env("LIANXIN_SERVER_DATABASE", db).args(args).output().unwrap()
}

fn ok(db: &str, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
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
    assert!(fails(&db, &["token", "create", "--zone", "岳塘", "--name", "甲"]).contains("园区不存在：岳塘"));
    assert!(fails("mysql://x", &["zone", "list"]).contains("无法识别的数据库地址"));

    let token = ok(&db, &["token", "create", "--zone", "雨湖高新区", "--name", "张三的笔记本"]).trim().to_owned();
    assert!(token.starts_with("lx1_") && token.len() == 68, "{token}");
    let list = ok(&db, &["token", "list"]);
    assert!(list.contains("雨湖高新区\t张三的笔记本") && list.contains("有效"), "{list}");
    assert!(!list.contains(&token[4..]), "the list never shows a token");
    // Only the hash is stored, in the file or its WAL.
    for path in [file.clone(), dir.path().join("server.db-wal")] {
        let bytes = std::fs::read(&path).unwrap_or_default();
        assert!(!bytes.windows(64).any(|w| w == token[4..].as_bytes()), "{} holds the token", path.display());
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_lianxin-server"))
        .env("LIANXIN_SERVER_DATABASE", &db)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .spawn()
        .unwrap();
    let _serving = Serving(child);
    let base = format!("http://127.0.0.1:{port}");
    wait_until_listening(&base);
    let client = Client { base, token: Some(token.clone()), protocol: Some(lianxin_protocol::PROTOCOL_VERSION.to_string()) };
    assert_eq!(client.push(&changes("d1", 1..4)).status, 200);
    assert_eq!(client.pull_all(0, 10).len(), 3);

    // Revoked through the command line while the server runs: refused on its next request.
    assert!(ok(&db, &["token", "revoke", "1"]).contains("已吊销令牌 1"));
    let refused = client.pull(0, 10);
    assert_eq!((refused.status, refused.code()), (401, "revoked"), "{refused:?}");
    assert!(ok(&db, &["token", "list"]).contains("已吊销"));
    assert!(fails(&db, &["token", "revoke", "9"]).contains("令牌不存在：9"));
    assert!(ok(&db, &["zone", "list"]).contains("雨湖高新区\t3"));
}

/// Polls /health until the freshly started process answers (it has to open the database first).
fn wait_until_listening(base: &str) {
    for _ in 0..600 {
        if ureq::get(&format!("{base}/health")).call().is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the server did not start listening on {base}");
}
