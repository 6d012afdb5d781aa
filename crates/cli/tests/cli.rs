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
