//! The sync client: push this device's outbox, pull and merge everyone's changes, resume after
//! any interruption. docs/architecture.md ("Sync client") says why it is built this way.
//!
//! - **Push** sends this device's changes (the change log's rows with its device id) after the
//!   last one a server acknowledged, in pages, oldest first. Pulled changes carry other devices'
//!   ids, so they are never pushed back. The acknowledged position is kept after each page: a
//!   push cut off anywhere sends at most one page again, which the server stores once.
//! - **Pull** asks for changes after the kept cursor and merges each page (`merge`) in one
//!   transaction with the new cursor: a page is applied with its cursor or not at all.
//! - **Retry**: `sync_retrying` tries again with growing waits after a failure a retry can fix
//!   (no network, 429, 503), without waiting for a new local write.
//! - **Clock**: each sync reads the server's clock; a device whose clock runs more than
//!   `SKEW_BOUND_MS` ahead corrects the stamps it makes from then on and is told so.

mod blobs;
pub mod conflicts;
mod domain;
mod http;
mod issues;
mod merge;
mod outbox;
pub mod status;
mod transport;

#[cfg(test)]
mod convergence_tests;
#[cfg(test)]
mod merge_tests;

use std::time::Duration;

use lianxin_protocol::{PushPage, MAX_PULL_CHANGES, MAX_PUSH_CHANGES};

pub use domain::{duplicates, Duplicate};
pub use http::Http;
pub use merge::{merge_setting, Applied};
pub use transport::{FetchedBlob, Memory, Transport};

use crate::error::{CoreError, Result};
use crate::store::{meta_set, Store, CLOCK_OFFSET};

/// How far ahead of the server's clock a device's clock may run before its stamps are corrected:
/// beyond this its edits would win concurrent edits they did not come after.
pub const SKEW_BOUND_MS: i64 = 2 * 60 * 1000;

const SERVER: &str = "sync_server";
const PUSHED: &str = "sync_pushed_seq";
const CURSOR: &str = "sync_cursor";
const CHECK_NUMBERS: &str = "sync_check_numbers";

/// What one sync did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// This device's changes the server now holds.
    pub pushed: usize,
    /// Changes from other devices merged here.
    pub pulled: usize,
    /// Records written again by the merge.
    pub records: usize,
    /// This device's issues given a new 编号 because an earlier one held theirs.
    pub renumbered: usize,
    /// How far this device's clock ran ahead of the server's, when beyond `SKEW_BOUND_MS`.
    pub clock_ahead_ms: Option<i64>,
    /// Attachment files uploaded and downloaded (`blobs.rs`).
    pub files_up: usize,
    pub files_down: usize,
    /// Files larger than the server takes: not uploaded, the sync goes on.
    pub files_skipped: usize,
    /// Files not synced this time (not uploaded yet by their device, or failed): tried again
    /// next sync.
    pub files_waiting: usize,
    /// Why a file failed, the first reason.
    pub files_note: Option<String>,
}

impl Summary {
    /// One line for the user.
    pub fn line(&self) -> String {
        let mut s = format!("同步完成:上传 {} 条更改,下载合并 {} 条更改({} 条记录)", self.pushed, self.pulled, self.records);
        if self.renumbered > 0 {
            s.push_str(&format!(";{} 个问题与其他设备编号重复,已改用新编号", self.renumbered));
        }
        if self.files_up + self.files_down > 0 {
            s.push_str(&format!(";附件文件上传 {} 个,下载 {} 个", self.files_up, self.files_down));
        }
        if self.files_skipped > 0 {
            s.push_str(&format!(";{} 个附件文件超过同步服务器的大小上限,未上传", self.files_skipped));
        }
        if self.files_waiting > 0 {
            s.push_str(&format!(";{} 个附件文件暂未同步,下次同步时再试", self.files_waiting));
        }
        if let Some(note) = &self.files_note {
            s.push_str(&format!("({note})"));
        }
        if let Some(ms) = self.clock_ahead_ms {
            s.push_str(&format!(";本机时钟比服务器快约 {} 分钟,请校准系统时间", (ms + 30_000) / 60_000));
        }
        s
    }
}

/// Syncs once with the server `server` (its address: the positions kept belong to it, and a new
/// address starts from the beginning) through `t`.
pub fn sync(store: &Store, server: &str, t: &dyn Transport) -> Result<Summary> {
    let mut summary = Summary::default();
    sync_into(store, server, t, &mut summary)?;
    Ok(summary)
}

/// `sync`, counting into `summary` as it goes, so tries that fail part-way still count what they did.
fn sync_into(store: &Store, server: &str, t: &dyn Transport, summary: &mut Summary) -> Result<()> {
    follow(store, server)?;
    summary.clock_ahead_ms = check_clock(store, t)?;
    let schema = store.schema_version()? as u32;
    push(store, t, schema, &mut summary.pushed)?;
    loop {
        let cursor: i64 = number(store, CURSOR)?;
        let page = t.pull(cursor, MAX_PULL_CHANGES, schema)?;
        let next = page.next.to_string();
        let changes: Vec<_> = page.changes.into_iter().map(|p| p.change).collect();
        // The cursor, and a note that 编号 need checking, commit with the page they follow.
        let applied = merge::apply(store, &changes, |c, applied| {
            if applied.new > 0 {
                meta_set(c, CHECK_NUMBERS, "1")?;
            }
            meta_set(c, CURSOR, &next)
        })?;
        summary.pulled += applied.new;
        summary.records += applied.records;
        if !page.more || changes.is_empty() {
            break;
        }
    }
    // Only a pull can bring a colliding 编号 (checked once per pull, not on every sync: the
    // check reads every issue's number). Renumbered issues are edits made here: pushed now.
    if store.meta(CHECK_NUMBERS)?.as_deref() == Some("1") {
        let renumbered = domain::renumber(store)?;
        store.set_meta(CHECK_NUMBERS, "0")?;
        summary.renumbered += renumbered;
        if renumbered > 0 {
            push(store, t, schema, &mut summary.pushed)?;
        }
    }
    // The records are done; the files they name follow, never failing the sync (`blobs.rs`).
    blobs::sync_files(store, t, summary)
}

/// Keeps positions for `server` from now on: a new server starts from the beginning.
fn follow(store: &Store, server: &str) -> Result<()> {
    if store.meta(SERVER)?.as_deref() != Some(server) {
        store.read(|c| {
            meta_set(c, SERVER, server)?;
            meta_set(c, PUSHED, "0")?;
            meta_set(c, CURSOR, "0")
        })?;
    }
    Ok(())
}

/// Pushes this device's outbox and pulls nothing: for a laptop about to be shut with little
/// time, and for the benchmark, which times the push alone. Returns how many changes went.
pub fn push_only(store: &Store, server: &str, t: &dyn Transport) -> Result<usize> {
    follow(store, server)?;
    let mut pushed = 0;
    push(store, t, store.schema_version()? as u32, &mut pushed)?;
    Ok(pushed)
}

/// Pushes the outbox after the last acknowledged change, page by page, counting into `pushed`.
fn push(store: &Store, t: &dyn Transport, schema: u32, pushed: &mut usize) -> Result<()> {
    loop {
        let after: i64 = number(store, PUSHED)?;
        let (last_seq, changes) = outbox::page(store, after, MAX_PUSH_CHANGES, schema)?;
        let Some(last_seq) = last_seq else { return Ok(()) };
        let page = PushPage { changes };
        let ack = t.push(&page)?;
        if ack.last != page.changes.last().map(|c| c.id()) {
            return Err(CoreError::Sync {
                code: "bad_ack".into(),
                message: "同步服务器的确认与所发送的数据不符,请联系管理员".into(),
                retry: false,
            });
        }
        store.set_meta(PUSHED, &last_seq.to_string())?;
        *pushed += page.changes.len();
    }
}

fn number(store: &Store, key: &str) -> Result<i64> {
    Ok(store.meta(key)?.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Compares this device's clock with the server's and keeps the correction (0 when within the
/// bound). Returns how far ahead it ran, when beyond the bound.
fn check_clock(store: &Store, t: &dyn Transport) -> Result<Option<i64>> {
    let Some(server) = t.health()?.time_ms else { return Ok(None) };
    let here = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    let ahead = here - server;
    let offset = if ahead > SKEW_BOUND_MS { -ahead } else { 0 };
    store.clock().set_offset(offset);
    store.read(|c| meta_set(c, CLOCK_OFFSET, &offset.to_string()))?;
    Ok((ahead > SKEW_BOUND_MS).then_some(ahead))
}

/// Waits between tries: `first`, doubling up to `max`, at most `attempts` tries in all.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub first: Duration,
    pub max: Duration,
    pub attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { first: Duration::from_secs(1), max: Duration::from_secs(60), attempts: 6 }
    }
}

/// `sync`, tried again after a failure that waiting can fix (no network, a busy or restarting
/// server), each time resuming where the last left off. `sleep` waits (a test passes one that
/// does not). Other failures (a revoked token, a client too old) return at once.
pub fn sync_retrying(
    store: &Store,
    server: &str,
    t: &dyn Transport,
    backoff: Backoff,
    sleep: &mut dyn FnMut(Duration),
) -> Result<Summary> {
    let mut wait = backoff.first;
    let mut tries = 0;
    let mut total = Summary::default();
    loop {
        tries += 1;
        match sync_into(store, server, t, &mut total) {
            Ok(()) => return Ok(total),
            Err(CoreError::Sync { retry: true, .. }) if tries < backoff.attempts.max(1) => {
                sleep(wait);
                wait = (wait * 2).min(backoff.max);
            }
            Err(e) => return Err(e),
        }
    }
}

/// The position of this device's sync, for a status line.
pub fn pending(store: &Store) -> Result<usize> {
    let after = number(store, PUSHED)?;
    store.read(|c| {
        Ok(c.query_row(
            "SELECT count(*) FROM changes WHERE seq > ?1 AND device = ?2",
            rusqlite::params![after, store.device_id()],
            |r| r.get::<_, i64>(0),
        )? as usize)
    })
}
