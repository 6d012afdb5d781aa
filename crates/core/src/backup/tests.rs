use std::path::Path;

use super::*;
use crate::model::department::{self, DepartmentInput, DepartmentKind};

fn add_department(store: &Store, name: &str) {
    let input = DepartmentInput { name: name.into(), kind: Some(DepartmentKind::Function), ..Default::default() };
    department::create(store, &input).unwrap();
}

fn names(store_path: &Path) -> Vec<String> {
    let s = Store::open(store_path).unwrap();
    department::all(&s).unwrap().into_iter().map(|d| d.name).collect()
}

#[test]
fn a_new_file_is_not_copied_and_a_file_with_data_gets_one_daily_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lianxin.db");
    let store = Store::open(&db).unwrap();
    assert!(list(&db).unwrap().is_empty(), "nothing to lose yet");
    add_department(&store, "经发局");
    drop(store);
    let _ = Store::open(&db).unwrap();
    let _ = Store::open(&db).unwrap();
    let copies = list(&db).unwrap();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(copies[0].kind, BackupKind::Daily);
    check_file(Path::new(&copies[0].path)).unwrap();
    assert!(!dir.path().join("backups").read_dir().unwrap().any(|e| e.unwrap().path().to_string_lossy().ends_with(".partial")));
}

#[test]
fn a_copy_holds_the_data_and_restore_brings_it_back_keeping_the_current_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lianxin.db");
    let store = Store::open(&db).unwrap();
    add_department(&store, "经发局");
    let out = dir.path().join("手动备份.db");
    let bytes = store.read(|c| copy_to(c, &out)).unwrap();
    assert!(bytes > 0);
    add_department(&store, "财政局");
    drop(store);

    let kept = restore(&db, &out).unwrap().expect("the current file is kept");
    assert_eq!(kept.kind, BackupKind::BeforeRestore);
    assert_eq!(names(&db), vec!["经发局"]);
    // The copy kept before restoring still has what the restore replaced.
    let again = dir.path().join("again.db");
    std::fs::copy(&kept.path, &again).unwrap();
    let mut n = names(&again);
    n.sort();
    assert_eq!(n, vec!["经发局", "财政局"]);
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lianxin.db");
    let store = Store::open(&db).unwrap();
    add_department(&store, "经发局");
    let good = dir.path().join("good.db");
    store.read(|c| copy_to(c, &good)).unwrap();
    drop(store);

    // Damaged: pages in the middle overwritten.
    let mut bytes = std::fs::read(&good).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid..mid + 8192].fill(0xA5);
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, &bytes).unwrap();
    // Foreign: a SQLite file that is not 连心's. Not a database at all: text.
    let foreign = dir.path().join("foreign.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    let text = dir.path().join("text.db");
    std::fs::write(&text, "企业名称\n甲公司\n").unwrap();

    let before = std::fs::read(&db).unwrap();
    for f in [&bad, &foreign, &text, &dir.path().join("missing.db")] {
        let e = restore(&db, f).unwrap_err();
        assert!(matches!(e, CoreError::Backup(_)), "{f:?}: {e}");
        assert!(e.to_string().contains("备份文件"), "{e}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database is as it was");
    assert!(list(&db).unwrap().iter().all(|b| b.kind != BackupKind::BeforeRestore), "nothing kept: nothing was replaced");
}

#[test]
fn retention_keeps_seven_daily_ten_step_copies_and_every_manual_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lianxin.db");
    let store = Store::open(&db).unwrap();
    add_department(&store, "经发局");
    let backups = dir_for(&db);
    std::fs::create_dir_all(&backups).unwrap();
    // Older copies, as if taken on earlier days (the names carry the time).
    for d in 1..=9 {
        std::fs::write(backups.join(format!("lianxin-202601{d:02}-080000-daily.db")), b"x").unwrap();
        std::fs::write(backups.join(format!("lianxin-202601{d:02}-090000-before-import.db")), b"x").unwrap();
        std::fs::write(backups.join(format!("lianxin-202601{d:02}-100000-manual.db")), b"x").unwrap();
    }
    std::fs::write(backups.join("someone-else.db"), b"x").unwrap();
    for _ in 0..3 {
        before_step(&store, BackupKind::BeforeBulk).unwrap();
    }
    let copies = list(&db).unwrap();
    let count = |k: BackupKind| copies.iter().filter(|b| b.kind == k).count();
    assert_eq!(count(BackupKind::Daily), KEEP_DAILY, "the newest daily copies");
    assert_eq!(count(BackupKind::BeforeImport) + count(BackupKind::BeforeBulk), KEEP_STEPS);
    assert_eq!(count(BackupKind::BeforeBulk), 3, "the newest are kept");
    assert_eq!(count(BackupKind::Manual), 9);
    let oldest = |k: BackupKind| copies.iter().filter(|b| b.kind == k).map(|b| b.taken_at.clone()).min().unwrap();
    assert!(oldest(BackupKind::Daily).starts_with("2026-01-03"), "the two oldest daily copies went");
    assert!(oldest(BackupKind::BeforeImport).starts_with("2026-01-03"), "the two oldest step copies went");
    assert!(oldest(BackupKind::Manual).starts_with("2026-01-01"), "manual copies stay");
    assert!(backups.join("someone-else.db").exists(), "files not ours are left alone");
    assert_eq!(copies[0].kind, BackupKind::BeforeBulk, "newest first");
}

#[test]
fn an_older_database_is_copied_before_it_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    let old = Store::open_at_version(&db, 4).unwrap();
    old.read(|c| Ok(c.execute_batch("INSERT INTO meta(key, value) VALUES ('probe', '1');")?)).unwrap();
    drop(old);
    let _ = Store::open(&db).unwrap();
    let copies = list(&db).unwrap();
    let before = copies.iter().find(|b| b.kind == BackupKind::BeforeMigration).expect("a copy before the upgrade");
    let v: i64 = Connection::open(&before.path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 4, "the copy is the file as it was");
}
