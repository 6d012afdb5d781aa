//! The ledger export: the same rows as the ledger for every kind of filter, in its order, and
//! a file the ledger import reads back into the same issues.

use std::sync::atomic::AtomicBool;

use super::import_issue_tests::{commit_all, fx, good_rows, ledger_xlsx};
use super::*;
use crate::model::issue::ledger::{self, LedgerQuery, LedgerSort};
use crate::model::issue::{self, Flag, Issue, RegisterInput, Source, Status};

fn exported(f: &super::import_issue_tests::Fx, q: &LedgerQuery) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.xlsx");
    let r = export_issues(&f.store, q, &path, ExportFormat::Xlsx).unwrap();
    let sheet = read_path(&path).unwrap();
    assert_eq!(sheet.rows[0].iter().map(|c| c.text()).collect::<Vec<_>>(), ISSUE_HEADERS);
    assert_eq!(r.rows as usize, sheet.rows.len() - 1);
    sheet.rows[1..].iter().map(|r| r.iter().map(|c| c.text()).collect()).collect()
}

#[test]
fn the_export_has_the_ledgers_rows_in_its_order_for_every_filter() {
    let f = fx();
    let sheet = read("台账.xlsx", &ledger_xlsx(&good_rows())).unwrap();
    commit_all(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    // Issues registered in the app too, so `mine` and the flags have something to tell apart.
    f.store.set_actor("另一位").unwrap();
    for day in ["2026-11-02", "2026-11-19"] {
        issue::register(
            &f.store,
            &RegisterInput {
                source: Some(Source::Window),
                enterprise_id: Some(f.ent.clone()),
                category: "用工".into(),
                content: format!("{day}登记的用工问题"),
                registered_on: Some(day.into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let today = Some("2026-11-21".to_string());
    let queries = [
        LedgerQuery::default(),
        LedgerQuery { status: vec![Status::InProgress, Status::Assigned], ..Default::default() },
        LedgerQuery { flag: vec![Flag::Black], ..Default::default() },
        LedgerQuery { flag: vec![Flag::Red, Flag::Yellow, Flag::Green], ..Default::default() },
        LedgerQuery { department_id: Some(f.jingfa.clone()), sort: LedgerSort::Deadline, desc: true, ..Default::default() },
        LedgerQuery { category: Some("民生".into()), ..Default::default() },
        LedgerQuery { source: Some(Source::Visit), sort: LedgerSort::No, ..Default::default() },
        LedgerQuery { text: Some("流动资金".into()), ..Default::default() },
        LedgerQuery { text: Some("路灯".into()), ..Default::default() },
        LedgerQuery { from: Some("2026-03-01".into()), to: Some("2026-04-30".into()), ..Default::default() },
        LedgerQuery { mine: true, ..Default::default() },
        LedgerQuery { enterprise_id: Some(f.ent.clone()), sort: LedgerSort::Status, ..Default::default() },
    ];
    for q in queries {
        let q = LedgerQuery { today: today.clone(), page_size: 500, ..q };
        let page = ledger::ledger(&f.store, &q).unwrap();
        let rows = exported(&f, &q);
        let nos: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        let want: Vec<&str> = page.rows.iter().map(|r| r.no.as_str()).collect();
        assert_eq!(nos, want, "{:?} {:?} {:?}", q.status, q.flag, q.text);
    }
    assert_eq!(exported(&f, &LedgerQuery { mine: true, ..Default::default() }).len(), 2);
}

#[test]
fn an_exported_ledger_imports_back_into_the_same_issues() {
    let a = fx();
    let sheet = read("台账.xlsx", &ledger_xlsx(&good_rows())).unwrap();
    commit_all(&a.store, &sheet, &IssueImportOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("导出.xlsx");
    let csv = dir.path().join("导出.csv");
    export_issues(&a.store, &LedgerQuery::default(), &path, ExportFormat::Xlsx).unwrap();
    export_issues(&a.store, &LedgerQuery::default(), &csv, ExportFormat::Csv).unwrap();
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"), "Excel reads the CSV as UTF-8");

    // Into the same database: all there already.
    let again = read_path(&path).unwrap();
    let r = preview_issues(&a.store, &again, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.existing_rows, r.invalid_rows), (0, 10, 0), "{:#?}", r.problems);

    // Into another office's database with the same units and enterprise: the same issues.
    let b = fx();
    let r = commit_issues(&b.store, &again, &IssueImportOptions::default(), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows), (10, 0), "{:#?}", r.problems);
    let all = |f: &super::import_issue_tests::Fx| -> Vec<Issue> {
        let ids: Vec<String> = f
            .store
            .read(|c| {
                let mut st = c.prepare("SELECT id FROM issues ORDER BY no")?;
                let v = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                Ok(v)
            })
            .unwrap();
        ids.iter().map(|id| issue::get_issue(&f.store, id).unwrap()).collect()
    };
    let (xs, ys) = (all(&a), all(&b));
    assert_eq!(xs.len(), ys.len());
    for (x, y) in xs.iter().zip(&ys) {
        let key = |i: &Issue| {
            (
                i.no.clone(),
                i.status,
                i.registered_on.clone(),
                i.category.clone(),
                i.tier,
                i.disposition,
                i.source,
                i.content.clone(),
                i.reporter_name.clone(),
                i.reporter_phone.clone(),
                (i.assigned_on.clone(), i.deadline.clone(), i.resolved_on.clone(), i.closed_on.clone()),
                (i.working_days, i.on_time, i.satisfaction, i.result.clone()),
            )
        };
        assert_eq!(key(x), key(y));
        assert_eq!(x.enterprise_id.is_some(), y.enterprise_id.is_some(), "{}", x.no);
        assert_eq!(x.lead_department_id.is_some(), y.lead_department_id.is_some(), "{}", x.no);
    }
}
