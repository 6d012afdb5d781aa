//! The ledger's filters, sort and text search, the due list, the detail page, and issue texts
//! in the global search.

use super::*;
use crate::model::issue::ledger::{detail, due, ledger, LedgerQuery, LedgerSort};
use crate::search::{search, SearchKind};

#[test]
fn ledger_filters_sorts_and_finds_text() {
    let f = fx();
    let a = f.register("2026-03-02");
    let b = f.assign(&f.register("2026-03-05"), "2026-03-05", None);
    let resident = register(
        f.store(),
        &RegisterInput {
            source: Some(Source::Hotline),
            reporter_name: Some("王大爷".into()),
            category: "民生".into(),
            content: "小区路灯长期不亮,夜间出行不便".into(),
            registered_on: Some("2026-03-04".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let q = |q: LedgerQuery| ledger(f.store(), &q).unwrap();
    let nos = |p: crate::model::Page<crate::model::issue::ledger::LedgerRow>| p.rows.into_iter().map(|r| r.no).collect::<Vec<_>>();
    // Newest first by default when desc.
    let all = q(LedgerQuery { desc: true, ..Default::default() });
    assert_eq!(nos(all.clone()), [b.no.clone(), resident.no.clone(), a.no.clone()]);
    assert_eq!(all.rows[0].lead_department.as_deref(), Some("经发局"));
    assert_eq!(all.rows[0].subject.as_deref(), Some("湘潭电机股份有限公司"));
    assert_eq!(all.rows[1].subject.as_deref(), Some("王大爷"));
    assert_eq!(q(LedgerQuery { status: vec![Status::Assigned], ..Default::default() }).total, 1);
    assert_eq!(q(LedgerQuery { status: vec![Status::Assigned, Status::Registered], ..Default::default() }).total, 3);
    assert_eq!(q(LedgerQuery { department_id: Some(f.dept.clone()), ..Default::default() }).total, 1);
    assert_eq!(q(LedgerQuery { category: Some("民生".into()), ..Default::default() }).total, 1);
    assert_eq!(q(LedgerQuery { source: Some(Source::Hotline), ..Default::default() }).total, 1);
    assert_eq!(q(LedgerQuery { from: Some("2026-03-03".into()), to: Some("2026-03-04".into()), ..Default::default() }).total, 1);
    assert_eq!(q(LedgerQuery { enterprise_id: Some(f.ent.clone()), ..Default::default() }).total, 2);
    assert_eq!(q(LedgerQuery { mine: true, ..Default::default() }).total, 3);
    // Text: 3+ characters through the trigram index, 1–2 by scanning; 编号 too.
    assert_eq!(nos(q(LedgerQuery { text: Some("路灯长期".into()), ..Default::default() })), [resident.no.clone()]);
    assert_eq!(q(LedgerQuery { text: Some("授信".into()), ..Default::default() }).total, 2);
    assert_eq!(nos(q(LedgerQuery { text: Some(a.no.clone()), ..Default::default() })), [a.no.clone()]);
    let by_deadline = q(LedgerQuery { sort: LedgerSort::Deadline, desc: true, ..Default::default() });
    assert_eq!(by_deadline.rows[0].no, b.no);
    // Paging.
    let p2 = q(LedgerQuery { page: 2, page_size: 2, ..Default::default() });
    assert_eq!((p2.total, p2.rows.len()), (3, 1));
}

#[test]
fn issue_texts_join_the_global_search_but_not_short_queries() {
    let f = fx();
    let i = f.register("2026-03-02");
    let r = search(f.store(), "银行授信", None, 5).unwrap();
    let issues = r.groups.iter().find(|g| g.kind == SearchKind::Issue).expect("an issue group");
    assert_eq!(issues.hits[0].id, i.id);
    assert!(issues.hits[0].subtitle.as_deref().unwrap().contains(&i.no));
    // Enterprises are still found as before, and a two-character query finds names only.
    let r = search(f.store(), "湘潭电机", None, 5).unwrap();
    assert_eq!(r.groups[0].kind, SearchKind::Enterprise);
    let r = search(f.store(), "授信", None, 5).unwrap();
    assert!(r.groups.iter().all(|g| g.kind != SearchKind::Issue));
    // Restricted to issues.
    let r = search(f.store(), "流动资金", Some(&[SearchKind::Issue]), 5).unwrap();
    assert_eq!(r.groups.len(), 1);
}

#[test]
fn due_list_and_detail() {
    let f = fx();
    let today = crate::day::today();
    let i = f.register(&today);
    let i = f.assign(&i, &today, Some(3));
    let j = f.assign(&f.register(&today), &today, Some(30));
    f.register(&today); // no deadline: not due
    let list = due(f.store(), true, 10).unwrap();
    assert_eq!(list.iter().map(|r| r.no.clone()).collect::<Vec<_>>(), [i.no.clone(), j.no.clone()]);
    let d = detail(f.store(), &i.no).unwrap();
    assert_eq!(d.lead_department.as_deref(), Some("经发局"));
    assert_eq!(d.enterprise_name.as_deref(), Some("湘潭电机股份有限公司"));
    assert_eq!(d.days_so_far, Some(0));
    assert!(d.flag.is_some());
    assert_eq!(d.events.len(), 2);
    let data = serde_json::to_value(&d.events[1].data).unwrap();
    assert_eq!(data["deadline"], serde_json::json!(i.deadline));
}
