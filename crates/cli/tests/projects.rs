//! `lianxin projects list|show` on a generated database.

use std::process::Command;

fn lianxin(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin")).arg("--db").arg(db).args(args).output().unwrap()
}

fn json(out: std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn projects_list_filters_and_show_prints_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let small = ["demo", "--enterprises", "60", "--cadres", "20", "--issues", "200", "--projects", "40", "--json"];
    assert_eq!(json(lianxin(&db, &small))["projects"], 40);

    let all = json(lianxin(&db, &["projects", "list", "--page-size", "100", "--json"]));
    assert_eq!(all["total"], 40);
    let key = json(lianxin(&db, &["projects", "list", "--kind", "重点项目", "--json"]));
    let key_total = key["total"].as_u64().unwrap();
    assert!(key_total > 0 && key_total < 40);
    assert!(key["rows"].as_array().unwrap().iter().all(|r| r["project"]["kind"] == "key"));
    let building = json(lianxin(&db, &["projects", "list", "--status", "在建", "--flag", "green", "--json"]));
    assert!(building["rows"].as_array().unwrap().iter().all(|r| r["project"]["status"] == "building" && r["flag"] == "green"));

    let id = all["rows"][0]["project"]["id"].as_str().unwrap().to_string();
    let name = all["rows"][0]["project"]["name"].as_str().unwrap().to_string();
    let shown = json(lianxin(&db, &["projects", "show", &id, "--json"]));
    assert_eq!(shown["project"]["name"], name.as_str());
    assert!(!shown["milestones"].as_array().unwrap().is_empty());

    let text = lianxin(&db, &["projects", "show", &id]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(&name) && text.contains("节点") && text.contains("万元"), "{text}");

    let bad = lianxin(&db, &["projects", "list", "--status", "开工"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("无法识别的项目状态“开工”"));
}
