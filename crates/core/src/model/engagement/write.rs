//! Creating, editing and deleting engagements with their links, each in one transaction.

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Engagement, EngagementKind, EngagementLink, LinkKind, LINK_TABLE};
use crate::day;
use crate::error::{CoreError, Result};
use crate::model::{new_id, text};
use crate::store::{entity_from_row, get, Store, Writer};

/// What the engagement form sends.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct EngagementInput {
    /// YYYY-MM-DD; defaults to today.
    pub date: Option<String>,
    pub kind: Option<EngagementKind>,
    pub place: Option<String>,
    pub summary: String,
    pub outcome: Option<String>,
    /// The cadres present: at least one.
    pub cadre_ids: Vec<String>,
    pub enterprise_ids: Vec<String>,
    pub project_ids: Vec<String>,
    /// Departments of kind community (or street) visited.
    pub community_ids: Vec<String>,
    /// Issues raised in it (or discussed at it, for a 协调会).
    pub issue_ids: Vec<String>,
}

impl EngagementInput {
    fn links(&self) -> BTreeSet<(LinkKind, String)> {
        let mut out = BTreeSet::new();
        for (kind, ids) in [
            (LinkKind::Cadre, &self.cadre_ids),
            (LinkKind::Enterprise, &self.enterprise_ids),
            (LinkKind::Project, &self.project_ids),
            (LinkKind::Community, &self.community_ids),
            (LinkKind::Issue, &self.issue_ids),
        ] {
            out.extend(
                ids.iter()
                    .map(|i| i.trim())
                    .filter(|i| !i.is_empty())
                    .map(|i| (kind, i.to_string())),
            );
        }
        out
    }
}

/// Where a link's target lives and the field its error is shown under.
fn target_of(kind: LinkKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        LinkKind::Cadre => ("cadres", "cadre_ids", "所选干部"),
        LinkKind::Enterprise => ("enterprises", "enterprise_ids", "所选企业"),
        LinkKind::Project => ("projects", "project_ids", "所选项目"),
        LinkKind::Community => ("departments", "community_ids", "所选社区"),
        LinkKind::Issue => ("issues", "issue_ids", "所选问题"),
    }
}

fn check_target(conn: &Connection, kind: LinkKind, id: &str) -> Result<()> {
    let (table, field, what) = target_of(kind);
    let sql = format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE id = ?1 AND deleted = 0)");
    // The projects table arrives with projects; until then no project can be named.
    let ok: bool = conn
        .prepare_cached(&sql)
        .and_then(|mut s| s.query_row([id], |r| r.get(0)))
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(CoreError::validation(
            field,
            format!("{what}不存在或已删除"),
        ))
    }
}

/// The engagement an input describes, checked; `id` and the stamps are the caller's.
pub(super) fn checked(
    conn: &Connection,
    id: &str,
    recorded_by: &str,
    input: &EngagementInput,
) -> Result<Engagement> {
    let date = day::or_today("date", "日期", &input.date)?;
    let kind = input
        .kind
        .ok_or_else(|| CoreError::validation("kind", "请选择活动类型"))?;
    let summary = text::required("summary", "活动内容", &input.summary, 2000)?;
    let place = text::opt(&input.place);
    if let Some(p) = &place {
        text::limit("place", "地点", p, 100)?;
    }
    let outcome = text::opt(&input.outcome);
    if let Some(o) = &outcome {
        text::limit("outcome", "成效", o, 2000)?;
    }
    if input.cadre_ids.iter().all(|c| c.trim().is_empty()) {
        return Err(CoreError::validation("cadre_ids", "请选择参加的干部"));
    }
    for (kind, target) in input.links() {
        check_target(conn, kind, &target)?;
    }
    Ok(Engagement {
        id: id.to_string(),
        date,
        kind,
        place,
        summary,
        outcome,
        recorded_by: recorded_by.to_string(),
        created_at: String::new(),
        updated_at: String::new(),
    })
}

pub(super) fn links_of(conn: &Connection, engagement_id: &str) -> Result<Vec<EngagementLink>> {
    let sql = format!(
        "SELECT {} FROM engagement_links WHERE engagement_id = ?1 AND deleted = 0 ORDER BY kind, rowid",
        LINK_TABLE.select_list()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([engagement_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entity_from_row(r)?);
    }
    Ok(out)
}

/// Makes the engagement's links exactly `wanted`: removed ones tombstoned, new ones added,
/// kept ones moved to the engagement's date.
pub(super) fn set_links(
    w: &mut Writer<'_>,
    e: &Engagement,
    wanted: &BTreeSet<(LinkKind, String)>,
) -> Result<()> {
    let existing = links_of(w.conn(), &e.id)?;
    for l in &existing {
        if !wanted.contains(&(l.kind, l.target_id.clone())) {
            w.tombstone(l)?;
        } else if l.date != e.date {
            w.update(
                l,
                &EngagementLink {
                    date: e.date.clone(),
                    ..l.clone()
                },
            )?;
        }
    }
    for (kind, target) in wanted {
        if !existing
            .iter()
            .any(|l| l.kind == *kind && &l.target_id == target)
        {
            w.insert(&EngagementLink {
                id: new_id(),
                engagement_id: e.id.clone(),
                kind: *kind,
                target_id: target.clone(),
                date: e.date.clone(),
                created_at: String::new(),
                updated_at: String::new(),
            })?;
        }
    }
    Ok(())
}

/// Inserts a checked engagement and its links in the caller's transaction.
pub(super) fn insert_in(
    w: &mut Writer<'_>,
    recorded_by: &str,
    input: &EngagementInput,
) -> Result<Engagement> {
    let e = checked(w.conn(), &new_id(), recorded_by, input)?;
    w.insert(&e)?;
    set_links(w, &e, &input.links())?;
    Ok(e)
}

pub fn create(store: &Store, input: &EngagementInput) -> Result<Engagement> {
    let actor = store.actor();
    store.write(|w| {
        let e = insert_in(w, &actor, input)?;
        get(w.conn(), &e.id)
    })
}

pub fn update(store: &Store, id: &str, input: &EngagementInput) -> Result<Engagement> {
    store.write(|w| {
        let old: Engagement = get(w.conn(), id)?;
        let mut new = checked(w.conn(), id, &old.recorded_by, input)?;
        new.created_at = old.created_at.clone();
        new.updated_at = old.updated_at.clone();
        w.update(&old, &new)?;
        set_links(w, &new, &input.links())?;
        get(w.conn(), id)
    })
}

/// Tombstones the engagement and its links; the issues raised in it stay.
pub fn delete(store: &Store, id: &str) -> Result<()> {
    store.write(|w| {
        let e: Engagement = get(w.conn(), id)?;
        for l in links_of(w.conn(), id)? {
            w.tombstone(&l)?;
        }
        w.tombstone(&e)
    })
}
