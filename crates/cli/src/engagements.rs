//! `lianxin engagements list|show|counts` (走访会议) and `lianxin support list|totals|import`
//! (惠企台账): the same core functions the app's screens call.

use std::path::PathBuf;

use clap::Subcommand;
use lianxin_core::io::{self, ExportFormat, ExportResult};
use lianxin_core::model::engagement::{self, EngagementKind, EngagementQuery, EngagementRow};
use lianxin_core::model::support::{self, yuan_words, SupportKind, SupportQuery, SupportStatus, TotalsBy};
use lianxin_core::{CoreError, Store};

use crate::error::CliError;
use crate::issues::{cut, dept_id, period, print_table};

#[derive(Subcommand)]
pub enum EngagementsCmd {
    /// Engagements, newest first.
    List {
        /// 2026 | 2026-03 | 2026-Q1 | 2026-01-01..2026-06-30
        #[arg(long)]
        period: Option<String>,
        /// 走访调研, 座谈会, 协调会 … or the tag (visit, forum, coordination …).
        #[arg(long)]
        kind: Option<String>,
        /// Engagements a cadre of this unit took part in (by name).
        #[arg(long)]
        department: Option<String>,
        /// Engagements of this enterprise, cadre, project or issue (by id).
        #[arg(long)]
        of: Option<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        page_size: u32,
        /// Write every matching engagement (all pages) to this .xlsx or .csv instead.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// One engagement with everyone and everything it involved.
    Show { id: String },
    /// The counts a report quotes for a period ("走访调研38次、协调会18次"), by kind, cadre, unit.
    Counts {
        #[arg(long)]
        period: String,
    },
}

#[derive(Subcommand)]
pub enum SupportCmd {
    /// Support outcomes, newest first.
    List {
        #[arg(long)]
        period: Option<String>,
        /// 授信, 贷款融资, 奖补兑现 … or the tag.
        #[arg(long)]
        kind: Option<String>,
        /// 意向, 办理中, 已到位 or the tag.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        page_size: u32,
        /// Write every matching outcome (all pages) to this .xlsx or .csv instead.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Import a support ledger (惠企台账: 企业名称/统一社会信用代码, 类型, 金额(万元 or 元 by the
    /// header), 笔数/人数, 状态, 日期, 备注). An enterprise not registered is a problem.
    Import(crate::io::ImportArgs),
    /// Totals for a period by kind, unit or street, in a report's words.
    Totals {
        #[arg(long)]
        period: String,
        #[arg(long, default_value = "kind", value_parser = ["kind", "department", "street"])]
        by: String,
        #[arg(long)]
        status: Option<String>,
    },
}

fn word<T: Copy>(field: &str, what: &str, s: &str, parse: fn(&str) -> Option<T>, all: &[T], zh: fn(T) -> &'static str) -> Result<T, CliError> {
    parse(s).ok_or_else(|| {
        let words: Vec<&str> = all.iter().map(|v| zh(*v)).collect();
        CoreError::validation(field, format!("无法识别的{what}“{s}”,应为 {}", words.join("、"))).into()
    })
}

fn exported(r: ExportResult, json: bool) -> Result<(), CliError> {
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        println!("已导出 {} 行到 {}", r.rows, r.path);
    }
    Ok(())
}

fn period_opt(p: Option<String>) -> Result<(Option<String>, Option<String>), CliError> {
    Ok(match p {
        Some(p) => {
            let (a, b) = period(&p)?;
            (Some(a), Some(b))
        }
        None => (None, None),
    })
}

fn names(xs: &[engagement::LinkedName]) -> String {
    xs.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join("、")
}

fn line(r: &EngagementRow) -> Vec<String> {
    vec![
        r.engagement.date.clone(),
        r.engagement.kind.zh().to_string(),
        cut(&names(&r.enterprises), 30),
        cut(&r.engagement.summary, 30),
        cut(&names(&r.cadres), 12),
        names(&r.issues),
    ]
}

pub fn run(store: &Store, cmd: EngagementsCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        EngagementsCmd::List { period: p, kind, department, of, text, page, page_size, out } => {
            let (from, to) = period_opt(p)?;
            let kind = kind
                .map(|k| word("kind", "活动类型", &k, EngagementKind::parse, EngagementKind::ALL, EngagementKind::zh))
                .transpose()?;
            let q = EngagementQuery { from, to, kind, target_id: of, department_id: dept_id(store, department)?, text, page, page_size };
            if let Some(file) = out {
                return exported(io::export_engagements(store, &q, &file, ExportFormat::from_path(&file))?, json);
            }
            let r = engagement::list(store, &q)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                let rows: Vec<Vec<String>> = r.rows.iter().map(line).collect();
                print_table(&["日期", "类型", "企业", "内容", "干部", "问题"], &rows);
                println!("共 {} 条,第 {} 页", r.total, r.page);
            }
        }
        EngagementsCmd::Show { id } => {
            let r = engagement::get_view(store, &id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                let e = &r.engagement;
                println!("{} {} {}", e.date, e.kind.zh(), e.place.clone().unwrap_or_default());
                println!("内容:{}", e.summary);
                if let Some(o) = &e.outcome {
                    println!("成效:{o}");
                }
                for (label, xs) in [("干部", &r.cadres), ("企业", &r.enterprises), ("项目", &r.projects), ("社区", &r.communities), ("问题", &r.issues)] {
                    if !xs.is_empty() {
                        println!("{label}:{}", names(xs));
                    }
                }
            }
        }
        EngagementsCmd::Counts { period: p } => {
            let (from, to) = period(&p)?;
            let c = engagement::counts(store, &from, &to)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&c)?);
            } else {
                println!("{}", c.sentence);
                let rows: Vec<Vec<String>> = c.by_department.iter().map(|(d, n)| vec![d.name.clone(), n.to_string()]).collect();
                if !rows.is_empty() {
                    print_table(&["单位", "次数"], &rows);
                }
            }
        }
    }
    Ok(())
}

pub fn run_support(store: &Store, cmd: SupportCmd, json: bool) -> Result<(), CliError> {
    let status_of = |s: String| word("status", "状态", &s, SupportStatus::parse, SupportStatus::ALL, SupportStatus::zh);
    match cmd {
        SupportCmd::Import(a) => return crate::io::import_kind(store, lianxin_core::io::ImportKind::Supports, a, json),
        SupportCmd::List { period: p, kind, status, department, page, page_size, out } => {
            let (from, to) = period_opt(p)?;
            let kind = kind.map(|k| word("kind", "成效类型", &k, SupportKind::parse, SupportKind::ALL, SupportKind::zh)).transpose()?;
            let q = SupportQuery {
                enterprise_id: None,
                kind,
                status: status.map(status_of).transpose()?,
                department_id: dept_id(store, department)?,
                from,
                to,
                page,
                page_size,
            };
            if let Some(file) = out {
                return exported(io::export_supports(store, &q, &file, ExportFormat::from_path(&file))?, json);
            }
            let r = support::list(store, &q)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                let rows: Vec<Vec<String>> = r
                    .rows
                    .iter()
                    .map(|s| {
                        let x = &s.support;
                        vec![
                            x.date.clone(),
                            cut(&s.enterprise_name, 24),
                            x.kind.zh().to_string(),
                            x.amount_fen.map(yuan_words).unwrap_or_default(),
                            x.count.map(|n| format!("{n}{}", x.unit.clone().unwrap_or_default())).unwrap_or_default(),
                            x.status.zh().to_string(),
                            s.department_name.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                print_table(&["日期", "企业", "类型", "金额", "数量", "状态", "帮办单位"], &rows);
                println!("共 {} 条,第 {} 页", r.total, r.page);
            }
        }
        SupportCmd::Totals { period: p, by, status } => {
            let (from, to) = period(&p)?;
            let by: TotalsBy = serde_json::from_value(serde_json::Value::String(by))?;
            let t = support::totals(store, &from, &to, status.map(status_of).transpose()?, by)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&t)?);
            } else {
                println!("{}", t.sentence);
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|r| {
                        let counts: Vec<String> = r.counts.iter().map(|(u, n)| format!("{n}{u}")).collect();
                        vec![r.name.clone(), r.items.to_string(), r.enterprises.to_string(), if r.amount_fen > 0 { yuan_words(r.amount_fen) } else { String::new() }, counts.join("、")]
                    })
                    .collect();
                print_table(&["", "笔数", "企业数", "金额", "数量"], &rows);
            }
        }
    }
    Ok(())
}
