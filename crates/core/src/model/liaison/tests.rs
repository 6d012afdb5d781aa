//! Liaison tests on temporary database files.

use super::*;
use crate::day::today;
use crate::model::cadre::{self, CadreInput, CadreRole};
use crate::model::department::{self, DepartmentInput, DepartmentKind};
use crate::model::enterprise::{self, EnterpriseInput, Scale};

pub(crate) struct Fixture {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub dept: String,
}

pub(crate) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("l.db")).unwrap();
    store.set_actor("测试").unwrap();
    let dept = department::create(
        &store,
        &DepartmentInput { name: "经发局".into(), kind: Some(DepartmentKind::Function), ..Default::default() },
    )
    .unwrap()
    .record
    .id;
    Fixture { _dir: dir, store, dept }
}

impl Fixture {
    pub fn cadre(&self, name: &str, role: CadreRole) -> String {
        let input = CadreInput { name: name.into(), role: Some(role), department_id: Some(self.dept.clone()), ..Default::default() };
        cadre::create(&self.store, &input).unwrap().record.id
    }

    pub fn enterprise(&self, name: &str, scale: Option<Scale>) -> String {
        let input = EnterpriseInput { name: name.into(), scale, ..Default::default() };
        enterprise::create(&self.store, &input).unwrap().record.id
    }

    pub fn assign(&self, cadre: &str, ent: &str, role: LiaisonRole, start: &str) -> Liaison {
        assign(
            &self.store,
            &AssignInput {
                cadre_id: cadre.into(),
                enterprise_id: ent.into(),
                role: Some(role),
                start_date: Some(start.into()),
                note: None,
            },
        )
        .unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
    }
}

fn field_of(e: &CoreError) -> (String, String) {
    (e.code().to_string(), e.field().unwrap_or_default().to_string())
}

#[test]
fn assign_defaults_to_lead_today_and_logs_a_change() {
    let f = fixture();
    let c = f.cadre("游志华", CadreRole::Cadre);
    let e = f.enterprise("湘潭电机股份有限公司", Some(Scale::Large));
    let before = f.count("SELECT count(*) FROM changes");
    let l = assign(&f.store, &AssignInput { cadre_id: c.clone(), enterprise_id: e.clone(), ..Default::default() }).unwrap();
    assert_eq!((l.role, l.start_date.as_str(), l.end_date.as_deref()), (LiaisonRole::Lead, today().as_str(), None));
    assert_eq!(f.count("SELECT count(*) FROM changes") - before, 1);
    assert_eq!(f.count("SELECT count(*) FROM changes WHERE entity = 'liaisons'"), 1);
    assert_eq!(get_one(&f.store, &l.id).unwrap(), l);
}

#[test]
fn a_current_duplicate_is_refused_in_chinese_but_another_role_is_fine() {
    let f = fixture();
    let c = f.cadre("游志华", CadreRole::Leader);
    let e = f.enterprise("湘潭电机股份有限公司", None);
    f.assign(&c, &e, LiaisonRole::Lead, "2024-03-01");
    let err = assign(
        &f.store,
        &AssignInput { cadre_id: c.clone(), enterprise_id: e.clone(), role: Some(LiaisonRole::Lead), ..Default::default() },
    )
    .unwrap_err();
    assert_eq!(field_of(&err), ("conflict".into(), "cadre_id".into()));
    assert!(err.to_string().contains("游志华已是“湘潭电机股份有限公司”的联点干部(自 2024-03-01 起)"), "{err}");
    // Another role for the same pair is a different liaison.
    f.assign(&c, &e, LiaisonRole::Leader, "2024-03-01");
    // Once ended, the same pairing may start again: history keeps both.
    let cur = for_enterprise(&f.store, &e).unwrap();
    let lead = cur.iter().find(|r| r.role == LiaisonRole::Lead).unwrap();
    end(&f.store, &EndInput { id: lead.id.clone(), end_date: Some("2025-01-01".into()), note: None }).unwrap();
    f.assign(&c, &e, LiaisonRole::Lead, "2025-06-01");
    assert_eq!(for_enterprise(&f.store, &e).unwrap().len(), 3);
}

#[test]
fn assign_checks_cadre_enterprise_and_dates() {
    let f = fixture();
    let c = f.cadre("游志华", CadreRole::Cadre);
    let e = f.enterprise("甲公司", None);
    let try_ = |cadre: &str, ent: &str, start: Option<&str>| {
        assign(
            &f.store,
            &AssignInput {
                cadre_id: cadre.into(),
                enterprise_id: ent.into(),
                role: None,
                start_date: start.map(str::to_string),
                note: None,
            },
        )
        .map_err(|e| (e.field().unwrap_or_default().to_string(), e.to_string()))
    };
    assert_eq!(try_("", &e, None).unwrap_err(), ("cadre_id".into(), "请选择干部".into()));
    assert_eq!(try_("nope", &e, None).unwrap_err().0, "cadre_id");
    assert_eq!(try_(&c, "nope", None).unwrap_err().0, "enterprise_id");
    let (field, msg) = try_(&c, &e, Some("2024-13-01")).unwrap_err();
    assert_eq!(field, "start_date");
    assert!(msg.contains("格式不对"), "{msg}");
    assert_eq!(try_(&c, &e, Some("2024-3-1")).unwrap_err().0, "start_date");

    // A cadre who has left cannot be given enterprises.
    let gone = cadre::create(
        &f.store,
        &CadreInput { name: "离岗者".into(), role: Some(CadreRole::Cadre), active: Some(false), ..Default::default() },
    )
    .unwrap()
    .record
    .id;
    let (field, msg) = try_(&gone, &e, None).unwrap_err();
    assert_eq!(field, "cadre_id");
    assert!(msg.contains("已离岗"), "{msg}");
    assert_eq!(f.count("SELECT count(*) FROM liaisons"), 0);
}

#[test]
fn end_keeps_the_row_and_checks_the_date() {
    let f = fixture();
    let c = f.cadre("游志华", CadreRole::Cadre);
    let e = f.enterprise("甲公司", None);
    let l = f.assign(&c, &e, LiaisonRole::Lead, "2024-03-01");
    let early = end(&f.store, &EndInput { id: l.id.clone(), end_date: Some("2024-02-01".into()), note: None }).unwrap_err();
    assert_eq!(field_of(&early), ("validation".into(), "end_date".into()));
    let future = end(&f.store, &EndInput { id: l.id.clone(), end_date: Some("2999-01-01".into()), note: None }).unwrap_err();
    assert!(future.to_string().contains("不能晚于今天"));

    let ended = end(&f.store, &EndInput { id: l.id.clone(), end_date: Some("2024-03-01".into()), note: Some("调岗".into()) }).unwrap();
    assert_eq!((ended.end_date.as_deref(), ended.note.as_deref()), (Some("2024-03-01"), Some("调岗")));
    let again = end(&f.store, &EndInput { id: l.id.clone(), end_date: None, note: None }).unwrap_err();
    assert_eq!(again.code(), "conflict");
    assert!(again.to_string().contains("已于 2024-03-01 结束"));
    assert_eq!(f.count("SELECT count(*) FROM liaisons WHERE deleted = 0"), 1, "ending never deletes");
    assert!(for_cadre(&f.store, &c).unwrap().is_empty(), "no longer current");
    let rows = for_enterprise(&f.store, &e).unwrap();
    assert_eq!((rows.len(), rows[0].current), (1, false));
}

#[test]
fn reassign_ends_the_old_lead_and_starts_the_new_in_one_go_keeping_history() {
    let f = fixture();
    let old = f.cadre("游志华", CadreRole::Cadre);
    let new = f.cadre("李四", CadreRole::Cadre);
    let leader = f.cadre("王书记", CadreRole::Leader);
    let e = f.enterprise("甲公司", None);
    f.assign(&old, &e, LiaisonRole::Lead, "2023-01-01");
    f.assign(&leader, &e, LiaisonRole::Leader, "2023-01-01");
    let changes = f.count("SELECT count(*) FROM changes");

    let r = reassign(
        &f.store,
        &ReassignInput {
            enterprise_id: e.clone(),
            cadre_id: new.clone(),
            date: Some("2025-07-01".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.ended.len(), 1);
    assert_eq!((r.ended[0].cadre_id.as_str(), r.ended[0].end_date.as_deref()), (old.as_str(), Some("2025-07-01")));
    assert_eq!(r.ended[0].note.as_deref(), Some("更换为李四"));
    assert_eq!((r.started.cadre_id.as_str(), r.started.start_date.as_str()), (new.as_str(), "2025-07-01"));
    assert_eq!(f.count("SELECT count(*) FROM changes") - changes, 2, "one update, one insert");

    let rows = for_enterprise(&f.store, &e).unwrap();
    let names: Vec<(&str, bool)> = rows.iter().map(|r| (r.cadre_name.as_str(), r.current)).collect();
    assert_eq!(names, vec![("李四", true), ("王书记", true), ("游志华", false)], "current first, the leader untouched");

    // Reassigning to the cadre already in place is refused; a date before the old start too,
    // and nothing is written when it fails.
    let same = reassign(&f.store, &ReassignInput { enterprise_id: e.clone(), cadre_id: new.clone(), ..Default::default() });
    assert_eq!(same.unwrap_err().code(), "conflict");
    let before = f.count("SELECT count(*) FROM changes");
    let early = reassign(
        &f.store,
        &ReassignInput { enterprise_id: e.clone(), cadre_id: old.clone(), date: Some("2025-01-01".into()), ..Default::default() },
    )
    .unwrap_err();
    assert_eq!(field_of(&early), ("validation".into(), "date".into()));
    assert_eq!(f.count("SELECT count(*) FROM changes"), before);
    assert_eq!(for_cadre(&f.store, &new).unwrap().len(), 1);
}

#[test]
fn reassign_can_replace_one_liaison_only() {
    let f = fixture();
    let a = f.cadre("甲", CadreRole::Cadre);
    let b = f.cadre("乙", CadreRole::Cadre);
    let c = f.cadre("丙", CadreRole::Cadre);
    let e = f.enterprise("甲公司", None);
    let la = f.assign(&a, &e, LiaisonRole::Lead, "2024-01-01");
    f.assign(&b, &e, LiaisonRole::Lead, "2024-01-01");
    let r = reassign(
        &f.store,
        &ReassignInput {
            enterprise_id: e.clone(),
            cadre_id: c.clone(),
            date: Some("2024-06-01".into()),
            replace_id: Some(la.id.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.ended.len(), 1);
    let current: Vec<String> =
        for_enterprise(&f.store, &e).unwrap().into_iter().filter(|r| r.current).map(|r| r.cadre_name).collect();
    assert_eq!(current.len(), 2);
    assert!(current.contains(&"乙".to_string()) && current.contains(&"丙".to_string()));
    // Replacing a liaison that has ended is refused.
    let stale = reassign(
        &f.store,
        &ReassignInput { enterprise_id: e, cadre_id: a, replace_id: Some(la.id), ..Default::default() },
    );
    assert_eq!(stale.unwrap_err().code(), "conflict");
}

#[test]
fn bulk_assign_is_all_or_nothing_and_skips_current_pairs() {
    let f = fixture();
    let c = f.cadre("游志华", CadreRole::Cadre);
    let ents: Vec<String> = (0..5).map(|i| f.enterprise(&format!("企业{i}"), None)).collect();
    f.assign(&c, &ents[0], LiaisonRole::Lead, "2024-01-01");

    let mut ids = ents.clone();
    ids.push("missing".into());
    let before = f.count("SELECT count(*) FROM changes");
    let input = BulkAssignInput { cadre_id: c.clone(), enterprise_ids: ids, ..Default::default() };
    let err = bulk_assign(&f.store, &input).unwrap_err();
    assert_eq!(field_of(&err), ("validation".into(), "enterprise_ids".into()));
    assert!(err.to_string().contains("本次未做任何指派"));
    assert_eq!(f.count("SELECT count(*) FROM changes"), before, "nothing written");
    assert_eq!(f.count("SELECT count(*) FROM liaisons"), 1);

    let mut ids = ents.clone();
    ids.push(ents[1].clone()); // the same row twice counts once
    let out = bulk_assign(
        &f.store,
        &BulkAssignInput { cadre_id: c.clone(), enterprise_ids: ids, start_date: Some("2025-02-01".into()), ..Default::default() },
    )
    .unwrap();
    assert_eq!(out, BulkAssigned { assigned: 4, skipped: 1 });
    assert_eq!(for_cadre(&f.store, &c).unwrap().len(), 5);

    let none = bulk_assign(&f.store, &BulkAssignInput { cadre_id: c, ..Default::default() }).unwrap_err();
    assert_eq!(none.field(), Some("enterprise_ids"));
}

#[test]
fn for_cadre_lists_current_enterprises_by_name() {
    let f = fixture();
    let c = f.cadre("游志华", CadreRole::Cadre);
    let e1 = f.enterprise("乙公司", None);
    let e2 = f.enterprise("甲公司", None);
    let e3 = f.enterprise("丙公司", None);
    f.assign(&c, &e1, LiaisonRole::Lead, "2024-01-01");
    f.assign(&c, &e2, LiaisonRole::Lead, "2024-01-01");
    let l3 = f.assign(&c, &e3, LiaisonRole::Lead, "2024-01-01");
    end(&f.store, &EndInput { id: l3.id, end_date: Some("2024-05-01".into()), note: None }).unwrap();
    let names: Vec<String> = for_cadre(&f.store, &c).unwrap().into_iter().map(|r| r.enterprise_name.unwrap()).collect();
    assert_eq!(names, vec!["乙公司", "甲公司"]); // code-point order, as the enterprise list sorts
}

#[test]
fn workload_counts_current_liaisons_per_cadre_with_filters_and_sort() {
    let f = fixture();
    let busy = f.cadre("甲", CadreRole::Cadre);
    let idle = f.cadre("乙", CadreRole::Cadre);
    let boss = f.cadre("丙", CadreRole::Leader);
    let ents: Vec<String> = (0..4).map(|i| f.enterprise(&format!("企业{i}"), None)).collect();
    for e in &ents[..3] {
        f.assign(&busy, e, LiaisonRole::Lead, "2024-01-01");
    }
    let old = f.assign(&busy, &ents[3], LiaisonRole::Lead, "2024-01-01");
    end(&f.store, &EndInput { id: old.id, end_date: Some("2024-02-01".into()), note: None }).unwrap();
    f.assign(&boss, &ents[0], LiaisonRole::Leader, "2024-01-01");
    f.assign(&boss, &ents[1], LiaisonRole::Specialist, "2024-01-01");

    let page = workload(&f.store, &WorkloadQuery::default()).unwrap();
    assert_eq!(page.total, 3, "idle cadres are listed too");
    let got: Vec<(&str, u32, u32, u32, u32)> =
        page.rows.iter().map(|w| (w.name.as_str(), w.lead, w.leader, w.specialist, w.total)).collect();
    assert_eq!(got, vec![("甲", 3, 0, 0, 3), ("丙", 0, 1, 1, 2), ("乙", 0, 0, 0, 0)]);

    let asc = workload(&f.store, &WorkloadQuery { sort: Some(WorkloadSort::Total), ..Default::default() }).unwrap();
    assert_eq!(asc.rows[0].cadre_id, idle);
    let leaders_only =
        workload(&f.store, &WorkloadQuery { role: Some(CadreRole::Leader), ..Default::default() }).unwrap();
    assert_eq!((leaders_only.total, leaders_only.rows[0].cadre_id.as_str()), (1, boss.as_str()));
    let other_dept =
        workload(&f.store, &WorkloadQuery { department_id: Some("x".into()), ..Default::default() }).unwrap();
    assert_eq!(other_dept.total, 0);
    let paged = workload(&f.store, &WorkloadQuery { page: 2, page_size: 2, ..Default::default() }).unwrap();
    assert_eq!((paged.total, paged.rows.len()), (3, 1));

    let counts = counts_for_cadres(&f.store, &[busy.clone(), idle.clone()]).unwrap();
    assert_eq!(counts, vec![CadreLiaisonCount { cadre_id: busy, current: 3 }]);
}

#[test]
fn leaders_view_lists_each_leader_with_key_enterprises_large_first() {
    let f = fixture();
    let boss = f.cadre("王书记", CadreRole::Leader);
    let idle_boss = f.cadre("赵主任", CadreRole::Leader);
    let cadre = f.cadre("李四", CadreRole::Cadre);
    let small = f.enterprise("乙小公司", Some(Scale::Small));
    let large = f.enterprise("甲大公司", Some(Scale::Large));
    let gone = f.enterprise("已删公司", Some(Scale::Large));
    f.assign(&boss, &small, LiaisonRole::Leader, "2024-01-01");
    f.assign(&boss, &large, LiaisonRole::Leader, "2024-01-01");
    f.assign(&boss, &gone, LiaisonRole::Leader, "2024-01-01");
    enterprise::delete(&f.store, &gone).unwrap();
    f.assign(&cadre, &large, LiaisonRole::Lead, "2024-01-01");

    let views = leaders(&f.store, &LeadersQuery::default()).unwrap();
    let names: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, vec!["王书记", "赵主任"], "only leaders, including one with nothing yet");
    let ents: Vec<&str> = views[0].enterprises.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(ents, vec!["甲大公司", "乙小公司"]);
    assert_eq!(views[0].enterprises[0].scale, Some(Scale::Large));
    assert!(views[1].enterprises.is_empty());
    assert_eq!(views[1].cadre_id, idle_boss);

    let one = leaders(&f.store, &LeadersQuery { text: Some("王".into()), department_id: Some(f.dept.clone()) }).unwrap();
    assert_eq!(one.len(), 1);
    assert!(leaders(&f.store, &LeadersQuery { text: None, department_id: Some("x".into()) }).unwrap().is_empty());
}

#[test]
fn list_filters_by_cadre_text_role_status_and_pages() {
    let f = fixture();
    let a = f.cadre("游志华", CadreRole::Cadre);
    let b = f.cadre("李四", CadreRole::Leader);
    let e1 = f.enterprise("湘潭电机股份有限公司", None);
    let e2 = f.enterprise("长沙某某科技有限公司", None);
    f.assign(&a, &e1, LiaisonRole::Lead, "2024-01-01");
    let old = f.assign(&a, &e2, LiaisonRole::Lead, "2023-01-01");
    end(&f.store, &EndInput { id: old.id, end_date: Some("2023-12-31".into()), note: None }).unwrap();
    f.assign(&b, &e1, LiaisonRole::Leader, "2024-05-01");

    let q = |q: LiaisonQuery| list(&f.store, &q).unwrap();
    let all = q(LiaisonQuery::default());
    assert_eq!(all.total, 3);
    let starts: Vec<&str> = all.rows.iter().map(|r| r.start_date.as_str()).collect();
    assert_eq!(starts, vec!["2024-05-01", "2024-01-01", "2023-01-01"], "newest first by default");

    assert_eq!(q(LiaisonQuery { cadre_id: Some(a.clone()), ..Default::default() }).total, 2);
    assert_eq!(q(LiaisonQuery { text: Some("湘潭".into()), ..Default::default() }).total, 2);
    assert_eq!(q(LiaisonQuery { text: Some("李四".into()), ..Default::default() }).total, 1);
    assert_eq!(q(LiaisonQuery { role: Some(LiaisonRole::Leader), ..Default::default() }).total, 1);
    assert_eq!(q(LiaisonQuery { status: Some(LiaisonStatus::Current), ..Default::default() }).total, 2);
    let ended = q(LiaisonQuery { status: Some(LiaisonStatus::Ended), ..Default::default() });
    assert_eq!((ended.total, ended.rows[0].current), (1, false));
    assert_eq!(q(LiaisonQuery { enterprise_id: Some(e2.clone()), ..Default::default() }).total, 1);
    assert_eq!(q(LiaisonQuery { department_id: Some(f.dept.clone()), ..Default::default() }).total, 3);
    // 100%_ in the text are matched literally.
    assert_eq!(q(LiaisonQuery { text: Some("%".into()), ..Default::default() }).total, 0);

    let by_cadre = q(LiaisonQuery { sort: Some(LiaisonSort::Cadre), desc: true, page_size: 2, ..Default::default() });
    assert_eq!((by_cadre.total, by_cadre.rows.len()), (3, 2));
    assert_eq!(by_cadre.rows[0].cadre_name, "游志华"); // 游 U+6E38 after 李 U+674E
    let page2 = q(LiaisonQuery { sort: Some(LiaisonSort::Cadre), desc: true, page: 2, page_size: 2, ..Default::default() });
    assert_eq!(page2.rows[0].cadre_name, "李四");
    let by_ent = q(LiaisonQuery { sort: Some(LiaisonSort::Enterprise), ..Default::default() });
    assert_eq!(by_ent.rows[0].enterprise_name.as_deref(), Some("湘潭电机股份有限公司"));
}

#[test]
fn every_write_is_on_the_change_log() {
    let f = fixture();
    let a = f.cadre("甲", CadreRole::Cadre);
    let b = f.cadre("乙", CadreRole::Cadre);
    let e = f.enterprise("甲公司", None);
    let l = f.assign(&a, &e, LiaisonRole::Lead, "2024-01-01");
    reassign(&f.store, &ReassignInput { enterprise_id: e, cadre_id: b, date: Some("2024-02-01".into()), ..Default::default() })
        .unwrap();
    let fields: String = f
        .store
        .read(|c| {
            Ok(c.query_row(
                "SELECT fields FROM changes WHERE entity = 'liaisons' AND row_id = ?1 ORDER BY seq DESC LIMIT 1",
                [&l.id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&fields).unwrap();
    assert_eq!(v["end_date"], "2024-02-01");
    assert_eq!(f.count("SELECT count(*) FROM changes WHERE entity = 'liaisons'"), 3);
}

#[test]
fn deleting_an_enterprise_or_a_cadre_ends_their_current_liaisons_and_keeps_history() {
    let f = fixture();
    let c1 = f.cadre("游志华", CadreRole::Cadre);
    let c2 = f.cadre("张明艳", CadreRole::Cadre);
    let e1 = f.enterprise("湘潭立发釉彩有限公司", None);
    let e2 = f.enterprise("湘潭华泰电气有限公司", None);
    f.assign(&c1, &e1, LiaisonRole::Lead, "2024-01-02");
    f.assign(&c1, &e2, LiaisonRole::Lead, "2024-01-02");
    f.assign(&c2, &e2, LiaisonRole::Specialist, "2024-01-02");

    enterprise::delete(&f.store, &e1).unwrap();
    assert_eq!(f.count(&format!("SELECT count(*) FROM liaisons WHERE enterprise_id = '{e1}' AND end_date IS NULL")), 0);
    assert_eq!(f.count(&format!("SELECT count(*) FROM liaisons WHERE enterprise_id = '{e1}' AND note LIKE '%企业已删除%'")), 1);

    cadre::delete(&f.store, &c1).unwrap();
    assert_eq!(f.count(&format!("SELECT count(*) FROM liaisons WHERE cadre_id = '{c1}' AND end_date IS NULL")), 0);
    // The other cadre's liaison with e2 is untouched; nothing was deleted, only ended.
    assert_eq!(f.count(&format!("SELECT count(*) FROM liaisons WHERE cadre_id = '{c2}' AND end_date IS NULL")), 1);
    assert_eq!(f.count("SELECT count(*) FROM liaisons WHERE deleted = 1"), 0);
}
