//! The support ledger import (惠企台账) on a ledger as an office keeps it, and the export back.

use rust_xlsxwriter::{Format, Workbook};

use super::tests::{commit_all, fx, Fx};
use super::*;
use crate::error::CoreError;
use crate::model::enterprise::{self, EnterpriseInput};
use crate::model::support::{self, Support, SupportKind, SupportQuery, SupportStatus};

fn with_enterprises(f: &Fx) {
    for name in ["湘潭电机股份有限公司", "湘潭立发釉彩有限公司"] {
        enterprise::create(&f.store, &EnterpriseInput { name: name.into(), ..Default::default() }).unwrap();
    }
}

/// A title with the year, a 填报单位 line, amounts in 元 by the header and in 万元 by the cell,
/// counts with units, status words, a date without its year, a 合计 row.
fn ledger(extra: &[&[&str]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 7, "2026年惠企政策落实台账", &f).unwrap();
    ws.write(1, 0, "填报单位:经发局").unwrap();
    ws.write_row(2, 0, ["序号", "企业名称", "类型", "金额(元)", "人数", "状态", "办理日期", "备注"]).unwrap();
    let mut rows: Vec<&[&str]> = vec![
        &["1", "湘潭电机股份有限公司", "贷款", "18,000,000", "", "已放款", "2026-03-01", "工行"],
        &["2", "湘潭立发釉彩有限公司", "用工", "", "79人", "已完成", "3月5日", ""],
        &["3", "湘潭立发釉彩有限公司", "奖补", "8万元", "", "办理中", "2026年4月2日", ""],
    ];
    rows.extend_from_slice(extra);
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write(3 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    ws.write(3 + rows.len() as u32, 0, "合计").unwrap();
    wb.save_to_buffer().unwrap()
}

fn supports(f: &Fx) -> Vec<Support> {
    let mut v: Vec<Support> = support::list(&f.store, &SupportQuery { page_size: 100, ..Default::default() })
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.support)
        .collect();
    v.sort_by(|a, b| a.date.cmp(&b.date));
    v
}

#[test]
fn a_support_ledger_imports_with_amounts_counts_and_status_words_read() {
    let f = fx();
    with_enterprises(&f);
    let sheet = read("惠企台账.xlsx", &ledger(&[])).unwrap();
    let r = preview(&f.store, ImportKind::Supports, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!(r.mapping.header_row, 3);
    assert_eq!((r.total_rows, r.new_rows, r.invalid_rows), (3, 3, 0), "{:?}", r.problems);
    let done = commit_all(&f.store, ImportKind::Supports, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!(done.new_rows, 3);
    let s = supports(&f);
    assert_eq!((s[0].kind, s[0].amount_fen, s[0].status), (SupportKind::Financing, Some(1_800_000_000), SupportStatus::Done), "元 from the header");
    assert_eq!(s[0].note.as_deref(), Some("工行"));
    assert_eq!((s[1].kind, s[1].count, s[1].unit.as_deref(), s[1].date.as_str()), (SupportKind::Hiring, Some(79), Some("人"), "2026-03-05"));
    assert_eq!((s[2].kind, s[2].amount_fen, s[2].status), (SupportKind::Award, Some(8_000_000), SupportStatus::InProgress), "8万元 in the cell");

    let again = commit_all(&f.store, ImportKind::Supports, &sheet, &ImportOptions::default()).unwrap();
    assert_eq!((again.new_rows, again.existing_rows), (0, 3), "a ledger imported twice adds nothing");
}

#[test]
fn an_unregistered_enterprise_or_a_bad_date_keeps_the_whole_file_out() {
    let f = fx();
    with_enterprises(&f);
    let sheet = read("惠企台账.xlsx", &ledger(&[&["4", "湘潭未登记科技有限公司", "授信", "500", "", "意向", "2026-13-01", ""]])).unwrap();
    let r = preview(&f.store, ImportKind::Supports, &sheet, &ImportOptions::default()).unwrap();
    let errors: Vec<String> = r.problems.iter().filter(|p| !p.warning).map(describe).collect();
    assert_eq!(
        errors,
        vec![
            "第7行 [企业名称] 未找到企业“湘潭未登记科技有限公司”,请先在企业名录中登记(或导入企业名单)后再导入".to_string(),
            "第7行 [办理日期] 无法识别的日期“2026-13-01”,应为 2026-03-05 或 2026年3月5日".to_string(),
        ]
    );
    assert!(matches!(commit_all(&f.store, ImportKind::Supports, &sheet, &ImportOptions::default()), Err(CoreError::ImportProblems { rows: 1, .. })));
    assert_eq!(f.count("SELECT count(*) FROM supports"), 0, "all or nothing");
}

#[test]
fn the_support_export_imports_back_unchanged() {
    let f = fx();
    with_enterprises(&f);
    commit_all(&f.store, ImportKind::Supports, &read("惠企台账.xlsx", &ledger(&[])).unwrap(), &ImportOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("惠企台账.xlsx");
    export_supports(&f.store, &SupportQuery::default(), &path, ExportFormat::Xlsx).unwrap();
    let sheet = read_path(&path).unwrap();
    let r = preview(&f.store, ImportKind::Supports, &sheet, &ImportOptions::default()).unwrap();
    assert!(r.columns.iter().all(|c| c.field.is_some()), "{:?}", r.columns);
    assert_eq!((r.new_rows, r.existing_rows, r.problems_total), (0, 3, 0), "{:?}", r.problems);
}
