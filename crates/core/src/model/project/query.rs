//! Reading projects: the paged, filtered list (filters by index, a flag as a `due_on` range)
//! and a project's page (milestones with flags, log, 挂钩联系人, issues raised on it).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::kinds::{ProjectCategory, ProjectKind, ProjectStatus};
use super::record::{Milestone, Project, ProjectLog};
use super::write::{milestones_of, of_project};
use crate::error::Result;
use crate::model::attachment::{self, OwnerKind, PhotoSummary};
use crate::model::issue::flag::FlagBounds;
use crate::model::issue::{ledger, Flag, Issue, Status};
use crate::model::liaison::{self, LiaisonRow};
use crate::model::list::{self, Filter, Page};
use crate::search;
use crate::store::{entity_from_row, get, Entity, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSort {
    /// The earliest date still owed (the most urgent first).
    Due,
    Name,
    Progress,
    Budget,
    PlannedFinish,
    UpdatedAt,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ProjectQuery {
    /// Name or location; 3+ characters also match pinyin through the search index.
    pub text: Option<String>,
    pub kind: Option<ProjectKind>,
    pub category: Option<ProjectCategory>,
    pub status: Option<ProjectStatus>,
    pub street_id: Option<String>,
    pub department_id: Option<String>,
    pub year: Option<i32>,
    pub flag: Option<Flag>,
    pub sort: Option<ProjectSort>,
    pub desc: bool,
    pub page: u32,
    pub page_size: u32,
    /// The day flags are computed for; defaults to today.
    pub today: Option<String>,
}

/// A list row: the project, its flag, its current 挂钩联系人 and its photos' count and thumbnail.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectRow {
    pub project: Project,
    pub flag: Option<Flag>,
    pub contacts: Vec<String>,
    pub photos: Option<PhotoSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct MilestoneRow {
    pub milestone: Milestone,
    /// Red when past due and not done (the issue loop's flags on its due date).
    pub flag: Option<Flag>,
}

/// An issue raised on the project, as its page lists it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectIssue {
    pub id: String,
    pub no: String,
    pub content: String,
    pub category: String,
    pub status: Status,
    pub flag: Option<Flag>,
    pub registered_on: String,
    pub deadline: Option<String>,
    pub lead_department_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ProjectDetail {
    pub project: Project,
    pub flag: Option<Flag>,
    pub milestones: Vec<MilestoneRow>,
    /// Newest first.
    pub logs: Vec<ProjectLog>,
    /// Current first, then past ones (history).
    pub liaisons: Vec<LiaisonRow>,
    /// Newest first.
    pub issues: Vec<ProjectIssue>,
}

fn flag_of(b: &FlagBounds, p: &Project) -> Option<Flag> {
    p.due_on.as_deref().map(|d| b.of_date(d))
}

fn filter(q: &ProjectQuery, bounds: &FlagBounds) -> Filter {
    let mut f = Filter::live();
    match q.text.as_deref().and_then(search::fts_filter) {
        Some((fts, text)) => f.raw_n(&format!("id IN ({})", search::matching_ids_sql()), vec![fts.into(), text.into()]),
        None => f.contains_any(&["name", "location"], q.text.as_deref()),
    }
    f.eq("kind", q.kind.map(|k| k.as_str().to_string()));
    f.eq("category", q.category.map(|c| c.as_str().to_string()));
    f.eq("status", q.status.map(|s| s.as_str().to_string()));
    f.eq("street_id", q.street_id.clone().filter(|s| !s.is_empty()));
    f.eq("department_id", q.department_id.clone().filter(|s| !s.is_empty()));
    f.eq("year", q.year.map(i64::from));
    if let Some(flag) = q.flag {
        let (clause, values) = bounds.date_sql("due_on", flag);
        f.raw_n(&clause, values);
    }
    f
}

fn order(q: &ProjectQuery) -> String {
    let dir = if q.desc { "DESC" } else { "ASC" };
    match q.sort.unwrap_or(ProjectSort::Due) {
        // Projects that owe nothing (finished) last either way.
        ProjectSort::Due => format!("due_on IS NULL, due_on {dir}"),
        ProjectSort::Name => format!("name {dir}"),
        ProjectSort::Progress => format!("progress {dir}"),
        ProjectSort::Budget => format!("coalesce(budget_fen, 0) {dir}"),
        ProjectSort::PlannedFinish => format!("planned_finish {dir}"),
        ProjectSort::UpdatedAt => format!("updated_at {dir}"),
    }
}

fn contacts(conn: &rusqlite::Connection, project_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.name FROM liaisons l JOIN cadres c ON c.id = l.cadre_id
         WHERE l.project_id = ?1 AND l.deleted = 0 AND l.end_date IS NULL ORDER BY l.start_date, l.rowid",
    )?;
    let names = stmt.query_map([project_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

pub fn list(store: &Store, q: &ProjectQuery) -> Result<Page<ProjectRow>> {
    let bounds = ledger::bounds(store, &q.today)?;
    let f = filter(q, &bounds);
    let mut page = store.read(|c| {
        let page = list::page::<Project>(c, &f, &order(q), q.desc, q.page, q.page_size)?;
        let mut rows = Vec::with_capacity(page.rows.len());
        for p in page.rows {
            rows.push(ProjectRow { flag: flag_of(&bounds, &p), contacts: contacts(c, &p.id)?, project: p, photos: None });
        }
        Ok(Page { rows, total: page.total, page: page.page, page_size: page.page_size })
    })?;
    let ids: Vec<&str> = page.rows.iter().map(|r| r.project.id.as_str()).collect();
    let mut photos = attachment::photo_summaries(store, OwnerKind::Project, &ids)?;
    for r in &mut page.rows {
        r.photos = photos.remove(&r.project.id);
    }
    Ok(page)
}

fn logs_of(conn: &rusqlite::Connection, project_id: &str) -> Result<Vec<ProjectLog>> {
    of_project(conn, project_id, "on_date DESC, rowid DESC")
}

fn issues_of(conn: &rusqlite::Connection, b: &FlagBounds, project_id: &str) -> Result<Vec<ProjectIssue>> {
    let sql = format!(
        "SELECT {} FROM issues WHERE project_id = ?1 AND deleted = 0 ORDER BY registered_on DESC, rowid DESC",
        Issue::TABLE.select_list()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([project_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let i: Issue = entity_from_row(r)?;
        out.push(ProjectIssue {
            flag: b.flag(&i),
            id: i.id,
            no: i.no,
            content: i.content,
            category: i.category,
            status: i.status,
            registered_on: i.registered_on,
            deadline: i.deadline,
            lead_department_id: i.lead_department_id,
        });
    }
    Ok(out)
}

/// A project's page. `today` as in `ProjectQuery`.
pub fn detail(store: &Store, id: &str, today: &Option<String>) -> Result<ProjectDetail> {
    let bounds = ledger::bounds(store, today)?;
    let liaisons = liaison::for_project(store, id)?;
    store.read(|c| {
        let project: Project = get(c, id)?;
        let milestones = milestones_of(c, id)?
            .into_iter()
            .map(|m| MilestoneRow { flag: m.done_on.is_none().then(|| bounds.of_date(&m.due_on)), milestone: m })
            .collect();
        Ok(ProjectDetail {
            flag: flag_of(&bounds, &project),
            milestones,
            logs: logs_of(c, id)?,
            liaisons,
            issues: issues_of(c, &bounds, id)?,
            project,
        })
    })
}
