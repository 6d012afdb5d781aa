//! Support outcome tests: validation, the list, and totals in a report's words.

use super::*;
use crate::model::cadre::CadreRole;
use crate::model::liaison::tests::fixture;
use crate::CoreError;

fn input(
    ent: &str,
    kind: SupportKind,
    fen: Option<i64>,
    count: Option<(i64, &str)>,
    status: SupportStatus,
    date: &str,
) -> SupportInput {
    SupportInput {
        enterprise_id: ent.into(),
        kind: Some(kind),
        amount_fen: fen,
        count: count.map(|c| c.0),
        unit: count.map(|c| c.1.to_string()),
        status: Some(status),
        date: Some(date.into()),
        ..Default::default()
    }
}

const WAN: i64 = 10_000 * 100;

#[test]
fn validation_in_chinese_and_nothing_written() {
    let f = fixture();
    let a = f.enterprise("湘潭电机股份有限公司", None);
    let before = f.count("SELECT count(*) FROM changes");
    let bad = |i: SupportInput| match create(&f.store, &i).unwrap_err() {
        CoreError::Validation { field, message } => (field, message),
        e => panic!("{e:?}"),
    };
    let ok = input(
        &a,
        SupportKind::Credit,
        Some(1800 * WAN),
        None,
        SupportStatus::Done,
        "2026-03-01",
    );
    assert_eq!(
        bad(SupportInput {
            enterprise_id: String::new(),
            ..ok.clone()
        })
        .0,
        "enterprise_id"
    );
    assert_eq!(
        bad(SupportInput {
            kind: None,
            ..ok.clone()
        })
        .1,
        "请选择成效类型"
    );
    assert_eq!(
        bad(SupportInput {
            amount_fen: None,
            ..ok.clone()
        })
        .1,
        "请填写金额或数量(至少一项)"
    );
    assert_eq!(
        bad(SupportInput {
            amount_fen: Some(-1),
            ..ok.clone()
        })
        .0,
        "amount_fen"
    );
    assert_eq!(
        bad(SupportInput {
            count: Some(79),
            ..ok.clone()
        })
        .0,
        "unit",
        "a count needs its unit"
    );
    assert_eq!(
        bad(SupportInput {
            issue_id: Some("x".into()),
            ..ok.clone()
        })
        .1,
        "所选问题不存在或已删除"
    );
    assert_eq!(f.count("SELECT count(*) FROM changes"), before);
    let s = create(&f.store, &ok).unwrap();
    assert_eq!(s.amount_fen, Some(1800 * WAN));
}

#[test]
fn totals_by_kind_department_and_street_in_a_reports_words() {
    let f = fixture();
    f.cadre("刘思远", CadreRole::Cadre);
    let a = f.enterprise("湘潭电机股份有限公司", None);
    let b = f.enterprise("湘潭钢铁集团有限公司", None);
    for (e, fen) in [(&a, 4000), (&b, 1500), (&a, 500)] {
        create(
            &f.store,
            &input(
                e,
                SupportKind::Financing,
                Some(fen * WAN),
                None,
                SupportStatus::Intent,
                "2026-02-01",
            ),
        )
        .unwrap();
    }
    let mut hired = input(
        &b,
        SupportKind::Hiring,
        None,
        Some((79, "人")),
        SupportStatus::Done,
        "2026-02-03",
    );
    hired.department_id = Some(f.dept.clone());
    create(&f.store, &hired).unwrap();
    create(
        &f.store,
        &input(
            &a,
            SupportKind::Credit,
            Some(1800 * WAN),
            None,
            SupportStatus::Done,
            "2025-12-01",
        ),
    )
    .unwrap();

    let t = totals(&f.store, "2026-01-01", "2026-12-31", None, TotalsBy::Kind).unwrap();
    assert_eq!(t.rows.len(), 2, "last year's credit is outside the period");
    assert_eq!(
        (
            t.rows[0].name.as_str(),
            t.rows[0].items,
            t.rows[0].enterprises,
            t.rows[0].amount_fen
        ),
        ("贷款融资", 3, 2, 6000 * WAN)
    );
    assert_eq!(t.rows[1].counts, vec![("人".to_string(), 79)]);
    assert_eq!(t.sentence, "贷款融资3笔6000万元;用工对接1笔、79人");
    let done = totals(
        &f.store,
        "2026-01-01",
        "2026-12-31",
        Some(SupportStatus::Done),
        TotalsBy::Kind,
    )
    .unwrap();
    assert_eq!(done.rows.len(), 1);
    let by_dep = totals(
        &f.store,
        "2026-01-01",
        "2026-12-31",
        None,
        TotalsBy::Department,
    )
    .unwrap();
    assert_eq!(
        by_dep
            .rows
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
        ["未指定单位", "经发局"]
    );
    let by_street = totals(&f.store, "2026-01-01", "2026-12-31", None, TotalsBy::Street).unwrap();
    assert_eq!(by_street.rows[0].name, "未分街道");

    let page = list(
        &f.store,
        &SupportQuery {
            enterprise_id: Some(a.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.rows[0].enterprise_name, "湘潭电机股份有限公司");
    assert_eq!(yuan_words(580_000_000 * 100), "5.8亿元");
    assert_eq!(yuan_words(703_000 * 100), "70.3万元");
}
