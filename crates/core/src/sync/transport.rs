//! How a sync reaches a server: a `Transport` (HTTP in the app and the CLI, `http.rs`), or a
//! server held in memory (`Memory`), which stores and pages changes as `lianxin-server` does, for
//! tests and for trying sync without a network.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use lianxin_protocol::{
    is_sha256, Change, ChangeId, Cursor, Health, PullPage, PulledChange, PushAck, PushPage, MAX_BLOB_QUERY,
};

use crate::blob::sha256;
use crate::error::{CoreError, Result};

/// A file as a server answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedBlob {
    /// What the server says the body's SHA-256 is (the asked hash, or a photo copy's own).
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// A server that serves no files (an older `lianxin-server`, or a test transport).
pub(crate) fn no_blobs() -> CoreError {
    CoreError::Sync {
        code: "no_blobs".into(),
        message: "同步服务器不支持附件文件同步,请联系管理员升级 lianxin-server".into(),
        retry: false,
    }
}

pub trait Transport {
    /// The server's health, with its clock when it tells it.
    fn health(&self) -> Result<Health>;
    /// Stores a page of changes; a page sent again is acknowledged the same.
    fn push(&self, page: &PushPage) -> Result<PushAck>;
    /// Changes after `after`, at most `limit`, none of a schema newer than `schema`.
    fn pull(&self, after: Cursor, limit: usize, schema: u32) -> Result<PullPage>;
    /// Of `hashes` (at most `MAX_BLOB_QUERY`), those the server holds no file for.
    fn blobs_missing(&self, _hashes: &[String]) -> Result<Vec<String>> {
        Err(no_blobs())
    }
    /// Uploads a file under its SHA-256 (`preview_of`: the original's hash when the file is a
    /// photo's downscaled copy). Sending one the server holds is no error.
    fn put_blob(&self, _sha256: &str, _preview_of: Option<&str>, _bytes: &[u8]) -> Result<()> {
        Err(no_blobs())
    }
    /// The file of that hash, or a photo's copy when it names the original; None when the
    /// server holds neither.
    fn get_blob(&self, _sha256: &str) -> Result<Option<FetchedBlob>> {
        Err(no_blobs())
    }
}

/// A zone's changes in memory, numbered in arrival order; a change id is stored once.
#[derive(Default)]
pub struct Memory {
    inner: Mutex<MemoryInner>,
    /// The server's clock in milliseconds; `None` answers like an older server.
    pub time_ms: Option<i64>,
    /// The largest file it takes (None: no limit told, none enforced).
    pub max_blob: Option<u64>,
}

#[derive(Default)]
struct MemoryInner {
    changes: Vec<PulledChange>,
    ids: HashSet<ChangeId>,
    /// sha256 → (preview_of, bytes)
    blobs: HashMap<String, (Option<String>, Vec<u8>)>,
    /// Uploads that stored a new file.
    blob_puts: usize,
    /// Hashes whose downloads arrive damaged (the stored file stays intact).
    damaged: HashSet<String>,
}

impl Memory {
    /// A server whose clock reads `time_ms`.
    pub fn with_clock(time_ms: i64) -> Memory {
        Memory { time_ms: Some(time_ms), ..Memory::default() }
    }

    /// A server taking files of at most `bytes`.
    pub fn with_blob_limit(bytes: u64) -> Memory {
        Memory { max_blob: Some(bytes), ..Memory::default() }
    }

    /// How many uploads stored a new file (a test checks a file goes up once).
    pub fn blob_puts(&self) -> usize {
        self.lock().blob_puts
    }

    /// The hashes of every file held.
    pub fn blob_hashes(&self) -> Vec<String> {
        let mut v: Vec<String> = self.lock().blobs.keys().cloned().collect();
        v.sort();
        v
    }

    /// From now on the download of `sha256` (or of a copy standing for it) arrives with a byte
    /// changed, as a broken proxy or disk would hand it over.
    pub fn damage_downloads_of(&self, sha256: &str) {
        self.lock().damaged.insert(sha256.to_string());
    }

    /// Downloads arrive intact again.
    pub fn repair_downloads(&self) {
        self.lock().damaged.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every change held, in sequence order (for tests comparing servers and replicas).
    pub fn all(&self) -> Vec<Change> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).changes.iter().map(|p| p.change.clone()).collect()
    }
}

impl Transport for Memory {
    fn health(&self) -> Result<Health> {
        Ok(Health {
            status: "ok".into(),
            protocol: lianxin_protocol::PROTOCOL_VERSION,
            min_protocol: lianxin_protocol::MIN_PROTOCOL_VERSION,
            schema: lianxin_protocol::SCHEMA_VERSION,
            time_ms: self.time_ms,
            max_blob_bytes: self.max_blob,
        })
    }

    fn push(&self, page: &PushPage) -> Result<PushAck> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        for c in &page.changes {
            if inner.ids.insert(c.id()) {
                let seq = inner.changes.len() as Cursor + 1;
                inner.changes.push(PulledChange { seq, change: c.clone() });
            }
        }
        Ok(PushAck { count: page.changes.len() as u32, last: page.changes.last().map(Change::id) })
    }

    fn pull(&self, after: Cursor, limit: usize, schema: u32) -> Result<PullPage> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let rest = inner.changes.iter().skip(after.max(0) as usize);
        let changes: Vec<PulledChange> =
            rest.take(limit).take_while(|c| c.change.schema <= schema).cloned().collect();
        let next = changes.last().map(|c| c.seq).unwrap_or(after);
        let more = inner.changes.len() as Cursor > next;
        Ok(PullPage { changes, next, more })
    }

    fn blobs_missing(&self, hashes: &[String]) -> Result<Vec<String>> {
        if hashes.len() > MAX_BLOB_QUERY || hashes.iter().any(|h| !is_sha256(h)) {
            return Err(refused("malformed", "询问的附件校验值有误"));
        }
        let inner = self.lock();
        let held = |h: &String| inner.blobs.contains_key(h) || inner.blobs.values().any(|(p, _)| p.as_ref() == Some(h));
        Ok(hashes.iter().filter(|h| !held(h)).cloned().collect())
    }

    fn put_blob(&self, hash: &str, preview_of: Option<&str>, bytes: &[u8]) -> Result<()> {
        if !is_sha256(hash) || preview_of.is_some_and(|p| !is_sha256(p)) || sha256(bytes) != hash {
            return Err(refused("malformed", "附件内容与校验值不符"));
        }
        if self.max_blob.is_some_and(|m| bytes.len() as u64 > m) {
            return Err(refused("too_large", "附件文件超过服务器的大小上限"));
        }
        let mut inner = self.lock();
        if !inner.blobs.contains_key(hash) {
            inner.blobs.insert(hash.to_string(), (preview_of.map(String::from), bytes.to_vec()));
            inner.blob_puts += 1;
        }
        Ok(())
    }

    fn get_blob(&self, hash: &str) -> Result<Option<FetchedBlob>> {
        let inner = self.lock();
        let found = match inner.blobs.get(hash) {
            Some((_, b)) => Some((hash.to_string(), b.clone())),
            None => inner
                .blobs
                .iter()
                .filter(|(_, (p, _))| p.as_deref() == Some(hash))
                .min_by_key(|(k, _)| k.as_str())
                .map(|(k, (_, b))| (k.clone(), b.clone())),
        };
        Ok(found.map(|(sha256, mut bytes)| {
            if inner.damaged.contains(hash) {
                if let Some(b) = bytes.last_mut() {
                    *b ^= 0xff;
                }
            }
            FetchedBlob { sha256, bytes }
        }))
    }
}

fn refused(code: &str, message: &str) -> CoreError {
    CoreError::Sync { code: code.into(), message: message.into(), retry: false }
}
