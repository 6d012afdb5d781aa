//! `lianxin`: the headless command line over 连心 core, for scripts, cron jobs and support.

mod backup;
mod bench;
mod demo;
mod engagements;
mod enterprises;
mod error;
mod issues;
mod print;
mod projects;
mod search;
mod sync;
mod io;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lianxin_core::generate::Counts;
use lianxin_core::Store;

use crate::error::CliError;

#[derive(Parser)]
#[command(name = "lianxin", version, about = "连心 命令行:演示数据、企业名录查询等")]
struct Cli {
    /// The database file (created if missing).
    #[arg(long, global = true, env = "LIANXIN_DB", default_value = "lianxin.db")]
    db: PathBuf,
    /// Print machine-readable JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill an empty database with the demo set (departments, cadres, enterprises, liaisons, issues).
    Demo {
        /// S = one zone (700 enterprises, 150 cadres, 3,000 issues), L = one province (100,000, 10,000
        /// and 1,000,000).
        #[arg(long, default_value = "S", value_parser = ["S", "L", "s", "l"])]
        size: String,
        #[arg(long, default_value_t = lianxin_core::generate::DEMO_SEED)]
        seed: u64,
        /// Override the size's enterprise count.
        #[arg(long)]
        enterprises: Option<usize>,
        /// Override the size's cadre count.
        #[arg(long)]
        cadres: Option<usize>,
        /// Override the size's street count.
        #[arg(long)]
        streets: Option<usize>,
        /// Override the size's issue count (S 3,000, L 1,000,000).
        #[arg(long)]
        issues: Option<usize>,
        /// Override the size's project count (S 50, L 10,000).
        #[arg(long)]
        projects: Option<usize>,
        /// The zone's name, recorded if none is set yet.
        #[arg(long, default_value = "湘潭高新区(演示)")]
        zone: String,
        /// Who is recorded as the author of the demo rows.
        #[arg(long, default_value = "演示数据")]
        operator: String,
    },
    /// Measure the performance targets on a generated data set (use a release build).
    Bench {
        #[arg(long, default_value = "S", value_parser = ["S", "L", "s", "l"])]
        size: String,
        #[arg(long, default_value_t = lianxin_core::generate::DEMO_SEED)]
        seed: u64,
        /// Timed runs per case.
        #[arg(long, default_value_t = 300)]
        runs: usize,
        /// Override the size's enterprise count.
        #[arg(long)]
        enterprises: Option<usize>,
        /// Only these case groups (comma-separated): enterprises, liaisons, import, search, issues, engagements, projects, print, sync.
        #[arg(long, value_delimiter = ',', value_parser = ["enterprises", "liaisons", "import", "search", "issues", "engagements", "projects", "print", "sync"])]
        only: Vec<String>,
        /// The sync group's server database: a PostgreSQL address (postgres://…) to measure that
        /// backend; SQLite in a temporary folder when absent.
        #[arg(long)]
        sync_database: Option<String>,
    },
    /// Import enterprises or cadres from .xlsx/.xls/.ods/.csv (problems print as 第N行 [列名] 消息).
    Import {
        #[command(subcommand)]
        command: io::ImportCmd,
    },
    /// Export the enterprise or cadre list to .xlsx or .csv.
    Export {
        #[command(subcommand)]
        command: io::ExportCmd,
    },
    /// Search enterprises and cadres (Chinese of any length, pinyin or initials, USCC, phone) and
    /// issue texts (3+ characters).
    Search {
        text: String,
        /// Only this kind.
        #[arg(long, value_parser = ["enterprise", "cadre", "issue", "project"])]
        kind: Option<String>,
        /// Hits per kind.
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// The enterprise registry.
    Enterprises {
        #[command(subcommand)]
        command: enterprises::EnterprisesCmd,
    },
    /// The issue ledger (问题台账): list, show one with its timeline, import, export.
    Issues {
        #[command(subcommand)]
        command: issues::IssuesCmd,
    },
    /// 走访会议: engagements list, show one, the period's counts.
    Engagements {
        #[command(subcommand)]
        command: engagements::EngagementsCmd,
    },
    /// 惠企台账: support outcomes list and totals.
    Support {
        #[command(subcommand)]
        command: engagements::SupportCmd,
    },
    /// Projects (民生实事 and 重点项目): list with filters, show one with its milestones and log.
    Projects {
        #[command(subcommand)]
        command: projects::ProjectsCmd,
    },
    /// 问题数, 办结率, 按期办结率, 满意率, 超期, 平均办理工作日 for a period, by department, category …
    Figures(issues::FiguresArgs),
    /// 连心卡: A4 sheets of ten cards with crop marks, each sheet's backs mirrored after it.
    Cards {
        #[command(flatten)]
        scope: print::CardsScope,
        #[command(flatten)]
        out: print::Out,
    },
    /// 连心墙 poster: leaders and each department's phone and people, with the supervision hotline.
    Wall {
        /// A3 instead of A4.
        #[arg(long)]
        a3: bool,
        #[command(flatten)]
        out: print::Out,
    },
    /// 督办单 (--issue) or 交办单 (--batch), ready to stamp and send.
    Notice {
        #[command(flatten)]
        of: print::NoticeOf,
        #[command(flatten)]
        out: print::Out,
    },
    /// 工作通报 for a period: 2026-11, 2026-Q3, 2026 or 2026-01-01..2026-03-31.
    Bulletin {
        #[arg(long)]
        period: String,
        #[command(flatten)]
        out: print::Out,
    },
    /// Show or set what printed documents say about the office: card title, 监督电话, 服务承诺, 落款.
    PrintSettings(print::SettingsArgs),
    /// Copy the database now (to FILE with --out, else into backups/ beside it), or list the copies.
    Backup(backup::BackupArgs),
    /// Replace the database with a backup: the backup is checked first (a damaged one is
    /// refused) and the current file is kept in backups/ as 恢复前.
    Restore {
        /// The backup file (.db).
        file: PathBuf,
    },
    /// Sync with a 连心 server: send this device's changes, fetch and merge everyone else's.
    /// Prints one line; exits non-zero if the sync could not complete (it resumes next time).
    Sync {
        /// The server's address, e.g. https://sync.example.cn
        #[arg(long, env = "LIANXIN_SERVER")]
        server: String,
        /// A file holding this device's token (from the server's `token create`).
        #[arg(long)]
        token_file: PathBuf,
        /// Tries before giving up while the server cannot be reached (waits 1, 2, 4 … s).
        #[arg(long, default_value_t = 4)]
        attempts: u32,
    },
    /// Copy the built-in print templates (.typ) into a folder to adapt them.
    Templates {
        #[arg(long)]
        out: PathBuf,
    },
}

fn run(cli: Cli) -> Result<(), CliError> {
    if let Command::Bench { size, seed, runs, enterprises, only, sync_database } = &cli.command {
        let base = Counts::by_name(size).expect("clap checked the size");
        let counts = Counts { enterprises: enterprises.unwrap_or(base.enterprises), ..base };
        let db = std::env::args().any(|a| a == "--db" || a.starts_with("--db=")).then(|| cli.db.clone());
        return bench::run(bench::Options {
            size: size.to_uppercase(),
            counts,
            seed: *seed,
            db,
            runs: *runs,
            json: cli.json,
            only: only.clone(),
            sync_database: sync_database.clone(),
        });
    }
    if let Command::Demo { size, seed, enterprises, cadres, streets, issues, projects, zone, operator } = &cli.command {
        let base = Counts::by_name(size).expect("clap checked the size");
        let counts = Counts {
            enterprises: enterprises.unwrap_or(base.enterprises),
            cadres: cadres.unwrap_or(base.cadres),
            streets: streets.unwrap_or(base.streets),
            issues: issues.unwrap_or(base.issues),
            projects: projects.unwrap_or(base.projects),
            ..base
        };
        // The demo opens (and replaces) the file itself: all or nothing.
        return demo::run(&cli.db, counts, *seed, zone, operator, cli.json);
    }
    if let Command::Backup(args) = &cli.command {
        return backup::run(&cli.db, args, cli.json);
    }
    if let Command::Restore { file } = &cli.command {
        return backup::restore(&cli.db, file, cli.json);
    }
    let store = Store::open(&cli.db)?;
    match cli.command {
        Command::Demo { .. } | Command::Backup(_) | Command::Restore { .. } => unreachable!("handled above"),
        Command::Enterprises { command } => enterprises::run(&store, command, cli.json)?,
        Command::Issues { command } => issues::run(&store, command, cli.json)?,
        Command::Engagements { command } => engagements::run(&store, command, cli.json)?,
        Command::Support { command } => engagements::run_support(&store, command, cli.json)?,
        Command::Projects { command } => projects::run(&store, command, cli.json)?,
        Command::Figures(args) => issues::run_figures(&store, args, cli.json)?,
        Command::Search { text, kind, limit } => search::run(&store, &text, kind.as_deref(), limit, cli.json)?,
        Command::Import { command } => io::import(&store, command, cli.json)?,
        Command::Export { command } => io::export(&store, command, cli.json)?,
        Command::Cards { scope, out } => print::cards(&store, scope, out, cli.json)?,
        Command::Wall { a3, out } => print::wall(&store, a3, out, cli.json)?,
        Command::Notice { of, out } => print::notice(&store, of, out, cli.json)?,
        Command::Bulletin { period, out } => print::bulletin(&store, &period, out, cli.json)?,
        Command::Templates { out } => print::templates(&out)?,
        Command::PrintSettings(args) => print::settings(&store, args, cli.json)?,
        Command::Sync { server, token_file, attempts } => sync::run(&store, &server, &token_file, attempts, cli.json)?,
        Command::Bench { .. } => unreachable!("handled above"),
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误:{e}");
            ExitCode::FAILURE
        }
    }
}
