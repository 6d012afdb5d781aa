use super::*;
use crate::model::department::DepartmentKind;

fn small() -> Counts {
    Counts { enterprises: 1_200, cadres: 80, streets: 7 }
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("g.db")).unwrap();
    store.set_actor("生成器").unwrap();
    (dir, store)
}

fn count(store: &Store, sql: &str) -> i64 {
    store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

#[test]
fn counts_references_and_change_rows_hold() {
    let (_d, store) = open();
    let mut calls = 0;
    let s = generate(&store, small(), 7, &mut |_, done, of| {
        assert!(done <= of);
        calls += 1;
    })
    .unwrap();
    assert!(calls >= 2, "progress is reported");
    assert_eq!(s.enterprises, 1_200);
    assert_eq!(s.cadres, 80);
    assert_eq!(count(&store, "SELECT count(*) FROM enterprises"), 1_200);
    assert_eq!(count(&store, "SELECT count(*) FROM enterprises WHERE deleted = 1"), s.tombstoned as i64);
    assert_eq!(count(&store, "SELECT count(*) FROM cadres"), 80);
    assert_eq!(count(&store, "SELECT count(*) FROM departments WHERE kind = 'street'"), 7);
    assert_eq!(count(&store, "SELECT count(*) FROM departments"), s.departments as i64);

    // Every reference resolves to a live record of the right kind.
    assert_eq!(
        count(&store, "SELECT count(*) FROM enterprises e LEFT JOIN departments d ON d.id = e.street_id AND d.kind = 'street' WHERE d.id IS NULL"),
        0
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM enterprises e JOIN departments c ON c.id = e.community_id WHERE c.kind <> 'community' OR c.parent_id <> e.street_id"),
        0,
        "each enterprise's community belongs to its street"
    );
    assert_eq!(count(&store, "SELECT count(*) FROM cadres c LEFT JOIN departments d ON d.id = c.department_id WHERE d.id IS NULL"), 0);

    // One change row per record made, one more per tombstone; stamps unique per device.
    let records = s.departments + s.cadres + s.enterprises;
    assert_eq!(s.change_rows, records + s.tombstoned);
    assert_eq!(count(&store, "SELECT count(*) FROM changes"), s.change_rows as i64);
    assert_eq!(count(&store, "SELECT count(DISTINCT hlc) FROM changes"), s.change_rows as i64);
    assert_eq!(count(&store, "SELECT count(*) FROM changes WHERE actor <> '生成器'"), 0);

    // Realistic shares: a few failing USCC check characters, most enterprises with a code.
    let with_code = count(&store, "SELECT count(*) FROM enterprises WHERE uscc IS NOT NULL");
    assert!((1_080..=1_190).contains(&with_code), "{with_code}");
    let bad: usize = store
        .read(|c| {
            let mut st = c.prepare("SELECT uscc FROM enterprises WHERE uscc IS NOT NULL")?;
            let codes: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(codes.iter().filter(|u| crate::uscc::check(u).is_err()).count())
        })
        .unwrap();
    assert!(bad > 5 && bad < 100, "about 3% fail the check character: {bad}");
    let names = count(&store, "SELECT count(DISTINCT name) FROM enterprises");
    assert_eq!(names, 1_200, "names are unique");
}

#[test]
fn the_same_seed_gives_the_same_data() {
    let (_a, one) = open();
    let (_b, two) = open();
    generate(&one, small(), 42, &mut |_, _, _| {}).unwrap();
    generate(&two, small(), 42, &mut |_, _, _| {}).unwrap();
    let dump = |s: &Store| -> Vec<(String, String, Option<String>)> {
        s.read(|c| {
            let mut st = c.prepare("SELECT id, name, uscc FROM enterprises ORDER BY id")?;
            let v = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
            Ok(v)
        })
        .unwrap()
    };
    assert_eq!(dump(&one), dump(&two));
    let (_c, three) = open();
    generate(&three, small(), 43, &mut |_, _, _| {}).unwrap();
    assert_ne!(dump(&one), dump(&three));
}

#[test]
fn demo_fills_an_empty_database_once() {
    let (_d, store) = open();
    let added = demo(&store).unwrap();
    assert!(added > 690 && added <= 700, "{added}");
    assert_eq!(demo(&store).unwrap(), 0);
    let streets = crate::model::department::all(&store).unwrap();
    assert!(streets.iter().any(|d| d.kind == DepartmentKind::Street && d.name == "双马街道"));
}
