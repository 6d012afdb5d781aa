use super::*;
use crate::model::department::DepartmentKind;

fn small() -> Counts {
    Counts { enterprises: 1_200, cadres: 80, streets: 7, issues: 600, engagements: 400, projects: 30 }
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

    // Liaisons point at live cadres and enterprises; each enterprise has at most one current
    // 联点干部 and the pairings are not duplicated; ended ones end on or after their start.
    assert_eq!(count(&store, "SELECT count(*) FROM liaisons"), s.liaisons as i64);
    assert_eq!(count(&store, "SELECT count(*) FROM liaisons WHERE end_date IS NOT NULL"), s.ended_liaisons as i64);
    assert_eq!(
        count(&store, "SELECT count(*) FROM liaisons l LEFT JOIN cadres c ON c.id = l.cadre_id AND c.deleted = 0 AND c.active = 1 WHERE c.id IS NULL"),
        0
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM liaisons l LEFT JOIN enterprises e ON e.id = l.enterprise_id AND e.deleted = 0 WHERE e.id IS NULL AND l.project_id IS NULL"),
        0
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM liaisons l LEFT JOIN projects p ON p.id = l.project_id AND p.deleted = 0 WHERE l.enterprise_id IS NULL AND p.id IS NULL"),
        0,
        "a liaison without an enterprise is a project's 挂钩联系人"
    );
    assert_eq!(count(&store, "SELECT count(*) FROM liaisons WHERE end_date < start_date OR end_date > date('now')"), 0);
    assert_eq!(
        count(&store, "SELECT count(*) FROM (SELECT enterprise_id FROM liaisons WHERE role = 'lead' AND end_date IS NULL AND enterprise_id IS NOT NULL GROUP BY enterprise_id HAVING count(*) > 1)"),
        0
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM (SELECT 1 FROM liaisons WHERE end_date IS NULL GROUP BY cadre_id, enterprise_id, project_id, role HAVING count(*) > 1)"),
        0
    );
    let live = count(&store, "SELECT count(*) FROM enterprises WHERE deleted = 0 AND status = 'operating'");
    let with_lead = count(&store, "SELECT count(DISTINCT enterprise_id) FROM liaisons WHERE role = 'lead' AND end_date IS NULL");
    assert!(with_lead * 100 > live * 88 && with_lead <= live, "most operating enterprises have a current lead: {with_lead} of {live}");
    let reassigned = count(&store, "SELECT count(*) FROM liaisons WHERE role = 'lead' AND note LIKE '更换为%'");
    assert!(reassigned > 10, "a few changed cadre, with history: {reassigned}");
    // Every active leader 包联 10–30 enterprises, large and medium ones before any other.
    let leaders = count(&store, "SELECT count(*) FROM cadres WHERE role = 'leader' AND active = 1 AND deleted = 0");
    assert!(leaders > 0);
    assert_eq!(
        count(&store, "SELECT count(*) FROM (SELECT cadre_id, count(*) n FROM liaisons WHERE role = 'leader' GROUP BY cadre_id HAVING n BETWEEN 10 AND 30)"),
        leaders
    );
    let key_not_large = count(&store, "SELECT count(DISTINCT e.id) FROM liaisons l JOIN enterprises e ON e.id = l.enterprise_id WHERE l.role = 'leader' AND e.scale_rank > 1");
    let large_free = count(&store, "SELECT count(*) FROM enterprises e WHERE e.deleted = 0 AND e.status = 'operating' AND e.scale_rank <= 1 AND NOT EXISTS (SELECT 1 FROM liaisons l WHERE l.enterprise_id = e.id AND l.role = 'leader')");
    assert!(key_not_large == 0 || large_free == 0, "smaller enterprises only once every large and medium one has a leader");

    // One change row per record made, one more per tombstone; stamps unique per device.
    let records = s.departments + s.cadres + s.enterprises + s.liaisons + s.issues + s.issue_events + s.issue_batches
        + s.engagements + s.engagement_links + s.supports
        + s.projects + s.milestones + s.project_logs + s.project_issues;
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
    let liaisons = |s: &Store| -> Vec<(String, String, Option<String>, String, String)> {
        s.read(|c| {
            let mut st = c.prepare("SELECT id, cadre_id, enterprise_id, role, start_date FROM liaisons ORDER BY id")?;
            let v = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(v)
        })
        .unwrap()
    };
    assert!(!liaisons(&one).is_empty());
    assert_eq!(liaisons(&one), liaisons(&two));
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
