//! Ledger (台账) import, continued: bad rows, numbering, cancelling, the headers offices write,
//! and CSV ledgers, on real files and a real store.

use std::sync::atomic::AtomicBool;

use rust_xlsxwriter::Workbook;

use super::import_issue::issue_field_for;
use super::import_issue_tests::*;
use super::*;
use crate::error::CoreError;
use crate::model::department;
use crate::model::issue::{self, RegisterInput, Source, Status};

/// A small ledger with the given header and rows, all cells typed as text.
fn plain_xlsx(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_row(0, 0, header.iter().copied()).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write(r as u32 + 1, c as u16, v.as_str()).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

const SHORT: &[&str] =
    &["编号", "登记日期", "企业名称", "问题类别", "问题内容", "责任单位", "办理状态", "办结日期", "联点干部"];

#[test]
fn bad_rows_are_reported_by_row_and_column_and_nothing_is_written_unless_skipped() {
    let f = fx();
    let rows = vec![
        row(&["", "2026-03-01", "湘潭电机股份有限公司", "融资", "好问题一", "经发局", "办理中", "", "张三"]),
        row(&["", "2026-03-01", "湘潭电机股份有限公司", "火星", "类别不对", "经发局", "办理中", "", ""]),
        row(&["", "2026-03-01", "湘潭电机股份有限公司", "融资", "状态不对", "经发局", "研究研究", "", ""]),
        row(&["", "2026-03-01", "湘潭电机股份有限公司", "融资", "办结没有日期", "经发局", "已办结", "", ""]),
        row(&["", "2026-03-01", "湘潭电机股份有限公司", "融资", "办理中没有单位", "", "办理中", "", ""]),
        row(&["", "2026年3月", "湘潭电机股份有限公司", "融资", "日期不对", "", "待交办", "", ""]),
        row(&["", "2026-03-05", "湘潭电机股份有限公司", "融资", "办结早于登记", "经发局", "已办结", "2026-03-01", ""]),
        row(&["", "2026-03-01", "", "融资", "没有企业也没有反映人", "", "待交办", "", ""]),
        row(&["", "2026-03-01", "湘潭电机股份有限公司", "融资", "单位不存在", "财政局", "办理中", "", ""]),
        row(&["", "2099-03-01", "湘潭电机股份有限公司", "融资", "将来的日期", "", "待交办", "", ""]),
        row(&["", "2026-03-02", "湘潭电机股份有限公司", "用工", "好问题二", "", "未办结", "", ""]),
    ];
    let sheet = read("台账.xlsx", &plain_xlsx(SHORT, &rows)).unwrap();
    let r = preview_issues(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.total_rows, r.new_rows, r.invalid_rows), (11, 3, 8));
    let got: Vec<String> = r.problems.iter().filter(|p| !p.warning).map(describe).collect();
    let expect = [
        "第3行 [问题类别] 问题类别“火星”不在类别列表中,应为 融资、用工、土地",
        "第4行 [办理状态] 无法识别的办理状态“研究研究”,应为 待交办、已交办",
        "第6行 [责任单位] 状态为“办理中”,请填写牵头单位",
        "第7行 [登记日期] 日期“2026年3月”无法识别",
        "第8行 [办结日期] 办结日期(2026-03-01)早于登记日期(2026-03-05)",
        "第9行 [企业名称] 请填写企业名称或反映人",
        "第10行 [责任单位] 未找到单位“财政局”",
        "第11行 [登记日期] 登记日期“2099-03-01”晚于今天",
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for (g, e) in got.iter().zip(expect) {
        assert!(g.starts_with(e), "{g} / {e}");
    }
    assert_eq!(r.missing.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), vec!["财政局"]);

    let before = (f.issues(), f.changes());
    let e = commit_all(&f.store, &sheet, &IssueImportOptions::default()).unwrap_err();
    assert!(matches!(e, CoreError::ImportProblems { rows: 8, .. }), "{e}");
    assert!(e.to_string().contains("第3行 [问题类别]"), "{e}");
    assert_eq!((f.issues(), f.changes()), before, "all or nothing");

    // Skipping bad rows imports the three good ones (one 已办结 without its date, 日期不详);
    // creating missing units rescues row 10.
    let o = IssueImportOptions { skip_invalid: true, create_missing: true, ..Default::default() };
    let r = commit_all(&f.store, &sheet, &o).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows, r.new_departments), (4, 7, 1));
    assert_eq!(r.left_out.iter().map(|l| l.row).collect::<Vec<_>>(), vec![3, 4, 6, 7, 8, 9, 11], "the rows left out, for the office to fix");
    assert_eq!(f.issues(), 4);
    assert_eq!(f.by_content("办结没有日期").resolved_on, None);
    let one = f.by_content("好问题一");
    assert_eq!(one.taken_by.as_deref(), Some(f.cadre.as_str()), "联点干部 by name");
    assert_eq!(one.status, Status::InProgress);
    let two = f.by_content("好问题二");
    assert_eq!(two.status, Status::Registered, "未办结 without a department waits to be assigned");
    let made = f.by_content("单位不存在");
    let caizheng = department::all(&f.store).unwrap().into_iter().find(|d| d.name == "财政局").unwrap();
    assert_eq!(made.lead_department_id, Some(caizheng.id));
}

#[test]
fn numbers_are_kept_when_unique_and_a_second_import_of_the_same_ledger_adds_nothing() {
    let f = fx();
    let rows = vec![
        row(&["2026-3", "2026-03-01", "湘潭电机股份有限公司", "融资", "问题甲", "", "待交办", "", ""]),
        row(&["1", "2026-03-01", "湘潭电机股份有限公司", "融资", "问题乙", "", "待交办", "", ""]),
        row(&["XT-2026-015", "2026-03-01", "湘潭电机股份有限公司", "融资", "问题丙", "", "待交办", "", ""]),
        row(&["XT-2026-015", "2026-03-01", "湘潭电机股份有限公司", "融资", "问题丁", "", "待交办", "", ""]),
        row(&["2026-A1", "2026-03-01", "湘潭电机股份有限公司", "融资", "问题戊", "", "待交办", "", ""]),
    ];
    let sheet = read("台账.xlsx", &plain_xlsx(SHORT, &rows)).unwrap();
    let r = commit_all(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.renumbered_rows), (5, 2), "{:#?}", r.problems);
    assert_eq!(f.by_content("问题甲").no, "2026-00003");
    assert_eq!(
        f.by_content("问题乙").no,
        "2026-00004",
        "a bare 序号 is not an 编号; numbering goes on after the kept one"
    );
    assert_eq!(f.by_content("问题丙").no, "XT-2026-015");
    let ding = f.by_content("问题丁");
    assert_eq!(ding.no, "2026-00005", "a number used twice in the file");
    let data = serde_json::to_string(&issue::events(&f.store, &ding.id).unwrap()[0].data).unwrap();
    assert!(data.contains("\"ledger_no\":\"XT-2026-015\""), "{data}");
    assert_eq!(f.by_content("问题戊").no, "2026-00006", "YYYY-… shapes would confuse the app's numbering");
    let warned: Vec<String> = r.problems.iter().map(describe).collect();
    assert!(warned.iter().any(|w| w.starts_with("第5行 [编号] 编号“XT-2026-015”与第4行的编号相同")), "{warned:?}");

    // The same ledger again: every row is recognised, by 编号 or by date, enterprise and text.
    let again = commit_all(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((again.new_rows, again.existing_rows), (0, 5));
    assert_eq!(f.issues(), 5);

    // The app's own numbering continues above the imported numbers.
    let next = issue::register(
        &f.store,
        &RegisterInput {
            source: Some(Source::Visit),
            enterprise_id: Some(f.ent.clone()),
            category: "用工".into(),
            content: "新登记的问题".into(),
            registered_on: Some("2026-03-02".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(next.no, "2026-00007");
}

#[test]
fn a_cancel_writes_nothing_and_progress_is_reported() {
    let f = fx();
    let rows: Vec<Vec<String>> = (0..1200)
        .map(|i| {
            row(&["", "2026-03-01", "湘潭电机股份有限公司", "融资", &format!("批量问题{i}"), "经发局", "办理中", "", ""])
        })
        .collect();
    let sheet = read("台账.xlsx", &plain_xlsx(SHORT, &rows)).unwrap();
    let cancel = AtomicBool::new(false);
    let mut seen = Vec::new();
    let e = commit_issues(
        &f.store,
        &sheet,
        &IssueImportOptions::default(),
        &mut |p| {
            seen.push(p.done);
            if p.done >= 500 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(e, CoreError::Cancelled));
    assert_eq!(seen, vec![0, 500]);
    assert_eq!(f.issues(), 0);

    let mut last = None;
    let r = commit_issues(
        &f.store,
        &sheet,
        &IssueImportOptions::default(),
        &mut |p| last = Some(p),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(r.new_rows, 1200);
    assert_eq!(last, Some(ImportProgress { done: 1200, total: 1200 }));
    assert_eq!(f.count("SELECT count(DISTINCT no) FROM issues"), 1200);
}

#[test]
fn ledger_headers_as_offices_write_them() {
    use IssueField as F;
    for (h, f) in [
        ("编号", F::No),
        ("问题编号", F::No),
        ("反映时间", F::RegisteredOn),
        ("登记日期", F::RegisteredOn),
        ("问题来源", F::Source),
        ("企业名称", F::Enterprise),
        ("企业(群众)名称", F::Enterprise),
        ("反映人", F::Reporter),
        ("企业联系人", F::Reporter),
        ("联系电话", F::Phone),
        ("反映人电话", F::Phone),
        ("问题类别", F::Category),
        ("问题描述", F::Content),
        ("*诉求内容(必填)", F::Content),
        ("问题层级", F::Tier),
        ("分级", F::Tier),
        ("处置方式", F::Disposition),
        ("牵头单位", F::Lead),
        ("责任单位", F::Lead),
        ("配合单位", F::Assisting),
        ("交办日期", F::AssignedOn),
        ("办理时限", F::Deadline),
        ("办结时限", F::Deadline),
        ("要求完成时间", F::Deadline),
        ("办理状态", F::Status),
        ("是否办结", F::Status),
        ("办结日期", F::ResolvedOn),
        ("办理结果", F::Result),
        ("办理情况", F::Result),
        ("满意度", F::Satisfaction),
        ("群众满意度", F::Satisfaction),
        ("备注", F::Notes),
        ("联点干部", F::Cadre),
    ] {
        assert_eq!(issue_field_for(h), Some(f), "{h}");
    }
    assert_eq!(issue_field_for("序号"), None);
    assert_eq!(issue_field_for("湘潭高新区问题台账"), None);
}

#[test]
fn a_csv_ledger_without_status_column_takes_the_state_from_its_dates() {
    let f = fx();
    let text = "登记日期,企业名称,问题类别,问题内容,牵头单位,办结日期\n2026-03-01,湘潭电机股份有限公司,融资,有办结日期,经发局,2026-03-04\n2026-03-01,湘潭电机股份有限公司,融资,只有单位,经发局,\n2026-03-01,湘潭电机股份有限公司,融资,什么都没有,,\n";
    let sheet = read("台账.csv", text.as_bytes()).unwrap();
    let r = commit_all(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!(r.new_rows, 3, "{:#?}", r.problems);
    assert_eq!(f.by_content("有办结日期").status, Status::Resolved);
    assert_eq!(f.by_content("只有单位").status, Status::InProgress);
    assert_eq!(f.by_content("什么都没有").status, Status::Registered);
}
