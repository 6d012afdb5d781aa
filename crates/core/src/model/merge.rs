//! 合并重复企业: the same enterprise entered twice (once with its USCC, once by a short name,
//! say). The kept record takes the fields it lacks from the removed one, or those the user picks;
//! the removed one's liaisons, issues, engagements and support outcomes move over; the removed
//! one is tombstoned. One transaction.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use specta::Type;

use super::enterprise::{self, Enterprise, EnterpriseInput};
use super::engagement::{EngagementLink, LinkKind};
use super::issue::Issue;
use super::liaison::{self, Liaison};
use super::support::Support;
use super::FieldWarning;
use crate::error::{CoreError, Result};
use crate::store::{entity_from_row, get, Entity, Store, Writer};

/// The fields a merge can take from either record. Tags are always the union of both.
pub const MERGE_FIELDS: &[&str] = &[
    "name",
    "short_name",
    "uscc",
    "industry",
    "scale",
    "stat_class",
    "ownership",
    "address",
    "street_id",
    "community_id",
    "legal_rep",
    "contact_name",
    "contact_phone",
    "status",
    "notes",
];

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MergePlan {
    /// The record that stays.
    pub keep_id: String,
    /// The duplicate, tombstoned by the merge.
    pub remove_id: String,
    /// Fields whose value comes from the removed record even where the kept one has a value.
    /// Other fields keep the kept record's value, filled from the removed one where empty.
    pub take_from_removed: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Merged {
    pub record: Enterprise,
    pub warnings: Vec<FieldWarning>,
    /// Liaisons moved from the removed record, current and past.
    pub moved_liaisons: u32,
    /// Moved liaisons ended because the kept record already had the same cadre in the same role.
    pub ended_duplicates: u32,
    /// Issues, engagements and support outcomes moved from the removed record.
    pub moved_issues: u32,
    pub moved_engagements: u32,
    pub moved_supports: u32,
}

/// The live records of `T` whose `col` is `id`.
fn pointing_at<T: Entity>(w: &Writer<'_>, col: &str, id: &str) -> Result<Vec<T>> {
    let sql = format!("SELECT {} FROM {} WHERE {col} = ?1 AND deleted = 0", T::TABLE.select_list(), T::TABLE.name);
    let mut stmt = w.conn().prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entity_from_row(r)?);
    }
    Ok(out)
}

/// Points every live `T` whose `col` is `from` at `to`, through the write path (so the change
/// log, the ledger index and sync see each move). Returns how many moved.
fn repoint<T: Entity>(w: &mut Writer<'_>, col: &str, from: &str, to: &str) -> Result<u32> {
    let rows: Vec<T> = pointing_at(w, col, from)?;
    for old in &rows {
        let mut v = serde_json::to_value(old)?;
        v[col] = Value::String(to.to_string());
        let new: T = serde_json::from_value(v)?;
        w.update(old, &new)?;
    }
    Ok(rows.len() as u32)
}

/// Moves the removed enterprise's engagement links to the kept one; an engagement that already
/// names the kept enterprise just loses the duplicate link.
fn move_engagements(w: &mut Writer<'_>, from: &str, to: &str) -> Result<u32> {
    let links: Vec<EngagementLink> = pointing_at(w, "target_id", from)?;
    let kept: Vec<EngagementLink> = pointing_at(w, "target_id", to)?;
    for l in links.iter().filter(|l| l.kind == LinkKind::Enterprise) {
        if kept.iter().any(|k| k.engagement_id == l.engagement_id) {
            w.tombstone(l)?;
        } else {
            w.update(l, &EngagementLink { target_id: to.to_string(), ..l.clone() })?;
        }
    }
    Ok(links.len() as u32)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The merge line appended to the kept record's notes.
fn merge_note(removed: &Enterprise, date: &str) -> String {
    let mut s = format!("{date} 合并自“{}”", removed.name);
    if let Some(u) = &removed.uscc {
        s.push_str(&format!("(统一社会信用代码 {u})"));
    }
    s
}

const NOTES_MAX: usize = 2000;

pub fn merge(store: &Store, plan: &MergePlan) -> Result<Merged> {
    let keep_id = plan.keep_id.trim();
    let remove_id = plan.remove_id.trim();
    if keep_id.is_empty() || remove_id.is_empty() {
        return Err(CoreError::validation("remove_id", "请选择要合并的企业"));
    }
    if keep_id == remove_id {
        return Err(CoreError::validation("remove_id", "不能把企业合并到它自己"));
    }
    for f in &plan.take_from_removed {
        if !MERGE_FIELDS.contains(&f.as_str()) {
            return Err(CoreError::validation("take_from_removed", format!("未知的企业字段“{f}”")));
        }
    }
    let taken = |f: &str| plan.take_from_removed.iter().any(|x| x == f);
    let today = crate::day::today();

    crate::backup::before_step(store, crate::backup::BackupKind::BeforeBulk)?;
    store.write(|w| {
        let keep: Enterprise = get(w.conn(), keep_id)?;
        let gone: Enterprise = get(w.conn(), remove_id)
            .map_err(|_| CoreError::validation("remove_id", "要合并的企业不存在或已删除"))?;

        // Field by field, through the records' JSON form (field name = column name).
        let a = serde_json::to_value(&keep)?;
        let b = serde_json::to_value(&gone)?;
        let mut merged = a.clone();
        let mut filled_community = false;
        for f in MERGE_FIELDS.iter().copied().filter(|f| *f != "notes") {
            if taken(f) || (is_empty(&a[f]) && !is_empty(&b[f])) {
                merged[f] = b[f].clone();
                filled_community |= f == "community_id" && !taken(f);
            }
        }
        // A community filled in from the other record only fits if it came with its street.
        if filled_community && merged["street_id"] != b["street_id"] {
            merged["community_id"] = a["community_id"].clone();
        }
        let mut input: EnterpriseInput = serde_json::from_value(merged)?;
        input.tags = keep.tags.clone();
        for t in &gone.tags {
            if !input.tags.contains(t) {
                input.tags.push(t.clone());
            }
        }
        let (base, other) = if taken("notes") { (&gone.notes, &keep.notes) } else { (&keep.notes, &gone.notes) };
        let mut notes = base.clone().unwrap_or_default();
        if !notes.is_empty() {
            notes.push('\n');
        }
        notes.push_str(&merge_note(&gone, &today));
        if let Some(o) = other.as_ref().filter(|o| Some(*o) != base.as_ref()) {
            notes.push_str(&format!(",其备注:{o}"));
        }
        input.notes = Some(notes.chars().take(NOTES_MAX).collect());

        // Tombstone first, so the kept record may take over the removed one's USCC.
        w.tombstone(&gone)?;
        let (mut new, warnings) = enterprise::checked(w.conn(), &keep.id, &input)?;
        new.created_at = keep.created_at.clone();
        new.updated_at = keep.updated_at.clone();
        w.update(&keep, &new)?;

        let mut moved = 0;
        let mut ended = 0;
        let kept_current = liaison::current_of_enterprise(w.conn(), &keep.id, None)?;
        for l in liaison::all_of_enterprise(w.conn(), &gone.id)? {
            let dup = l.end_date.is_none()
                && kept_current.iter().any(|k| k.cadre_id == l.cadre_id && k.role == l.role);
            let l = if dup {
                ended += 1;
                // A liaison starting in the future ends the day it starts.
                let end = if l.start_date.as_str() > today.as_str() { l.start_date.clone() } else { today.clone() };
                liaison::end_in(w, &l, &end, Some("合并重复企业"))?
            } else {
                l
            };
            let mut to = l.clone();
            to.enterprise_id = Some(keep.id.clone());
            w.update::<Liaison>(&l, &to)?;
            moved += 1;
        }
        let moved_issues = repoint::<Issue>(w, "enterprise_id", &gone.id, &keep.id)?;
        let moved_engagements = move_engagements(w, &gone.id, &keep.id)?;
        let moved_supports = repoint::<Support>(w, "enterprise_id", &gone.id, &keep.id)?;

        Ok(Merged {
            record: get(w.conn(), &keep.id)?,
            warnings,
            moved_liaisons: moved,
            ended_duplicates: ended,
            moved_issues,
            moved_engagements,
            moved_supports,
        })
    })
}

pub mod cadre;

#[cfg(test)]
mod tests;
