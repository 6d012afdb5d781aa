//! The `lianxin` binary on a real database file.

use std::process::Command;

fn lianxin(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin")).arg("--db").arg(db).args(args).output().unwrap()
}

#[test]
fn demo_then_list_as_json_filtered_and_paged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let out = lianxin(&db, &["demo", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["enterprises"], 700);
    assert_eq!(v["cadres"], 150);

    // A second run refuses to add to a database that has enterprises.
    let again = lianxin(&db, &["demo", "--json"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("已有"));

    let out = lianxin(&db, &["enterprises", "list", "--street", "双马街道", "--page-size", "5", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = page["total"].as_u64().unwrap();
    assert!(total > 100 && total < 300, "one of four streets: {total}");
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by name");
}

#[test]
fn an_unknown_street_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let out = lianxin(&db, &["enterprises", "list", "--street", "火星街道"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有名为“火星街道”的街道"));
}

#[test]
fn search_finds_by_chinese_and_pinyin_initials() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    assert!(lianxin(&db, &["demo", "--json"]).status.success());
    // A name from the demo set, and its initials.
    let out = lianxin(&db, &["enterprises", "list", "--page-size", "1", "--json"]);
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let name = page["rows"][0]["name"].as_str().unwrap().to_string();
    let window: String = name.chars().skip(2).take(4).collect();
    let initials = lianxin_core::search::pinyin_keys(&window).1.remove(0);
    for q in [window.as_str(), initials.as_str()] {
        let out = lianxin(&db, &["search", q, "--kind", "enterprise", "--limit", "100", "--json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let titles: Vec<&str> = r["groups"][0]["hits"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap()).collect();
        assert!(titles.contains(&name.as_str()), "{q}: {titles:?}");
    }
    let none = lianxin(&db, &["search", "火星探测"]);
    assert!(String::from_utf8_lossy(&none.stdout).contains("没有找到"));
}
