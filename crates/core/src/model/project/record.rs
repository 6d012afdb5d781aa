//! The project, milestone and progress-log rows, as stored.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::kinds::{ProjectCategory, ProjectKind, ProjectStatus};
use crate::search_doc;
use crate::store::{ColKind, Entity, Table};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub kind: ProjectKind,
    pub category: ProjectCategory,
    /// 年度: the year whose 民生实事 list it is on.
    pub year: Option<i32>,
    pub location: Option<String>,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
    /// 责任单位.
    pub department_id: Option<String>,
    /// 建设内容.
    pub content: Option<String>,
    #[specta(type = Option<f64>)]
    pub budget_fen: Option<i64>,
    #[specta(type = Option<f64>)]
    pub spent_fen: Option<i64>,
    /// 132 (盏), 160 (米).
    pub quantity: Option<f64>,
    pub unit: Option<String>,
    /// 15 (户).
    pub beneficiaries: Option<i32>,
    pub beneficiary_unit: Option<String>,
    pub planned_start: Option<String>,
    pub planned_finish: Option<String>,
    pub actual_start: Option<String>,
    pub actual_finish: Option<String>,
    pub status: ProjectStatus,
    /// Percent, 0–100.
    pub progress: i32,
    /// Derived (`due::due_on`): the earliest date still owed, which the flag is computed from.
    pub due_on: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

static PROJECTS: Table = Table {
    name: "projects",
    what: "项目",
    cols: &[
        ("name", ColKind::Text),
        ("kind", ColKind::Text),
        ("category", ColKind::Text),
        ("year", ColKind::Int),
        ("location", ColKind::Text),
        ("street_id", ColKind::Text),
        ("community_id", ColKind::Text),
        ("department_id", ColKind::Text),
        ("content", ColKind::Text),
        ("budget_fen", ColKind::Int),
        ("spent_fen", ColKind::Int),
        ("quantity", ColKind::Int),
        ("unit", ColKind::Text),
        ("beneficiaries", ColKind::Int),
        ("beneficiary_unit", ColKind::Text),
        ("planned_start", ColKind::Text),
        ("planned_finish", ColKind::Text),
        ("actual_start", ColKind::Text),
        ("actual_finish", ColKind::Text),
        ("status", ColKind::Text),
        ("progress", ColKind::Int),
        ("due_on", ColKind::Text),
        ("note", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Project {
    const TABLE: &'static Table = &PROJECTS;
    const SEARCHABLE: bool = true;
    fn id(&self) -> &str {
        &self.id
    }
    fn search_doc(&self) -> Option<search_doc::SearchDoc> {
        let subtitle = format!("{} · {} · {}", self.kind.zh(), self.category.zh(), self.status.zh());
        Some(search_doc::doc(
            search_doc::DocKind::Project,
            &self.name,
            Some(subtitle),
            &[&self.name],
            &[self.location.as_deref().unwrap_or("")],
        ))
    }
}

/// 节点: a step of the project with its due date, done when `done_on` is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Milestone {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub due_on: String,
    pub done_on: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

static MILESTONES: Table = Table {
    name: "project_milestones",
    what: "项目节点",
    cols: &[
        ("project_id", ColKind::Text),
        ("name", ColKind::Text),
        ("due_on", ColKind::Text),
        ("done_on", ColKind::Text),
        ("note", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Milestone {
    const TABLE: &'static Table = &MILESTONES;
    fn id(&self) -> &str {
        &self.id
    }
}

/// One dated entry of the progress log (进展), append-only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ProjectLog {
    pub id: String,
    pub project_id: String,
    pub on_date: String,
    /// The progress reported that day, percent.
    pub progress: Option<i32>,
    pub content: String,
    pub actor: String,
    pub created_at: String,
    pub updated_at: String,
}

static LOGS: Table = Table {
    name: "project_logs",
    what: "项目进展",
    cols: &[
        ("project_id", ColKind::Text),
        ("on_date", ColKind::Text),
        ("progress", ColKind::Int),
        ("content", ColKind::Text),
        ("actor", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for ProjectLog {
    const TABLE: &'static Table = &LOGS;
    fn id(&self) -> &str {
        &self.id
    }
}
