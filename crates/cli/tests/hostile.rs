//! Issue 14's garbage files through the `lianxin` binary: each is an error in Chinese with a
//! non-zero exit, never "0 rows" with exit 0, and the database is left as it was.

use std::path::Path;
use std::process::Command;

fn lianxin(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lianxin")).arg("--db").arg(db).args(args).output().unwrap()
}

fn changes(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row("SELECT count(*) FROM changes", [], |r| r.get(0)).unwrap()
}

#[test]
fn garbage_files_are_chinese_errors_with_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let random: Vec<u8> = (0..20_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    let files: Vec<(&str, Vec<u8>, &str)> = vec![
        ("random.csv", random.clone(), "不是表格"),
        ("random.xlsx", random, "不是表格"),
        ("one.csv", b"x".to_vec(), "没有找到可识别的表头"),
        ("nuls.csv", vec![0; 10_000], "不是表格"),
        ("noheader.csv", "湘潭电机,0731-1\n湘钢,0731-2\n".as_bytes().to_vec(), "没有找到可识别的表头"),
        ("headeronly.csv", "企业名称,联系电话\n".as_bytes().to_vec(), "没有数据行"),
        ("quote.csv", "企业名称,联系电话\n\"甲公司,0731-58581231\n乙公司,0731-2\n".as_bytes().to_vec(), "第2行有一个引号"),
        ("broken.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00garbage".to_vec(), "表格文件"),
    ];
    for (name, bytes, says) in files {
        let f = dir.path().join(name);
        std::fs::write(&f, bytes).unwrap();
        for extra in [&[][..], &["--dry-run"][..]] {
            let mut args = vec!["import", "enterprises", f.to_str().unwrap()];
            args.extend_from_slice(extra);
            let out = lianxin(&db, &args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{name} {extra:?}: exit 0\n{}", String::from_utf8_lossy(&out.stdout));
            assert!(err.contains(says), "{name} {extra:?}: {err}");
            assert!(!err.to_lowercase().contains("error:") && !err.contains("Xml"), "{name}: raw parser words: {err}");
        }
    }
    assert_eq!(changes(&db), 0, "nothing was written");
}

#[test]
fn a_ledger_without_a_header_is_an_error_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let f = dir.path().join("台账.csv");
    std::fs::write(&f, "随便写的一些字\n第二行\n").unwrap();
    let out = lianxin(&db, &["issues", "import", f.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是问题台账"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn backup_list_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let csv = dir.path().join("名单.csv");
    std::fs::write(&csv, "企业名称,联系电话\n甲公司,0731-58581231\n").unwrap();
    assert!(lianxin(&db, &["import", "enterprises", csv.to_str().unwrap()]).status.success());
    let out_file = dir.path().join("手动.db");
    let out = lianxin(&db, &["backup", "--out", out_file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("已校验"));

    std::fs::write(&csv, "企业名称,联系电话\n乙公司,0731-58581232\n").unwrap();
    assert!(lianxin(&db, &["import", "enterprises", csv.to_str().unwrap()]).status.success());
    let list = String::from_utf8_lossy(&lianxin(&db, &["backup", "--list"]).stdout).to_string();
    assert!(list.contains("导入前") && list.contains("每日自动"), "{list}");

    // A damaged backup is refused and nothing changes.
    let mut bytes = std::fs::read(&out_file).unwrap();
    let n = bytes.len();
    bytes.truncate(n / 2);
    let bad = dir.path().join("坏.db");
    std::fs::write(&bad, &bytes).unwrap();
    let out = lianxin(&db, &["restore", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("不可用"), "{}", String::from_utf8_lossy(&out.stderr));
    let names = |db: &Path| -> Vec<String> {
        let c = rusqlite::Connection::open(db).unwrap();
        let mut s = c.prepare("SELECT name FROM enterprises ORDER BY name").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(names(&db), vec!["乙公司", "甲公司"]);

    let out = lianxin(&db, &["restore", out_file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("原数据库已保留"));
    assert_eq!(names(&db), vec!["甲公司"]);
    let list = String::from_utf8_lossy(&lianxin(&db, &["backup", "--list"]).stdout).to_string();
    assert!(list.contains("恢复前"), "{list}");
}
