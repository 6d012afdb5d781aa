//! `lianxin engagements …` and `lianxin support …` on a demo database file.

use std::path::Path;
use std::process::{Command, Output};

fn lianxin(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin")).arg("--db").arg(db).args(args).output().unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn lists_counts_and_totals_agree_with_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    ok(&lianxin(&db, &["demo", "--enterprises", "120", "--cadres", "30", "--issues", "300"]));

    // The counts' total is the list's total for the same period.
    let counts: serde_json::Value = serde_json::from_str(&ok(&lianxin(&db, &["--json", "engagements", "counts", "--period", "2026"]))).unwrap();
    let list: serde_json::Value =
        serde_json::from_str(&ok(&lianxin(&db, &["--json", "engagements", "list", "--period", "2026", "--page-size", "5"]))).unwrap();
    assert_eq!(counts["total"], list["total"]);
    assert!(counts["total"].as_u64().unwrap() > 0);
    let visits = counts["by_kind"].as_array().unwrap().iter().find(|k| k[0] == "visit").unwrap()[1].as_u64().unwrap();
    let listed: serde_json::Value = serde_json::from_str(&ok(&lianxin(
        &db,
        &["--json", "engagements", "list", "--period", "2026", "--kind", "走访调研", "--page-size", "1"],
    )))
    .unwrap();
    assert_eq!(listed["total"].as_u64().unwrap(), visits, "a kind by its Chinese word");
    let text = ok(&lianxin(&db, &["engagements", "counts", "--period", "2026"]));
    assert!(text.starts_with("开展活动"), "{text}");

    // One engagement shown with its links by name.
    let id = list["rows"][0]["engagement"]["id"].as_str().unwrap();
    let shown = ok(&lianxin(&db, &["engagements", "show", id]));
    assert!(shown.contains("干部:"), "{shown}");

    // Support totals by kind add up to the list's count.
    let totals: serde_json::Value =
        serde_json::from_str(&ok(&lianxin(&db, &["--json", "support", "totals", "--period", "2023-01-01..2026-12-31"]))).unwrap();
    let items: u64 = totals["rows"].as_array().unwrap().iter().map(|r| r["items"].as_u64().unwrap()).sum();
    let all: serde_json::Value = serde_json::from_str(&ok(&lianxin(&db, &["--json", "support", "list", "--page-size", "1"]))).unwrap();
    assert_eq!(items, all["total"].as_u64().unwrap());
    assert!(ok(&lianxin(&db, &["support", "totals", "--period", "2023-01-01..2026-12-31"])).contains("笔"));

    // Exported as listed, all pages.
    let file = dir.path().join("惠企台账.xlsx");
    let o = ok(&lianxin(&db, &["support", "list", "--out", file.to_str().unwrap()]));
    assert!(o.contains(&format!("已导出 {} 行", all["total"])), "{o}");
    assert!(file.is_file());

    // A word it does not know is refused in Chinese with the words it knows.
    let bad = lianxin(&db, &["support", "list", "--kind", "贷款"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("无法识别的成效类型“贷款”"));
}
