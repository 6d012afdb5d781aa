//! 合并重复干部: the same cadre registered twice, typically by two laptops offline (sync lists
//! them as sharing a mobile). The kept record takes the department, position and mobile it
//! lacks; the removed one's liaisons (enterprises and projects, current and past), the issues
//! they took and their presence at engagements move over; the removed one is tombstoned. One
//! transaction, after a backup, like the enterprise merge.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{is_empty, pointing_at, repoint};
use crate::error::{CoreError, Result};
use crate::model::cadre::Cadre;
use crate::model::engagement::{EngagementLink, LinkKind};
use crate::model::issue::Issue;
use crate::model::liaison::{self, Liaison};
use crate::store::{get, Store, Writer};

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CadreMergePlan {
    /// The record that stays.
    pub keep_id: String,
    /// The duplicate, tombstoned by the merge.
    pub remove_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct CadreMerged {
    pub record: Cadre,
    /// Liaisons moved from the removed record, current and past.
    pub moved_liaisons: u32,
    /// Moved liaisons ended because the kept cadre already served the same enterprise or
    /// project in the same role.
    pub ended_duplicates: u32,
    /// Issues the removed cadre had taken (承接人).
    pub moved_issues: u32,
    /// Engagements the removed cadre attended.
    pub moved_engagements: u32,
}

pub fn merge_cadres(store: &Store, plan: &CadreMergePlan) -> Result<CadreMerged> {
    let keep_id = plan.keep_id.trim();
    let remove_id = plan.remove_id.trim();
    if keep_id.is_empty() || remove_id.is_empty() {
        return Err(CoreError::validation("remove_id", "请选择要合并的干部"));
    }
    if keep_id == remove_id {
        return Err(CoreError::validation("remove_id", "不能把干部合并到他/她自己"));
    }
    let today = crate::day::today();
    crate::backup::before_step(store, crate::backup::BackupKind::BeforeBulk)?;
    store.write(|w| {
        let keep: Cadre = get(w.conn(), keep_id).map_err(|_| CoreError::validation("keep_id", "要保留的干部不存在或已删除"))?;
        let gone: Cadre = get(w.conn(), remove_id).map_err(|_| CoreError::validation("remove_id", "要合并的干部不存在或已删除"))?;

        let mut new = keep.clone();
        let fill = |mine: &mut Option<String>, theirs: &Option<String>| {
            if mine.as_ref().is_none_or(|m| is_empty(&serde_json::Value::String(m.clone()))) {
                mine.clone_from(theirs);
            }
        };
        fill(&mut new.department_id, &gone.department_id);
        fill(&mut new.position, &gone.position);
        fill(&mut new.mobile, &gone.mobile);
        new.active = keep.active || gone.active;

        let (moved_liaisons, ended_duplicates) = move_liaisons(w, &gone.id, &keep.id, &today)?;
        let moved_issues = repoint::<Issue>(w, "taken_by", &gone.id, &keep.id)?;
        let moved_engagements = move_attendance(w, &gone.id, &keep.id)?;
        w.tombstone(&gone)?;
        if new != keep {
            w.update(&keep, &new)?;
        }
        Ok(CadreMerged { record: get(w.conn(), &keep.id)?, moved_liaisons, ended_duplicates, moved_issues, moved_engagements })
    })
}

/// Moves every liaison of `from` to `to`. A current one the kept cadre already holds (same
/// enterprise or project, same role) is ended first, so the history keeps both and no one is
/// counted twice.
fn move_liaisons(w: &mut Writer<'_>, from: &str, to: &str, today: &str) -> Result<(u32, u32)> {
    let theirs: Vec<Liaison> = pointing_at(w, "cadre_id", from)?;
    let mine: Vec<Liaison> = pointing_at(w, "cadre_id", to)?;
    let mut ended = 0;
    for l in &theirs {
        let dup = l.end_date.is_none()
            && mine.iter().any(|k| {
                k.end_date.is_none() && k.role == l.role && k.enterprise_id == l.enterprise_id && k.project_id == l.project_id
            });
        let l = if dup {
            ended += 1;
            // A liaison starting in the future ends the day it starts.
            let end = if l.start_date.as_str() > today { l.start_date.clone() } else { today.to_string() };
            liaison::end_in(w, l, &end, Some("合并重复干部"))?
        } else {
            l.clone()
        };
        w.update::<Liaison>(&l, &Liaison { cadre_id: to.to_string(), ..l.clone() })?;
    }
    Ok((theirs.len() as u32, ended))
}

/// Moves the removed cadre's attendance at engagements to the kept one; an engagement the kept
/// cadre attended already just loses the duplicate link.
fn move_attendance(w: &mut Writer<'_>, from: &str, to: &str) -> Result<u32> {
    let links: Vec<EngagementLink> = pointing_at(w, "target_id", from)?;
    let kept: Vec<EngagementLink> = pointing_at(w, "target_id", to)?;
    let mut moved = 0;
    for l in links.iter().filter(|l| l.kind == LinkKind::Cadre) {
        if kept.iter().any(|k| k.kind == LinkKind::Cadre && k.engagement_id == l.engagement_id) {
            w.tombstone(l)?;
        } else {
            w.update(l, &EngagementLink { target_id: to.to_string(), ..l.clone() })?;
        }
        moved += 1;
    }
    Ok(moved)
}

#[cfg(test)]
#[path = "cadre_tests.rs"]
mod tests;
