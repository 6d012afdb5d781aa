//! Collisions the merge cannot see, because they are between records rather than fields: two
//! laptops offline hand out the same 编号, or register the same enterprise (one USCC) or the
//! same cadre (one mobile).
//!
//! - **编号**: after a pull, of the live issues sharing a 编号 the one registered first (by the
//!   stamp and device of its creation, the same on every device) keeps it; each other is given
//!   the next free 编号 by the device that registered it, as an ordinary edit that syncs. Only
//!   that device renumbers, so two devices never hand the same issue two new numbers. The old
//!   编号 stays in the issue's change history.
//! - **Enterprises and cadres**: both records are kept (nothing is lost) and listed by
//!   `duplicates`, for the existing merge (`model::merge`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use specta::Type;

use crate::error::Result;
use crate::model::issue::{next_no, Issue};
use crate::store::{Entity, Store};

/// Renumbers this device's issues whose 编号 an earlier-registered issue holds. Returns how many.
pub(crate) fn renumber(store: &Store) -> Result<usize> {
    let me = store.device_id().to_string();
    store.write(|w| {
        let losers: Vec<(String, String)> = {
            let mut stmt = w.conn().prepare(
                "WITH born AS (
                   SELECT i.id, i.no, c.hlc, c.device FROM issues i
                   CROSS JOIN changes c ON c.entity = 'issues' AND c.row_id = i.id
                    AND c.hlc = (SELECT min(hlc) FROM changes m WHERE m.entity = 'issues' AND m.row_id = i.id)
                   WHERE i.deleted = 0 AND i.no IN (SELECT no FROM issues WHERE deleted = 0 GROUP BY no HAVING count(*) > 1)
                 )
                 SELECT b.id, b.no FROM born b
                 WHERE b.device = ?1 AND EXISTS (
                   SELECT 1 FROM born o WHERE o.no = b.no AND (o.hlc, o.device) < (b.hlc, b.device))",
            )?;
            let rows = stmt.query_map([&me], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (id, no) in &losers {
            let year = no.get(..4).unwrap_or("0000");
            let mut fields = Map::new();
            fields.insert("no".into(), Value::String(next_no(w.conn(), year)?));
            w.update_fields(Issue::TABLE, id, &fields)?;
            w.refresh_doc::<Issue>(id)?;
        }
        Ok(losers.len())
    })
}

/// Records that are probably one: enterprises sharing a USCC, cadres sharing a mobile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Duplicate {
    /// `enterprises` or `cadres`.
    pub entity: String,
    /// The shared USCC or mobile.
    pub key: String,
    /// The live records holding it, oldest first.
    pub ids: Vec<String>,
}

/// Every group of live duplicates, to offer for merging.
pub fn duplicates(store: &Store) -> Result<Vec<Duplicate>> {
    store.read(|c| {
        let mut out = Vec::new();
        for (entity, col) in [("enterprises", "uscc"), ("cadres", "mobile")] {
            let mut stmt = c.prepare(&format!(
                "SELECT {col}, json_group_array(id) FROM (
                   SELECT {col}, id FROM {entity} WHERE deleted = 0 AND {col} IS NOT NULL AND {col} <> ''
                   AND {col} IN (SELECT {col} FROM {entity} WHERE deleted = 0 GROUP BY {col} HAVING count(*) > 1)
                   ORDER BY created_at, id)
                 GROUP BY {col} ORDER BY {col}"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (key, ids) = row?;
                out.push(Duplicate { entity: entity.into(), key, ids: serde_json::from_str(&ids)? });
            }
        }
        Ok(out)
    })
}
