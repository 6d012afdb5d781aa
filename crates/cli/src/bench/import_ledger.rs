//! Import of an issue ledger (台账) and of a 12345 work-order export, each of as many rows as the
//! data set has enterprises (100,000 for L), written here as offices keep them: text dates,
//! 办理时限 in words, 已销号 rows without dates, repeated callers. Into a fresh database with the
//! zone's departments, through the same preview-and-commit path as the window.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use lianxin_core::io::{self, IssueImportOptions, IssueImportReport};
use lianxin_core::model::department::{self, DepartmentInput, DepartmentKind};
use lianxin_core::{CoreError, Store};
use rust_xlsxwriter::Workbook;

use super::stats::Samples;
use super::{Bench, Options};
use crate::error::CliError;

const DEPTS: [&str; 5] = ["经发局", "人社局", "住建局", "城管局", "生态环境局"];
const CATEGORIES: [&str; 6] = ["融资", "用工", "土地", "审批", "民生", "基础设施"];
const HOTLINE_TYPES: [&str; 5] = ["城乡建设", "环境保护", "劳动保障", "市政设施", "民生"];
const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: [&str; 10] = ["建国", "芳", "伟", "秀英", "强", "丽", "军", "敏", "静", "磊"];
const TOPICS: [&str; 8] = [
    "小区门口路灯不亮,晚上出行不便",
    "企业流动资金紧张,希望协调银行授信",
    "招工难,需要技工",
    "道路破损积水,影响通行",
    "垃圾清运不及时,气味难闻",
    "施工噪音扰民,夜间不停工",
    "厂房用地手续办理慢",
    "用电增容审批周期长",
];

/// Day `i` of a stretch of 900 days from 2024-01-01, as offices type it.
fn day(i: usize) -> String {
    let d = chrono_day(i % 900);
    format!("{}年{}月{}日", d.0, d.1, d.2)
}

/// (year, month, day) of 2024-01-01 plus `n` days, without a date library.
fn chrono_day(mut n: usize) -> (u32, u32, u32) {
    let mut y = 2024;
    loop {
        let len = if y % 4 == 0 { 366 } else { 365 };
        if n < len {
            break;
        }
        n -= len;
        y += 1;
    }
    let feb = if y % 4 == 0 { 29 } else { 28 };
    let months = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while n >= months[m] {
        n -= months[m];
        m += 1;
    }
    (y as u32, m as u32 + 1, n as u32 + 1)
}

fn person(i: usize) -> String {
    format!("{}{}", SURNAMES[i % 10], GIVEN[(i / 10) % 10])
}

fn write_xlsx(path: &Path, header: &[&str], rows: usize, row: impl Fn(usize) -> Vec<String>) -> Result<(), CliError> {
    let err = |e: rust_xlsxwriter::XlsxError| CliError::from(CoreError::Export(e.to_string()));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().map_err(err)?;
    ws.write_row(0, 0, header.iter().copied()).map_err(err)?;
    for i in 0..rows {
        for (c, v) in row(i).iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(i as u32 + 1, c as u16, v).map_err(err)?;
            }
        }
    }
    wb.save(path).map_err(err)?;
    Ok(())
}

/// A ledger row: a quarter resolved with dates, a quarter 已销号 without any (日期不详), a quarter
/// in progress with 办理时限 in words, a quarter waiting.
fn ledger_row(i: usize) -> Vec<String> {
    let (status, deadline, satisfaction) = match i % 4 {
        0 => ("已办结", "7个工作日", "满意"),
        1 => ("已销号", "", "基本满意"),
        2 => ("办理中", ["3月底前", "年底前", "长期"][i % 3], ""),
        _ => ("待交办", "", ""),
    };
    let lead = if i % 4 == 3 { "" } else { DEPTS[i % 5] };
    // Resolved five days after registration, written the way a date column usually is.
    let resolved = match (i % 4, chrono_day(i % 900 + 5)) {
        (0, (y, m, d)) => format!("{y}-{m:02}-{d:02}"),
        _ => String::new(),
    };
    vec![
        String::new(),
        day(i),
        person(i),
        format!("138{:08}", (i * 7919) % 100_000_000),
        CATEGORIES[i % 6].to_string(),
        format!("{}(台账第{i}条)", TOPICS[i % 8]),
        lead.to_string(),
        deadline.to_string(),
        status.to_string(),
        resolved,
        satisfaction.to_string(),
    ]
}

/// A work order: every caller calls about three times, sometimes about the same thing again.
fn hotline_row(i: usize) -> Vec<String> {
    let caller = i % 30_000;
    // A caller calls again within weeks.
    let (y, m, d) = chrono_day(caller % 600 + (i / 30_000) * 20);
    vec![
        format!("GD{i:010}"),
        format!("{y}-{m:02}-{d:02} 09:{:02}:00", i % 60),
        person(caller),
        format!("139{caller:08}"),
        format!("双马街道{}路{}号", ["芙蓉", "建设", "韶山", "湖湘"][caller % 4], caller),
        // The same matter twice, then another: calls 1 and 2 of a caller are one complaint.
        format!("{}({})", TOPICS[(caller + i / 60_000) % 8], ["再次反映", "反映", "来电"][i % 3]),
        HOTLINE_TYPES[i % 5].to_string(),
        DEPTS[i % 5].to_string(),
        if i % 2 == 0 { "已办结" } else { "办理中" }.to_string(),
        if i % 2 == 0 { "满意" } else { "" }.to_string(),
    ]
}

fn fresh(dir: &Path, name: &str) -> Result<Store, CliError> {
    let store = Store::open(dir.join(name))?;
    store.set_actor("基准测试")?;
    for d in DEPTS {
        department::create(&store, &DepartmentInput { name: d.into(), kind: Some(DepartmentKind::Function), ..Default::default() })?;
    }
    Ok(store)
}

fn import(store: &Store, path: &Path, opts: &IssueImportOptions) -> Result<(IssueImportReport, std::time::Duration, std::time::Duration), CliError> {
    let t = Instant::now();
    let sheet = io::read_path(path)?;
    let read = t.elapsed();
    let r = io::commit_issues(store, &sheet, opts, &mut |_| {}, &AtomicBool::new(false))?;
    Ok((r, t.elapsed(), read))
}

pub fn run(o: &Options, bench: &mut Bench, dir: &Path) -> Result<(), CliError> {
    let n = o.counts.enterprises.clamp(1_000, 100_000);

    let ledger = dir.join("ledger.xlsx");
    let header = ["编号", "登记日期", "反映人", "联系电话", "问题类别", "问题描述", "牵头单位", "办理时限", "办理状态", "办结日期", "满意度"];
    write_xlsx(&ledger, &header, n, ledger_row)?;
    let store = fresh(dir, "ledger.db")?;
    let (r, took, read) = import(&store, &ledger, &IssueImportOptions::default())?;
    eprintln!(
        "  ledger import: read .xlsx {:.2} s; {} new, {} invalid, {} warnings",
        read.as_secs_f64(),
        r.new_rows,
        r.invalid_rows,
        r.warnings_total
    );
    bench.add(
        &format!("import a {}-row issue ledger from .xlsx (dates in words, 日期不详, 办理时限 words) into a fresh database", r.new_rows),
        "—",
        &Samples::once(took),
        "reading the .xlsx alone",
        &Samples::once(read),
        None,
    );
    drop(store);

    let hotline = dir.join("12345.xlsx");
    let header = ["工单编号", "来电时间", "来电人", "联系电话", "诉求地址", "诉求内容", "诉求类型", "承办单位", "办理状态", "回访满意度"];
    write_xlsx(&hotline, &header, n, hotline_row)?;
    let store = fresh(dir, "hotline.db")?;
    let opts = IssueImportOptions { link_repeats: true, ..Default::default() };
    let (r, took, read) = import(&store, &hotline, &opts)?;
    eprintln!(
        "  12345 import: read .xlsx {:.2} s; {} new, {} invalid, {} repeats linked in {} groups listed",
        read.as_secs_f64(),
        r.new_rows,
        r.invalid_rows,
        r.repeat_rows,
        r.repeats.len()
    );
    bench.add(
        &format!("import a {}-row 12345 work-order export from .xlsx, {} repeats grouped and linked", r.new_rows, r.repeat_rows),
        "—",
        &Samples::once(took),
        "reading the .xlsx alone",
        &Samples::once(read),
        None,
    );
    Ok(())
}
