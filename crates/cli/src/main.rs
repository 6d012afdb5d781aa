//! `lianxin`: the headless command line over 连心 core, for scripts, cron jobs and support.

mod enterprises;
mod error;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
    /// Fill an empty database with the demo set (departments, cadres, enterprises).
    Demo {
        #[arg(long, default_value_t = 20260101)]
        seed: u64,
        /// The zone's name, recorded if none is set yet.
        #[arg(long, default_value = "湘潭高新区(演示)")]
        zone: String,
        /// Who is recorded as the author of the demo rows.
        #[arg(long, default_value = "演示数据")]
        operator: String,
    },
    /// The enterprise registry.
    Enterprises {
        #[command(subcommand)]
        command: enterprises::EnterprisesCmd,
    },
}

fn run(cli: Cli) -> Result<(), CliError> {
    let store = Store::open(&cli.db)?;
    match cli.command {
        Command::Demo { seed, zone, operator } => {
            if store.actor().is_empty() {
                store.set_actor(&operator)?;
            }
            if lianxin_core::model::zone::setting(&store, lianxin_core::model::zone::ZONE_NAME)?.is_none() {
                lianxin_core::model::zone::set_setting(&store, lianxin_core::model::zone::ZONE_NAME, zone.into())?;
            }
            let n = lianxin_core::demo::populate(&store, seed)?;
            if cli.json {
                println!("{}", serde_json::json!({ "enterprises_added": n }));
            } else if n == 0 {
                println!("数据库中已有企业,未添加演示数据:{}", cli.db.display());
            } else {
                println!("已添加演示数据:{n} 家企业 → {}", cli.db.display());
            }
        }
        Command::Enterprises { command } => enterprises::run(&store, command, cli.json)?,
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
