//! `lianxin projects import|export` and `lianxin support import` on files as offices keep them:
//! a bad file prints its problems, exits non-zero and writes nothing.

use std::process::{Command, Output};

fn lianxin(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin")).arg("--db").arg(db).args(args).output().unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn total(db: &std::path::Path) -> u64 {
    let out = lianxin(db, &["projects", "list", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["total"].as_u64().unwrap()
}

#[test]
fn a_project_ledger_in_and_out_and_a_support_ledger_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let bad = dir.path().join("2026年民生实事台账.csv");
    std::fs::write(&bad, "序号,项目名称,总投资(万元),计划完工,状态\n1,芙蓉路路灯改造,8万元,3月底前,谋划\n2,湖湘东路人行道修缮,二十万,2026-06-30,谋划\n").unwrap();
    let out = lianxin(&db, &["projects", "import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = text(&out);
    assert!(said.contains("第3行 [总投资(万元)] 无法识别的金额“二十万”"), "{said}");
    assert_eq!(total(&db), 0, "nothing written");

    let good = dir.path().join("2026年民生实事台账_改.csv");
    std::fs::write(&good, "序号,项目名称,总投资(万元),计划完工,状态\n1,芙蓉路路灯改造,8万元,3月底前,谋划\n2,湖湘东路人行道修缮,20,2026-06-30,谋划\n").unwrap();
    let out = lianxin(&db, &["projects", "import", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(total(&db), 2);

    let x = dir.path().join("项目台账.xlsx");
    let out = lianxin(&db, &["projects", "export", "--out", x.to_str().unwrap()]);
    assert!(out.status.success() && text(&out).contains("已导出 2 个项目"), "{}", text(&out));
    let out = lianxin(&db, &["projects", "import", x.to_str().unwrap(), "--dry-run", "--json"]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((r["unchanged_rows"].as_u64(), r["new_rows"].as_u64()), (Some(2), Some(0)), "{r}");

    let ents = dir.path().join("企业.csv");
    std::fs::write(&ents, "企业名称\n湘潭电机股份有限公司\n").unwrap();
    assert!(lianxin(&db, &["import", "enterprises", ents.to_str().unwrap()]).status.success());
    let sup = dir.path().join("惠企台账.csv");
    std::fs::write(&sup, "企业名称,类型,金额(万元),状态,日期\n湘潭电机股份有限公司,授信,1800,已到位,2026-03-01\n查无此企业,贷款,5,已放款,2026-03-02\n").unwrap();
    let out = lianxin(&db, &["support", "import", sup.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("第3行 [企业名称] 未找到企业“查无此企业”"), "{}", text(&out));
    let out = lianxin(&db, &["support", "import", sup.to_str().unwrap(), "--skip-invalid"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = lianxin(&db, &["support", "list", "--json"]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["total"], 1);
}
