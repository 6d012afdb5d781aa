//! `lianxin issues …` (the ledger, one issue's page, ledger import and export) and
//! `lianxin figures` (办结率 and the other figures by department, category, period …): the
//! same core functions the app's 问题台账 and 统计 screens call.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use clap::{Args, Subcommand};
use lianxin_core::io::normalize::display_width;
use lianxin_core::io::{self, ExportFormat, IssueImportOptions, IssueImportReport};
use lianxin_core::model::department;
use lianxin_core::model::issue::figures::{self, FigureRow, FiguresQuery, GroupBy};
use lianxin_core::model::issue::ledger::{self, LedgerQuery, LedgerSort};
use lianxin_core::model::issue::{Flag, Status, Step};
use lianxin_core::{CoreError, Store};

use crate::error::CliError;

/// The ledger's filters, shared by `list` and `export`.
#[derive(Args)]
pub struct Filters {
    /// 办理状态, Chinese or tag, repeatable or comma-separated: 办理中, in_progress, 已办结 …
    #[arg(long, value_delimiter = ',')]
    status: Vec<String>,
    /// Lead department (牵头单位) by name, e.g. 经发局.
    #[arg(long)]
    department: Option<String>,
    /// 问题类别, e.g. 融资.
    #[arg(long)]
    category: Option<String>,
    /// 督办亮灯: red, yellow, green, black (or 红灯 …), repeatable or comma-separated.
    #[arg(long, value_delimiter = ',')]
    flag: Vec<String>,
    /// Registered on or after (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Registered on or before (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// In the text, 编号 or reporter.
    #[arg(long)]
    text: Option<String>,
    #[arg(long, default_value = "registered_on", value_parser = ["registered_on", "no", "deadline", "resolved_on", "status", "category", "tier"])]
    sort: String,
    /// Oldest (or smallest) first instead of newest first.
    #[arg(long)]
    asc: bool,
}

#[derive(Subcommand)]
pub enum IssuesCmd {
    /// The issue ledger (台账), filtered, sorted and paged as in the app.
    List {
        #[command(flatten)]
        filters: Filters,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        page_size: u32,
    },
    /// One issue by id or 编号, with its timeline (办理记录).
    Show { id: String },
    /// Import an issue ledger from .xlsx/.xls/.ods/.csv (problems print as 第N行 [列名] 消息).
    Import {
        file: PathBuf,
        /// Check and report only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows and leave rows with problems out, instead of importing nothing.
        #[arg(long, alias = "skip-invalid")]
        skip_bad: bool,
        /// Create the 牵头/配合单位 the ledger names but the database lacks.
        #[arg(long)]
        create_missing: bool,
        /// The year of dates written without one ("3月7日"); by default the year in the
        /// sheet's title or the file's name.
        #[arg(long)]
        year: Option<i32>,
        /// Link each repeated 12345 complaint (same caller or address, similar text, within
        /// 90 days) to the first as its duplicate.
        #[arg(long)]
        link_repeats: bool,
        /// Write the rows left out (with problems) to this .xlsx, with 原行号 and 未导入原因.
        #[arg(long)]
        left_out: Option<PathBuf>,
    },
    /// Export the ledger, filtered as `issues list` is, all pages. .xlsx or .csv by extension.
    Export {
        file: PathBuf,
        #[command(flatten)]
        filters: Filters,
    },
}

#[derive(Args)]
pub struct FiguresArgs {
    /// Issues registered in: 2026 | 2026-03 | 2026-Q1 | 2026-01-01..2026-06-30 (all when absent).
    #[arg(long)]
    period: Option<String>,
    /// One line per group; only the total when absent.
    #[arg(long, value_parser = ["department", "category", "source", "tier", "cadre", "street", "month", "quarter", "year"])]
    by: Option<String>,
    /// Only this lead department (by name).
    #[arg(long)]
    department: Option<String>,
    #[arg(long)]
    category: Option<String>,
}

pub(crate) fn dept_id(store: &Store, name: Option<String>) -> Result<Option<String>, CliError> {
    let Some(name) = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()) else { return Ok(None) };
    let d = department::all(store)?
        .into_iter()
        .find(|d| d.name == name)
        .ok_or_else(|| CoreError::validation("department", format!("没有名为“{name}”的单位")))?;
    Ok(Some(d.id))
}

fn status_of(s: &str) -> Result<Status, CliError> {
    Status::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Status::ALL.iter().map(|s| s.zh()).collect();
        CoreError::validation("status", format!("无法识别的办理状态“{s}”,应为 {}", all.join("、"))).into()
    })
}

fn flag_of(s: &str) -> Result<Flag, CliError> {
    let t = s.trim();
    let f = Flag::parse(t).or(match t {
        "红" | "红旗" => Some(Flag::Red),
        "黄" | "黄旗" => Some(Flag::Yellow),
        "绿" | "绿旗" => Some(Flag::Green),
        "黑" | "黑旗" => Some(Flag::Black),
        _ => None,
    });
    f.ok_or_else(|| CoreError::validation("flag", format!("无法识别的亮灯“{s}”,应为 red/yellow/green/black 或 红灯/黄灯/绿灯/黑灯")).into())
}

fn query(store: &Store, f: Filters) -> Result<LedgerQuery, CliError> {
    let sort = serde_json::from_value::<LedgerSort>(serde_json::Value::String(f.sort))?;
    Ok(LedgerQuery {
        status: f.status.iter().filter(|s| !s.trim().is_empty()).map(|s| status_of(s)).collect::<Result<_, _>>()?,
        flag: f.flag.iter().filter(|s| !s.trim().is_empty()).map(|s| flag_of(s)).collect::<Result<_, _>>()?,
        department_id: dept_id(store, f.department)?,
        category: f.category,
        from: f.from.map(|d| day(&d, "from")).transpose()?,
        to: f.to.map(|d| day(&d, "to")).transpose()?,
        text: f.text,
        sort,
        desc: !f.asc,
        ..Default::default()
    })
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A year of four digits, sensible for a ledger.
fn year(y: &str) -> Option<u32> {
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    y.parse().ok().filter(|y| (1900..=2199).contains(y))
}

/// `YYYY-MM-DD` (single-digit month and day allowed), checked, as `YYYY-MM-DD`.
fn day(s: &str, field: &str) -> Result<String, CliError> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let ok = match parts[..] {
        [y, m, d] => year(y).and_then(|y| {
            let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
            ((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d)).then(|| format!("{y}-{m:02}-{d:02}"))
        }),
        _ => None,
    };
    ok.ok_or_else(|| CoreError::validation(field, format!("日期“{s}”格式不对,应为 年-月-日,如 2026-03-01")).into())
}

/// Columns padded to their widest cell (CJK counted double), two spaces apart.
fn print_table(headers: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(display_width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - display_width(c) + 2));
            }
        }
        println!("{}", s.trim_end());
    };
    line(headers.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}

fn cut(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

pub fn run(store: &Store, cmd: IssuesCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        IssuesCmd::List { filters, page, page_size } => {
            let q = LedgerQuery { page, page_size, ..query(store, filters)? };
            let r = ledger::ledger(store, &q)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(());
            }
            let rows: Vec<Vec<String>> = r
                .rows
                .iter()
                .map(|i| {
                    vec![
                        i.no.clone(),
                        i.registered_on.clone(),
                        i.status.zh().to_string(),
                        i.flag.map(|f| f.zh().to_string()).unwrap_or_default(),
                        i.category.clone(),
                        i.tier.zh().to_string(),
                        cut(&opt(&i.subject), 14),
                        opt(&i.lead_department),
                        opt(&i.deadline),
                        cut(&i.content, 24),
                    ]
                })
                .collect();
            print_table(&["编号", "登记日期", "状态", "亮灯", "类别", "层级", "企业/反映人", "牵头单位", "办理时限", "问题描述"], &rows);
            println!("共 {} 条,第 {} 页,每页 {} 条", r.total, r.page, r.page_size);
        }
        IssuesCmd::Show { id } => show(store, &id, json)?,
        IssuesCmd::Import { file, dry_run, skip_bad, create_missing, year, link_repeats, left_out } => {
            let sheet = io::read_path(&file)?;
            let opts = IssueImportOptions { mapping: None, create_missing, skip_invalid: skip_bad, year, link_repeats };
            let write_left_out = |r: &IssueImportReport| {
                crate::io::left_out(&sheet, r.mapping.header_row, &r.left_out, left_out.as_deref())
            };
            if dry_run {
                let r = io::preview_issues(store, &sheet, &opts)?;
                write_left_out(&r)?;
                return print_report(&r, json);
            }
            match io::commit_issues(store, &sheet, &opts, &mut |_| {}, &AtomicBool::new(false)) {
                Ok(r) => {
                    write_left_out(&r)?;
                    print_report(&r, json)?
                }
                Err(e @ CoreError::ImportProblems { .. }) => {
                    // Nothing was written; show every problem, then fail.
                    let r = io::preview_issues(store, &sheet, &opts)?;
                    write_left_out(&r)?;
                    print_report(&r, json)?;
                    return Err(e.into());
                }
                Err(e) => return Err(e.into()),
            }
        }
        IssuesCmd::Export { file, filters } => {
            let q = query(store, filters)?;
            let r = io::export_issues(store, &q, &file, ExportFormat::from_path(&file))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("已导出 {} 条问题到 {}", r.rows, r.path);
            }
        }
    }
    Ok(())
}

fn show(store: &Store, id: &str, json: bool) -> Result<(), CliError> {
    let d = ledger::detail(store, id)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&d)?);
        return Ok(());
    }
    let i = &d.issue;
    let flag = d.flag.map(|f| format!("  {}", f.zh())).unwrap_or_default();
    println!("问题 {}  {}{flag}", i.no, i.status.zh());
    let mut kv: Vec<(&str, String)> = vec![
        ("登记日期", i.registered_on.clone()),
        ("来源", i.source.zh().into()),
        ("类别", i.category.clone()),
        ("层级", i.tier.zh().into()),
        ("处置方式", i.disposition.map(|x| x.zh().to_string()).unwrap_or_default()),
        ("企业", opt(&d.enterprise_name)),
        ("反映人", opt(&i.reporter_name)),
        ("联系电话", opt(&i.reporter_phone)),
        ("所属街道", opt(&d.street_name)),
        ("联点干部", opt(&d.taken_by_name)),
        ("问题描述", i.content.clone()),
        ("牵头单位", opt(&d.lead_department)),
        ("配合单位", d.assisting_names.join("、")),
        ("交办批次", opt(&d.batch_no)),
        ("交办日期", opt(&i.assigned_on)),
        ("办理时限", opt(&i.deadline)),
        ("签收日期", opt(&i.accepted_on)),
        ("办结日期", opt(&i.resolved_on)),
        ("办理工作日", i.working_days.map(|w| w.to_string()).unwrap_or_default()),
        ("是否按期", i.on_time.map(|t| if t { "是" } else { "否" }.to_string()).unwrap_or_default()),
        ("办理结果", opt(&i.result)),
        ("满意度", i.satisfaction.map(|s| s.zh().to_string()).unwrap_or_default()),
        ("销号日期", opt(&i.closed_on)),
        ("回头看", opt(&i.lookback_on)),
        ("重复于", opt(&d.duplicate_of_no)),
    ];
    if let Some(n) = d.days_so_far {
        kv.push(("已用工作日", n.to_string()));
    }
    for (k, v) in kv.iter().filter(|(_, v)| !v.is_empty()) {
        println!("  {k}{}  {v}", " ".repeat(10usize.saturating_sub(display_width(k))));
    }
    for (n, what) in [(i.reminders, "催办"), (i.extensions, "延期"), (i.reopens, "重新办理")] {
        if n > 0 {
            println!("  {what}{}  {n} 次", " ".repeat(10usize.saturating_sub(display_width(what))));
        }
    }
    println!("办理记录:");
    let depts: std::collections::HashMap<String, String> =
        department::all(store)?.into_iter().map(|d| (d.id, d.name)).collect();
    for e in &d.events {
        let mut parts = vec![e.on_date.clone(), e.kind.zh().to_string(), e.actor.clone()];
        match &e.data.step {
            Step::Assign { department, deadline, .. } => {
                if let Some(name) = depts.get(department) {
                    parts.push(format!("交{name}"));
                }
                parts.push(format!("期限{deadline}"));
            }
            Step::Feedback { satisfaction } => parts.push(satisfaction.zh().to_string()),
            _ => {}
        }
        if let Some(n) = &e.note {
            parts.push(n.clone());
        }
        parts.retain(|p| !p.is_empty());
        println!("  {}", parts.join("  "));
    }
    Ok(())
}

fn print_report(r: &IssueImportReport, json: bool) -> Result<(), CliError> {
    if json {
        println!("{}", serde_json::to_string_pretty(r)?);
        return Ok(());
    }
    for p in &r.problems {
        let tag = if p.warning { "(提醒)" } else { "" };
        println!("{tag}{}", io::describe(p));
    }
    let listed = r.problems.len() as u32;
    if r.problems_total + r.warnings_total > listed {
        println!("……另有{}处未列出", r.problems_total + r.warnings_total - listed);
    }
    for m in &r.missing {
        println!("未登记的单位:{}({}行)", m.name, m.rows);
    }
    if r.yearless_dates > 0 {
        match r.year {
            Some(y) => println!("{}处日期没有年份,按{y}年导入(可用 --year 指定)", r.yearless_dates),
            None => println!("{}处日期没有年份,请用 --year 指定年份", r.yearless_dates),
        }
    }
    for g in &r.repeats {
        let rows: Vec<String> = g.rows.iter().map(u32::to_string).collect();
        println!("重复投诉:第{}行“{}”,又见第{}行", g.first_row, g.text, rows.join("、"));
    }
    let verb = if r.committed { "已" } else { "将" };
    println!(
        "表头在第{}行,数据{}行:{verb}新增{},已导入过{},另行编号{},有问题{}行;{verb}新建单位{}个",
        r.mapping.header_row,
        r.total_rows,
        r.new_rows,
        r.existing_rows,
        r.renumbered_rows,
        r.invalid_rows,
        r.new_departments
    );
    if !r.statuses.is_empty() {
        let parts: Vec<String> = r.statuses.iter().map(|c| format!("{} {}", c.status.zh(), c.rows)).collect();
        println!("办理状态:{}", parts.join("、"));
    }
    Ok(())
}

/// `--period`: a year, a month, a quarter or a range of days, as (from, to).
pub fn period(s: &str) -> Result<(String, String), CliError> {
    let t = s.trim();
    let bad = || -> CliError {
        CoreError::validation(
            "period",
            format!("期间“{s}”无法识别,应为 年(2026)、月(2026-03)、季度(2026-Q1)或日期范围(2026-01-01..2026-06-30)"),
        )
        .into()
    };
    if let Some((a, b)) = t.split_once("..") {
        let (from, to) = (day(a, "period").map_err(|_| bad())?, day(b, "period").map_err(|_| bad())?);
        if from > to {
            return Err(CoreError::validation("period", format!("期间“{s}”的开始日期晚于结束日期")).into());
        }
        return Ok((from, to));
    }
    if let Some(y) = year(t) {
        return Ok((format!("{y}-01-01"), format!("{y}-12-31")));
    }
    let (y, rest) = t.split_once('-').ok_or_else(bad)?;
    let y = year(y).ok_or_else(bad)?;
    let (m0, m1) = match rest.strip_prefix(['Q', 'q']) {
        Some(q) => match q.parse::<u32>() {
            Ok(n @ 1..=4) if q.len() == 1 => (n * 3 - 2, n * 3),
            _ => return Err(bad()),
        },
        None => match rest.parse::<u32>() {
            Ok(m @ 1..=12) if rest.len() <= 2 => (m, m),
            _ => return Err(bad()),
        },
    };
    Ok((format!("{y}-{m0:02}-01"), format!("{y}-{m1:02}-{:02}", days_in_month(y, m1))))
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}%")).unwrap_or_else(|| "-".into())
}

fn figure_line(r: &FigureRow) -> Vec<String> {
    vec![
        r.label.clone(),
        r.total.to_string(),
        r.done.to_string(),
        pct(r.done_rate),
        pct(r.on_time_rate),
        pct(r.satisfaction_rate),
        r.overdue.to_string(),
        r.avg_working_days.map(|d| format!("{d:.1}")).unwrap_or_else(|| "-".into()),
        r.date_unknown.to_string(),
    ]
}

pub fn run_figures(store: &Store, a: FiguresArgs, json: bool) -> Result<(), CliError> {
    let (from, to) = match a.period.as_deref() {
        Some(p) => {
            let (f, t) = period(p)?;
            (Some(f), Some(t))
        }
        None => (None, None),
    };
    let by = a.by.as_deref().map(|b| GroupBy::parse(b).expect("clap checked --by")).unwrap_or_default();
    let q = FiguresQuery { by, from, to, department_id: dept_id(store, a.department)?, category: a.category, today: None };
    let f = figures::figures(store, &q)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&f)?);
        return Ok(());
    }
    let mut rows: Vec<Vec<String>> = f.rows.iter().map(figure_line).collect();
    rows.push(figure_line(&f.total));
    let first = match by {
        GroupBy::None => "",
        GroupBy::Department => "牵头单位",
        GroupBy::Category => "类别",
        GroupBy::Source => "来源",
        GroupBy::Tier => "层级",
        GroupBy::Cadre => "干部",
        GroupBy::Street => "街道",
        GroupBy::Month => "月份",
        GroupBy::Quarter => "季度",
        GroupBy::Year => "年份",
    };
    if let (Some(a), Some(b)) = (&q.from, &q.to) {
        println!("登记日期 {a} 至 {b}");
    }
    print_table(&[first, "问题数", "办结", "办结率", "按期办结率", "满意率", "超期", "平均办理工作日", "办结日期不详"], &rows);
    if f.total.date_unknown > 0 {
        println!("办结日期不详的{}个问题计入办结率,不计入按期办结率和平均办理工作日", f.total.date_unknown);
    }
    Ok(())
}
