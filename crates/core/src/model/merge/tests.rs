use super::*;
use crate::model::cadre::CadreRole;
use crate::model::department::{self, DepartmentInput, DepartmentKind};
use crate::model::enterprise::{EnterpriseInput, Scale};
use crate::model::liaison::tests::fixture;
use crate::model::liaison::{for_enterprise, LiaisonRole};

fn create(f: &crate::model::liaison::tests::Fixture, input: EnterpriseInput) -> Enterprise {
    enterprise::create(&f.store, &input).unwrap().record
}

fn plan(keep: &str, remove: &str, take: &[&str]) -> MergePlan {
    MergePlan {
        keep_id: keep.into(),
        remove_id: remove.into(),
        take_from_removed: take.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn fills_empty_fields_takes_chosen_ones_moves_liaisons_and_tombstones_the_duplicate() {
    let f = fixture();
    let a = create(
        &f,
        EnterpriseInput {
            name: "湘潭电机".into(),
            contact_name: Some("王经理".into()),
            tags: vec!["规上".into()],
            notes: Some("老客户".into()),
            ..Default::default()
        },
    );
    let b = create(
        &f,
        EnterpriseInput {
            name: "湘潭电机股份有限公司".into(),
            uscc: Some("91350100M000100Y43".into()),
            scale: Some(Scale::Large),
            contact_name: Some("李主任".into()),
            contact_phone: Some("0731-58581234".into()),
            tags: vec!["规上".into(), "专精特新".into()],
            ..Default::default()
        },
    );
    let c1 = f.cadre("游志华", CadreRole::Cadre);
    let c2 = f.cadre("李四", CadreRole::Cadre);
    f.assign(&c1, &a.id, LiaisonRole::Lead, "2024-01-01");
    f.assign(&c1, &b.id, LiaisonRole::Lead, "2024-02-01"); // the same pairing twice
    f.assign(&c2, &b.id, LiaisonRole::Specialist, "2024-02-01");

    let m = merge(&f.store, &plan(&a.id, &b.id, &["name"])).unwrap();
    let r = &m.record;
    assert_eq!(r.id, a.id);
    assert_eq!(r.name, "湘潭电机股份有限公司", "chosen from the removed record");
    assert_eq!(r.uscc.as_deref(), Some("91350100M000100Y43"), "empty, so filled in (the USCC freed by the tombstone)");
    assert_eq!(r.scale, Some(Scale::Large));
    assert_eq!(r.contact_name.as_deref(), Some("王经理"), "kept where not chosen");
    assert_eq!(r.contact_phone.as_deref(), Some("0731-58581234"));
    assert_eq!(r.tags, vec!["规上", "专精特新"]);
    let notes = r.notes.as_deref().unwrap();
    assert!(notes.starts_with("老客户\n"), "{notes}");
    assert!(notes.contains("合并自“湘潭电机股份有限公司”(统一社会信用代码 91350100M000100Y43)"), "{notes}");
    assert_eq!((m.moved_liaisons, m.ended_duplicates), (2, 1));

    assert_eq!(enterprise::get_one(&f.store, &b.id).unwrap_err().code(), "not_found");
    assert_eq!(f.count(&format!("SELECT count(*) FROM liaisons WHERE enterprise_id = '{}'", b.id)), 0);
    let rows = for_enterprise(&f.store, &a.id).unwrap();
    assert_eq!(rows.len(), 3, "history kept: the duplicate is ended, not dropped");
    let current: Vec<(&str, LiaisonRole)> = rows.iter().filter(|r| r.current).map(|r| (r.cadre_name.as_str(), r.role)).collect();
    assert_eq!(current, vec![("游志华", LiaisonRole::Lead), ("李四", LiaisonRole::Specialist)]);
    let ended = rows.iter().find(|r| !r.current).unwrap();
    assert_eq!(ended.note.as_deref(), Some("合并重复企业"));

    // Every write went through the change log: A's update, B's tombstone, liaison moves/end.
    assert_eq!(f.count(&format!("SELECT count(*) FROM changes WHERE row_id = '{}' AND fields LIKE '%\"deleted\":true%'", b.id)), 1);
    assert!(f.count(&format!("SELECT count(*) FROM changes WHERE row_id = '{}' AND fields LIKE '%合并自%'", a.id)) == 1);
}

#[test]
fn refuses_itself_unknown_fields_and_missing_records_writing_nothing() {
    let f = fixture();
    let a = create(&f, EnterpriseInput { name: "甲公司".into(), ..Default::default() });
    let before = f.count("SELECT count(*) FROM changes");
    let err = merge(&f.store, &plan(&a.id, &a.id, &[])).unwrap_err();
    assert_eq!((err.field(), err.to_string().as_str()), (Some("remove_id"), "不能把企业合并到它自己"));
    let b = create(&f, EnterpriseInput { name: "乙公司".into(), ..Default::default() });
    let err = merge(&f.store, &plan(&a.id, &b.id, &["id"])).unwrap_err();
    assert_eq!(err.field(), Some("take_from_removed"));
    assert_eq!(merge(&f.store, &plan(&a.id, "nope", &[])).unwrap_err().field(), Some("remove_id"));
    assert_eq!(merge(&f.store, &plan("nope", &b.id, &[])).unwrap_err().code(), "not_found");
    assert_eq!(f.count("SELECT count(*) FROM changes"), before + 1, "only 乙公司's creation");
}

#[test]
fn a_community_is_only_filled_in_with_its_own_street_and_a_failed_merge_changes_nothing() {
    let f = fixture();
    let dept = |name: &str, kind, parent: Option<&str>| {
        department::create(
            &f.store,
            &DepartmentInput { name: name.into(), kind: Some(kind), parent_id: parent.map(str::to_string), ..Default::default() },
        )
        .unwrap()
        .record
        .id
    };
    let s1 = dept("双马街道", DepartmentKind::Street, None);
    let s2 = dept("荷塘街道", DepartmentKind::Street, None);
    let c2 = dept("新湘社区", DepartmentKind::Community, Some(&s2));
    let a = create(&f, EnterpriseInput { name: "甲公司".into(), street_id: Some(s1.clone()), ..Default::default() });
    let b = create(
        &f,
        EnterpriseInput { name: "甲公司(重复)".into(), street_id: Some(s2.clone()), community_id: Some(c2.clone()), ..Default::default() },
    );
    let m = merge(&f.store, &plan(&a.id, &b.id, &[])).unwrap();
    assert_eq!((m.record.street_id.as_deref(), m.record.community_id), (Some(s1.as_str()), None));

    // Choosing the other street brings its community along.
    let a2 = create(&f, EnterpriseInput { name: "乙公司".into(), street_id: Some(s1.clone()), ..Default::default() });
    let b2 = create(
        &f,
        EnterpriseInput { name: "乙公司(重复)".into(), street_id: Some(s2.clone()), community_id: Some(c2.clone()), ..Default::default() },
    );
    let m = merge(&f.store, &plan(&a2.id, &b2.id, &["street_id"])).unwrap();
    assert_eq!((m.record.street_id.as_deref(), m.record.community_id.as_deref()), (Some(s2.as_str()), Some(c2.as_str())));

    // Picking a community without its street fails validation, and the duplicate stays.
    let a3 = create(&f, EnterpriseInput { name: "丙公司".into(), street_id: Some(s1), ..Default::default() });
    let b3 = create(
        &f,
        EnterpriseInput { name: "丙公司(重复)".into(), street_id: Some(s2), community_id: Some(c2), ..Default::default() },
    );
    let before = f.count("SELECT count(*) FROM changes");
    let err = merge(&f.store, &plan(&a3.id, &b3.id, &["community_id"])).unwrap_err();
    assert_eq!(err.field(), Some("community_id"));
    assert_eq!(f.count("SELECT count(*) FROM changes"), before);
    assert!(enterprise::get_one(&f.store, &b3.id).is_ok());
}
