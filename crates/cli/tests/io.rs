//! `lianxin import` / `lianxin export` on real files.

use std::path::Path;
use std::process::{Command, Output};

fn lianxin(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin")).arg("--db").arg(db).args(args).output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn import_reports_problems_by_row_and_column_and_writes_nothing_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("z.db");
    let file = dir.path().join("名单.csv");
    std::fs::write(
        &file,
        "湘潭高新区联点企业名单,,\n企业名称,统一社会信用代码,联系电话\n好企业有限公司,,13807312345\n坏电话有限公司,,12345\n,91350100M000100Y43,\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();

    let dry = lianxin(&db, &["import", "enterprises", path, "--dry-run"]);
    assert!(dry.status.success(), "{}", err(&dry));
    let text = out(&dry);
    assert!(text.contains("第4行 [联系电话] 联系电话“12345”格式不对"), "{text}");
    assert!(text.contains("第5行 [企业名称] 请填写企业名称"), "{text}");
    assert!(text.contains("表头在第2行,数据3行:将新增1"), "{text}");

    let real = lianxin(&db, &["import", "enterprises", path]);
    assert!(!real.status.success(), "problems without --skip-invalid fail");
    assert!(out(&real).contains("第4行 [联系电话]"));
    assert!(err(&real).contains("有2行存在问题"), "{}", err(&real));
    let list = lianxin(&db, &["enterprises", "list", "--json"]);
    let page: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(page["total"], 0, "all or nothing");

    let skip = lianxin(&db, &["import", "enterprises", path, "--skip-invalid", "--json"]);
    assert!(skip.status.success(), "{}", err(&skip));
    let r: serde_json::Value = serde_json::from_slice(&skip.stdout).unwrap();
    assert_eq!((r["new_rows"].as_u64(), r["invalid_rows"].as_u64(), r["committed"].as_bool()), (Some(1), Some(2), Some(true)));
}

#[test]
fn export_then_import_round_trips_enterprises_and_cadres() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(lianxin(&db, &["demo", "--json"]).status.success());
    let xlsx = dir.path().join("双马.xlsx");
    let e = lianxin(&db, &["export", "enterprises", xlsx.to_str().unwrap(), "--street", "双马街道", "--json"]);
    assert!(e.status.success(), "{}", err(&e));
    let res: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    let rows = res["rows"].as_u64().unwrap();
    assert!(rows > 100 && rows < 300, "one street: {rows}");
    let csv = dir.path().join("干部.csv");
    let c = lianxin(&db, &["export", "cadres", csv.to_str().unwrap()]);
    assert!(c.status.success(), "{}", err(&c));
    assert!(out(&c).contains("已导出 150 行"), "{}", out(&c));
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));

    // Into a database with the demo's departments: same enterprises again are all registered.
    let again = lianxin(&db, &["import", "enterprises", xlsx.to_str().unwrap(), "--dry-run", "--json"]);
    assert!(again.status.success(), "{}", err(&again));
    let r: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(r["existing_rows"].as_u64(), Some(rows));
    assert_eq!(r["new_rows"].as_u64(), Some(0));
    assert_eq!(r["invalid_rows"].as_u64(), Some(0), "{}", r["problems"]);

    // Into an empty database: the streets are missing until created.
    let fresh = dir.path().join("b.db");
    let cadres = lianxin(&fresh, &["import", "cadres", csv.to_str().unwrap(), "--create-missing"]);
    assert!(cadres.status.success(), "{}{}", out(&cadres), err(&cadres));
    assert!(out(&cadres).contains("已新增150"), "{}", out(&cadres));
    let ents = lianxin(&fresh, &["import", "enterprises", xlsx.to_str().unwrap(), "--create-missing", "--json"]);
    assert!(ents.status.success(), "{}", err(&ents));
    let r: serde_json::Value = serde_json::from_slice(&ents.stdout).unwrap();
    assert_eq!(r["new_rows"].as_u64(), Some(rows));
    let list = lianxin(&fresh, &["enterprises", "list", "--street", "双马街道", "--json"]);
    let page: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(page["total"].as_u64(), Some(rows));
}
