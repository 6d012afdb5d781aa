//! The merge, case by case, on two or three replicas and a server in memory.

use serde_json::json;

use super::convergence_tests::replica;
use super::*;
use crate::model::cadre::{self, CadreInput, CadreRole};
use crate::model::department::{self, DepartmentInput, DepartmentKind};
use crate::model::enterprise::{self, EnterpriseInput};
use crate::model::issue::{self, ActInput, Action, RegisterInput, ResultKind, Source, Status, Tier};
use crate::store::settings;

fn both(a: &Store, b: &Store, server: &Memory) {
    for _ in 0..2 {
        sync(a, "mem", server).unwrap();
        sync(b, "mem", server).unwrap();
    }
}

fn ent(store: &Store, name: &str, uscc: Option<&str>) -> String {
    let input = EnterpriseInput { name: name.into(), uscc: uscc.map(String::from), ..Default::default() };
    enterprise::create(store, &input).unwrap().record.id
}

fn edit(store: &Store, id: &str, f: impl FnOnce(&mut EnterpriseInput)) {
    let e = enterprise::get_one(store, id).unwrap();
    let mut input = EnterpriseInput { name: e.name, uscc: e.uscc, contact_name: e.contact_name, notes: e.notes, ..Default::default() };
    f(&mut input);
    enterprise::update(store, id, &input).unwrap();
}

#[test]
fn edits_of_different_fields_both_stay_and_of_one_field_the_later_wins_with_the_loser_kept() {
    let (a, b, server) = (replica("甲"), replica("乙"), Memory::default());
    let id = ent(&a, "湘潭电机", None);
    both(&a, &b, &server);
    edit(&a, &id, |i| i.contact_name = Some("王经理".into()));
    edit(&b, &id, |i| i.notes = Some("老客户".into()));
    edit(&a, &id, |i| i.name = "湘潭电机股份".into());
    edit(&b, &id, |i| i.name = "湘电股份".into()); // later: wins
    both(&a, &b, &server);
    for s in [&a, &b] {
        let e = enterprise::get_one(s, &id).unwrap();
        assert_eq!((e.name.as_str(), e.contact_name.as_deref(), e.notes.as_deref()), ("湘电股份", Some("王经理"), Some("老客户")));
    }
    let lost = conflicts::open(&a).unwrap();
    assert_eq!(lost.len(), 1, "{lost:?}");
    let c = &lost[0];
    assert_eq!((c.field.as_str(), c.lost_value.as_str(), c.won_value.as_str()), ("name", "\"湘潭电机股份\"", "\"湘电股份\""));
    assert_eq!((c.lost_actor.as_str(), c.won_actor.as_str()), ("甲", "乙"));

    // One click restores the lost value, as a new edit that wins everywhere.
    conflicts::restore(&a, c.id).unwrap();
    assert!(conflicts::open(&a).unwrap().is_empty());
    both(&a, &b, &server);
    assert_eq!(enterprise::get_one(&b, &id).unwrap().name, "湘潭电机股份");
}

#[test]
fn a_tombstone_is_not_undone_by_an_edit_made_elsewhere() {
    let (a, b, server) = (replica("甲"), replica("乙"), Memory::default());
    let id = ent(&a, "湘潭电机", None);
    both(&a, &b, &server);
    enterprise::delete(&a, &id).unwrap();
    edit(&b, &id, |i| i.notes = Some("后改的".into()));
    both(&a, &b, &server);
    for s in [&a, &b] {
        assert!(enterprise::get_one(s, &id).is_err(), "deleted everywhere");
    }
}

#[test]
fn a_page_delivered_twice_or_backwards_changes_nothing_more() {
    let (a, b) = (replica("甲"), replica("乙"));
    let id = ent(&a, "湘潭电机", None);
    edit(&a, &id, |i| i.notes = Some("一".into()));
    edit(&a, &id, |i| i.notes = Some("二".into()));
    let (_, mut page) = outbox::page(&a, 0, 100, 12).unwrap();
    page.reverse();
    let first = merge::apply(&b, &page, |_, _| Ok(())).unwrap();
    assert_eq!(first.new, 3);
    let again = merge::apply(&b, &page, |_, _| Ok(())).unwrap();
    assert_eq!(again, Applied { new: 0, records: 0 });
    assert_eq!(enterprise::get_one(&b, &id).unwrap().notes.as_deref(), Some("二"));
}

#[test]
fn an_edit_arriving_before_its_record_waits_for_it() {
    let (a, b) = (replica("甲"), replica("乙"));
    let id = ent(&a, "湘潭电机", None);
    edit(&a, &id, |i| i.notes = Some("备注".into()));
    let (_, page) = outbox::page(&a, 0, 100, 12).unwrap();
    merge::apply(&b, &page[1..], |_, _| Ok(())).unwrap();
    assert!(enterprise::get_one(&b, &id).is_err(), "no row from an edit alone");
    merge::apply(&b, &page[..1], |_, _| Ok(())).unwrap();
    let e = enterprise::get_one(&b, &id).unwrap();
    assert_eq!((e.name.as_str(), e.notes.as_deref()), ("湘潭电机", Some("备注")));
    assert_eq!(e, enterprise::get_one(&a, &id).unwrap(), "the same record, timestamps included");
}

#[test]
fn concurrent_steps_on_one_issue_end_as_the_replay_of_the_merged_timeline() {
    let (a, b, server) = (replica("甲"), replica("乙"), Memory::default());
    let dept = department::create(&a, &DepartmentInput { name: "经发局".into(), kind: Some(DepartmentKind::Function), ..Default::default() })
        .unwrap()
        .record
        .id;
    let input = RegisterInput {
        source: Some(Source::Visit),
        reporter_name: Some("居民张三".into()),
        category: "融资".into(),
        tier: Some(Tier::Regular),
        content: "路灯不亮".into(),
        registered_on: Some("2026-03-02".into()),
        ..Default::default()
    };
    let i = issue::register(&a, &input).unwrap();
    let assign = Action::Assign { lead_department_id: dept, assisting: vec![], days: None, deadline: None, batch_id: None, note: None };
    issue::act(&a, &ActInput { id: i.id.clone(), date: Some("2026-03-03".into()), action: assign }).unwrap();
    both(&a, &b, &server);
    // Offline: 甲 accepts and resolves; 乙, later, returns it (not its department's).
    let step = |s: &Store, action: Action| issue::act(s, &ActInput { id: i.id.clone(), date: Some("2026-03-04".into()), action }).unwrap();
    step(&a, Action::Accept { note: None });
    step(&a, Action::Resolve { result: "已修复".into(), result_kind: ResultKind::Solved, amount_fen: None });
    step(&b, Action::Return { reason: "不属于本单位".into() });
    both(&a, &b, &server);
    let (ia, ib) = (issue::get_issue(&a, &i.id).unwrap(), issue::get_issue(&b, &i.id).unwrap());
    assert_eq!(ia, ib);
    let events = issue::events(&a, &i.id).unwrap();
    assert_eq!(events.len(), 5, "every step of both devices is in the timeline");
    // The last step taken was 乙's return: the replay leaves it returned, with no department,
    // and not "resolved with no lead department", which merging the row per field would give.
    assert_eq!(ia.status, Status::Returned);
    assert_eq!(ia.lead_department_id, None);
    assert_eq!(ia.resolved_on.as_deref(), Some("2026-03-04"), "the replay keeps what the return does not clear");
}

#[test]
fn two_devices_edits_of_different_keys_of_one_setting_both_stay() {
    let (a, b, server) = (replica("甲"), replica("乙"), Memory::default());
    settings::set(&a, "x_rules", json!({"limit": 7, "warn": 2})).unwrap();
    both(&a, &b, &server);
    settings::set(&a, "x_rules", json!({"limit": 10, "warn": 2})).unwrap();
    settings::set(&b, "x_rules", json!({"limit": 7, "warn": 3, "black": 5})).unwrap();
    // Created on both offline: merged by key too.
    settings::set(&a, "x_overrides", json!({"2026-05-04": "holiday"})).unwrap();
    settings::set(&b, "x_overrides", json!({"2026-05-05": "holiday"})).unwrap();
    both(&a, &b, &server);
    for s in [&a, &b] {
        assert_eq!(settings::get(s, "x_rules").unwrap().unwrap(), json!({"limit": 10, "warn": 3, "black": 5}));
        assert_eq!(settings::get(s, "x_overrides").unwrap().unwrap(), json!({"2026-05-04": "holiday", "2026-05-05": "holiday"}));
    }
    // A key removed on one device is removed everywhere.
    settings::set(&b, "x_overrides", json!({"2026-05-05": "holiday"})).unwrap();
    both(&a, &b, &server);
    assert_eq!(settings::get(&a, "x_overrides").unwrap().unwrap(), json!({"2026-05-05": "holiday"}));
}

#[test]
fn one_enterprise_or_cadre_registered_on_two_laptops_is_kept_twice_and_offered_for_merge() {
    let (a, b, server) = (replica("甲"), replica("乙"), Memory::default());
    let ea = ent(&a, "湘潭电机", Some("91350100M000100Y43"));
    let eb = ent(&b, "湘潭电机股份有限公司", Some("91350100M000100Y43"));
    let cadre = |s: &Store| {
        let input = CadreInput { name: "游志华".into(), role: Some(CadreRole::Cadre), mobile: Some("13807320001".into()), ..Default::default() };
        cadre::create(s, &input).unwrap().record.id
    };
    let (ca, cb) = (cadre(&a), cadre(&b));
    both(&a, &b, &server);
    for s in [&a, &b] {
        let d = duplicates(s).unwrap();
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].entity.as_str(), d[0].key.as_str()), ("enterprises", "91350100M000100Y43"));
        let mut ids = d[0].ids.clone();
        ids.sort();
        let mut want = vec![ea.clone(), eb.clone()];
        want.sort();
        assert_eq!(ids, want);
        assert_eq!((d[1].entity.as_str(), d[1].ids.len()), ("cadres", 2));
        assert!(d[1].ids.contains(&ca) && d[1].ids.contains(&cb));
    }
    // The existing merge takes them back to one.
    let plan = crate::model::merge::MergePlan { keep_id: ea.clone(), remove_id: eb.clone(), take_from_removed: vec![] };
    crate::model::merge::merge(&a, &plan).unwrap();
    both(&a, &b, &server);
    assert_eq!(duplicates(&b).unwrap().len(), 1, "only the cadres are left");
}

#[test]
fn two_laptops_handing_out_one_number_end_with_two_numbers() {
    let (a, b, server) = (replica("甲"), replica("乙"), Memory::default());
    let input = RegisterInput {
        source: Some(Source::Visit),
        reporter_name: Some("居民张三".into()),
        category: "融资".into(),
        content: "路灯不亮".into(),
        registered_on: Some("2026-03-02".into()),
        ..Default::default()
    };
    let first = issue::register(&a, &input).unwrap();
    let second = issue::register(&b, &input).unwrap();
    assert_eq!(first.no, second.no, "offline, both hand out the first number");
    both(&a, &b, &server);
    for s in [&a, &b] {
        assert_eq!(issue::get_issue(s, &first.id).unwrap().no, first.no, "the first registered keeps it");
        assert_eq!(issue::get_issue(s, &second.id).unwrap().no, "2026-00002");
    }
}

#[test]
fn a_clock_an_hour_ahead_is_corrected_and_the_user_told() {
    let a = replica("甲");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let server = Memory::with_clock(now - 3_600_000);
    let s = sync(&a, "mem", &server).unwrap();
    let ahead = s.clock_ahead_ms.expect("told");
    assert!((3_500_000..3_700_000).contains(&ahead), "{ahead}");
    assert!(s.line().contains("本机时钟比服务器快约 60 分钟"), "{}", s.line());
    ent(&a, "湘潭电机", None);
    let stamp: i64 = a.read(|c| Ok(c.query_row("SELECT max(hlc) FROM changes", [], |r| r.get(0))?)).unwrap();
    let millis = crate::hlc::Stamp::from_i64(stamp).millis() as i64;
    assert!(millis < now - 3_000_000, "the new edit is stamped on the server's time, not an hour ahead");
}

#[test]
fn a_failed_sync_is_retried_without_a_new_write() {
    struct Down<'a>(&'a Memory, std::cell::Cell<u32>);
    impl Transport for Down<'_> {
        fn health(&self) -> Result<lianxin_protocol::Health> {
            if self.1.get() > 0 {
                self.1.set(self.1.get() - 1);
                return Err(CoreError::Sync { code: "network".into(), message: "断网".into(), retry: true });
            }
            self.0.health()
        }
        fn push(&self, p: &PushPage) -> Result<lianxin_protocol::PushAck> {
            self.0.push(p)
        }
        fn pull(&self, after: i64, limit: usize, schema: u32) -> Result<lianxin_protocol::PullPage> {
            self.0.pull(after, limit, schema)
        }
    }
    let a = replica("甲");
    ent(&a, "湘潭电机", None);
    let server = Memory::default();
    let mut waits = vec![];
    let s = sync_retrying(&a, "mem", &Down(&server, 3.into()), Backoff::default(), &mut |d| waits.push(d.as_secs())).unwrap();
    assert_eq!(s.pushed, 1);
    assert_eq!(waits, vec![1, 2, 4], "growing waits");
    assert_eq!(pending(&a).unwrap(), 0);
    let refused = sync_retrying(&a, "mem", &Down(&server, 9.into()), Backoff { attempts: 2, ..Backoff::default() }, &mut |_| {});
    assert!(matches!(refused, Err(CoreError::Sync { retry: true, .. })), "gives up after its tries");
}
