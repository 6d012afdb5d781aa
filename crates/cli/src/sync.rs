//! `lianxin sync`: one sync with a server (push this device's changes, pull and merge the
//! others'), retried with growing waits while the network or the server is down. Prints one
//! line; the exit status says whether it completed.

use std::path::Path;

use lianxin_core::sync::{self, Backoff, Http};
use lianxin_core::Store;

use crate::error::CliError;

pub fn run(store: &Store, server: &str, token_file: &Path, attempts: u32, json: bool) -> Result<(), CliError> {
    let token = std::fs::read_to_string(token_file)
        .map_err(|e| CliError::Read(token_file.display().to_string(), e.to_string()))?;
    let transport = Http::new(server, token.trim());
    let backoff = Backoff { attempts, ..Backoff::default() };
    let summary = sync::sync_retrying(store, server, &transport, backoff, &mut |wait| {
        eprintln!("同步未完成,{} 秒后重试", wait.as_secs());
        std::thread::sleep(wait);
    })?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "pushed": summary.pushed,
                "pulled": summary.pulled,
                "records": summary.records,
                "renumbered": summary.renumbered,
                "clock_ahead_ms": summary.clock_ahead_ms,
                "files_up": summary.files_up,
                "files_down": summary.files_down,
                "files_skipped": summary.files_skipped,
                "files_waiting": summary.files_waiting,
                "files_note": summary.files_note,
            })
        );
    } else {
        println!("{}", summary.line());
    }
    Ok(())
}
