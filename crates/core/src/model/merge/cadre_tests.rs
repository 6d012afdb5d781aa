use super::*;
use crate::model::cadre::{self, CadreInput, CadreRole};
use crate::model::engagement::{self, EngagementInput, EngagementKind};
use crate::model::issue::{self, RegisterInput, Source};
use crate::model::liaison::tests::fixture;
use crate::model::liaison::LiaisonRole;
use crate::sync;

fn cadre(f: &crate::model::liaison::tests::Fixture, input: CadreInput) -> Cadre {
    cadre::create(&f.store, &input).unwrap().record
}

#[test]
fn moves_liaisons_issues_and_attendance_fills_empty_fields_and_tombstones_the_duplicate() {
    let f = fixture();
    // Two laptops registered 游志华 offline: one with her position, one with her mobile.
    let keep = cadre(&f, CadreInput { name: "游志华".into(), position: Some("副主任".into()), role: Some(CadreRole::Cadre), ..Default::default() });
    let gone = cadre(
        &f,
        CadreInput { name: "游志华".into(), mobile: Some("13907321234".into()), department_id: Some(f.dept.clone()), role: Some(CadreRole::Cadre), ..Default::default() },
    );
    let a = f.enterprise("湘潭电机股份有限公司", None);
    let b = f.enterprise("湘潭钢铁集团有限公司", None);
    f.assign(&keep.id, &a, LiaisonRole::Lead, "2026-01-05");
    f.assign(&gone.id, &a, LiaisonRole::Lead, "2026-02-01"); // the same enterprise, the same role
    f.assign(&gone.id, &b, LiaisonRole::Lead, "2026-02-01");
    let i = issue::register(
        &f.store,
        &RegisterInput { source: Some(Source::Visit), category: "用工".into(), content: "缺焊工".into(), enterprise_id: Some(b.clone()), taken_by: Some(gone.id.clone()), ..Default::default() },
    )
    .unwrap();
    let both = engagement::create(&f.store, &EngagementInput { kind: Some(EngagementKind::Visit), summary: "走访湘潭电机".into(), cadre_ids: vec![keep.id.clone(), gone.id.clone()], enterprise_ids: vec![a.clone()], ..Default::default() }).unwrap();
    let theirs = engagement::create(&f.store, &EngagementInput { kind: Some(EngagementKind::Visit), summary: "走访湘钢".into(), cadre_ids: vec![gone.id.clone()], enterprise_ids: vec![b.clone()], ..Default::default() }).unwrap();
    assert_eq!(sync::duplicates(&f.store).unwrap().len(), 0, "different mobiles: not yet a duplicate");

    let merged = merge_cadres(&f.store, &CadreMergePlan { keep_id: keep.id.clone(), remove_id: gone.id.clone() }).unwrap();
    assert_eq!((merged.moved_liaisons, merged.ended_duplicates, merged.moved_issues, merged.moved_engagements), (2, 1, 1, 2));
    let r = &merged.record;
    assert_eq!((r.position.as_deref(), r.mobile.as_deref(), r.department_id.as_deref()), (Some("副主任"), Some("13907321234"), Some(f.dept.as_str())));

    assert_eq!(f.count(&format!("SELECT deleted FROM cadres WHERE id = '{}'", gone.id)), 1);
    assert_eq!(f.count(&format!("SELECT count(*) FROM liaisons WHERE cadre_id = '{}' AND deleted = 0", gone.id)), 0);
    // One current lead of 湘潭电机 (the kept one), the moved one ended; 湘钢's moved over.
    assert_eq!(f.count(&format!("SELECT count(*) FROM liaisons WHERE cadre_id = '{}' AND enterprise_id = '{a}' AND end_date IS NULL AND deleted = 0", keep.id)), 1);
    assert_eq!(f.count(&format!("SELECT count(*) FROM liaisons WHERE cadre_id = '{}' AND enterprise_id = '{b}' AND end_date IS NULL AND deleted = 0", keep.id)), 1);
    assert_eq!(f.count(&format!("SELECT count(*) FROM issues WHERE id = '{}' AND taken_by = '{}'", i.id, keep.id)), 1);
    // Each engagement names the kept cadre once, and no longer the removed one.
    for e in [&both.id, &theirs.id] {
        let n = f.count(&format!("SELECT count(*) FROM engagement_links WHERE engagement_id = '{e}' AND kind = 'cadre' AND target_id = '{}' AND deleted = 0", keep.id));
        assert_eq!(n, 1, "{e}");
    }
    assert_eq!(f.count(&format!("SELECT count(*) FROM engagement_links WHERE target_id = '{}' AND deleted = 0", gone.id)), 0);
    // The moves are ordinary writes: the change log carries them, so sync carries the merge.
    assert!(f.count(&format!("SELECT count(*) FROM changes WHERE entity = 'issues' AND row_id = '{}'", i.id)) >= 2);
}

#[test]
fn refuses_itself_an_unknown_record_and_changes_nothing() {
    let f = fixture();
    let keep = cadre(&f, CadreInput { name: "游志华".into(), role: Some(CadreRole::Cadre), ..Default::default() });
    let before = f.count("SELECT count(*) FROM changes");
    let e = merge_cadres(&f.store, &CadreMergePlan { keep_id: keep.id.clone(), remove_id: keep.id.clone() }).unwrap_err();
    assert_eq!(e.field(), Some("remove_id"));
    let e = merge_cadres(&f.store, &CadreMergePlan { keep_id: keep.id.clone(), remove_id: "nope".into() }).unwrap_err();
    assert!(e.to_string().contains("不存在"), "{e}");
    assert_eq!(f.count("SELECT count(*) FROM changes"), before);
}
