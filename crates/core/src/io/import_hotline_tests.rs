//! A 12345 platform's work-order export: its own headers, 诉求类型 outside the zone's
//! categories, and the same caller complaining again.

use super::import_issue_tests::*;
use super::import_ledger_dates_tests::sheet_xlsx;
use super::*;
use crate::model::issue::figures::{figures, FiguresQuery};
use crate::model::issue::{self, EventKind, Source, Status, WithdrawKind};

const HEADER: &[&str] = &["工单编号", "来电时间", "来电人", "联系电话", "诉求地址", "诉求内容", "诉求类型", "承办单位", "办理状态", "回访满意度"];

fn export_xlsx() -> Vec<u8> {
    let rows: &[&[&str]] = &[
        &["GD2026030100012", "2026-03-01 09:12:33", "王先生", "13807310001", "双马街道银盆岭小区3栋", "小区门口路灯不亮,晚上出行不便", "城乡建设", "经发局", "已办结", "满意"],
        &["GD2026030200045", "2026-03-02 10:00:00", "李女士", "13807310002", "", "企业招工难,需要技工", "用工", "人社局", "办理中", ""],
        &["GD2026031000101", "2026-03-10 20:41:05", "王先生", "13807310001", "", "小区门口的路灯还是不亮,晚上出行很不方便", "城乡建设", "经发局", "办理中", ""],
        &["GD2026031500150", "2026-03-15 08:00:00", "赵先生", "13807310003", "双马街道银盆岭小区3栋", "银盆岭小区3栋门口路灯不亮,出行不便", "城乡建设", "经发局", "办理中", ""],
        &["GD2026031600151", "2026-03-16 08:00:00", "王先生", "13807310001", "", "反映噪音扰民问题", "环境保护", "经发局", "办理中", ""],
    ];
    sheet_xlsx(None, HEADER, rows)
}

#[test]
fn a_12345_export_imports_as_hotline_issues_with_repeats_grouped_and_linked_when_asked() {
    let f = fx();
    let sheet = read("12345工单导出.xlsx", &export_xlsx()).unwrap();
    let r = preview_issues(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows), (5, 0), "{:?}", r.problems);
    assert_eq!(r.columns[0].field, Some(IssueField::HotlineNo));
    assert_eq!(r.columns[4].field, Some(IssueField::Address));
    assert_eq!(r.repeat_rows, 2);
    let groups: Vec<(u32, Vec<u32>, RepeatBy)> = r.repeats.iter().map(|g| (g.first_row, g.rows.clone(), g.by)).collect();
    assert_eq!(groups, vec![(2, vec![4, 5], RepeatBy::Phone)], "the caller again, then the same address; the noise complaint is another matter");
    assert_eq!(r.repeats[0].first_hotline_no.as_deref(), Some("GD2026030100012"));

    // Imported without linking: five issues from 12345热线, each keeping its work-order number.
    let g = fx();
    let done = commit_all(&g.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!(done.new_rows, 5);
    let first = g.by_content("小区门口路灯不亮");
    assert_eq!((first.source, first.hotline_no.as_deref()), (Source::Hotline, Some("GD2026030100012")));
    assert_eq!((first.category.as_str(), first.status), ("其他", Status::Resolved));
    let reg = &issue::events(&g.store, &first.id).unwrap()[0];
    assert_eq!(reg.note.as_deref(), Some("12345工单导入。地址:双马街道银盆岭小区3栋。诉求类型:城乡建设"), "nothing the export says is lost");
    assert_eq!(g.by_content("企业招工难").category, "用工");
    // The same export again adds nothing.
    let again = commit_all(&g.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((again.new_rows, again.existing_rows), (0, 5));

    // Linked: the repeats are duplicates of the first, out of the figures' counts.
    let o = IssueImportOptions { link_repeats: true, ..Default::default() };
    let done = commit_all(&f.store, &sheet, &o).unwrap();
    assert_eq!(done.new_rows, 5);
    let first = f.by_content("小区门口路灯不亮");
    let again = f.by_content("小区门口的路灯还是不亮");
    assert_eq!((again.status, again.withdraw_kind, again.duplicate_of.as_deref()), (Status::Withdrawn, Some(WithdrawKind::Duplicate), Some(first.id.as_str())));
    let w = issue::events(&f.store, &again.id).unwrap();
    assert_eq!(w.iter().map(|e| e.kind).collect::<Vec<_>>(), vec![EventKind::Register, EventKind::Withdraw]);
    assert!(w[1].note.as_deref().unwrap().starts_with(&format!("12345重复投诉:与第2行(问题 {})为同一诉求;原办理状态:办理中", first.no)), "{:?}", w[1].note);
    let fig = figures(&f.store, &FiguresQuery::default()).unwrap().total;
    assert_eq!((fig.total, fig.withdrawn), (3, 2));
}
