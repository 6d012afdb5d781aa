//! The PostgreSQL backend, for a province: several server processes may share one database.
//! A pool of connections, each checked before reuse, so a restarted database costs no failed
//! request; migrations and sequence numbers are safe across processes (see `migrate`, `push`).

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use lianxin_protocol::{Change, Cursor, PulledChange};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};

use super::{parse_fields, Storage, StoredBlob, TokenInfo, TokenRecord, ZoneInfo};
use crate::ServerError;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/postgres/0001_init.sql"),
    include_str!("migrations/postgres/0002_blobs.sql"),
];
/// Any fixed number: the advisory lock that makes concurrent starts migrate one at a time.
const MIGRATION_LOCK: i64 = 0x006c_6961_6e78_696e; // "lianxin" in ASCII

pub struct PostgresStorage {
    pool: Pool,
}

impl PostgresStorage {
    pub async fn open(url: &str) -> Result<Self, ServerError> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| ServerError::DatabaseUrl(format!("{url}: {e}")))?;
        // Verified: a connection is tested with an empty query before reuse, so connections the
        // database dropped (a restart) are replaced instead of failing the next request.
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Verified,
            },
        );
        let timeout = Some(std::time::Duration::from_secs(10));
        let pool = Pool::builder(manager)
            .max_size(16)
            .runtime(Runtime::Tokio1)
            .wait_timeout(timeout)
            .create_timeout(timeout)
            .recycle_timeout(timeout)
            .build()?;
        let storage = PostgresStorage { pool };
        storage.migrate().await?;
        Ok(storage)
    }

    async fn migrate(&self) -> Result<(), ServerError> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS server_migrations (version INTEGER PRIMARY KEY)",
        )
        .await?;
        let version: i32 = tx
            .query_one(
                "SELECT coalesce(max(version), 0) FROM server_migrations",
                &[],
            )
            .await?
            .get(0);
        if version as usize > MIGRATIONS.len() {
            return Err(ServerError::DatabaseTooNew(version.into()));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO server_migrations (version) VALUES ($1)",
                &[&(i as i32 + 1)],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

const TOKEN_INFO: &str = "SELECT t.id, z.name, t.name,
    to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
    to_char(t.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
    FROM tokens t JOIN zones z ON z.id = t.zone_id";

fn token_info(row: &Row) -> TokenInfo {
    TokenInfo {
        id: row.get(0),
        zone: row.get(1),
        name: row.get(2),
        created_at: row.get(3),
        revoked_at: row.get(4),
    }
}

#[async_trait]
impl Storage for PostgresStorage {
    async fn ping(&self) -> Result<(), ServerError> {
        self.pool.get().await?.execute("SELECT 1", &[]).await?;
        Ok(())
    }

    async fn create_zone(&self, name: &str) -> Result<ZoneInfo, ServerError> {
        let client = self.pool.get().await?;
        match client
            .query_one(
                "INSERT INTO zones (name) VALUES ($1) RETURNING id",
                &[&name],
            )
            .await
        {
            Ok(row) => Ok(ZoneInfo {
                id: row.get(0),
                name: name.to_owned(),
                last_seq: 0,
            }),
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                Err(ServerError::ZoneExists(name.to_owned()))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn list_zones(&self) -> Result<Vec<ZoneInfo>, ServerError> {
        let client = self.pool.get().await?;
        let rows = client
            .query("SELECT id, name, last_seq FROM zones ORDER BY id", &[])
            .await?;
        Ok(rows
            .iter()
            .map(|r| ZoneInfo {
                id: r.get(0),
                name: r.get(1),
                last_seq: r.get(2),
            })
            .collect())
    }

    async fn create_token(
        &self,
        zone: &str,
        name: &str,
        hash: &[u8; 32],
    ) -> Result<TokenInfo, ServerError> {
        let client = self.pool.get().await?;
        let zone_id: i64 = client
            .query_opt("SELECT id FROM zones WHERE name = $1", &[&zone])
            .await?
            .ok_or_else(|| ServerError::NoSuchZone(zone.to_owned()))?
            .get(0);
        let id: i64 = client
            .query_one(
                "INSERT INTO tokens (zone_id, name, hash) VALUES ($1, $2, $3) RETURNING id",
                &[&zone_id, &name, &hash.as_slice()],
            )
            .await?
            .get(0);
        Ok(token_info(
            &client
                .query_one(&format!("{TOKEN_INFO} WHERE t.id = $1"), &[&id])
                .await?,
        ))
    }

    async fn list_tokens(&self) -> Result<Vec<TokenInfo>, ServerError> {
        let client = self.pool.get().await?;
        Ok(client
            .query(&format!("{TOKEN_INFO} ORDER BY t.id"), &[])
            .await?
            .iter()
            .map(token_info)
            .collect())
    }

    async fn revoke_token(&self, id: i64) -> Result<TokenInfo, ServerError> {
        let client = self.pool.get().await?;
        client
            .execute(
                "UPDATE tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1",
                &[&id],
            )
            .await?;
        let row = client
            .query_opt(&format!("{TOKEN_INFO} WHERE t.id = $1"), &[&id])
            .await?;
        row.as_ref()
            .map(token_info)
            .ok_or(ServerError::NoSuchToken(id))
    }

    async fn find_token(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, ServerError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT id, zone_id, hash, revoked_at IS NOT NULL FROM tokens WHERE hash = $1",
                &[&hash.as_slice()],
            )
            .await?;
        Ok(row.map(|r| TokenRecord {
            id: r.get(0),
            zone_id: r.get(1),
            hash: r.get(2),
            revoked: r.get(3),
        }))
    }

    async fn push(&self, zone_id: i64, changes: &[Change]) -> Result<(), ServerError> {
        let mut device = Vec::with_capacity(changes.len());
        let mut hlc = Vec::with_capacity(changes.len());
        let mut entity = Vec::with_capacity(changes.len());
        let mut row_id = Vec::with_capacity(changes.len());
        let mut fields = Vec::with_capacity(changes.len());
        let mut actor = Vec::with_capacity(changes.len());
        let mut schema = Vec::with_capacity(changes.len());
        for c in changes {
            device.push(c.device.as_str());
            hlc.push(c.hlc);
            entity.push(c.entity.as_str());
            row_id.push(c.row_id.as_str());
            fields.push(
                serde_json::to_string(&c.fields)
                    .map_err(|e| ServerError::Internal(e.to_string()))?,
            );
            actor.push(c.actor.as_str());
            schema.push(c.schema as i32);
        }
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // The zone's row lock serialises pushes into one zone across every server process until
        // commit, so sequence numbers are given and become visible in order, without gaps.
        let last: i64 = tx
            .query_one(
                "SELECT last_seq FROM zones WHERE id = $1 FOR UPDATE",
                &[&zone_id],
            )
            .await?
            .get(0);
        let added = tx
            .execute(
                "WITH page AS (
                   SELECT * FROM unnest($3::text[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int4[])
                     WITH ORDINALITY AS p(device, hlc, entity, row_id, fields, actor, schema, ord)),
                 fresh AS (
                   SELECT DISTINCT ON (device, hlc) * FROM page
                   WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.zone_id = $1 AND c.device = page.device AND c.hlc = page.hlc)
                   ORDER BY device, hlc, ord)
                 INSERT INTO changes (zone_id, seq, device, hlc, entity, row_id, fields, actor, schema)
                 SELECT $1, $2 + row_number() OVER (ORDER BY ord), device, hlc, entity, row_id, fields, actor, schema
                 FROM fresh ORDER BY ord",
                &[&zone_id, &last, &device, &hlc, &entity, &row_id, &fields, &actor, &schema],
            )
            .await?;
        tx.execute(
            "UPDATE zones SET last_seq = $2 WHERE id = $1",
            &[&zone_id, &(last + added as i64)],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn pull(
        &self,
        zone_id: i64,
        after: Cursor,
        limit: usize,
    ) -> Result<Vec<PulledChange>, ServerError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT seq, entity, row_id, fields, hlc, actor, device, schema FROM changes
                 WHERE zone_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                &[&zone_id, &after, &(limit as i64)],
            )
            .await?;
        rows.iter()
            .map(|r| {
                let schema: i32 = r.get(7);
                let change = Change {
                    entity: r.get(1),
                    row_id: r.get(2),
                    fields: parse_fields(r.get(3))?,
                    hlc: r.get(4),
                    actor: r.get(5),
                    device: r.get(6),
                    schema: schema as u32,
                };
                Ok(PulledChange {
                    seq: r.get(0),
                    change,
                })
            })
            .collect()
    }

    async fn blobs_missing(
        &self,
        zone_id: i64,
        hashes: &[String],
    ) -> Result<Vec<String>, ServerError> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT h FROM unnest($2::text[]) WITH ORDINALITY AS q(h, i)
                 WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.zone_id = $1 AND b.sha256 = q.h)
                   AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.zone_id = $1 AND b.preview_of = q.h)
                 ORDER BY i",
                &[&zone_id, &hashes],
            )
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    async fn put_blob(
        &self,
        zone_id: i64,
        sha256: &str,
        preview_of: Option<&str>,
        bytes: Vec<u8>,
    ) -> Result<bool, ServerError> {
        let client = self.pool.get().await?;
        let added = client
            .execute(
                "INSERT INTO blobs (zone_id, sha256, preview_of, size, data) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (zone_id, sha256) DO NOTHING",
                &[&zone_id, &sha256, &preview_of, &(bytes.len() as i64), &bytes],
            )
            .await?;
        Ok(added > 0)
    }

    async fn get_blob(
        &self,
        zone_id: i64,
        sha256: &str,
    ) -> Result<Option<StoredBlob>, ServerError> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT sha256, preview_of, data FROM blobs
                 WHERE zone_id = $1 AND (sha256 = $2 OR preview_of = $2)
                 ORDER BY sha256 = $2 DESC, created_at, sha256 LIMIT 1",
                &[&zone_id, &sha256],
            )
            .await?;
        Ok(row.map(|r| StoredBlob {
            sha256: r.get(0),
            preview_of: r.get(1),
            bytes: r.get(2),
        }))
    }
}
