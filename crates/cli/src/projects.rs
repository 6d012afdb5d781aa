//! `lianxin projects list|show|import|export`: the app's project list, project page and its ledger
//! import/export on the command line.

use std::path::PathBuf;

use clap::Subcommand;
use lianxin_core::io::{self, ExportFormat, ImportKind};
use lianxin_core::model::department;
use lianxin_core::model::issue::Flag;
use lianxin_core::model::project::{self, ProjectDetail, ProjectKind, ProjectQuery, ProjectSort, ProjectStatus};
use lianxin_core::{CoreError, Store};

use crate::error::CliError;
use crate::issues::dept_id;

#[derive(Subcommand)]
pub enum ProjectsCmd {
    /// List projects, filtered and paged as in the app's list (the most urgent first).
    List {
        /// Name or location; 3+ characters match pinyin initials too.
        #[arg(long)]
        text: Option<String>,
        /// 民生实事 / 重点项目 (or livelihood / key).
        #[arg(long)]
        kind: Option<String>,
        /// 谋划 / 在建 / 完工 / 验收 / 暂停 (or the tags).
        #[arg(long)]
        status: Option<String>,
        /// Street name, e.g. 双马街道.
        #[arg(long)]
        street: Option<String>,
        /// Responsible department's name.
        #[arg(long)]
        department: Option<String>,
        /// red / yellow / green / black (or 红灯 …).
        #[arg(long)]
        flag: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, default_value = "due", value_parser = ["due", "name", "progress", "budget", "planned_finish", "updated_at"])]
        sort: String,
        #[arg(long)]
        desc: bool,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        page_size: u32,
    },
    /// One project with its milestones, progress log, 挂钩联系人 and issues.
    Show { id: String },
    /// Import a project ledger (民生实事台账 / 重点项目台账: 项目名称, 建设内容, 总投资(万元),
    /// 计划完工, 责任单位, 挂钩联系人, 进度, 状态 …). A project of the same name is updated.
    Import(crate::io::ImportArgs),
    /// Export the project ledger, filtered, all pages, in the columns `projects import` reads.
    Export {
        /// .xlsx or .csv by extension.
        #[arg(long)]
        out: PathBuf,
        /// 民生实事 / 重点项目.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        year: Option<i32>,
    },
}

fn parsed<T>(field: &str, label: &str, s: Option<String>, parse: fn(&str) -> Option<T>, all: Vec<&str>) -> Result<Option<T>, CliError> {
    match s {
        None => Ok(None),
        Some(s) => parse(&s)
            .map(Some)
            .ok_or_else(|| CoreError::validation(field, format!("无法识别的{label}“{s}”,应为 {}", all.join("、"))).into()),
    }
}

/// Fen as 万元, as the articles write money ("专项投入8万元").
pub fn wan(fen: Option<i64>) -> String {
    match fen {
        None => String::new(),
        Some(f) => {
            let s = format!("{:.2}", f as f64 / 1_000_000.0);
            s.trim_end_matches('0').trim_end_matches('.').to_string() + "万元"
        }
    }
}

fn flag_zh(f: Option<Flag>) -> &'static str {
    f.map(Flag::zh).unwrap_or("—")
}

pub fn run(store: &Store, cmd: ProjectsCmd, json: bool) -> Result<(), CliError> {
    match cmd {
        ProjectsCmd::List { text, kind, status, street, department, flag, year, sort, desc, page, page_size } => {
            let q = ProjectQuery {
                text,
                kind: parsed("kind", "项目类型", kind, ProjectKind::parse, ProjectKind::ALL.iter().map(|k| k.zh()).collect())?,
                status: parsed("status", "项目状态", status, ProjectStatus::parse, ProjectStatus::ALL.iter().map(|k| k.zh()).collect())?,
                flag: parsed("flag", "亮灯", flag, Flag::parse, Flag::ALL.iter().map(|k| k.zh()).collect())?,
                street_id: dept_id(store, street)?,
                department_id: dept_id(store, department)?,
                year,
                sort: Some(serde_json::from_value::<ProjectSort>(serde_json::Value::String(sort))?),
                desc,
                page,
                page_size,
                ..Default::default()
            };
            let result = project::list(store, &q)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&result)?);
                return Ok(());
            }
            for r in &result.rows {
                let p = &r.project;
                println!(
                    "{}\t{}\t{}\t{}\t{}%\t{}\t{}\t{}\t{}",
                    flag_zh(r.flag),
                    p.name,
                    p.kind.zh(),
                    p.category.zh(),
                    p.progress,
                    p.status.zh(),
                    wan(p.budget_fen),
                    p.due_on.as_deref().unwrap_or(""),
                    r.contacts.join("、")
                );
            }
            println!("共 {} 个项目,第 {} 页,每页 {} 个", result.total, result.page, result.page_size);
        }
        ProjectsCmd::Import(a) => crate::io::import_kind(store, ImportKind::Projects, a, json)?,
        ProjectsCmd::Export { out, kind, year } => {
            let q = ProjectQuery {
                kind: parsed("kind", "项目类型", kind, ProjectKind::parse, ProjectKind::ALL.iter().map(|k| k.zh()).collect())?,
                year,
                ..Default::default()
            };
            let r = io::export_projects(store, &q, &out, ExportFormat::from_path(&out))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("已导出 {} 个项目到 {}", r.rows, r.path);
            }
        }
        ProjectsCmd::Show { id } => {
            let d = project::detail(store, id.trim(), &None)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
                return Ok(());
            }
            print_detail(store, &d)?;
        }
    }
    Ok(())
}

fn print_detail(store: &Store, d: &ProjectDetail) -> Result<(), CliError> {
    let depts = department::all(store)?;
    let name = |id: &Option<String>| {
        id.as_ref().and_then(|id| depts.iter().find(|d| &d.id == id)).map(|d| d.name.clone()).unwrap_or_default()
    };
    let p = &d.project;
    let or = |s: &Option<String>| s.clone().unwrap_or_default();
    let qty = |n: Option<f64>, u: &Option<String>| n.map(|n| format!("{n}{}", or(u))).unwrap_or_default();
    let lines = [
        ("项目名称", p.name.clone()),
        ("类型", format!("{} · {}", p.kind.zh(), p.category.zh())),
        ("状态", format!("{} · 进度 {}% · {}", p.status.zh(), p.progress, flag_zh(d.flag))),
        ("街道/社区", format!("{} {}", name(&p.street_id), name(&p.community_id))),
        ("地点", or(&p.location)),
        ("责任单位", name(&p.department_id)),
        ("预算", wan(p.budget_fen)),
        ("已完成投资", wan(p.spent_fen)),
        ("建设规模", qty(p.quantity, &p.unit)),
        ("受益", p.beneficiaries.map(|b| format!("{b}{}", or(&p.beneficiary_unit))).unwrap_or_default()),
        ("计划工期", format!("{} 至 {}", or(&p.planned_start), or(&p.planned_finish))),
        ("实际工期", format!("{} 至 {}", or(&p.actual_start), or(&p.actual_finish))),
        ("建设内容", or(&p.content)),
    ];
    for (k, v) in lines {
        println!("{k}\t{v}");
    }
    println!("\n节点");
    for m in &d.milestones {
        let x = &m.milestone;
        println!("  {}\t{}\t计划 {}\t完成 {}", flag_zh(m.flag), x.name, x.due_on, or(&x.done_on));
    }
    println!("\n挂钩联系人");
    for l in &d.liaisons {
        let until = l.end_date.clone().unwrap_or_else(|| "至今".into());
        println!("  {}\t{} 至 {}\t{}", l.cadre_name, l.start_date, until, or(&l.note));
    }
    println!("\n进展");
    for l in &d.logs {
        let p = l.progress.map(|p| format!("{p}%")).unwrap_or_default();
        println!("  {}\t{}\t{}\t{}", l.on_date, p, l.content, l.actor);
    }
    println!("\n问题 {} 个", d.issues.len());
    for i in &d.issues {
        println!("  {}\t{}\t{}\t{}", i.no, i.status.zh(), flag_zh(i.flag), i.content);
    }
    Ok(())
}
