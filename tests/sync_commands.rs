//! 同步 through Tauri's mock runtime against a real `lianxin-server`: settings checked and
//! kept (the token never handed back), 测试连接 catching a wrong token, 立即同步 between two
//! data folders, the pending count, an overwritten value restored, and a duplicate listed by
//! name for the merge; the automatic sync runs when due and not again before its interval.

mod support;
mod sync_server;

use serde_json::{json, Value};
use support::Harness;
use sync_server::Server;

fn set_up(h: &Harness, server: &Server, token: &str) -> Value {
    h.ok("sync_settings_save", json!({"input": {"server": server.base, "token": token, "auto_minutes": 0}}))
}

fn sync_now(h: &Harness) -> String {
    h.ok("sync_now", json!({"onProgress": "__CHANNEL__:3"})).as_str().unwrap().to_string()
}

fn ent(h: &Harness, name: &str, uscc: Option<&str>) -> String {
    let input = json!({"name": name, "uscc": uscc, "tags": []});
    h.ok("enterprise_create", json!({"input": input}))["record"]["id"].as_str().unwrap().to_string()
}

fn names(h: &Harness) -> Vec<String> {
    let page = h.ok("enterprises_list", json!({"query": {}}));
    let mut v: Vec<String> = page["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

#[test]
fn settings_are_checked_and_the_token_never_comes_back() {
    let server = Server::start();
    let token = server.token("甲的笔记本");
    let h = Harness::new(false);
    let st = h.ok("sync_status", json!({}));
    assert_eq!((st["server"].clone(), st["token_saved"].clone()), (Value::Null, json!(false)));

    let e = h.err("sync_settings_save", json!({"input": {"server": "127.0.0.1", "token": token, "auto_minutes": 0}}));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("validation"), Some("server")), "{e}");
    let e = h.err("sync_settings_save", json!({"input": {"server": server.base, "token": null, "auto_minutes": 0}}));
    assert_eq!(e["field"], "token", "{e}");

    let st = set_up(&h, &server, &token);
    assert_eq!(st["server"], server.base.as_str());
    assert_eq!(st["token_hint"], &token[token.len() - 4..]);
    assert!(!st.to_string().contains(&token[..20]), "the status never carries the token: {st}");
    assert!(h.dir().join("sync-token").is_file(), "the token lives in the data folder");
    assert!(!h.ok("sync_status", json!({})).to_string().contains(&token[..20]));

    // 测试连接: with the saved token, with a wrong one, and with no server there.
    let ok = h.ok("sync_test", json!({"server": server.base, "token": null}));
    assert!(ok.as_str().unwrap().contains("连接成功"), "{ok}");
    let wrong = format!("lx1_{}", "0".repeat(64));
    let e = h.err("sync_test", json!({"server": server.base, "token": wrong}));
    assert_eq!(e["code"], "sync", "{e}");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let e = h.err("sync_test", json!({"server": format!("http://127.0.0.1:{port}"), "token": null}));
    assert!(e["message"].as_str().unwrap().contains("连不上"), "{e}");
}

#[test]
fn two_data_folders_sync_and_conflicts_and_duplicates_are_listed() {
    let server = Server::start();
    let (a, b) = (Harness::new(false), Harness::new(false));
    set_up(&a, &server, &server.token("甲"));
    set_up(&b, &server, &server.token("乙"));

    let id = ent(&a, "湘潭电机", None);
    ent(&a, "江麓机电", Some("91430300MA4L16JQ9B"));
    ent(&b, "江麓机电集团", Some("91430300MA4L16JQ9B"));
    assert!(a.ok("sync_status", json!({}))["pending"].as_u64().unwrap() > 0);

    let line = sync_now(&a);
    assert!(line.starts_with("同步完成:上传"), "{line}");
    let st = a.ok("sync_status", json!({}));
    assert_eq!((st["pending"].as_u64(), st["last_ok"].as_bool()), (Some(0), Some(true)), "{st}");
    assert_eq!(st["last_line"], line.as_str());
    sync_now(&b);
    sync_now(&a);
    assert_eq!(names(&a), names(&b));
    assert!(names(&b).contains(&"湘潭电机".to_string()));

    // Same USCC registered on both: both kept, listed by name for the merge.
    let dups = a.ok("sync_duplicates", json!({}));
    assert_eq!(dups[0]["entity"], "enterprises", "{dups}");
    let named: Vec<&str> = dups[0]["records"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(named.len(), 2);
    assert!(named.contains(&"江麓机电") && named.contains(&"江麓机电集团"), "{named:?}");

    // One field edited on both: the later wins, the earlier is listed and can be restored.
    let rename = |h: &Harness, name: &str| h.ok("enterprise_update", json!({"id": id, "input": {"name": name, "tags": []}}));
    rename(&a, "湘潭电机股份");
    rename(&b, "湘电股份");
    sync_now(&b);
    sync_now(&a);
    let rows = a.ok("sync_conflicts", json!({}));
    let row = &rows.as_array().unwrap()[0];
    assert_eq!((row["record"].as_str(), row["field"].as_str()), (Some("湘电股份"), Some("name")), "{rows}");
    assert_eq!((row["lost"].as_str(), row["won"].as_str()), (Some("湘潭电机股份"), Some("湘电股份")));
    a.ok("sync_conflict_restore", json!({"id": row["id"]}));
    assert_eq!(a.ok("sync_conflicts", json!({})), json!([]));
    sync_now(&a);
    sync_now(&b);
    assert!(names(&b).contains(&"湘潭电机股份".to_string()), "{:?}", names(&b));
}

#[test]
fn a_sync_with_the_server_down_fails_in_plain_words_and_keeps_what_waits() {
    let server = Server::start();
    let h = Harness::new(false);
    set_up(&h, &server, &server.token("甲"));
    ent(&h, "湘潭电机", None);
    let pending = h.ok("sync_status", json!({}))["pending"].as_u64().unwrap();
    drop(server);
    let e = h.err("sync_now", json!({"onProgress": "__CHANNEL__:4"}));
    assert!(e["message"].as_str().unwrap().contains("连不上同步服务器"), "{e}");
    let st = h.ok("sync_status", json!({}));
    assert_eq!((st["last_ok"].as_bool(), st["pending"].as_u64()), (Some(false), Some(pending)), "{st}");
    assert_eq!(st["last_line"], e["message"]);
}

#[test]
fn the_automatic_sync_runs_when_due_and_then_waits_its_interval() {
    let server = Server::start();
    let h = Harness::new(false);
    let handle = h.app_handle();
    assert!(!lianxin_app::commands::sync::auto_tick(&handle), "not set up: nothing to do");
    h.ok("sync_settings_save", json!({"input": {"server": server.base, "token": server.token("甲"), "auto_minutes": 30}}));
    ent(&h, "湘潭电机", None);
    // The other tests here sync at the same time, and one sync at a time is the rule: a busy
    // tick does nothing and the next one tries.
    let ran = (0..200).any(|_| {
        lianxin_app::commands::sync::auto_tick(&handle) || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            false
        }
    });
    assert!(ran, "never synced: due");
    let st = h.ok("sync_status", json!({}));
    assert_eq!((st["last_ok"].as_bool(), st["pending"].as_u64()), (Some(true), Some(0)), "{st}");
    ent(&h, "江麓机电", None);
    for _ in 0..10 {
        assert!(!lianxin_app::commands::sync::auto_tick(&handle), "synced just now: waits 30 minutes");
    }
    assert!(h.ok("sync_status", json!({}))["pending"].as_u64().unwrap() > 0);
}
