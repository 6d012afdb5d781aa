//! Where the server keeps zones, tokens and changes: one trait, an SQLite and a PostgreSQL
//! backend chosen by the database address.

mod postgres;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use lianxin_protocol::{Change, Cursor, PulledChange};

use crate::ServerError;

pub use self::postgres::PostgresStorage;
pub use self::sqlite::SqliteStorage;

/// A token as `token list` shows it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub zone: String,
    pub name: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// What a request's token resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    pub id: i64,
    pub zone_id: i64,
    pub hash: Vec<u8>,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneInfo {
    pub id: i64,
    pub name: String,
    /// The highest sequence number given in the zone.
    pub last_seq: Cursor,
}

/// A file as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    /// The SHA-256 of `bytes`.
    pub sha256: String,
    /// For a photo's downscaled copy: its original's hash (what records name).
    pub preview_of: Option<String>,
    pub bytes: Vec<u8>,
}

#[async_trait]
pub trait Storage: Send + Sync {
    /// Checks the database answers (the health route).
    async fn ping(&self) -> Result<(), ServerError>;
    async fn create_zone(&self, name: &str) -> Result<ZoneInfo, ServerError>;
    async fn list_zones(&self) -> Result<Vec<ZoneInfo>, ServerError>;
    async fn create_token(
        &self,
        zone: &str,
        name: &str,
        hash: &[u8; 32],
    ) -> Result<TokenInfo, ServerError>;
    async fn list_tokens(&self) -> Result<Vec<TokenInfo>, ServerError>;
    /// Revokes a token; revoking it again is no error.
    async fn revoke_token(&self, id: i64) -> Result<TokenInfo, ServerError>;
    async fn find_token(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, ServerError>;
    /// Stores a page of changes in a zone, skipping those it holds already (same device and
    /// stamp). New changes get the zone's next sequence numbers in page order, in one
    /// transaction that holds the zone's counter, so a larger number never becomes visible
    /// before a smaller one (a pull cursor can skip nothing).
    async fn push(&self, zone_id: i64, changes: &[Change]) -> Result<(), ServerError>;
    /// Up to `limit` changes of the zone after `after`, in sequence order.
    async fn pull(
        &self,
        zone_id: i64,
        after: Cursor,
        limit: usize,
    ) -> Result<Vec<PulledChange>, ServerError>;
    /// Of `hashes`, those the zone holds no file for: neither a file of that hash nor a copy
    /// whose original has it. In the order given.
    async fn blobs_missing(
        &self,
        zone_id: i64,
        hashes: &[String],
    ) -> Result<Vec<String>, ServerError>;
    /// Stores a file (its hash checked by the caller) in a zone; true when it was new, false
    /// when the zone held it already (then nothing changes).
    async fn put_blob(
        &self,
        zone_id: i64,
        sha256: &str,
        preview_of: Option<&str>,
        bytes: Vec<u8>,
    ) -> Result<bool, ServerError>;
    /// The zone's file of that hash, else a copy made from the original of that hash.
    async fn get_blob(&self, zone_id: i64, sha256: &str)
        -> Result<Option<StoredBlob>, ServerError>;
}

/// Opens (and migrates) the database at `url`: `sqlite://PATH` or `postgres://…`.
pub async fn open(url: &str) -> Result<Arc<dyn Storage>, ServerError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.to_owned();
        let storage = tokio::task::spawn_blocking(move || SqliteStorage::open(&path))
            .await
            .map_err(|e| ServerError::Internal(e.to_string()))??;
        Ok(Arc::new(storage))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStorage::open(url).await?))
    } else {
        Err(ServerError::DatabaseUrl(url.to_owned()))
    }
}

/// A stored change's fields (the JSON text the client sent) back into an object.
fn parse_fields(text: &str) -> Result<serde_json::Map<String, serde_json::Value>, ServerError> {
    serde_json::from_str(text).map_err(|e| ServerError::Internal(format!("stored fields: {e}")))
}
