//! A merged issue's row is the replay of its merged timeline. Two devices may take steps on one
//! issue offline (one returns it, the other resolves it); merging the row per field could give
//! a state no sequence of steps reaches ("closed with no lead department"). The timeline's
//! events are append-only records, so after a merge each device holds the same events; ordered
//! by the stamp of their creation (then device), they replay through the state machine's
//! `evolve` to the same row everywhere. The registration's fields (content, category, …) keep
//! their per-field merge: `replay` starts from them.

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use crate::error::Result;
use crate::model::issue::machine;
use crate::model::issue::{Issue, IssueEvent};
use crate::store::{entity_from_row, json_to_sql, to_fields, Entity, Writer};

/// The issue a merged record belongs to, if it is an issue or one of its events.
pub(crate) fn issue_of(conn: &Connection, entity: &str, row_id: &str) -> Result<Option<String>> {
    if entity == Issue::TABLE.name {
        return Ok(Some(row_id.to_string()));
    }
    if entity == IssueEvent::TABLE.name {
        return Ok(conn
            .prepare_cached("SELECT issue_id FROM issue_events WHERE id = ?1")?
            .query_row([row_id], |r| r.get(0))
            .optional()?);
    }
    Ok(None)
}

/// The issue's live events in merge order: by the stamp and device of the change that created
/// each (its first logged change), which every device holds alike (row ids and `created_at`
/// to the millisecond do not order two devices' events the same everywhere). CROSS JOIN keeps
/// the events as the outer loop: a new laptop's statistics made SQLite walk every event's
/// change for each issue instead, which made a first sync quadratic (88 s for 74,000 changes).
fn timeline(conn: &Connection, issue_id: &str) -> Result<Vec<IssueEvent>> {
    let t = IssueEvent::TABLE;
    let cols: Vec<String> = std::iter::once("e.id".to_string())
        .chain(t.cols.iter().map(|(c, _)| format!("e.{c}")))
        .collect();
    let sql = format!(
        "SELECT {} FROM issue_events e
         CROSS JOIN changes c ON c.entity = 'issue_events' AND c.row_id = e.id
          AND c.hlc = (SELECT min(hlc) FROM changes m WHERE m.entity = 'issue_events' AND m.row_id = e.id)
         WHERE e.issue_id = ?1 AND e.deleted = 0
         ORDER BY c.hlc, c.device",
        cols.join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([issue_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entity_from_row(r)?);
    }
    Ok(out)
}

/// The issue's row as stored and as its merged timeline leaves it (None if it has not arrived).
pub(crate) fn replayed(conn: &Connection, issue_id: &str) -> Result<Option<(Issue, Issue)>> {
    let t = Issue::TABLE;
    let mut stmt = conn.prepare_cached(&format!("SELECT {} FROM {} WHERE id = ?1", t.select_list(), t.name))?;
    let mut rows = stmt.query([issue_id])?;
    let row: Issue = match rows.next()? {
        Some(r) => entity_from_row(r)?,
        None => return Ok(None),
    };
    let events = timeline(conn, issue_id)?;
    let steps: Vec<_> = events.iter().map(|e| (e.on_date.clone(), e.event())).collect();
    let merged = machine::replay(&row, steps.iter().map(|(d, e)| (d.as_str(), e)));
    Ok(Some((row, merged)))
}

/// Writes the issue's step fields as its merged timeline leaves them (no change row: they
/// follow from logged events). An issue not yet arrived waits for its row.
pub(crate) fn replay(w: &mut Writer<'_>, issue_id: &str) -> Result<()> {
    let Some((row, merged)) = replayed(w.conn(), issue_id)? else { return Ok(()) };
    let t = Issue::TABLE;
    let before = to_fields(&row)?;
    let after = to_fields(&merged)?;
    let cols: Vec<_> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .filter_map(|(k, v): (&String, &Value)| Some((k.clone(), json_to_sql(t.kind_of(k)?, v))))
        .collect();
    if !cols.is_empty() {
        w.put_merged(t, issue_id, &cols)?;
        w.refresh_doc::<Issue>(issue_id)?;
    }
    Ok(())
}
