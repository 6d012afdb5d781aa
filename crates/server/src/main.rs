//! `lianxin-server`: serve, and the admin commands for zones and tokens.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use lianxin_server::serve::TlsFiles;
use lianxin_server::{admin, open, router, Limits, ServerError};

#[derive(Parser)]
#[command(name = "lianxin-server", version, about = "连心同步服务器")]
struct Cli {
    /// sqlite://PATH (one file, the default) or postgres://USER@HOST/DB (several servers may share it)
    #[arg(
        long,
        global = true,
        env = "LIANXIN_SERVER_DATABASE",
        default_value = "sqlite://lianxin-server.db"
    )]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the sync protocol
    Serve {
        /// Address and port to listen on (0.0.0.0:8750 for every interface)
        #[arg(long, env = "LIANXIN_SERVER_LISTEN", default_value = "127.0.0.1:8750")]
        listen: SocketAddr,
        /// PEM certificate chain; with --tls-key, serve HTTPS
        #[arg(long, env = "LIANXIN_SERVER_TLS_CERT", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key
        #[arg(long, env = "LIANXIN_SERVER_TLS_KEY", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Largest request body in bytes
        #[arg(long, env = "LIANXIN_SERVER_MAX_BODY", default_value_t = Limits::default().max_body)]
        max_body: usize,
        /// Largest attachment file a device may upload, in bytes (files are kept in the database)
        #[arg(long, env = "LIANXIN_SERVER_MAX_BLOB", default_value_t = Limits::default().max_blob)]
        max_blob: usize,
        /// Requests per second per token, on average
        #[arg(long, env = "LIANXIN_SERVER_RATE", default_value_t = Limits::default().rate_per_second)]
        rate: f64,
        /// Requests per token in one burst
        #[arg(long, env = "LIANXIN_SERVER_BURST", default_value_t = Limits::default().burst)]
        burst: u32,
        /// Seconds a request may take
        #[arg(long, env = "LIANXIN_SERVER_TIMEOUT", default_value_t = Limits::default().timeout.as_secs())]
        timeout: u64,
        /// Refused tokens per second one address may present before it is answered 429
        #[arg(long, env = "LIANXIN_SERVER_AUTH_FAILURES", default_value_t = Limits::default().auth_failures_per_second)]
        auth_failures: f64,
        /// Refused tokens one address may present in one burst
        #[arg(long, env = "LIANXIN_SERVER_AUTH_FAILURE_BURST", default_value_t = Limits::default().auth_failure_burst)]
        auth_failure_burst: u32,
    },
    /// Many laptops syncing at once against a server on this machine (loopback only): latency,
    /// errors, and a check that the zone holds every change once. Makes a zone and tokens in
    /// --database.
    Load {
        /// Clients at once, each with its own token
        #[arg(long, default_value_t = 200)]
        clients: usize,
        /// Push-then-pull rounds per client
        #[arg(long, default_value_t = 10)]
        rounds: usize,
        /// Changes per push
        #[arg(long, default_value_t = 20)]
        page: usize,
        /// Milliseconds each client waits between rounds (±50%); 0 sends back to back
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
        /// A server already running on this machine on the same database (http://127.0.0.1:PORT);
        /// one is served in this process when absent
        #[arg(long)]
        target: Option<String>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Zones (园区): each has its own data
    Zone {
        #[command(subcommand)]
        command: ZoneCommand,
    },
    /// Device tokens, each bound to one zone
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand)]
enum ZoneCommand {
    Create { name: String },
    List,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token; it is printed once and never stored
    Create {
        #[arg(long)]
        zone: String,
        #[arg(long)]
        name: String,
    },
    List,
    /// Revoke a token by its number (from `token list`)
    Revoke {
        id: i64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = std::env::var("LIANXIN_SERVER_LOG")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(tracing::Level::INFO);
    let logs = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr);
    // One JSON object a line, for a province's log collector; readable lines otherwise.
    if std::env::var("LIANXIN_SERVER_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().init();
    } else {
        logs.init();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("无法启动：{e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), ServerError> {
    let storage = open(&cli.database).await?;
    match cli.command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            max_body,
            max_blob,
            rate,
            burst,
            timeout,
            auth_failures,
            auth_failure_burst,
        } => {
            let limits = Limits {
                max_body,
                max_blob,
                rate_per_second: rate,
                burst,
                timeout: Duration::from_secs(timeout),
                auth_failures_per_second: auth_failures,
                auth_failure_burst,
            };
            let tls = tls_cert
                .zip(tls_key)
                .map(|(cert, key)| TlsFiles { cert, key });
            lianxin_server::serve::run(router(storage, &limits), listen, tls).await
        }
        Command::Load { clients, rounds, page, pause_ms, target, json } => {
            let o = lianxin_server::load::LoadOptions { clients, rounds, page, pause_ms, target };
            let report = lianxin_server::load::run(storage, o).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
            } else {
                println!("{}", report.line());
                for e in &report.first_errors {
                    println!("  {e}");
                }
            }
            if report.errors > 0 || report.duplicates > 0 || report.changes_held != report.changes_sent {
                return Err(ServerError::Internal("压测发现错误、重复或丢失".into()));
            }
            Ok(())
        }
        Command::Zone {
            command: ZoneCommand::Create { name },
        } => {
            let zone = storage.create_zone(&name).await?;
            println!("已创建园区 {}（编号 {}）", zone.name, zone.id);
            Ok(())
        }
        Command::Zone {
            command: ZoneCommand::List,
        } => {
            println!("编号\t园区\t变更数（序号）");
            for z in storage.list_zones().await? {
                println!("{}\t{}\t{}", z.id, z.name, z.last_seq);
            }
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Create { zone, name },
        } => {
            let (info, secret) = admin::create_token(storage.as_ref(), &zone, &name).await?;
            eprintln!(
                "已为园区 {} 创建令牌 {}（编号 {}）。令牌只显示这一次，请妥善保存：",
                info.zone, info.name, info.id
            );
            println!("{secret}");
            Ok(())
        }
        Command::Token {
            command: TokenCommand::List,
        } => {
            print!("{}", admin::token_table(&storage.list_tokens().await?));
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Revoke { id },
        } => {
            let info = storage.revoke_token(id).await?;
            println!("已吊销令牌 {}（{} / {}）", info.id, info.zone, info.name);
            Ok(())
        }
    }
}
