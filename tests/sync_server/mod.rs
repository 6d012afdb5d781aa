//! A real `lianxin-server` (SQLite backend) on a loopback port the system picks, with one zone,
//! for the sync command tests and the sync e2e test. Found beside the test's own target folder
//! (`target/debug/lianxin-server`), built there with `cargo build -p lianxin-server` when
//! missing: it is another package's binary, which Cargo does not build for this one. The same
//! approach as crates/cli/tests/sync.rs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

fn bin() -> PathBuf {
    // target/debug/deps/<test> → target/debug/lianxin-server
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join("lianxin-server");
    if !bin.exists() {
        let status = Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "-q", "-p", "lianxin-server", "--bin", "lianxin-server"])
            .status()
            .unwrap();
        assert!(status.success(), "building lianxin-server");
    }
    bin
}

/// The server process, killed when the test ends, passed or failed.
pub struct Server {
    child: Child,
    dir: tempfile::TempDir,
    db: String,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ZONE: &str = "雨湖高新区";

fn admin(db: &str, args: &[&str]) -> String {
    let out = Command::new(bin()).env("LIANXIN_SERVER_DATABASE", db).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

impl Server {
    /// A new zone on a new database, served on a free loopback port.
    pub fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}", dir.path().join("server.db").display());
        admin(&db, &["zone", "create", ZONE]);
        let log = dir.path().join("server.log");
        let child = Command::new(bin())
            .env("LIANXIN_SERVER_DATABASE", &db)
            .env("LIANXIN_SERVER_LOG_FORMAT", "json")
            .stderr(std::fs::File::create(&log).unwrap())
            .args(["serve", "--listen", "127.0.0.1:0", "--burst", "100000"])
            .spawn()
            .unwrap();
        let mut server = Server { child, dir, db, base: String::new() };
        for _ in 0..600 {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            let addr = text.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()).find_map(|l| {
                (l["fields"]["message"] == "listening (http)").then(|| l["fields"]["addr"].as_str().unwrap().to_owned())
            });
            if let Some(addr) = addr {
                server.base = format!("http://{addr}");
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not start: {}", std::fs::read_to_string(&log).unwrap_or_default());
    }

    /// A new device token of the zone.
    pub fn token(&self, name: &str) -> String {
        admin(&self.db, &["token", "create", "--zone", ZONE, "--name", name])
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}
