//! How a sync reaches a server: a `Transport` (HTTP in the app and the CLI, `http.rs`), or a
//! server held in memory (`Memory`), which stores and pages changes as `lianxin-server` does, for
//! tests and for trying sync without a network.

use std::collections::HashSet;
use std::sync::Mutex;

use lianxin_protocol::{Change, ChangeId, Cursor, Health, PullPage, PulledChange, PushAck, PushPage};

use crate::error::Result;

pub trait Transport {
    /// The server's health, with its clock when it tells it.
    fn health(&self) -> Result<Health>;
    /// Stores a page of changes; a page sent again is acknowledged the same.
    fn push(&self, page: &PushPage) -> Result<PushAck>;
    /// Changes after `after`, at most `limit`, none of a schema newer than `schema`.
    fn pull(&self, after: Cursor, limit: usize, schema: u32) -> Result<PullPage>;
}

/// A zone's changes in memory, numbered in arrival order; a change id is stored once.
#[derive(Default)]
pub struct Memory {
    inner: Mutex<MemoryInner>,
    /// The server's clock in milliseconds; `None` answers like an older server.
    pub time_ms: Option<i64>,
}

#[derive(Default)]
struct MemoryInner {
    changes: Vec<PulledChange>,
    ids: HashSet<ChangeId>,
}

impl Memory {
    /// A server whose clock reads `time_ms`.
    pub fn with_clock(time_ms: i64) -> Memory {
        Memory { time_ms: Some(time_ms), ..Memory::default() }
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
}
