//! `lianxin cards | wall | notice | bulletin | templates`: the print centre's documents as PDF files.
use std::path::{Path, PathBuf};

use clap::Args;
use lianxin_core::Store;
use lianxin_print::{print, CardScope, Job, Options, Paper};

use crate::error::CliError;

/// Options every document takes.
#[derive(Args)]
pub struct Out {
    /// The PDF to write.
    #[arg(long)]
    out: PathBuf,
    /// A folder whose NAME.typ files replace the built-in templates (`lianxin templates --out DIR`
    /// copies them out to start from).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// The date printed on the documents (YYYY-MM-DD); today when not given.
    #[arg(long)]
    date: Option<String>,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct CardsScope {
    /// The enterprises of this cadre (id).
    #[arg(long)]
    cadre: Option<String>,
    /// The enterprises paired with this department's cadres (id).
    #[arg(long)]
    department: Option<String>,
    /// The enterprises of this street (department id).
    #[arg(long)]
    street: Option<String>,
    /// One enterprise (id).
    #[arg(long)]
    enterprise: Option<String>,
    /// Every operating enterprise with a liaison cadre.
    #[arg(long)]
    all: bool,
}

impl CardsScope {
    pub fn scope(self) -> CardScope {
        match self {
            CardsScope { cadre: Some(id), .. } => CardScope::Cadre(id),
            CardsScope { department: Some(id), .. } => CardScope::Department(id),
            CardsScope { street: Some(id), .. } => CardScope::Street(id),
            CardsScope { enterprise: Some(id), .. } => CardScope::Enterprise(id),
            _ => CardScope::All,
        }
    }
}

#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct NoticeOf {
    /// 督办单 for these issues (编号 such as 2026-00012, or ids); repeat or separate with commas.
    #[arg(long, value_delimiter = ',')]
    issue: Vec<String>,
    /// 交办单 of this assignment batch (批次号 or id).
    #[arg(long)]
    batch: Option<String>,
}

pub fn cards(store: &Store, scope: CardsScope, out: Out, json: bool) -> Result<(), CliError> {
    run(store, Job::Cards { scope: scope.scope() }, out, json)
}

pub fn wall(store: &Store, a3: bool, out: Out, json: bool) -> Result<(), CliError> {
    run(store, Job::Wall { paper: if a3 { Paper::A3 } else { Paper::A4 } }, out, json)
}

pub fn notice(store: &Store, of: NoticeOf, out: Out, json: bool) -> Result<(), CliError> {
    let job = match of.batch {
        Some(batch_id) => Job::Assignment { batch_id },
        None => Job::Supervision { issue_ids: of.issue },
    };
    run(store, job, out, json)
}

pub fn bulletin(store: &Store, period: &str, out: Out, json: bool) -> Result<(), CliError> {
    let (from, to) = lianxin_print::parse_period(period)?;
    run(store, Job::Bulletin { from, to }, out, json)
}

/// Shows, or with any option sets, what the documents say about the office.
#[derive(Args)]
pub struct SettingsArgs {
    /// The card's title (助企连心卡).
    #[arg(long)]
    title: Option<String>,
    /// 监督电话 on cards and the wall.
    #[arg(long)]
    hotline: Option<String>,
    /// 服务承诺 on each card.
    #[arg(long)]
    pledge: Option<String>,
    /// The office that signs notices and bulletins (the zone's name when empty).
    #[arg(long)]
    office: Option<String>,
}

pub fn settings(store: &Store, a: SettingsArgs, json: bool) -> Result<(), CliError> {
    let mut s = lianxin_print::settings::get(store)?;
    let changed = a.title.is_some() || a.hotline.is_some() || a.pledge.is_some() || a.office.is_some();
    s.card_title = a.title.unwrap_or(s.card_title);
    s.hotline = a.hotline.unwrap_or(s.hotline);
    s.pledge = a.pledge.unwrap_or(s.pledge);
    s.office = a.office.unwrap_or(s.office);
    if changed {
        lianxin_print::settings::set(store, &s)?;
        s = lianxin_print::settings::get(store)?;
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!("卡片标题:{}\n监督电话:{}\n服务承诺:{}\n落款单位:{}", s.card_title, s.hotline, s.pledge, s.office);
    }
    Ok(())
}

/// Copies the built-in templates into `dir` for an office to adapt.
pub fn templates(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| CliError::Write(dir.display().to_string(), e.to_string()))?;
    for name in lianxin_print::template_names() {
        let path = dir.join(format!("{name}.typ"));
        let text = lianxin_print::builtin_template(name).expect("listed templates exist");
        std::fs::write(&path, text).map_err(|e| CliError::Write(path.display().to_string(), e.to_string()))?;
        println!("{}", path.display());
    }
    Ok(())
}

fn run(store: &Store, job: Job, out: Out, json: bool) -> Result<(), CliError> {
    let options = Options { templates: out.templates, today: out.date };
    let printed = print(store, &job, &options)?;
    printed.write(&out.out)?;
    let r = &printed.report;
    if json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"out": out.out, "report": r}))?);
        return Ok(());
    }
    for m in &r.missing {
        eprintln!("警告:{}", m.message());
    }
    for n in &r.notes {
        eprintln!("说明:{n}");
    }
    println!("{}:{} 页,{} 项 → {}", job.file_name().trim_end_matches(".pdf"), r.pages, r.count, out.out.display());
    Ok(())
}
