//! What the app's 同步 page shows and keeps on this device, the rules behind it in one place:
//!
//! - **Settings** (the server's address, the automatic interval) live in `meta`, which is never
//!   logged or synced: each device may reach the server by another address.
//! - **The token** is a secret: a file `sync-token` beside the database (written whole or not at
//!   all, readable by its owner only on Unix), never in the database, so never in its change
//!   log, a backup or an export; once saved it is never handed back, only whether there is one
//!   and its last four characters.
//! - **The last result** (time, whether it worked, one line in plain Chinese) is kept after
//!   every sync, manual or automatic, so a failure in the background shows on the page.
//! - **Progress**: `run_with` reports pages pushed and pulled as they go, by wrapping the
//!   transport, so the sync itself is unchanged.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use lianxin_protocol::{Cursor, Health, PullPage, PushAck, PushPage};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{conflicts, domain, Backoff, Http, Summary, Transport};
use crate::error::{CoreError, Result};
use crate::store::{Store, CLOCK_OFFSET};

/// The token's file, in the data folder beside the database.
pub const TOKEN_FILE: &str = "sync-token";

const ADDRESS: &str = "sync_address";
const AUTO: &str = "sync_auto_minutes";
const LAST_MS: &str = "sync_last_ms";
const LAST_OK: &str = "sync_last_ok";
const LAST_LINE: &str = "sync_last_line";

/// The longest automatic interval: a day.
pub const MAX_AUTO_MINUTES: u32 = 24 * 60;

/// What the user saves on the 同步 page. `token` empty or absent keeps the saved one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct SyncSettingsInput {
    pub server: String,
    pub token: Option<String>,
    /// Minutes between automatic syncs; 0 turns them off.
    pub auto_minutes: u32,
}

/// The page's header: where, when, how it went, what waits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct SyncStatus {
    /// The saved address, if any.
    pub server: Option<String>,
    /// Whether a token is saved, and its last four characters (never the token).
    pub token_saved: bool,
    pub token_hint: Option<String>,
    pub auto_minutes: u32,
    /// The last sync's end, RFC 3339 UTC, whether it completed, and its line for the user.
    pub last_at: Option<String>,
    pub last_ok: Option<bool>,
    pub last_line: Option<String>,
    /// This device's changes the server has not acknowledged yet.
    pub pending: u32,
    /// Set when this device's clock ran ahead of the server's at the last sync.
    pub clock_warning: Option<String>,
}

/// How far a sync has come, sent after each page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SyncProgress {
    /// Changes sent so far, of `to_push` waiting when it started (more if renumbering adds some).
    pub pushed: u32,
    pub to_push: u32,
    /// Changes received so far (the total is not known before the last page).
    pub pulled: u32,
}

/// The address as kept: `http://` or `https://`, a host, no trailing slash.
pub fn normalize_address(text: &str) -> Result<String> {
    let t = text.trim().trim_end_matches('/');
    let bad = || CoreError::validation("server", "请填写同步服务器地址,以 http:// 或 https:// 开头,如 https://sync.example.cn");
    let rest = t.strip_prefix("https://").or_else(|| t.strip_prefix("http://")).ok_or_else(bad)?;
    let host = rest.split(['/', ':']).next().unwrap_or("");
    if host.is_empty() || rest.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(t.to_string())
}

/// A token as pasted: trimmed; one word of at least 16 characters.
pub fn normalize_token(text: &str) -> Result<String> {
    let t = text.trim();
    if t.len() < 16 || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CoreError::validation("token", "令牌不完整,请粘贴管理员给的整串令牌(以 lx1_ 开头)"));
    }
    Ok(t.to_string())
}

fn token_path(store: &Store) -> PathBuf {
    store.path().with_file_name(TOKEN_FILE)
}

/// The saved token, if any.
pub fn token(store: &Store) -> Result<Option<String>> {
    match std::fs::read_to_string(token_path(store)) {
        Ok(t) if !t.trim().is_empty() => Ok(Some(t.trim().to_string())),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Writes the token whole or not at all: a temporary file, flushed, then renamed over the old.
fn write_token(path: &Path, token: &str) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(&tmp)?;
    f.write_all(format!("{token}\n").as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// Saves the address, the interval and (when given) the token, after checking them all.
pub fn save_settings(store: &Store, input: &SyncSettingsInput) -> Result<SyncStatus> {
    let server = normalize_address(&input.server)?;
    let token = match input.token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Some(normalize_token(t)?),
        None => None,
    };
    if token.is_none() && self::token(store)?.is_none() {
        return Err(CoreError::validation("token", "请填写令牌(由同步服务器的管理员发给每台电脑)"));
    }
    if input.auto_minutes > MAX_AUTO_MINUTES {
        return Err(CoreError::validation("auto_minutes", format!("自动同步间隔最多 {MAX_AUTO_MINUTES} 分钟(一天)")));
    }
    if let Some(t) = &token {
        write_token(&token_path(store), t)?;
    }
    store.set_meta(ADDRESS, &server)?;
    store.set_meta(AUTO, &input.auto_minutes.to_string())?;
    status(store)
}

/// The saved address and token, or why a sync cannot start.
pub fn configured(store: &Store) -> Result<(String, String)> {
    let server = store.meta(ADDRESS)?.filter(|s| !s.is_empty());
    let token = token(store)?;
    match (server, token) {
        (Some(s), Some(t)) => Ok((s, t)),
        _ => Err(CoreError::validation("server", "请先填写并保存同步服务器地址和令牌")),
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The page's header.
pub fn status(store: &Store) -> Result<SyncStatus> {
    let token = token(store)?;
    let last_ms = store.meta(LAST_MS)?.and_then(|v| v.parse::<i64>().ok());
    let offset: i64 = store.meta(CLOCK_OFFSET)?.and_then(|v| v.parse().ok()).unwrap_or(0);
    Ok(SyncStatus {
        server: store.meta(ADDRESS)?.filter(|s| !s.is_empty()),
        token_saved: token.is_some(),
        token_hint: token.map(|t| t.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect()),
        auto_minutes: store.meta(AUTO)?.and_then(|v| v.parse().ok()).unwrap_or(0),
        last_at: last_ms.map(rfc3339),
        last_ok: store.meta(LAST_OK)?.map(|v| v == "1"),
        last_line: store.meta(LAST_LINE)?,
        pending: super::pending(store)? as u32,
        clock_warning: (offset < 0).then(|| {
            format!("本机时钟比服务器快约 {} 分钟,修改记录已按服务器时间记;请校准本机系统时间", (-offset + 30_000) / 60_000)
        }),
    })
}

/// Whether the automatic sync should run now: it is on, set up, and the last try (worked or
/// not) is at least the interval ago.
pub fn auto_due(store: &Store) -> Result<bool> {
    let minutes: i64 = store.meta(AUTO)?.and_then(|v| v.parse().ok()).unwrap_or(0);
    if minutes <= 0 || configured(store).is_err() {
        return Ok(false);
    }
    let last = store.meta(LAST_MS)?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    Ok(now_ms() - last >= minutes * 60_000)
}

/// A failure in words a user acts on. The network's own error text (English, technical) is left
/// out; the server's refusals are already sentences.
pub fn failure_line(e: &CoreError, server: &str) -> String {
    match e {
        CoreError::Sync { code, .. } if code == "network" => {
            format!("同步未完成:连不上同步服务器 {server},请检查网络和服务器地址。本机数据不受影响,下次同步会接着上传")
        }
        CoreError::Sync { message, retry: true, .. } => format!("同步未完成:{message}。本机数据不受影响,稍后会再试"),
        e => format!("同步未完成:{e}"),
    }
}

fn record(store: &Store, ok: bool, line: &str) -> Result<()> {
    store.set_meta(LAST_MS, &now_ms().to_string())?;
    store.set_meta(LAST_OK, if ok { "1" } else { "0" })?;
    store.set_meta(LAST_LINE, line)
}

/// A transport that counts pages for a progress callback.
struct Reporting<'a> {
    inner: &'a dyn Transport,
    state: RefCell<(SyncProgress, &'a mut dyn FnMut(SyncProgress))>,
}

impl Reporting<'_> {
    fn tell(&self, f: impl FnOnce(&mut SyncProgress)) {
        let mut st = self.state.borrow_mut();
        f(&mut st.0);
        st.0.to_push = st.0.to_push.max(st.0.pushed);
        let p = st.0;
        (st.1)(p);
    }
}

impl Transport for Reporting<'_> {
    fn health(&self) -> Result<Health> {
        self.inner.health()
    }
    fn push(&self, page: &PushPage) -> Result<PushAck> {
        let ack = self.inner.push(page)?;
        self.tell(|p| p.pushed += page.changes.len() as u32);
        Ok(ack)
    }
    fn pull(&self, after: Cursor, limit: usize, schema: u32) -> Result<PullPage> {
        let page = self.inner.pull(after, limit, schema)?;
        self.tell(|p| p.pulled += page.changes.len() as u32);
        Ok(page)
    }
}

/// One sync through `t` (retried as `sync_retrying` does), reporting progress after each page
/// and keeping the result for `status`. The error, if any, carries the same plain line.
pub fn run_with(
    store: &Store,
    server: &str,
    t: &dyn Transport,
    backoff: Backoff,
    sleep: &mut dyn FnMut(std::time::Duration),
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<Summary> {
    let start = SyncProgress { to_push: super::pending(store)? as u32, ..Default::default() };
    progress(start);
    let reporting = Reporting { inner: t, state: RefCell::new((start, progress)) };
    match super::sync_retrying(store, server, &reporting, backoff, sleep) {
        Ok(summary) => {
            record(store, true, &summary.line())?;
            Ok(summary)
        }
        Err(e) => {
            let line = failure_line(&e, server);
            record(store, false, &line)?;
            let (code, retry) = match &e {
                CoreError::Sync { code, retry, .. } => (code.clone(), *retry),
                e => (e.code().to_string(), false),
            };
            Err(CoreError::Sync { code, message: line, retry })
        }
    }
}

/// One sync with the saved address and token over HTTP.
pub fn run(
    store: &Store,
    backoff: Backoff,
    sleep: &mut dyn FnMut(std::time::Duration),
    progress: &mut dyn FnMut(SyncProgress),
) -> Result<Summary> {
    let (server, token) = configured(store)?;
    run_with(store, &server, &Http::new(&server, &token), backoff, sleep, progress)
}

/// 测试连接 through `t`: the server answers, speaks this protocol, and takes the token (an
/// authenticated pull past the end, which returns nothing). The line says what was found.
pub fn check_with(t: &dyn Transport, schema: u32) -> Result<String> {
    let health = t.health()?;
    if health.min_protocol > lianxin_protocol::PROTOCOL_VERSION {
        return Err(CoreError::Sync {
            code: "client_too_old".into(),
            message: "同步服务器需要更新版本的连心,请先升级本软件".into(),
            retry: false,
        });
    }
    t.pull(Cursor::MAX, 1, schema)?;
    Ok("连接成功:服务器在线,令牌有效".into())
}

/// 测试连接 of `server` with `token`, or with the saved token when `token` is empty.
pub fn check(store: &Store, server: &str, token: Option<&str>) -> Result<String> {
    let server = normalize_address(server)?;
    let token = match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => normalize_token(t)?,
        None => self::token(store)?.ok_or_else(|| CoreError::validation("token", "请填写令牌"))?,
    };
    let schema = store.schema_version()? as u32;
    check_with(&Http::new(&server, &token), schema).map_err(|e| match e {
        CoreError::Sync { code, retry, .. } if code == "network" => CoreError::Sync {
            message: format!("连不上 {server}:请检查地址(含端口)和网络,或服务器是否在运行"),
            code,
            retry,
        },
        e => e,
    })
}

/// An overwritten value as the page lists it: the record by its name, the values as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ConflictRow {
    #[specta(type = f64)]
    pub id: i64,
    pub entity: String,
    pub row_id: String,
    /// The record's name (enterprise, cadre, department, project) or 编号 (issue), if found.
    pub record: Option<String>,
    pub field: String,
    /// The values as a person reads them: text unquoted, 空 for none.
    pub lost: String,
    /// Whether the overwritten value was written on this device (else the winning one was, or
    /// neither: two other devices).
    pub lost_here: bool,
    pub won_here: bool,
    pub lost_actor: String,
    pub lost_at: String,
    pub won: String,
    pub won_actor: String,
    pub won_at: String,
}

fn shown_value(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Null) => "(空)".into(),
        Ok(serde_json::Value::String(s)) if s.is_empty() => "(空)".into(),
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Bool(b)) => if b { "是" } else { "否" }.into(),
        Ok(v) => v.to_string(),
        Err(_) => json.to_string(),
    }
}

/// The column naming a record of `entity`, for the tables a person edits.
fn label_column(entity: &str) -> Option<&'static str> {
    match entity {
        "enterprises" | "cadres" | "departments" | "projects" => Some("name"),
        "issues" => Some("no"),
        _ => None,
    }
}

/// The open conflicts, newest first, with their records' names.
pub fn conflict_rows(store: &Store) -> Result<Vec<ConflictRow>> {
    let open = conflicts::open(store)?;
    let me = store.device_id().to_string();
    store.read(|c| {
        let mut out = Vec::with_capacity(open.len());
        for k in open {
            let record = match label_column(&k.entity) {
                Some(col) => {
                    use rusqlite::OptionalExtension;
                    c.query_row(&format!("SELECT {col} FROM {} WHERE id = ?1", k.entity), [&k.row_id], |r| r.get(0))
                        .optional()?
                }
                None => None,
            };
            out.push(ConflictRow {
                id: k.id,
                entity: k.entity,
                row_id: k.row_id,
                record,
                field: k.field,
                lost: shown_value(&k.lost_value),
                lost_here: k.lost_device == me,
                won_here: k.won_device == me,
                lost_actor: k.lost_actor,
                lost_at: k.lost_at,
                won: shown_value(&k.won_value),
                won_actor: k.won_actor,
                won_at: k.won_at,
            });
        }
        Ok(out)
    })
}

/// A record of a duplicate group, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct NamedRecord {
    pub id: String,
    pub name: String,
}

/// `duplicates` with each record's name, for the page's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DuplicateGroup {
    /// `enterprises` or `cadres`.
    pub entity: String,
    /// The shared USCC or mobile.
    pub key: String,
    /// Oldest first: the first is the one to keep by default.
    pub records: Vec<NamedRecord>,
}

pub fn duplicate_groups(store: &Store) -> Result<Vec<DuplicateGroup>> {
    let groups = domain::duplicates(store)?;
    store.read(|c| {
        groups
            .into_iter()
            .map(|g| {
                let records = g
                    .ids
                    .iter()
                    .map(|id| {
                        let name = c.query_row(&format!("SELECT name FROM {} WHERE id = ?1", g.entity), [id], |r| r.get(0))?;
                        Ok(NamedRecord { id: id.clone(), name })
                    })
                    .collect::<Result<_>>()?;
                Ok(DuplicateGroup { entity: g.entity, key: g.key, records })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::super::{sync, Memory};
    use super::*;
    use crate::model::enterprise::{self, EnterpriseInput};

    fn store(dir: &Path, name: &str, actor: &str) -> Store {
        let s = Store::open(&dir.join(name).join("lianxin.db")).unwrap();
        s.set_actor(actor).unwrap();
        s
    }

    fn ent(s: &Store, name: &str, uscc: Option<&str>) -> String {
        let input = EnterpriseInput { name: name.into(), uscc: uscc.map(String::from), ..Default::default() };
        enterprise::create(s, &input).unwrap().record.id
    }

    #[test]
    fn settings_are_checked_kept_locally_and_the_token_is_a_file_never_shown_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        let s = store(dir.path(), "a", "甲");
        let e = save_settings(&s, &SyncSettingsInput { server: "sync.example.cn".into(), token: Some("lx1_0123456789abcdef".into()), auto_minutes: 5 });
        assert!(matches!(e, Err(CoreError::Validation { ref field, .. }) if field == "server"), "{e:?}");
        let e = save_settings(&s, &SyncSettingsInput { server: "http://127.0.0.1:8080".into(), token: None, auto_minutes: 5 });
        assert!(matches!(e, Err(CoreError::Validation { ref field, .. }) if field == "token"), "{e:?}");
        let e = save_settings(&s, &SyncSettingsInput { server: "http://127.0.0.1:8080".into(), token: Some("lx1_ 12".into()), auto_minutes: 5 });
        assert!(matches!(e, Err(CoreError::Validation { ref field, .. }) if field == "token"), "{e:?}");

        let changes_before: i64 = s.read(|c| Ok(c.query_row("SELECT count(*) FROM changes", [], |r| r.get(0))?)).unwrap();
        let st = save_settings(
            &s,
            &SyncSettingsInput { server: " https://sync.example.cn/ ".into(), token: Some(" lx1_0123456789abcdef\n".into()), auto_minutes: 10 },
        )
        .unwrap();
        assert_eq!(st.server.as_deref(), Some("https://sync.example.cn"));
        assert_eq!((st.token_saved, st.token_hint.as_deref(), st.auto_minutes), (true, Some("cdef"), 10));
        assert_eq!(std::fs::read_to_string(dir.path().join("a").join(TOKEN_FILE)).unwrap(), "lx1_0123456789abcdef\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("a").join(TOKEN_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the owner reads the token");
        }
        let changes_after: i64 = s.read(|c| Ok(c.query_row("SELECT count(*) FROM changes", [], |r| r.get(0))?)).unwrap();
        assert_eq!(changes_before, changes_after, "settings of the sync itself are not synced");
        let in_db: i64 = s
            .read(|c| Ok(c.query_row("SELECT count(*) FROM meta WHERE value LIKE '%0123456789abcdef%'", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(in_db, 0, "the token is not in the database");

        // An empty token keeps the saved one.
        let st = save_settings(&s, &SyncSettingsInput { server: "http://10.0.0.2:8080".into(), token: Some("".into()), auto_minutes: 0 }).unwrap();
        assert_eq!((st.token_hint.as_deref(), st.auto_minutes), (Some("cdef"), 0));
        assert_eq!(configured(&s).unwrap(), ("http://10.0.0.2:8080".to_string(), "lx1_0123456789abcdef".to_string()));
        assert!(!auto_due(&s).unwrap(), "off");
    }

    #[test]
    fn a_sync_reports_its_pages_and_keeps_its_result_and_pending_falls_to_zero() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["a", "b"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        let (a, b) = (store(dir.path(), "a", "甲"), store(dir.path(), "b", "乙"));
        let server = Memory::default();
        ent(&a, "湘潭电机", None);
        let waiting = status(&a).unwrap().pending;
        assert!(waiting > 0);
        let mut seen = Vec::new();
        let summary = run_with(&a, "mem", &server, Backoff::default(), &mut |_| {}, &mut |p| seen.push(p)).unwrap();
        assert_eq!(seen.first().unwrap(), &SyncProgress { pushed: 0, to_push: waiting, pulled: 0 });
        assert_eq!(seen.last().unwrap().pushed, waiting);
        let st = status(&a).unwrap();
        assert_eq!((st.pending, st.last_ok), (0, Some(true)));
        assert_eq!(st.last_line.as_deref(), Some(summary.line().as_str()));
        assert!(st.last_at.is_some());

        let mut seen = Vec::new();
        run_with(&b, "mem", &server, Backoff::default(), &mut |_| {}, &mut |p| seen.push(p)).unwrap();
        assert_eq!(seen.last().unwrap().pulled, waiting, "{seen:?}");
        assert!(check_with(&server, 99).unwrap().contains("连接成功"));
    }

    struct Down;
    impl Transport for Down {
        fn health(&self) -> Result<Health> {
            Err(CoreError::Sync { code: "network".into(), message: "无法连接同步服务器 x:io error: Connection refused".into(), retry: true })
        }
        fn push(&self, _: &PushPage) -> Result<PushAck> {
            self.health().map(|_| unreachable!())
        }
        fn pull(&self, _: Cursor, _: usize, _: u32) -> Result<PullPage> {
            self.health().map(|_| unreachable!())
        }
    }

    #[test]
    fn a_failure_is_kept_in_plain_words_and_the_automatic_sync_waits_its_interval() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        let a = store(dir.path(), "a", "甲");
        save_settings(&a, &SyncSettingsInput { server: "http://127.0.0.1:9".into(), token: Some("lx1_0123456789abcdef".into()), auto_minutes: 5 })
            .unwrap();
        assert!(auto_due(&a).unwrap(), "never tried");
        let backoff = Backoff { attempts: 2, ..Backoff::default() };
        let e = run_with(&a, "http://127.0.0.1:9", &Down, backoff, &mut |_| {}, &mut |_| {}).unwrap_err();
        let st = status(&a).unwrap();
        assert_eq!(st.last_ok, Some(false));
        let line = st.last_line.unwrap();
        assert!(line.contains("连不上同步服务器 http://127.0.0.1:9") && !line.contains("Connection refused"), "{line}");
        assert_eq!(e.to_string(), line);
        assert!(!auto_due(&a).unwrap(), "tried just now");
        // Nothing was lost: what waited still waits.
        ent(&a, "湘潭电机", None);
        assert!(status(&a).unwrap().pending > 0);
    }

    #[test]
    fn conflicts_and_duplicates_name_their_records() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["a", "b"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        let (a, b) = (store(dir.path(), "a", "甲"), store(dir.path(), "b", "乙"));
        let server = Memory::default();
        let id = ent(&a, "湘潭电机", None);
        ent(&a, "江麓机电", Some("91430300MA4L16JQ9B"));
        ent(&b, "江麓机电集团", Some("91430300MA4L16JQ9B"));
        for _ in 0..2 {
            sync(&a, "mem", &server).unwrap();
            sync(&b, "mem", &server).unwrap();
        }
        let edit = |s: &Store, name: &str| {
            enterprise::update(s, &id, &EnterpriseInput { name: name.into(), ..Default::default() }).unwrap();
        };
        edit(&a, "湘潭电机股份");
        edit(&b, "湘电股份");
        for _ in 0..2 {
            sync(&a, "mem", &server).unwrap();
            sync(&b, "mem", &server).unwrap();
        }
        let rows = conflict_rows(&a).unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(
            (rows[0].record.as_deref(), rows[0].field.as_str(), rows[0].lost.as_str(), rows[0].won.as_str()),
            (Some("湘电股份"), "name", "湘潭电机股份", "湘电股份")
        );
        assert!(rows[0].lost_here && !rows[0].won_here, "甲's name was overwritten by 乙's");
        let groups = duplicate_groups(&a).unwrap();
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].key, "91430300MA4L16JQ9B");
        let names: Vec<&str> = groups[0].records.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, vec!["江麓机电", "江麓机电集团"]);
    }
}
