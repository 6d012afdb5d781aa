//! `lianxin sync` against the real `lianxin-server` binary (SQLite backend): two database files
//! each end with the other's enterprise and issue; a bad token and an unreachable server exit
//! non-zero with one Chinese line; a sync killed (SIGKILL) mid-apply leaves an intact file that
//! the next sync completes; a server killed mid-push loses nothing; a photo and a document
//! attached on one file arrive in the other's attachments folder.
//!
//! The server is built by this test (`cargo build -p lianxin-server`) when it is not beside the
//! `lianxin` binary: it is another package's binary, which Cargo does not build for this one.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use lianxin_core::blob::{Blobs, Variant};
use lianxin_core::model::attachment::{self, AttachInput, OwnerKind};
use lianxin_core::model::enterprise::{self, EnterpriseInput};
use lianxin_core::model::project::{self, ProjectCategory, ProjectInput, ProjectKind};
use lianxin_core::model::issue::{self, RegisterInput, Source};
use lianxin_core::Store;

fn server_bin() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_lianxin")).with_file_name("lianxin-server");
    if !bin.exists() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let status = Command::new(env!("CARGO"))
            .current_dir(root)
            .args(["build", "-q", "-p", "lianxin-server", "--bin", "lianxin-server"])
            .status()
            .unwrap();
        assert!(status.success(), "building lianxin-server");
    }
    bin
}

fn admin(db: &str, args: &[&str]) -> String {
    let out = Command::new(server_bin()).env("LIANXIN_SERVER_DATABASE", db).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Kills the server when the test ends, passed or failed.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `lianxin-server serve` on a port the system picks, found in its first log line.
fn serve(db: &str, log: &Path, listen: &str) -> (Serving, String) {
    let child = Command::new(server_bin())
        .env("LIANXIN_SERVER_DATABASE", db)
        .env("LIANXIN_SERVER_LOG_FORMAT", "json")
        .stderr(std::fs::File::create(log).unwrap())
        .args(["serve", "--listen", listen, "--burst", "100000"])
        .spawn()
        .unwrap();
    let serving = Serving(child);
    for _ in 0..600 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let addr = text.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()).find_map(|l| {
            (l["fields"]["message"] == "listening (http)").then(|| l["fields"]["addr"].as_str().unwrap().to_owned())
        });
        if let Some(addr) = addr {
            return (serving, format!("http://{addr}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server did not start: {}", std::fs::read_to_string(log).unwrap_or_default());
}

struct Zone {
    dir: tempfile::TempDir,
    db: String,
}

impl Zone {
    fn new() -> Zone {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}", dir.path().join("server.db").display());
        admin(&db, &["zone", "create", "雨湖高新区"]);
        Zone { dir, db }
    }

    /// A token file for a new device.
    fn token(&self, name: &str) -> PathBuf {
        let token = admin(&self.db, &["token", "create", "--zone", "雨湖高新区", "--name", name]);
        let path = self.dir.path().join(format!("{name}.token"));
        std::fs::write(&path, format!("{token}\n")).unwrap();
        path
    }
}

fn sync(db: &Path, server: &str, token: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin"))
        .arg("--db")
        .arg(db)
        .args(["sync", "--server", server, "--token-file"])
        .arg(token)
        .args(extra)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    text
}

/// An enterprise and an issue of it, written in `db` by `who`.
fn write(db: &Path, who: &str, name: &str) -> (String, String) {
    let store = Store::open(db).unwrap();
    store.set_actor(who).unwrap();
    let e = enterprise::create(&store, &EnterpriseInput { name: name.into(), ..Default::default() }).unwrap().record;
    let input = RegisterInput {
        source: Some(Source::Visit),
        enterprise_id: Some(e.id.clone()),
        category: "融资".into(),
        content: format!("{name}反映流动资金紧张"),
        registered_on: Some("2026-03-02".into()),
        ..Default::default()
    };
    (e.id, issue::register(&store, &input).unwrap().id)
}

#[test]
fn two_files_sync_through_the_server_and_each_ends_with_the_others_records() {
    let zone = Zone::new();
    let (ta, tb) = (zone.token("甲的笔记本"), zone.token("乙的笔记本"));
    let (_serving, base) = serve(&zone.db, &zone.dir.path().join("server.log"), "127.0.0.1:0");
    let (a, b) = (zone.dir.path().join("a.db"), zone.dir.path().join("b.db"));
    let (ea, ia) = write(&a, "甲", "湘潭电机");
    let (eb, ib) = write(&b, "乙", "江麓机电");

    let first = ok(sync(&a, &base, &ta, &[]));
    assert!(first.starts_with("同步完成:上传 3 条更改"), "{first}");
    ok(sync(&b, &base, &tb, &[]));
    let last = ok(sync(&a, &base, &ta, &[]));
    assert!(last.contains("下载合并 4 条更改"), "{last}");

    for (db, ent, iss) in [(&a, &eb, &ib), (&b, &ea, &ia)] {
        let store = Store::open(db).unwrap();
        assert!(enterprise::get_one(&store, ent).is_ok(), "{} lacks the other's enterprise", db.display());
        let i = issue::get_issue(&store, iss).unwrap();
        assert_eq!(&i.enterprise_id.unwrap(), ent);
    }
    // Both issues were 2026-00001 offline: 乙's, registered later, was renumbered by 乙 (one
    // change more for 甲 to pull) and both files agree.
    ok(sync(&b, &base, &tb, &[]));
    let nos = |db: &Path| {
        let store = Store::open(db).unwrap();
        (issue::get_issue(&store, &ia).unwrap().no, issue::get_issue(&store, &ib).unwrap().no)
    };
    assert_eq!(nos(&a), ("2026-00001".to_string(), "2026-00002".to_string()));
    assert_eq!(nos(&a), nos(&b));

    // A revoked token: refused at once, one line, exit status 1.
    admin(&zone.db, &["token", "revoke", "1"]);
    let refused = sync(&a, &base, &ta, &[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("同步令牌已被吊销"), "{refused:?}");
}

#[test]
fn attachment_files_travel_through_the_server_to_the_other_files_folder() {
    let zone = Zone::new();
    let (ta, tb) = (zone.token("甲"), zone.token("乙"));
    let (_serving, base) = serve(&zone.db, &zone.dir.path().join("server.log"), "127.0.0.1:0");
    let (a, b) = (zone.dir.path().join("a/lianxin.db"), zone.dir.path().join("b/lianxin.db"));
    std::fs::create_dir_all(a.parent().unwrap()).unwrap();
    std::fs::create_dir_all(b.parent().unwrap()).unwrap();
    let (photo, doc) = {
        let store = Store::open(&a).unwrap();
        store.set_actor("甲").unwrap();
        let input = ProjectInput {
            name: "双马路段路灯安装".into(),
            kind: Some(ProjectKind::Livelihood),
            category: Some(ProjectCategory::Lights),
            ..Default::default()
        };
        let owner = project::create(&store, &input).unwrap().record.id;
        let jpg = zone.dir.path().join("施工后.jpg");
        image::RgbImage::from_fn(1800, 1000, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 80])).save(&jpg).unwrap();
        let pdf = zone.dir.path().join("验收报告.pdf");
        std::fs::write(&pdf, b"%PDF-1.7\n\xe9\xaa\x8c\xe6\x94\xb6 report").unwrap();
        let attach = |path: &Path| {
            let input = AttachInput {
                owner_kind: OwnerKind::Project,
                owner_id: owner.clone(),
                path: path.display().to_string(),
                role: None,
                caption: None,
            };
            attachment::add(&store, &input).unwrap()
        };
        (attach(&jpg), attach(&pdf))
    };
    let up = ok(sync(&a, &base, &ta, &[]));
    assert!(up.contains("附件文件上传 2 个,下载 0 个"), "{up}");
    let down = ok(sync(&b, &base, &tb, &["--json"]));
    let summary: serde_json::Value = serde_json::from_str(down.trim()).unwrap();
    assert_eq!((summary["files_down"].as_u64(), summary["files_waiting"].as_u64()), (Some(2), Some(0)), "{down}");

    let folder = Blobs::beside(&b);
    assert!(folder.root().starts_with(zone.dir.path().join("b")));
    assert!(folder.path(&photo.sha256, Variant::Preview).unwrap().is_file());
    assert!(folder.path(&photo.sha256, Variant::Thumb).unwrap().is_file());
    assert!(!folder.path(&photo.sha256, Variant::Original).unwrap().exists(), "the photo travels as its copy");
    assert_eq!(
        std::fs::read(folder.path(&doc.sha256, Variant::Original).unwrap()).unwrap(),
        std::fs::read(zone.dir.path().join("验收报告.pdf")).unwrap()
    );
    let store = Store::open(&b).unwrap();
    assert!(attachment::preview(&store, &photo.id).unwrap().starts_with("data:image/jpeg;base64,"));
    // Held in the server's database, once.
    let conn = rusqlite::Connection::open(zone.dir.path().join("server.db")).unwrap();
    let held: i64 = conn.query_row("SELECT count(*) FROM blobs", [], |r| r.get(0)).unwrap();
    assert_eq!(held, 2);
    let again = ok(sync(&b, &base, &tb, &[]));
    assert!(!again.contains("附件文件"), "nothing more to move: {again}");
}

#[test]
fn an_unreachable_server_fails_with_a_line_and_the_next_sync_sends_everything() {
    let zone = Zone::new();
    let ta = zone.token("甲");
    let a = zone.dir.path().join("a.db");
    write(&a, "甲", "湘潭电机");
    // Nothing listens on port 9 of loopback (discard, never served here).
    let down = sync(&a, "http://127.0.0.1:9", &ta, &["--attempts", "1"]);
    assert!(!down.status.success());
    assert!(String::from_utf8_lossy(&down.stderr).contains("无法连接同步服务器"), "{down:?}");
    let (_serving, base) = serve(&zone.db, &zone.dir.path().join("server.log"), "127.0.0.1:0");
    assert!(ok(sync(&a, &base, &ta, &[])).contains("上传 3 条更改"));
}

/// Many changes to pull, so a kill lands inside the merge now and then; after every kill the file
/// is intact and the next sync completes with everything.
#[test]
fn a_sync_killed_mid_apply_leaves_an_intact_file_and_resumes() {
    let zone = Zone::new();
    let (ta, tb) = (zone.token("甲"), zone.token("乙"));
    let (_serving, base) = serve(&zone.db, &zone.dir.path().join("server.log"), "127.0.0.1:0");
    let a = zone.dir.path().join("a.db");
    {
        let store = Store::open(&a).unwrap();
        store.set_actor("甲").unwrap();
        for i in 0..1500 {
            enterprise::create(&store, &EnterpriseInput { name: format!("企业{i:04}"), ..Default::default() }).unwrap();
        }
    }
    ok(sync(&a, &base, &ta, &[]));
    let b = zone.dir.path().join("b.db");
    for wait_ms in [150, 300, 600, 1200] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lianxin"))
            .arg("--db")
            .arg(&b)
            .args(["sync", "--server", &base, "--token-file"])
            .arg(&tb)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if b.exists() {
            let conn = rusqlite::Connection::open(&b).unwrap();
            let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(check, "ok");
        }
    }
    ok(sync(&b, &base, &tb, &[]));
    let store = Store::open(&b).unwrap();
    let n: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM enterprises WHERE deleted = 0", [], |r| r.get(0))?)).unwrap();
    assert_eq!(n, 1500);
    let docs: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM search_docs", [], |r| r.get(0))?)).unwrap();
    assert_eq!(docs, 1500, "every merged enterprise has its search document");
}

/// The server is killed (SIGKILL) while a client pushes; a server started again on the same file
/// takes the next sync, which completes with nothing lost and nothing twice.
#[test]
fn a_server_killed_mid_push_loses_nothing_on_the_next_sync() {
    let zone = Zone::new();
    let (ta, tb) = (zone.token("甲"), zone.token("乙"));
    let a = zone.dir.path().join("a.db");
    {
        let store = Store::open(&a).unwrap();
        store.set_actor("甲").unwrap();
        for i in 0..3000 {
            enterprise::create(&store, &EnterpriseInput { name: format!("企业{i:04}"), ..Default::default() }).unwrap();
        }
    }
    let (mut serving, base) = serve(&zone.db, &zone.dir.path().join("first.log"), "127.0.0.1:0");
    let port = base.rsplit(':').next().unwrap().to_owned();
    let client = Command::new(env!("CARGO_BIN_EXE_lianxin"))
        .arg("--db")
        .arg(&a)
        .args(["sync", "--server", &base, "--attempts", "1", "--token-file"])
        .arg(&ta)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let _ = serving.0.kill();
    let _ = serving.0.wait();
    let _ = client.wait_with_output();
    let (_again, base) = serve(&zone.db, &zone.dir.path().join("second.log"), &format!("127.0.0.1:{port}"));
    ok(sync(&a, &base, &ta, &[]));
    let b = zone.dir.path().join("b.db");
    ok(sync(&b, &base, &tb, &[]));
    let store = Store::open(&b).unwrap();
    let n: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM enterprises WHERE deleted = 0", [], |r| r.get(0))?)).unwrap();
    assert_eq!(n, 3000);
    let held = admin(&zone.db, &["zone", "list"]);
    assert!(held.contains("雨湖高新区\t3000"), "each change held once: {held}");
}
