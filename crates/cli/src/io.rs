//! `lianxin import …` and `lianxin export …`: the same core functions as the app's import
//! wizard and export buttons.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use clap::{Args, Subcommand, ValueEnum};
use lianxin_core::io::{self, ExistingChoice, ExportFormat, ImportKind, ImportOptions, ImportReport};
use lianxin_core::model::cadre::{CadreQuery, CadreRole};
use lianxin_core::model::department;
use lianxin_core::model::enterprise::{EnterpriseQuery, EnterpriseSort, EnterpriseStatus, Scale};
use lianxin_core::{CoreError, Store};

use crate::error::CliError;

#[derive(Clone, Copy, ValueEnum)]
pub enum Existing {
    /// Overwrite registered records with the row's non-empty cells.
    Update,
    /// Leave registered records alone.
    Skip,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The .xlsx, .xls, .ods or .csv file.
    file: PathBuf,
    /// Check and report only; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Rows matching a registered record (enterprises by USCC, else name; cadres by mobile, or
    /// without one by name and unit; projects by name and year).
    #[arg(long, value_enum, default_value = "update")]
    existing: Existing,
    /// Create streets, communities and units the file names but the database lacks.
    #[arg(long)]
    create_missing: bool,
    /// Import the good rows and leave rows with problems out (exit 0), instead of importing nothing.
    #[arg(long)]
    skip_invalid: bool,
    /// Create the 联点干部 the file names but the database lacks (name and 联点单位; mobile to
    /// fill in later). Without it those enterprises import without the pairing, with a warning.
    #[arg(long)]
    create_cadres: bool,
    /// Write the rows left out (with problems) to this .xlsx: the file's columns, 原行号 and
    /// 未导入原因, to fix and import again.
    #[arg(long)]
    left_out: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum ImportCmd {
    /// Import enterprises (企业名称, 统一社会信用代码, 所属街道, 联系电话, 联点干部 …).
    Enterprises(ImportArgs),
    /// Import cadres (姓名, 单位, 职务, 角色, 手机).
    Cadres(ImportArgs),
    /// Import a project ledger (民生实事台账 / 重点项目台账); the same as `projects import`.
    Projects(ImportArgs),
    /// Import a support ledger (惠企台账); the same as `support import`.
    Supports(ImportArgs),
}

#[derive(Subcommand)]
pub enum ExportCmd {
    /// Export the enterprise list, filtered as `enterprises list` is, all pages. .xlsx or .csv by extension.
    Enterprises {
        file: PathBuf,
        /// Substring of name, short name, USCC, contact or phone.
        #[arg(long)]
        text: Option<String>,
        /// Street name (exact), e.g. 双马街道.
        #[arg(long)]
        street: Option<String>,
        /// Industry section letter (GB/T 4754), e.g. C.
        #[arg(long)]
        industry: Option<String>,
        #[arg(long, value_parser = ["large", "medium", "small", "micro"])]
        scale: Option<String>,
        #[arg(long, value_parser = ["operating", "moved_out", "closed"])]
        status: Option<String>,
        #[arg(long, default_value = "name", value_parser = ["name", "street", "scale", "updated_at", "created_at"])]
        sort: String,
        #[arg(long)]
        desc: bool,
    },
    /// Export the cadre list. .xlsx or .csv by extension.
    Cadres {
        file: PathBuf,
        #[arg(long)]
        text: Option<String>,
        /// Unit name (exact).
        #[arg(long)]
        department: Option<String>,
        #[arg(long, value_parser = ["leader", "cadre", "specialist"])]
        role: Option<String>,
    },
}

fn enum_of<T: serde::de::DeserializeOwned>(s: Option<String>) -> Result<Option<T>, CliError> {
    s.map(|v| serde_json::from_value(serde_json::Value::String(v))).transpose().map_err(CliError::from)
}

fn dept_id(store: &Store, name: Option<String>, what: &str) -> Result<Option<String>, CliError> {
    let Some(name) = name else { return Ok(None) };
    let depts = department::all(store)?;
    let d = depts
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| CoreError::validation(what, format!("没有名为“{name}”的单位或街道")))?;
    Ok(Some(d.id.clone()))
}

fn print_report(r: &ImportReport, json: bool) -> Result<(), CliError> {
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
        println!("未登记的{}:{}({}行)", m.kind.zh(), m.name, m.rows);
    }
    let verb = if r.committed { "已" } else { "将" };
    for c in &r.unknown_cadres {
        let unit = c.unit.as_deref().map(|u| format!(",{u}")).unwrap_or_default();
        println!("未登记的干部:{}{unit}({}行)", c.name, c.rows);
    }
    if r.new_cadres > 0 {
        println!("{verb}新建干部{}名(手机号待补)", r.new_cadres);
    }
    println!(
        "表头在第{}行,数据{}行:{verb}新增{},{verb}更新{},无变化{},跳过已登记{},有问题{}行;{verb}新建单位{}个,{verb}新建联点{}个",
        r.mapping.header_row,
        r.total_rows,
        r.new_rows,
        r.update_rows,
        r.unchanged_rows,
        r.skipped_rows,
        r.invalid_rows,
        r.new_departments,
        r.new_liaisons
    );
    Ok(())
}

pub fn import(store: &Store, cmd: ImportCmd, json: bool) -> Result<(), CliError> {
    let (kind, a) = match cmd {
        ImportCmd::Enterprises(a) => (ImportKind::Enterprises, a),
        ImportCmd::Cadres(a) => (ImportKind::Cadres, a),
        ImportCmd::Projects(a) => (ImportKind::Projects, a),
        ImportCmd::Supports(a) => (ImportKind::Supports, a),
    };
    import_kind(store, kind, a, json)
}

/// Imports `a.file` as `kind`: on a problem nothing is written, every problem is printed and
/// the exit status is non-zero (unless `--skip-invalid`).
pub fn import_kind(store: &Store, kind: ImportKind, a: ImportArgs, json: bool) -> Result<(), CliError> {
    let sheet = io::read_path(&a.file)?;
    let opts = ImportOptions {
        mapping: None,
        existing: match a.existing {
            Existing::Update => ExistingChoice::Update,
            Existing::Skip => ExistingChoice::Skip,
        },
        create_missing: a.create_missing,
        skip_invalid: a.skip_invalid,
        create_cadres: a.create_cadres,
    };
    let write_left_out = |r: &ImportReport| left_out(&sheet, r.mapping.header_row, &r.left_out, a.left_out.as_deref());
    if a.dry_run {
        let r = io::preview(store, kind, &sheet, &opts)?;
        write_left_out(&r)?;
        print_report(&r, json)?;
        return Ok(io::require_table(&r)?);
    }
    match io::commit(store, kind, &sheet, &opts, &mut |_| {}, &AtomicBool::new(false)) {
        Ok(r) => {
            write_left_out(&r)?;
            print_report(&r, json)
        }
        Err(e @ CoreError::ImportProblems { .. }) => {
            // Nothing was written; show every problem, then fail.
            let r = io::preview(store, kind, &sheet, &opts)?;
            write_left_out(&r)?;
            print_report(&r, json)?;
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// The rows left out, to `path` when asked for and there are any.
pub fn left_out(sheet: &io::Sheet, header_row: u32, rows: &[io::LeftOut], path: Option<&std::path::Path>) -> Result<(), CliError> {
    let Some(path) = path.filter(|_| !rows.is_empty()) else { return Ok(()) };
    let r = io::export_left_out(sheet, header_row, rows, path)?;
    eprintln!("未导入的{}行已写入 {}(改好后可再次导入)", r.rows, r.path);
    Ok(())
}

pub fn export(store: &Store, cmd: ExportCmd, json: bool) -> Result<(), CliError> {
    let res = match cmd {
        ExportCmd::Enterprises { file, text, street, industry, scale, status, sort, desc } => {
            let q = EnterpriseQuery {
                text,
                street_id: dept_id(store, street, "street")?,
                industry,
                scale: enum_of::<Scale>(scale)?,
                status: enum_of::<EnterpriseStatus>(status)?,
                sort: enum_of::<EnterpriseSort>(Some(sort))?,
                desc,
                ..Default::default()
            };
            io::export_enterprises(store, &q, &file, ExportFormat::from_path(&file))?
        }
        ExportCmd::Cadres { file, text, department, role } => {
            let q = CadreQuery {
                text,
                department_id: dept_id(store, department, "department")?,
                role: enum_of::<CadreRole>(role)?,
                ..Default::default()
            };
            io::export_cadres(store, &q, &file, ExportFormat::from_path(&file))?
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&res)?);
    } else {
        println!("已导出 {} 行到 {}", res.rows, res.path);
    }
    Ok(())
}
