//! Ledgers as offices keep them without the dates the app would record: 已办结 / 已销号 rows
//! with no 办结日期 (日期不详), deadline words (3月底前, 年底前, 长期), and dates without a year
//! whose year is in the sheet's title or the file's name.

use rust_xlsxwriter::{Format, Workbook};

use super::import_issue_tests::*;
use super::*;
use crate::model::issue::figures::{figures, FiguresQuery};
use crate::model::issue::ledger::{self, LedgerQuery};
use crate::model::issue::{self, EventKind, Status};

/// A ledger with a title over the header and every cell typed as text.
fn titled(title: &str, header: &[&str], rows: &[&[&str]]) -> Vec<u8> {
    sheet_xlsx(Some(title), header, rows)
}

/// A sheet of text cells under a header, and a title merged above it when given.
pub(super) fn sheet_xlsx(title: Option<&str>, header: &[&str], rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let top = match title {
        Some(t) => {
            ws.merge_range(0, 0, 0, header.len() as u16 - 1, t, &Format::new()).unwrap();
            1
        }
        None => 0,
    };
    ws.write_row(top, 0, header.iter().copied()).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write(top + 1 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

const LEDGER: &[&str] = &["登记日期", "企业名称", "问题类别", "问题内容", "牵头单位", "交办日期", "办理时限", "办理状态", "办结日期", "满意度"];

#[test]
fn done_rows_without_a_date_import_with_their_status_and_the_figures_say_how_they_count() {
    let f = fx();
    let rows: &[&[&str]] = &[
        &["2026-03-02", "湘潭电机股份有限公司", "融资", "有日期的办结", "经发局", "2026-03-02", "7个工作日", "已办结", "2026-03-05", "满意"],
        &["2026-03-02", "湘潭电机股份有限公司", "融资", "没有日期的办结", "经发局", "", "", "已办结", "", "满意"],
        &["2026-03-02", "湘潭电机股份有限公司", "用工", "没有日期的销号", "人社局", "", "", "已销号", "", "基本满意"],
        &["2026-03-02", "湘潭电机股份有限公司", "用工", "还在办", "人社局", "", "", "办理中", "", ""],
    ];
    let sheet = read("台账.xlsx", &titled("问题台账", LEDGER, rows)).unwrap();
    let r = commit_all(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows), (4, 0), "{:?}", r.problems);
    let warned: Vec<String> = r.problems.iter().filter(|p| p.warning).map(describe).collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned[0].starts_with("第4行 [办结日期] 状态为“已办结”,没有办结日期:按“已办结”导入,办结日期记为“日期不详”"), "{}", warned[0]);

    let one = f.by_content("没有日期的办结");
    assert_eq!((one.status, one.resolved_on.as_deref(), one.on_time, one.working_days), (Status::Resolved, None, None, None));
    assert_eq!(one.satisfaction, Some(crate::model::issue::Satisfaction::Satisfied), "what the ledger says stays");
    let events = issue::events(&f.store, &one.id).unwrap();
    let resolve = events.iter().find(|e| e.kind == EventKind::Resolve).unwrap();
    assert!(!resolve.data.date_known, "the timeline shows 日期不详");
    let two = f.by_content("没有日期的销号");
    assert_eq!((two.status, two.resolved_on.as_deref(), two.closed_on.as_deref()), (Status::Closed, None, None));
    assert_eq!(f.kinds(&two).last(), Some(&EventKind::Close));

    let fig = figures(&f.store, &FiguresQuery::default()).unwrap().total;
    assert_eq!((fig.total, fig.done, fig.date_unknown, fig.on_time), (4, 3, 2, 1));
    assert_eq!(fig.done_rate, Some(75.0), "counted in 办结率");
    assert_eq!(fig.on_time_rate, Some(100.0), "按期办结率 over the one dated issue");
    assert_eq!(fig.avg_working_days, Some(3.0), "average days over the dated issue only");
}

#[test]
fn deadline_words_and_long_term_as_offices_write_them() {
    let f = fx();
    let rows: &[&[&str]] = &[
        &["2026-03-02", "湘潭电机股份有限公司", "融资", "三月底前", "经发局", "2026-03-02", "3月底前", "办理中", "", ""],
        &["2025-11-10", "湘潭电机股份有限公司", "融资", "来年三月底", "经发局", "2025-11-10", "3月底前", "办理中", "", ""],
        &["2026-03-02", "湘潭电机股份有限公司", "用工", "年底前", "人社局", "", "年底前", "办理中", "", ""],
        &["2026-03-02", "湘潭电机股份有限公司", "用工", "六月底", "人社局", "", "6月30日前", "办理中", "", ""],
        &["2026-03-02", "湘潭电机股份有限公司", "土地", "长期的", "经发局", "", "长期", "办理中", "", ""],
    ];
    let sheet = read("台账.xlsx", &titled("问题台账", LEDGER, rows)).unwrap();
    let r = commit_all(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows), (5, 0), "{:?}", r.problems);
    let deadline = |c: &str| f.by_content(c).deadline;
    assert_eq!(deadline("三月底前").as_deref(), Some("2026-03-31"));
    assert_eq!(deadline("来年三月底").as_deref(), Some("2026-03-31"), "said in November: next March");
    assert_eq!(deadline("年底前").as_deref(), Some("2026-12-31"));
    assert_eq!(deadline("六月底").as_deref(), Some("2026-06-30"));
    let long = f.by_content("长期的");
    assert_eq!(long.status, Status::LongTerm, "长期 is long-term tracking, not 办理中");
    let q = LedgerQuery { status: vec![Status::LongTerm], ..LedgerQuery::first_page() };
    let flag = ledger::ledger(&f.store, &q).unwrap();
    assert_eq!(flag.total, 1);
    assert!(flag.rows[0].flag.is_none(), "no flag on a long-term issue");
}

#[test]
fn dates_without_a_year_take_the_title_s_the_file_s_or_the_given_year() {
    let f = fx();
    let header: &[&str] = &["登记日期", "企业名称", "问题类别", "问题内容", "牵头单位", "办理状态", "办结日期"];
    let rows: &[&[&str]] = &[
        &["3月7日", "湘潭电机股份有限公司", "融资", "三月七日", "经发局", "已办结", "3月12日"],
        &["2022.4.1", "湘潭电机股份有限公司", "融资", "带年份的", "", "待交办", ""],
    ];
    // The year in the title.
    let sheet = read("台账.xlsx", &titled("2022年问题台账", header, rows)).unwrap();
    let r = preview_issues(&f.store, &sheet, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.new_rows, r.invalid_rows, r.yearless_dates), (2, 0, 2), "{:?}", r.problems);
    assert_eq!((r.year, r.year_from), (Some(2022), Some(YearFrom::Title)));
    // No year anywhere: a problem that asks for one, once per date.
    let none = read("台账.xlsx", &titled("问题台账", header, rows)).unwrap();
    let r = preview_issues(&f.store, &none, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.invalid_rows, r.year), (1, None));
    assert_eq!(describe(&r.problems[0]), "第3行 [登记日期] 日期“3月7日”没有年份,表格标题和文件名中也没有;请在预览中填写年份");
    // The file's name gives it; the year given in the preview wins over all.
    let named = read("2023年问题台账.xlsx", &titled("问题台账", header, rows)).unwrap();
    let r = preview_issues(&f.store, &named, &IssueImportOptions::default()).unwrap();
    assert_eq!((r.year, r.year_from, r.invalid_rows), (Some(2023), Some(YearFrom::File), 0));
    let o = IssueImportOptions { year: Some(2024), ..Default::default() };
    let r = commit_all(&f.store, &named, &o).unwrap();
    assert_eq!((r.year, r.year_from, r.new_rows), (Some(2024), Some(YearFrom::Given), 2));
    let i = f.by_content("三月七日");
    assert_eq!((i.registered_on.as_str(), i.resolved_on.as_deref()), ("2024-03-07", Some("2024-03-12")));
    assert_eq!(f.by_content("带年份的").registered_on, "2022-04-01", "dotted dates keep their own year");
}
