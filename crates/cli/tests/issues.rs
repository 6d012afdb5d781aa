//! `lianxin issues …` and `lianxin figures` on a real database file.

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

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}{}", out(o), err(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(o)))
}

/// Row 1 a title, row 2 the header; row 7 has a category the zone does not use.
const LEDGER: &str = "湘潭高新区问题台账\n\
编号,反映时间,来源,企业名称,反映人,问题类别,问题描述,问题层级,牵头单位,配合单位,交办日期,办理时限,办理状态,办结日期,办理情况,满意度\n\
2026-7,2026-02-10,入企走访,湘潭电机股份有限公司,李经理,融资,流动资金紧张希望协调银行授信,常规,经发局,人社局,2026-02-13,7个工作日,已办结,2026-02-24,已协调授信,满意\n\
,2026-03-02,12345热线,湘潭电机股份有限公司,,用工,招工难需要技工,常规,人社局,,2026-03-03,2026-03-10,未办结,,已对接院校,\n\
,2026-03-05,座谈会,,王大爷,民生,小区路灯不亮,一般,,,,,待交办,,,\n\
,2026-04-01,走访,湘潭电机股份有限公司,,土地,厂区用地手续,重大,经发局,,2026-04-02,2026-04-10,已销号,2026-04-15,已办证,不满意\n\
,2026-03-06,座谈会,,王大爷,火星,坏类别,一般,,,,,待交办,,,\n";

/// A database with the enterprise and the ledger imported (the bad row skipped).
fn with_ledger(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("z.db");
    let ents = dir.join("企业.csv");
    std::fs::write(&ents, "企业名称,所属街道\n湘潭电机股份有限公司,双马街道\n").unwrap();
    let e = lianxin(&db, &["import", "enterprises", ents.to_str().unwrap(), "--create-missing"]);
    assert!(e.status.success(), "{}", err(&e));
    let file = dir.join("台账.csv");
    std::fs::write(&file, LEDGER).unwrap();
    let path = file.to_str().unwrap();

    let real = lianxin(&db, &["issues", "import", path]);
    assert!(!real.status.success(), "problems without --skip-bad fail");
    let text = out(&real);
    assert!(text.contains("第3行 [牵头单位] 未找到单位“经发局”"), "{text}");
    assert!(text.contains("第7行 [问题类别] 问题类别“火星”不在类别列表中,应为 融资、用工"), "{text}");
    assert!(err(&real).contains("未导入任何数据"), "{}", err(&real));
    assert_eq!(json(&lianxin(&db, &["issues", "list", "--json"]))["total"], 0, "all or nothing");

    let dry = lianxin(&db, &["issues", "import", path, "--dry-run", "--create-missing"]);
    assert!(dry.status.success(), "{}", err(&dry));
    assert!(out(&dry).contains("表头在第2行,数据5行:将新增4,已导入过0,另行编号0,有问题1行;将新建单位2个"), "{}", out(&dry));

    let ok = lianxin(&db, &["issues", "import", path, "--skip-bad", "--create-missing"]);
    assert!(ok.status.success(), "{}{}", out(&ok), err(&ok));
    let text = out(&ok);
    assert!(text.contains("已新增4"), "{text}");
    assert!(text.contains("办理状态:已办结 1、办理中 1、待交办 1、已销号 1"), "{text}");
    assert!(text.contains("(提醒)第6行 [满意度] 评价为不满意"), "{text}");
    db
}

#[test]
fn a_ledger_imports_then_lists_filtered_and_shows_an_issue_with_its_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_ledger(dir.path());

    let all = lianxin(&db, &["issues", "list"]);
    assert!(all.status.success(), "{}", err(&all));
    let text = out(&all);
    let header = text.lines().next().unwrap();
    for h in ["编号", "登记日期", "状态", "亮灯", "类别", "牵头单位", "办理时限", "问题描述"] {
        assert!(header.contains(h), "{header}");
    }
    assert!(text.contains("共 4 条"), "{text}");
    let first = text.lines().nth(1).unwrap();
    assert!(first.starts_with("2026-") && first.contains("2026-04-01") && first.contains("已销号"), "newest first: {first}");

    let count = |args: &[&str]| json(&lianxin(&db, &[&["issues", "list", "--json"], args].concat()))["total"].as_u64().unwrap();
    assert_eq!(count(&["--status", "办理中"]), 1);
    assert_eq!(count(&["--status", "in_progress,已办结"]), 2);
    assert_eq!(count(&["--department", "经发局"]), 2);
    assert_eq!(count(&["--category", "民生"]), 1);
    assert_eq!(count(&["--flag", "black"]), 1, "in progress, long overdue");
    assert_eq!(count(&["--flag", "红灯,黄灯"]), 0);
    assert_eq!(count(&["--from", "2026-03-01", "--to", "2026-03-31"]), 2);
    assert_eq!(count(&["--text", "路灯"]), 1);
    assert_eq!(count(&["--text", "流动资金"]), 1);
    let page = json(&lianxin(&db, &["issues", "list", "--json", "--page-size", "3", "--page", "2", "--sort", "no", "--asc"]));
    assert_eq!(page["rows"].as_array().unwrap().len(), 1);

    let bad = lianxin(&db, &["issues", "list", "--status", "研究中"]);
    assert!(!bad.status.success());
    assert!(err(&bad).contains("无法识别的办理状态“研究中”"), "{}", err(&bad));
    let bad = lianxin(&db, &["issues", "list", "--department", "火星局"]);
    assert!(err(&bad).contains("没有名为“火星局”的单位"), "{}", err(&bad));
    let bad = lianxin(&db, &["issues", "list", "--from", "2026-02-30"]);
    assert!(err(&bad).contains("日期“2026-02-30”格式不对"), "{}", err(&bad));

    let show = lianxin(&db, &["issues", "show", "2026-00007"]);
    assert!(show.status.success(), "{}", err(&show));
    let text = out(&show);
    assert!(text.starts_with("问题 2026-00007  已办结"), "{text}");
    for want in ["湘潭电机股份有限公司", "经发局", "人社局", "办理时限    2026-03-02", "办理工作日  2", "是否按期    是", "满意度      满意", "办理记录:"] {
        assert!(text.contains(want), "{want}: {text}");
    }
    let timeline: Vec<&str> = text.lines().skip_while(|l| *l != "办理记录:").skip(1).collect();
    assert!(timeline[0].contains("2026-02-10  登记") && timeline[0].contains("台账导入"), "{timeline:?}");
    assert!(timeline[1].contains("2026-02-13  交办") && timeline[1].contains("交经发局  期限2026-03-02"), "{timeline:?}");
    assert!(timeline.iter().any(|l| l.contains("2026-02-24  办结") && l.contains("已协调授信")), "{timeline:?}");
    let v = json(&lianxin(&db, &["issues", "show", "2026-00007", "--json"]));
    assert_eq!(v["issue"]["status"], "resolved");
    assert_eq!(v["events"].as_array().unwrap().len(), 5);
    let none = lianxin(&db, &["issues", "show", "2026-99999"]);
    assert!(!none.status.success());
    assert!(err(&none).contains("未找到问题"), "{}", err(&none));

    // Importing the same ledger again adds nothing.
    let again = lianxin(&db, &["issues", "import", dir.path().join("台账.csv").to_str().unwrap(), "--skip-bad", "--json"]);
    let r = json(&again);
    assert_eq!((r["new_rows"].as_u64(), r["existing_rows"].as_u64()), (Some(0), Some(4)));
}

#[test]
fn figures_by_period_and_group_with_clear_errors_for_bad_periods() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_ledger(dir.path());

    let t = lianxin(&db, &["figures", "--period", "2026", "--by", "department"]);
    assert!(t.status.success(), "{}", err(&t));
    let text = out(&t);
    assert!(text.starts_with("登记日期 2026-01-01 至 2026-12-31"), "{text}");
    for h in ["牵头单位", "问题数", "办结", "办结率", "按期办结率", "满意率", "超期", "平均办理工作日"] {
        assert!(text.lines().nth(1).unwrap().contains(h), "{text}");
    }
    let total = text.lines().last().unwrap();
    let cells: Vec<&str> = total.split_whitespace().collect();
    // 4 issues, 2 done (resolved + closed): one on time in 2 working days, one closed late after
    // 8 (2 to 15 April, over the Qingming holiday); 1 of 2 rated satisfied; 1 still open and overdue;
    // no 办结 of unknown date (日期不详).
    assert_eq!(cells, vec!["合计", "4", "2", "50.0%", "50.0%", "50.0%", "1", "5.0", "0"], "{text}");
    assert!(text.contains("经发局"), "{text}");
    assert!(text.contains("未交办"), "{text}");

    let f = |p: &str| json(&lianxin(&db, &["figures", "--period", p, "--json"]))["total"]["total"].as_u64().unwrap();
    assert_eq!(f("2026"), 4);
    assert_eq!(f("2026-03"), 2);
    assert_eq!(f("2026-Q1"), 3);
    assert_eq!(f("2026-q2"), 1);
    assert_eq!(f("2026-02-01..2026-03-02"), 2);
    assert_eq!(f("2025"), 0);
    let months = json(&lianxin(&db, &["figures", "--by", "month", "--json"]));
    let keys: Vec<&str> = months["rows"].as_array().unwrap().iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(keys, vec!["2026-02", "2026-03", "2026-04"]);
    let cat = json(&lianxin(&db, &["figures", "--by", "category", "--category", "融资", "--json"]));
    assert_eq!(cat["total"]["done_rate"], 100.0);

    for bad in ["2026-13", "2026-Q5", "26", "2026-02-30", "二〇二六", "2026-06-30..2026-01-01", "2026-1-1..x"] {
        let o = lianxin(&db, &["figures", "--period", bad]);
        assert!(!o.status.success(), "{bad}");
        let e = err(&o);
        assert!(e.starts_with("错误:期间“") || e.contains("格式不对"), "{bad}: {e}");
    }
    assert!(err(&lianxin(&db, &["figures", "--period", "2026-13"])).contains("应为 年(2026)、月(2026-03)、季度(2026-Q1)或日期范围"));
    assert!(err(&lianxin(&db, &["figures", "--period", "2026-06-30..2026-01-01"])).contains("开始日期晚于结束日期"));
}

#[test]
fn an_exported_ledger_imports_into_another_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_ledger(dir.path());
    let xlsx = dir.path().join("导出.xlsx");
    let e = lianxin(&db, &["issues", "export", xlsx.to_str().unwrap(), "--status", "已办结,已销号"]);
    assert!(e.status.success(), "{}", err(&e));
    assert!(out(&e).contains("已导出 2 条问题"), "{}", out(&e));

    let other = dir.path().join("b.db");
    let ents = dir.path().join("企业.csv");
    assert!(lianxin(&other, &["import", "enterprises", ents.to_str().unwrap(), "--create-missing"]).status.success());
    let r = json(&lianxin(&other, &["issues", "import", xlsx.to_str().unwrap(), "--create-missing", "--json"]));
    assert_eq!((r["new_rows"].as_u64(), r["invalid_rows"].as_u64()), (Some(2), Some(0)), "{}", r["problems"]);
    let v = json(&lianxin(&other, &["issues", "show", "2026-00007", "--json"]));
    assert_eq!(v["issue"]["deadline"], "2026-03-02");
    assert_eq!(v["issue"]["working_days"], 2);
    assert_eq!(v["lead_department"], "经发局");
}
