//! Store tests on real temporary files.

use super::*;
use crate::error::CoreError;
use crate::model::department::{self, DepartmentInput, DepartmentKind};
use crate::model::enterprise::{self, EnterpriseInput};

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lianxin.db");
    (dir, path)
}

fn tables(path: &Path) -> Vec<String> {
    let c = Connection::open(path).unwrap();
    let mut s = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn opens_with_wal_foreign_keys_and_latest_schema() {
    let (_d, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    store
        .read(|c| {
            let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
            let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
            assert_eq!((mode.as_str(), fk, sync), ("wal", 1, 1));
            Ok(())
        })
        .unwrap();
    // Device id is made once and kept.
    let dev = store.device_id().to_string();
    drop(store);
    assert_eq!(Store::open(&path).unwrap().device_id(), dev);
}

#[test]
fn a_failing_migration_step_leaves_the_file_as_it_was() {
    let (_d, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let before = tables(&path);
    let steps: Vec<(i64, &str)> = migrate::MIGRATIONS
        .iter()
        .copied()
        .chain([
            (latest_version() + 1, "CREATE TABLE added_by_step_two (x INTEGER);"),
            (latest_version() + 2, "CREATE TABLE broken (;"),
        ])
        .collect();
    match Store::open_with(&path, &steps, vec![]) {
        Err(CoreError::Migration { version, .. }) => assert_eq!(version, latest_version() + 2),
        other => panic!("expected a migration error, got {:?}", other.map(|_| ())),
    }
    assert_eq!(tables(&path), before, "the good step before the broken one must be rolled back too");
    let v: i64 = Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, latest_version());
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let (_d, path) = temp_db();
    drop(Store::open(&path).unwrap());
    Connection::open(&path).unwrap().pragma_update(None, "user_version", latest_version() + 5).unwrap();
    let err = Store::open(&path).err().expect("must refuse");
    assert!(matches!(err, CoreError::DatabaseTooNew { .. }));
    assert!(err.to_string().contains("请升级连心"), "{err}");
    let v: i64 = Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, latest_version() + 5);
}

fn changes(store: &Store) -> Vec<(String, String, serde_json::Value, i64, String, String)> {
    store
        .read(|c| {
            let mut s = c.prepare("SELECT entity, row_id, fields, hlc, actor, device FROM changes ORDER BY seq")?;
            let rows = s
                .query_map([], |r| {
                    let f: String = r.get(2)?;
                    Ok((r.get(0)?, r.get(1)?, serde_json::from_str(&f).unwrap(), r.get(3)?, r.get(4)?, r.get(5)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .unwrap()
}

#[test]
fn every_write_records_its_changed_fields_with_stamp_actor_and_device() {
    let (_d, path) = temp_db();
    let store = Store::open(&path).unwrap();
    store.set_actor("张明艳").unwrap();
    let input = EnterpriseInput { name: "湘潭立发釉彩有限公司".into(), contact_phone: Some("138 0731 2345".into()), ..Default::default() };
    let saved = enterprise::create(&store, &input).unwrap().record;
    let edit = EnterpriseInput { contact_phone: Some("13907312345".into()), ..input.clone() };
    enterprise::update(&store, &saved.id, &edit).unwrap();
    enterprise::update(&store, &saved.id, &edit).unwrap(); // no change: no change row

    let log = changes(&store);
    assert_eq!(log.len(), 2);
    let (entity, row, fields, hlc1, actor, device) = &log[0];
    assert_eq!((entity.as_str(), row.as_str(), actor.as_str()), ("enterprises", saved.id.as_str(), "张明艳"));
    assert_eq!(device, store.device_id());
    assert_eq!(fields["name"], "湘潭立发釉彩有限公司");
    assert_eq!(fields["contact_phone"], "13807312345");
    let (_, _, fields2, hlc2, _, _) = &log[1];
    assert_eq!(fields2, &serde_json::json!({"contact_phone": "13907312345"}));
    assert!(hlc2 > hlc1);
}

#[test]
fn a_failed_write_keeps_neither_rows_nor_change_rows() {
    let (_d, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let res: crate::Result<()> = store.write(|w| {
        let d = department::Department {
            id: "d1".into(),
            name: "产业局".into(),
            kind: DepartmentKind::Function,
            parent_id: None,
            phone: None,
            sort_order: 0,
            active: true,
            created_at: String::new(),
            updated_at: String::new(),
        };
        w.insert(&d)?;
        Err(CoreError::validation("name", "late failure"))
    });
    assert!(res.is_err());
    assert!(changes(&store).is_empty());
    assert!(department::get_one(&store, "d1").is_err());
}

#[test]
fn delete_is_a_tombstone_with_a_change_row() {
    let (_d, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let d = department::create(&store, &DepartmentInput { name: "产业局".into(), kind: Some(DepartmentKind::Function), ..Default::default() })
        .unwrap()
        .record;
    department::delete(&store, &d.id).unwrap();
    assert!(matches!(department::get_one(&store, &d.id), Err(CoreError::NotFound { .. })));
    let (deleted, name): (i64, String) = store
        .read(|c| Ok(c.query_row("SELECT deleted, name FROM departments WHERE id = ?1", [&d.id], |r| Ok((r.get(0)?, r.get(1)?)))?))
        .unwrap();
    assert_eq!((deleted, name.as_str()), (1, "产业局"), "the row stays, marked deleted");
    let log = changes(&store);
    assert_eq!(log.last().unwrap().2, serde_json::json!({"deleted": true}));
    // The name is free again for a new live department.
    department::create(&store, &DepartmentInput { name: "产业局".into(), kind: Some(DepartmentKind::Function), ..Default::default() }).unwrap();
}

#[test]
fn stamps_keep_increasing_across_reopen() {
    let (_d, path) = temp_db();
    let store = Store::open(&path).unwrap();
    for i in 0..5 {
        department::create(&store, &DepartmentInput { name: format!("部门{i}"), kind: Some(DepartmentKind::Function), ..Default::default() }).unwrap();
    }
    let last = changes(&store).last().unwrap().3;
    drop(store);
    let store = Store::open(&path).unwrap();
    department::create(&store, &DepartmentInput { name: "新部门".into(), kind: Some(DepartmentKind::Function), ..Default::default() }).unwrap();
    assert!(changes(&store).last().unwrap().3 > last);
}
