//! `lianxin cards | wall | notice | bulletin | print-settings | templates` on a real database.

use std::process::Command;

fn lianxin(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin")).arg("--db").arg(db).args(args).output().unwrap()
}

fn ok(out: std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_document_prints_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    ok(lianxin(&db, &["demo"]));
    let set = ok(lianxin(&db, &["print-settings", "--hotline", "0731-58585858"]));
    assert!(set.contains("监督电话:0731-58585858"), "{set}");

    let cards = dir.path().join("cards.pdf");
    let out = lianxin(&db, &["--json", "cards", "--all", "--out", cards.to_str().unwrap(), "--date", "2026-11-20"]);
    let v: serde_json::Value = serde_json::from_str(&ok(out)).unwrap();
    let count = v["report"]["count"].as_u64().unwrap();
    assert_eq!(v["report"]["pages"].as_u64().unwrap(), 2 * count.div_ceil(10));
    assert!(std::fs::read(&cards).unwrap().starts_with(b"%PDF-"));

    let wall = dir.path().join("wall.pdf");
    assert!(ok(lianxin(&db, &["wall", "--a3", "--out", wall.to_str().unwrap()])).contains("连心墙-A3"));
    let bulletin = dir.path().join("b.pdf");
    assert!(ok(lianxin(&db, &["bulletin", "--period", "2026-Q3", "--out", bulletin.to_str().unwrap()])).contains("工作通报"));
    let notice = dir.path().join("n.pdf");
    assert!(ok(lianxin(&db, &["notice", "--issue", "2026-00001,2026-00002", "--out", notice.to_str().unwrap()])).contains("督办单:"));

    // Mistakes are said in Chinese, and write nothing.
    let bad = lianxin(&db, &["bulletin", "--period", "去年", "--out", dir.path().join("x.pdf").to_str().unwrap()]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("看不懂"));
    assert!(!dir.path().join("x.pdf").exists());
    let bad = lianxin(&db, &["notice", "--batch", "没有这批", "--out", dir.path().join("y.pdf").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("没有批次号为 没有这批 的交办批次"));

    let templates = dir.path().join("tpl");
    ok(lianxin(&db, &["templates", "--out", templates.to_str().unwrap()]));
    assert!(std::fs::read_to_string(templates.join("cards.typ")).unwrap().contains("连心卡"));
}
