//! The outbox: this device's own changes in the change log, in the order they were written.
//! Changes pulled from other devices are logged with their devices' ids, so they are not in it.

use lianxin_protocol::Change;
use serde_json::{Map, Value};

use crate::error::Result;
use crate::store::Store;

/// Up to `limit` of this device's changes after local sequence `after`, and the sequence of the
/// last one (None when there are none).
pub(crate) fn page(store: &Store, after: i64, limit: usize, schema: u32) -> Result<(Option<i64>, Vec<Change>)> {
    store.read(|c| {
        let mut stmt = c.prepare_cached(
            "SELECT seq, entity, row_id, fields, hlc, actor FROM changes
             WHERE seq > ?1 AND device = ?2 ORDER BY seq LIMIT ?3",
        )?;
        let mut rows = stmt.query(rusqlite::params![after, store.device_id(), limit as i64])?;
        let mut last = None;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            last = Some(r.get::<_, i64>(0)?);
            let fields: String = r.get(3)?;
            let fields = match serde_json::from_str(&fields)? {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            out.push(Change {
                entity: r.get(1)?,
                row_id: r.get(2)?,
                fields,
                hlc: r.get(4)?,
                actor: r.get(5)?,
                device: store.device_id().to_string(),
                schema,
            });
        }
        Ok((last, out))
    })
}
