//! Engagement tests on temporary database files: validation, links both ways, quick capture's
//! one transaction, counts, and a merge moving engagements.

use super::*;
use crate::model::cadre::CadreRole;
use crate::model::issue::{self, Source, Status, Tier};
use crate::model::liaison::tests::{fixture, Fixture};
use crate::model::merge::{merge, MergePlan};
use crate::CoreError;

fn visit(f: &Fixture, date: &str, kind: EngagementKind, cadre: &str, ents: &[&str]) -> Engagement {
    create(
        &f.store,
        &EngagementInput {
            date: Some(date.into()),
            kind: Some(kind),
            summary: "走访企业,了解生产经营和用工情况".into(),
            cadre_ids: vec![cadre.into()],
            enterprise_ids: ents.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        },
    )
    .unwrap()
}

fn field_of(e: CoreError) -> (String, String) {
    match e {
        CoreError::Validation { field, message } => (field, message),
        other => panic!("not a validation error: {other:?}"),
    }
}

#[test]
fn validation_names_the_field_in_chinese_and_writes_nothing() {
    let f = fixture();
    let c = f.cadre("刘思远", CadreRole::Cadre);
    let changes = f.count("SELECT count(*) FROM changes");
    let base = EngagementInput {
        summary: "座谈".into(),
        kind: Some(EngagementKind::Forum),
        cadre_ids: vec![c.clone()],
        ..Default::default()
    };
    let cases = [
        (
            EngagementInput {
                kind: None,
                ..base.clone()
            },
            "kind",
            "请选择活动类型",
        ),
        (
            EngagementInput {
                summary: "  ".into(),
                ..base.clone()
            },
            "summary",
            "请填写活动内容",
        ),
        (
            EngagementInput {
                cadre_ids: vec![],
                ..base.clone()
            },
            "cadre_ids",
            "请选择参加的干部",
        ),
        (
            EngagementInput {
                enterprise_ids: vec!["nope".into()],
                ..base.clone()
            },
            "enterprise_ids",
            "所选企业不存在或已删除",
        ),
        (
            EngagementInput {
                date: Some("2025-02-30".into()),
                ..base.clone()
            },
            "date",
            "日期",
        ),
    ];
    for (input, field, msg) in cases {
        let (got_field, got_msg) = field_of(create(&f.store, &input).unwrap_err());
        assert_eq!(got_field, field);
        assert!(got_msg.contains(msg), "{got_msg}");
    }
    assert_eq!(
        f.count("SELECT count(*) FROM changes"),
        changes,
        "a refused engagement writes nothing"
    );
}

#[test]
fn links_are_listed_from_both_sides_and_edits_reconcile_them() {
    let f = fixture();
    let c1 = f.cadre("刘思远", CadreRole::Cadre);
    let c2 = f.cadre("王海燕", CadreRole::Cadre);
    let a = f.enterprise("湘潭电机股份有限公司", None);
    let b = f.enterprise("湘潭钢铁集团有限公司", None);
    let e = visit(&f, "2026-03-02", EngagementKind::Visit, &c1, &[&a, &b]);

    let view = get_view(&f.store, &e.id).unwrap();
    assert_eq!(
        view.cadres
            .iter()
            .map(|n| n.name.as_str())
            .collect::<Vec<_>>(),
        ["刘思远"]
    );
    assert_eq!(view.enterprises.len(), 2);
    let (rows, total) = for_target(&f.store, &a, 10).unwrap();
    assert_eq!((rows.len(), total), (1, 1));
    assert_eq!(for_target(&f.store, &c1, 10).unwrap().1, 1);

    // Edit: another cadre, one enterprise fewer, a later date.
    let input = EngagementInput {
        date: Some("2026-03-05".into()),
        kind: Some(EngagementKind::Visit),
        summary: "复访".into(),
        cadre_ids: vec![c1.clone(), c2.clone()],
        enterprise_ids: vec![a.clone()],
        ..Default::default()
    };
    update(&f.store, &e.id, &input).unwrap();
    assert_eq!(
        for_target(&f.store, &b, 10).unwrap().1,
        0,
        "the dropped enterprise no longer lists it"
    );
    assert_eq!(for_target(&f.store, &c2, 10).unwrap().1, 1);
    assert_eq!(
        f.count("SELECT count(*) FROM engagement_links WHERE deleted = 0 AND date = '2026-03-05'"),
        3
    );

    delete(&f.store, &e.id).unwrap();
    assert_eq!(for_target(&f.store, &a, 10).unwrap().1, 0);
    assert_eq!(
        list(&f.store, &EngagementQuery::default()).unwrap().total,
        0
    );
}

#[test]
fn list_filters_by_period_kind_target_department_and_text() {
    let f = fixture();
    let c = f.cadre("刘思远", CadreRole::Cadre);
    let a = f.enterprise("湘潭电机股份有限公司", None);
    visit(&f, "2026-01-10", EngagementKind::Visit, &c, &[&a]);
    visit(&f, "2026-02-10", EngagementKind::Coordination, &c, &[]);
    visit(&f, "2026-03-10", EngagementKind::Visit, &c, &[]);
    let q = |q: EngagementQuery| list(&f.store, &q).unwrap();
    assert_eq!(
        q(EngagementQuery::default()).rows[0].engagement.date,
        "2026-03-10",
        "newest first"
    );
    assert_eq!(
        q(EngagementQuery {
            from: Some("2026-02-01".into()),
            ..Default::default()
        })
        .total,
        2
    );
    assert_eq!(
        q(EngagementQuery {
            kind: Some(EngagementKind::Visit),
            ..Default::default()
        })
        .total,
        2
    );
    assert_eq!(
        q(EngagementQuery {
            target_id: Some(a.clone()),
            ..Default::default()
        })
        .total,
        1
    );
    assert_eq!(
        q(EngagementQuery {
            department_id: Some(f.dept.clone()),
            ..Default::default()
        })
        .total,
        3
    );
    assert_eq!(
        q(EngagementQuery {
            text: Some("用工".into()),
            ..Default::default()
        })
        .total,
        3
    );
    assert_eq!(
        q(EngagementQuery {
            text: Some("融资".into()),
            ..Default::default()
        })
        .total,
        0
    );
}

#[test]
fn counts_say_what_a_report_says() {
    let f = fixture();
    let c = f.cadre("刘思远", CadreRole::Cadre);
    let a = f.enterprise("湘潭电机股份有限公司", None);
    for d in ["2026-01-05", "2026-01-06", "2026-01-07"] {
        visit(&f, d, EngagementKind::Visit, &c, &[&a]);
    }
    visit(&f, "2026-01-08", EngagementKind::Coordination, &c, &[]);
    visit(&f, "2025-12-31", EngagementKind::Visit, &c, &[]);
    let n = counts(&f.store, "2026-01-01", "2026-03-31").unwrap();
    assert_eq!(n.total, 4);
    assert_eq!(
        n.by_kind,
        vec![
            (EngagementKind::Visit, 3),
            (EngagementKind::Coordination, 1)
        ]
    );
    assert_eq!(n.by_cadre[0].1, 4);
    assert_eq!(n.by_department[0].0.name, "经发局");
    assert_eq!(n.enterprises, 1);
    assert_eq!(
        n.sentence,
        "开展活动4次,其中走访调研3次、协调会1次,涉及企业1家"
    );
}

fn capture_input(ent: &str, cadre: &str) -> CaptureInput {
    CaptureInput {
        enterprise_id: ent.into(),
        date: Some("2026-04-01".into()),
        cadre_ids: vec![cadre.into()],
        summary: "走访企业生产车间".into(),
        issues: vec![
            CaptureIssue {
                content: "厂区门口路灯不亮".into(),
                category: "基础设施".into(),
                tier: Some(Tier::General),
                resolve_on_spot: Some("当场联系社区更换".into()),
            },
            CaptureIssue {
                content: "希望协调银行授信".into(),
                category: "融资".into(),
                tier: Some(Tier::Regular),
                resolve_on_spot: None,
            },
            CaptureIssue {
                content: "招工难,缺技术工人".into(),
                category: "用工".into(),
                tier: None,
                resolve_on_spot: None,
            },
        ],
        ..Default::default()
    }
}

#[test]
fn quick_capture_saves_the_visit_and_its_issues_together() {
    let f = fixture();
    let c = f.cadre("测试", CadreRole::Cadre);
    let a = f.enterprise("湘潭电机股份有限公司", None);
    assert_eq!(
        my_cadre(&f.store).unwrap().map(|c| c.name),
        Some("测试".into()),
        "the operator's own cadre"
    );
    let got = capture(&f.store, &capture_input(&a, &c)).unwrap();
    assert_eq!(got.engagement.kind, EngagementKind::Visit);
    assert_eq!(got.issues.len(), 3);
    assert!(got
        .issues
        .iter()
        .all(|i| i.source == Source::Visit && i.enterprise_id.as_deref() == Some(a.as_str())));
    assert_eq!(
        got.issues[0].status,
        Status::Resolved,
        "一般 resolved on the spot"
    );
    assert_eq!(got.issues[1].status, Status::Registered);
    let view = get_view(&f.store, &got.engagement.id).unwrap();
    assert_eq!(view.issues.len(), 3, "the visit lists its issues");
    // and each issue finds its visit
    for i in &got.issues {
        assert_eq!(
            for_target(&f.store, &i.id, 5).unwrap().0[0].engagement.id,
            got.engagement.id
        );
    }
    assert_eq!(for_target(&f.store, &a, 5).unwrap().1, 1);
}

#[test]
fn quick_capture_refuses_a_bad_issue_row_by_its_number_and_saves_nothing() {
    let f = fixture();
    let c = f.cadre("刘思远", CadreRole::Cadre);
    let a = f.enterprise("湘潭电机股份有限公司", None);
    let mut input = capture_input(&a, &c);
    input.issues[2].content = String::new();
    let before = (
        f.count("SELECT count(*) FROM changes"),
        f.count("SELECT count(*) FROM issues"),
    );
    let (field, msg) = field_of(capture(&f.store, &input).unwrap_err());
    assert_eq!(field, "issues.2.content");
    assert_eq!(msg, "第3条问题:请填写问题内容");
    let mut input = capture_input(&a, &c);
    input.issues[1].resolve_on_spot = Some("已办".into());
    let (field, _) = field_of(capture(&f.store, &input).unwrap_err());
    assert_eq!(
        field, "issues.1.resolve_on_spot",
        "当场办结 is for 一般 only"
    );
    assert_eq!(
        (
            f.count("SELECT count(*) FROM changes"),
            f.count("SELECT count(*) FROM issues")
        ),
        before
    );
    assert_eq!(f.count("SELECT count(*) FROM engagements"), 0);
}

#[test]
fn a_merge_moves_issues_engagements_and_supports_to_the_kept_enterprise() {
    let f = fixture();
    let c = f.cadre("刘思远", CadreRole::Cadre);
    let keep = f.enterprise("湘潭电机股份有限公司", None);
    let gone = f.enterprise("湘电股份", None);
    capture(&f.store, &capture_input(&gone, &c)).unwrap();
    // One engagement names both: after the merge it names the kept one once.
    visit(
        &f,
        "2026-04-02",
        EngagementKind::Coordination,
        &c,
        &[&keep, &gone],
    );
    crate::model::support::create(
        &f.store,
        &crate::model::support::SupportInput {
            enterprise_id: gone.clone(),
            kind: Some(crate::model::support::SupportKind::Credit),
            amount_fen: Some(18_000_000 * 100),
            ..Default::default()
        },
    )
    .unwrap();
    let m = merge(
        &f.store,
        &MergePlan {
            keep_id: keep.clone(),
            remove_id: gone.clone(),
            take_from_removed: vec![],
        },
    )
    .unwrap();
    assert_eq!(
        (m.moved_issues, m.moved_engagements, m.moved_supports),
        (3, 2, 1)
    );
    let live = |sql: &str| f.count(sql);
    assert_eq!(
        live(&format!(
            "SELECT count(*) FROM issues WHERE enterprise_id = '{gone}' AND deleted = 0"
        )),
        0
    );
    assert_eq!(
        live(&format!(
            "SELECT count(*) FROM engagement_links WHERE target_id = '{gone}' AND deleted = 0"
        )),
        0
    );
    assert_eq!(for_target(&f.store, &keep, 10).unwrap().1, 2);
    assert_eq!(
        live(&format!(
            "SELECT count(*) FROM supports WHERE enterprise_id = '{keep}' AND deleted = 0"
        )),
        1
    );
    // The ledger index follows the moved issues.
    let page = issue::ledger::ledger(
        &f.store,
        &issue::ledger::LedgerQuery {
            enterprise_id: Some(keep.clone()),
            ..issue::ledger::LedgerQuery::first_page()
        },
    )
    .unwrap();
    assert_eq!(page.total, 3);
}

#[test]
fn day_counts_follow_creates_edits_and_deletes() {
    // The pager's total and the counts by kind come from `engagement_days`, kept by triggers;
    // after every kind of write they must equal counting the rows.
    let f = fixture();
    let c = f.cadre("刘思远", CadreRole::Cadre);
    let a = visit(&f, "2026-01-10", EngagementKind::Visit, &c, &[]);
    let b = visit(&f, "2026-01-10", EngagementKind::Visit, &c, &[]);
    visit(&f, "2026-02-10", EngagementKind::Forum, &c, &[]);
    let moved = EngagementInput {
        date: Some("2026-03-01".into()),
        kind: Some(EngagementKind::Coordination),
        summary: "协调用地问题".into(),
        cadre_ids: vec![c.clone()],
        ..Default::default()
    };
    update(&f.store, &a.id, &moved).unwrap();
    delete(&f.store, &b.id).unwrap();
    let periods = [("2026-01-01", "2026-01-31"), ("2026-01-01", "2026-12-31"), ("2026-03-01", "2026-03-01"), ("2025-01-01", "2025-12-31")];
    for (from, to) in periods {
        for kind in [None, Some(EngagementKind::Visit), Some(EngagementKind::Coordination), Some(EngagementKind::Forum)] {
            let rows = f.count(&format!(
                "SELECT count(*) FROM engagements WHERE deleted = 0 AND date >= '{from}' AND date <= '{to}' {}",
                kind.map(|k| format!("AND kind = '{}'", k.as_str())).unwrap_or_default()
            ));
            let q = EngagementQuery { from: Some(from.into()), to: Some(to.into()), kind, ..Default::default() };
            assert_eq!(list(&f.store, &q).unwrap().total as i64, rows, "{from}..{to} {kind:?}");
        }
    }
    let n = counts(&f.store, "2026-01-01", "2026-12-31").unwrap();
    assert_eq!(n.by_kind, vec![(EngagementKind::Coordination, 1), (EngagementKind::Forum, 1)]);
    assert_eq!(f.count("SELECT count(*) FROM engagement_days WHERE n < 0"), 0);
}

#[test]
fn a_page_names_every_link_in_one_pass() {
    let f = fixture();
    let c = f.cadre("刘思远", CadreRole::Cadre);
    let a = f.enterprise("湘潭电机股份有限公司", None);
    let b = f.enterprise("长沙远大住宅工业集团股份有限公司", None);
    visit(&f, "2026-01-10", EngagementKind::Visit, &c, &[&a, &b]);
    visit(&f, "2026-01-11", EngagementKind::Visit, &c, &[&b]);
    let p = list(&f.store, &EngagementQuery::default()).unwrap();
    let names = |r: &EngagementRow| r.enterprises.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&p.rows[0]), vec!["长沙远大住宅工业集团股份有限公司"]);
    assert_eq!(names(&p.rows[1]).len(), 2);
    assert_eq!(p.rows[1].cadres[0].name, "刘思远");
    let (mine, n) = for_target(&f.store, &a, 10).unwrap();
    assert_eq!((mine.len(), n), (1, 1));
    assert_eq!(get_view(&f.store, &mine[0].engagement.id).unwrap().enterprises.len(), 2);
}
