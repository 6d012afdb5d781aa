//! Overwritten values stay visible: when a pulled change and the value already here disagree on
//! a field and come from different devices, the losing value is kept with the winning one, who
//! and when (`sync_conflicts`, local to this device). The app lists the open ones; restoring one
//! writes the lost value back as a new edit made here, which then wins everywhere.

use lianxin_protocol::Change;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use specta::Type;

use super::merge::logged;
use crate::error::{CoreError, Result};
use crate::registry::entities;
use crate::store::Store;

/// The fields of an issue a person edits; its other fields follow from its timeline (merged by
/// replay, not by field), so a difference there is no one's overwritten edit. The same list as
/// `issue::Draft`.
const ISSUE_EDITED: &[&str] = &[
    "no", "source", "enterprise_id", "reporter_name", "reporter_phone", "street_id", "category", "tier",
    "disposition", "content", "taken_by", "registered_on", "registered_by", "hotline_no", "project_id",
];

/// Whether a difference in this field is an overwritten edit worth showing. Tombstones are not
/// (a deleted record is restored elsewhere), nor settings, which merge per key.
fn shown(entity: &str, field: &str) -> bool {
    match entity {
        "settings" => false,
        "issues" => ISSUE_EDITED.contains(&field),
        _ => field != "deleted",
    }
}

/// Records the fields where `c` (just logged) and the value it meets disagree.
pub(crate) fn note(conn: &Connection, c: &Change) -> Result<()> {
    let mut current: Map<String, Value> = Map::new();
    let mut by: std::collections::HashMap<String, (i64, String, String)> = Default::default();
    for l in logged(conn, &c.entity, &c.row_id)? {
        if l.hlc == c.hlc && l.device == c.device {
            continue;
        }
        for (k, v) in l.fields {
            by.insert(k.clone(), (l.hlc, l.device.clone(), l.actor.clone()));
            current.insert(k, v);
        }
    }
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO sync_conflicts(entity, row_id, field, lost_value, lost_hlc, lost_device, lost_actor,
           won_value, won_hlc, won_device, won_actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (field, value) in &c.fields {
        let (Some(here), Some((hlc, device, actor))) = (current.get(field), by.get(field)) else { continue };
        if *device == c.device || here == value || !shown(&c.entity, field) {
            continue;
        }
        let incoming = (value.to_string(), c.hlc, c.device.as_str(), c.actor.as_str());
        let present = (here.to_string(), *hlc, device.as_str(), actor.as_str());
        let (lost, won) = if (c.hlc, c.device.as_str()) > (*hlc, device.as_str()) { (present, incoming) } else { (incoming, present) };
        insert.execute(rusqlite::params![
            c.entity, c.row_id, field, lost.0, lost.1, lost.2, lost.3, won.0, won.1, won.2, won.3
        ])?;
    }
    Ok(())
}

/// One overwritten value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Conflict {
    pub id: i64,
    /// Table and record, e.g. `enterprises` and its id.
    pub entity: String,
    pub row_id: String,
    pub field: String,
    /// The values as JSON text.
    pub lost_value: String,
    pub lost_actor: String,
    pub lost_device: String,
    /// When each was written, RFC 3339 UTC.
    pub lost_at: String,
    pub won_value: String,
    pub won_actor: String,
    pub won_device: String,
    pub won_at: String,
}

fn at(hlc: i64) -> String {
    crate::store::instant(crate::hlc::Stamp::from_i64(hlc))
}

/// The conflicts not yet restored or dismissed, newest first.
pub fn open(store: &Store) -> Result<Vec<Conflict>> {
    store.read(|c| {
        let mut stmt = c.prepare(
            "SELECT id, entity, row_id, field, lost_value, lost_actor, lost_device, lost_hlc,
                    won_value, won_actor, won_device, won_hlc
             FROM sync_conflicts WHERE resolved = 0 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                entity: r.get(1)?,
                row_id: r.get(2)?,
                field: r.get(3)?,
                lost_value: r.get(4)?,
                lost_actor: r.get(5)?,
                lost_device: r.get(6)?,
                lost_at: at(r.get(7)?),
                won_value: r.get(8)?,
                won_actor: r.get(9)?,
                won_device: r.get(10)?,
                won_at: at(r.get(11)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Writes the lost value back (a new edit made here, so it syncs and wins) and closes the
/// conflict.
pub fn restore(store: &Store, id: i64) -> Result<()> {
    let found: Option<(String, String, String, String)> = store.read(|c| {
        Ok(c.query_row(
            "SELECT entity, row_id, field, lost_value FROM sync_conflicts WHERE id = ?1 AND resolved = 0",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?)
    })?;
    let (entity, row_id, field, lost) = found.ok_or_else(|| CoreError::NotFound { what: "冲突记录", id: id.to_string() })?;
    let def = entities()
        .into_iter()
        .find(|d| d.table.name == entity)
        .ok_or_else(|| CoreError::Internal(format!("未知的表 {entity}")))?;
    let mut fields = Map::new();
    fields.insert(field, serde_json::from_str(&lost)?);
    store.write(|w| {
        w.update_fields(def.table, &row_id, &fields)?;
        (def.refresh_doc)(w, &row_id)?;
        w.conn().execute("UPDATE sync_conflicts SET resolved = 1 WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// Closes a conflict, keeping the winning value.
pub fn dismiss(store: &Store, id: i64) -> Result<()> {
    store.read(|c| {
        c.execute("UPDATE sync_conflicts SET resolved = 1 WHERE id = ?1", [id])?;
        Ok(())
    })
}
