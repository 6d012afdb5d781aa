//! A database from every schema version so far (each built by applying the first k migrations,
//! which is what a build of that version did to a new file, with rows such a build could
//! write) opens with this build: upgraded, a copy of it kept first, its rows intact and found.
//! Built here rather than checked in: a fixture file would only be the output of these same
//! steps, and a new migration is covered the day it is added.

use rusqlite::Connection;

use super::*;
use crate::backup::{self, BackupKind};
use crate::model::{cadre, department, enterprise, issue, liaison};
use crate::search::{search, SearchKind};

/// Rows of the tables version `k` has, in the columns it has.
fn rows_for(k: i64) -> String {
    let mut sql = String::from(
        "INSERT INTO departments (id, name, kind, created_at, updated_at) VALUES ('d1', '经发局', 'function', 'a', 'a'), ('s1', '双马街道', 'street', 'a', 'a');
         INSERT INTO cadres (id, name, department_id, role, mobile, created_at, updated_at) VALUES ('c1', '张伟', 'd1', 'cadre', '13807312345', 'a', 'a');
         INSERT INTO enterprises (id, name, uscc, street_id, contact_phone, created_at, updated_at)
           VALUES ('e1', '湘潭立发釉彩有限公司', '91430300MA4L0X1234', 's1', '0731-5555', 'a', 'a');
         INSERT INTO changes (entity, row_id, fields, hlc, actor, device) VALUES ('enterprises', 'e1', '{\"name\":\"湘潭立发釉彩有限公司\"}', 1, '张', 'old');",
    );
    if k >= 2 {
        sql += "INSERT INTO liaisons (id, cadre_id, enterprise_id, role, start_date, created_at, updated_at) VALUES ('l1', 'c1', 'e1', 'lead', '2025-01-02', 'a', 'a');";
    }
    if k >= 4 {
        sql += "INSERT INTO issues (id, no, source, category, tier, content, enterprise_id, registered_on, registered_by, status, created_at, updated_at)
                  VALUES ('i1', '2026-00001', 'visit', '融资', 'regular', '企业反映流动资金紧张', 'e1', '2026-03-02', '张', 'registered', 'a', 'a');
                INSERT INTO issue_events (id, issue_id, kind, on_date, actor, data, created_at, updated_at)
                  VALUES ('v1', 'i1', 'register', '2026-03-02', '张', '{\"source\":\"走访收集\",\"tier\":\"常规\"}', 'a', 'a');";
    }
    if k >= 5 {
        // From 5 on, events keep tags, as builds 5+ wrote them.
        sql += "UPDATE issue_events SET data = '{\"step\":\"register\",\"source\":\"visit\",\"tier\":\"regular\"}';";
    }
    sql
}

#[test]
fn a_database_of_every_schema_version_upgrades_with_its_rows() {
    for k in 1..=latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{k}.db"));
        {
            let old = Store::open_at_version(&path, k).unwrap();
            assert_eq!(old.schema_version().unwrap(), k);
            old.read(|c| Ok(c.execute_batch(&rows_for(k))?)).unwrap();
        }
        let store = Store::open(&path).unwrap_or_else(|e| panic!("version {k}: {e}"));
        assert_eq!(store.schema_version().unwrap(), latest_version(), "version {k}");

        let e = enterprise::get_one(&store, "e1").unwrap();
        assert_eq!((e.name.as_str(), e.street_id.as_deref()), ("湘潭立发釉彩有限公司", Some("s1")), "version {k}");
        assert_eq!(cadre::get_one(&store, "c1").unwrap().mobile.as_deref(), Some("13807312345"));
        assert_eq!(department::all(&store).unwrap().len(), 2);
        // The search documents are rebuilt for the old rows: by text and by pinyin initials.
        for q in ["立发釉彩", "lfyc"] {
            let found = search(&store, q, Some(&[SearchKind::Enterprise]), 10).unwrap();
            assert!(found.groups.iter().flat_map(|g| &g.hits).any(|h| h.id == "e1"), "version {k}: {q}");
        }
        if k >= 2 {
            assert_eq!(liaison::get_one(&store, "l1").unwrap().cadre_id, "c1");
        }
        if k >= 4 {
            let i = issue::get_issue(&store, "i1").unwrap();
            assert_eq!(i.content, "企业反映流动资金紧张", "version {k}");
        }
        // The file as it was is kept (when there was an upgrade), and the upgraded one takes writes.
        let kept = backup::list(&path).unwrap();
        let before = kept.iter().find(|b| b.kind == BackupKind::BeforeMigration);
        assert_eq!(before.is_some(), k < latest_version(), "version {k}");
        if let Some(b) = before {
            let v: i64 = Connection::open(&b.path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(v, k);
        }
        let input = department::DepartmentInput { name: "财政局".into(), kind: Some(department::DepartmentKind::Function), ..Default::default() };
        department::create(&store, &input).unwrap();
    }
}
