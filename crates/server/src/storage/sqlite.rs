//! The embedded backend: one SQLite file, one connection behind a mutex, run on the blocking
//! pool. Writes take `BEGIN IMMEDIATE`, so even two processes on one file stay consistent.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use lianxin_protocol::{Change, Cursor, PulledChange};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{parse_fields, Storage, StoredBlob, TokenInfo, TokenRecord, ZoneInfo};
use crate::ServerError;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/sqlite/0001_init.sql"),
    include_str!("migrations/sqlite/0002_blobs.sql"),
];

pub struct SqliteStorage {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStorage {
    pub fn open(path: &str) -> Result<Self, ServerError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(SqliteStorage {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, ServerError> + Send + 'static,
    ) -> Result<T, ServerError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || f(&mut conn.lock().unwrap_or_else(|e| e.into_inner())))
            .await
            .map_err(|e| ServerError::Internal(e.to_string()))?
    }
}

fn migrate(conn: &mut Connection) -> Result<(), ServerError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > MIGRATIONS.len() as i64 {
        return Err(ServerError::DatabaseTooNew(version));
    }
    for sql in &MIGRATIONS[version as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
    tx.commit()?;
    Ok(())
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

const TOKEN_INFO: &str = "SELECT t.id, z.name, t.name, t.created_at, t.revoked_at FROM tokens t JOIN zones z ON z.id = t.zone_id";

fn token_info(row: &rusqlite::Row) -> rusqlite::Result<TokenInfo> {
    Ok(TokenInfo {
        id: row.get(0)?,
        zone: row.get(1)?,
        name: row.get(2)?,
        created_at: row.get(3)?,
        revoked_at: row.get(4)?,
    })
}

#[async_trait]
impl Storage for SqliteStorage {
    async fn ping(&self) -> Result<(), ServerError> {
        self.with(|c| Ok(c.query_row("SELECT 1", [], |_| Ok(()))?))
            .await
    }

    async fn create_zone(&self, name: &str) -> Result<ZoneInfo, ServerError> {
        let name = name.to_owned();
        self.with(
            move |c| match c.execute("INSERT INTO zones (name) VALUES (?1)", [&name]) {
                Ok(_) => Ok(ZoneInfo {
                    id: c.last_insert_rowid(),
                    name,
                    last_seq: 0,
                }),
                Err(e) if is_unique_violation(&e) => Err(ServerError::ZoneExists(name)),
                Err(e) => Err(e.into()),
            },
        )
        .await
    }

    async fn list_zones(&self) -> Result<Vec<ZoneInfo>, ServerError> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT id, name, last_seq FROM zones ORDER BY id")?;
            let rows = stmt.query_map([], |r| {
                Ok(ZoneInfo {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    last_seq: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn create_token(
        &self,
        zone: &str,
        name: &str,
        hash: &[u8; 32],
    ) -> Result<TokenInfo, ServerError> {
        let (zone, name, hash) = (zone.to_owned(), name.to_owned(), hash.to_vec());
        self.with(move |c| {
            let zone_id: i64 = c
                .query_row("SELECT id FROM zones WHERE name = ?1", [&zone], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(|| ServerError::NoSuchZone(zone.clone()))?;
            c.execute(
                "INSERT INTO tokens (zone_id, name, hash) VALUES (?1, ?2, ?3)",
                params![zone_id, name, hash],
            )?;
            let id = c.last_insert_rowid();
            Ok(c.query_row(&format!("{TOKEN_INFO} WHERE t.id = ?1"), [id], token_info)?)
        })
        .await
    }

    async fn list_tokens(&self) -> Result<Vec<TokenInfo>, ServerError> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!("{TOKEN_INFO} ORDER BY t.id"))?;
            let rows = stmt.query_map([], token_info)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn revoke_token(&self, id: i64) -> Result<TokenInfo, ServerError> {
        self.with(move |c| {
            c.execute(
                "UPDATE tokens SET revoked_at = coalesce(revoked_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) WHERE id = ?1",
                [id],
            )?;
            c.query_row(&format!("{TOKEN_INFO} WHERE t.id = ?1"), [id], token_info)
                .optional()?
                .ok_or(ServerError::NoSuchToken(id))
        })
        .await
    }

    async fn find_token(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, ServerError> {
        let hash = hash.to_vec();
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT id, zone_id, hash, revoked_at IS NOT NULL FROM tokens WHERE hash = ?1",
                [hash],
                |r| {
                    Ok(TokenRecord {
                        id: r.get(0)?,
                        zone_id: r.get(1)?,
                        hash: r.get(2)?,
                        revoked: r.get(3)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    async fn push(&self, zone_id: i64, changes: &[Change]) -> Result<(), ServerError> {
        let rows = changes
            .iter()
            .map(|c| Ok((c.clone(), serde_json::to_string(&c.fields)?)));
        let rows: Vec<(Change, String)> = rows
            .collect::<Result<_, serde_json::Error>>()
            .map_err(|e| ServerError::Internal(e.to_string()))?;
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut seq: i64 = tx.query_row("SELECT last_seq FROM zones WHERE id = ?1", [zone_id], |r| r.get(0))?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO changes (zone_id, seq, device, hlc, entity, row_id, fields, actor, schema)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (zone_id, device, hlc) DO NOTHING",
                )?;
                for (ch, fields) in &rows {
                    let next = seq + 1;
                    let added = insert.execute(params![
                        zone_id, next, ch.device, ch.hlc, ch.entity, ch.row_id, fields, ch.actor, ch.schema
                    ])?;
                    seq += added as i64;
                }
            }
            tx.execute("UPDATE zones SET last_seq = ?2 WHERE id = ?1", params![zone_id, seq])?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn pull(
        &self,
        zone_id: i64,
        after: Cursor,
        limit: usize,
    ) -> Result<Vec<PulledChange>, ServerError> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT seq, entity, row_id, fields, hlc, actor, device, schema FROM changes
                 WHERE zone_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?;
            let mut rows = stmt.query(params![zone_id, after, limit as i64])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let fields: String = r.get(3)?;
                let change = Change {
                    entity: r.get(1)?,
                    row_id: r.get(2)?,
                    fields: parse_fields(&fields)?,
                    hlc: r.get(4)?,
                    actor: r.get(5)?,
                    device: r.get(6)?,
                    schema: r.get(7)?,
                };
                out.push(PulledChange {
                    seq: r.get(0)?,
                    change,
                });
            }
            Ok(out)
        })
        .await
    }

    async fn blobs_missing(
        &self,
        zone_id: i64,
        hashes: &[String],
    ) -> Result<Vec<String>, ServerError> {
        let hashes = hashes.to_vec();
        self.with(move |c| {
            let mut held = c.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM blobs WHERE zone_id = ?1 AND sha256 = ?2)
                     OR EXISTS (SELECT 1 FROM blobs WHERE zone_id = ?1 AND preview_of = ?2)",
            )?;
            let mut out = Vec::new();
            for h in hashes {
                if !held.query_row(params![zone_id, h], |r| r.get::<_, bool>(0))? {
                    out.push(h);
                }
            }
            Ok(out)
        })
        .await
    }

    async fn put_blob(
        &self,
        zone_id: i64,
        sha256: &str,
        preview_of: Option<&str>,
        bytes: Vec<u8>,
    ) -> Result<bool, ServerError> {
        let (sha256, preview_of) = (sha256.to_owned(), preview_of.map(str::to_owned));
        self.with(move |c| {
            let added = c.execute(
                "INSERT INTO blobs (zone_id, sha256, preview_of, size, data) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (zone_id, sha256) DO NOTHING",
                params![zone_id, sha256, preview_of, bytes.len() as i64, bytes],
            )?;
            Ok(added > 0)
        })
        .await
    }

    async fn get_blob(
        &self,
        zone_id: i64,
        sha256: &str,
    ) -> Result<Option<StoredBlob>, ServerError> {
        let sha256 = sha256.to_owned();
        self.with(move |c| {
            let row = |r: &rusqlite::Row| {
                Ok(StoredBlob {
                    sha256: r.get(0)?,
                    preview_of: r.get(1)?,
                    bytes: r.get(2)?,
                })
            };
            let own = c
                .query_row(
                    "SELECT sha256, preview_of, data FROM blobs WHERE zone_id = ?1 AND sha256 = ?2",
                    params![zone_id, sha256],
                    row,
                )
                .optional()?;
            if own.is_some() {
                return Ok(own);
            }
            Ok(c.query_row(
                "SELECT sha256, preview_of, data FROM blobs WHERE zone_id = ?1 AND preview_of = ?2
                 ORDER BY created_at, sha256 LIMIT 1",
                params![zone_id, sha256],
                row,
            )
            .optional()?)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_a_newer_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server.db").display().to_string();
        drop(SqliteStorage::open(&path).unwrap());
        drop(SqliteStorage::open(&path).expect("a second open finds it migrated"));
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = SqliteStorage::open(&path)
            .err()
            .expect("a newer database is refused");
        assert_eq!(
            err.to_string(),
            "数据库版本 99 比本服务器新，请升级 lianxin-server"
        );
    }
}
