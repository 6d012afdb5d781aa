//! The issue row and the timeline event row, as stored.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::event::{Event, EventData};
use super::kinds::*;
use crate::model::new_id;
use crate::search_doc;
use crate::store::{ColKind, Entity, Table};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Issue {
    pub id: String,
    /// 编号, YYYY-NNNNN.
    pub no: String,
    pub source: Source,
    pub enterprise_id: Option<String>,
    /// A resident or community, when the issue is not an enterprise's.
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub street_id: Option<String>,
    pub category: String,
    pub tier: Tier,
    pub disposition: Option<Disposition>,
    pub content: String,
    /// The cadre who took it.
    pub taken_by: Option<String>,
    pub registered_on: String,
    pub registered_by: String,
    pub status: Status,
    pub lead_department_id: Option<String>,
    pub assisting: Vec<String>,
    pub batch_id: Option<String>,
    pub assigned_on: Option<String>,
    pub deadline: Option<String>,
    pub accepted_on: Option<String>,
    /// A pending extension request, in working days.
    pub extension_days: Option<u32>,
    pub extensions: u32,
    pub reminders: u32,
    pub reopens: u32,
    pub resolved_on: Option<String>,
    pub result: Option<String>,
    pub result_kind: Option<ResultKind>,
    /// Money involved, in fen (授信1800万元 = 18_000_000_00).
    #[specta(type = Option<f64>)]
    pub amount_fen: Option<i64>,
    /// Working days from assignment (or registration) to resolution.
    pub working_days: Option<i32>,
    pub on_time: Option<bool>,
    pub feedback: Option<String>,
    pub satisfaction: Option<Satisfaction>,
    pub closed_on: Option<String>,
    pub lookback_on: Option<String>,
    pub lookback_result: Option<LookbackResult>,
    pub withdraw_kind: Option<WithdrawKind>,
    pub duplicate_of: Option<String>,
    /// A 12345 hotline work order's number (工单编号), for issues that came from one.
    pub hotline_no: Option<String>,
    /// The project the issue was raised on (a 重点项目's land or approval problem).
    pub project_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// What an issue is registered with; every other field is the steps' to set.
pub struct Draft {
    pub id: String,
    pub no: String,
    pub source: Source,
    pub enterprise_id: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_phone: Option<String>,
    pub street_id: Option<String>,
    pub category: String,
    pub tier: Tier,
    pub disposition: Option<Disposition>,
    pub content: String,
    pub taken_by: Option<String>,
    pub registered_on: String,
    pub registered_by: String,
    pub hotline_no: Option<String>,
    pub project_id: Option<String>,
}

impl Issue {
    /// What it was registered with.
    pub fn registration(&self) -> Draft {
        Draft {
            id: self.id.clone(),
            no: self.no.clone(),
            source: self.source,
            enterprise_id: self.enterprise_id.clone(),
            reporter_name: self.reporter_name.clone(),
            reporter_phone: self.reporter_phone.clone(),
            street_id: self.street_id.clone(),
            category: self.category.clone(),
            tier: self.tier,
            disposition: self.disposition,
            content: self.content.clone(),
            taken_by: self.taken_by.clone(),
            registered_on: self.registered_on.clone(),
            registered_by: self.registered_by.clone(),
            hotline_no: self.hotline_no.clone(),
            project_id: self.project_id.clone(),
        }
    }

    /// A just-registered issue: the draft's fields, no step taken yet.
    pub fn draft(d: Draft) -> Issue {
        Issue {
            id: d.id,
            no: d.no,
            source: d.source,
            enterprise_id: d.enterprise_id,
            reporter_name: d.reporter_name,
            reporter_phone: d.reporter_phone,
            street_id: d.street_id,
            category: d.category,
            tier: d.tier,
            disposition: d.disposition,
            content: d.content,
            taken_by: d.taken_by,
            registered_on: d.registered_on,
            registered_by: d.registered_by,
            hotline_no: d.hotline_no,
            project_id: d.project_id,
            status: Status::Registered,
            lead_department_id: None,
            assisting: vec![],
            batch_id: None,
            assigned_on: None,
            deadline: None,
            accepted_on: None,
            extension_days: None,
            extensions: 0,
            reminders: 0,
            reopens: 0,
            resolved_on: None,
            result: None,
            result_kind: None,
            amount_fen: None,
            working_days: None,
            on_time: None,
            feedback: None,
            satisfaction: None,
            closed_on: None,
            lookback_on: None,
            lookback_result: None,
            withdraw_kind: None,
            duplicate_of: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }
}

pub(crate) static ISSUES: Table = Table {
    name: "issues",
    what: "问题",
    cols: &[
        ("no", ColKind::Text),
        ("hotline_no", ColKind::Text),
        ("project_id", ColKind::Text),
        ("source", ColKind::Text),
        ("enterprise_id", ColKind::Text),
        ("reporter_name", ColKind::Text),
        ("reporter_phone", ColKind::Text),
        ("street_id", ColKind::Text),
        ("category", ColKind::Text),
        ("tier", ColKind::Text),
        ("disposition", ColKind::Text),
        ("content", ColKind::Text),
        ("taken_by", ColKind::Text),
        ("registered_on", ColKind::Text),
        ("registered_by", ColKind::Text),
        ("status", ColKind::Text),
        ("lead_department_id", ColKind::Text),
        ("assisting", ColKind::Json),
        ("batch_id", ColKind::Text),
        ("assigned_on", ColKind::Text),
        ("deadline", ColKind::Text),
        ("accepted_on", ColKind::Text),
        ("extension_days", ColKind::Int),
        ("extensions", ColKind::Int),
        ("reminders", ColKind::Int),
        ("reopens", ColKind::Int),
        ("resolved_on", ColKind::Text),
        ("result", ColKind::Text),
        ("result_kind", ColKind::Text),
        ("amount_fen", ColKind::Int),
        ("working_days", ColKind::Int),
        ("on_time", ColKind::Bool),
        ("feedback", ColKind::Text),
        ("satisfaction", ColKind::Text),
        ("closed_on", ColKind::Text),
        ("lookback_on", ColKind::Text),
        ("lookback_result", ColKind::Text),
        ("withdraw_kind", ColKind::Text),
        ("duplicate_of", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Issue {
    const TABLE: &'static Table = &ISSUES;
    const SEARCHABLE: bool = true;
    fn id(&self) -> &str {
        &self.id
    }
    /// Issue texts join the global search through the trigram index only (3+ characters): a
    /// million issue texts would swamp the in-memory 1–2 character index meant for names.
    fn search_doc(&self) -> Option<search_doc::SearchDoc> {
        let title: String = self.content.chars().take(40).collect();
        let subtitle = format!("{} · {} · {}", self.no, self.category, self.status.zh());
        Some(search_doc::SearchDoc {
            kind: search_doc::DocKind::Issue,
            title,
            subtitle: Some(subtitle),
            body: search_doc::fold(&format!("{} {} {}", self.no, self.content, self.reporter_name.as_deref().unwrap_or(""))),
            short: String::new(),
        })
    }
}

/// One step of an issue's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IssueEvent {
    pub id: String,
    pub issue_id: String,
    pub kind: EventKind,
    /// The business date of the step.
    pub on_date: String,
    pub actor: String,
    /// Why, or what was said.
    pub note: Option<String>,
    /// What the step did (tagged with the kind), in stable tags the UI labels in its language.
    pub data: EventData,
    pub created_at: String,
    pub updated_at: String,
}

pub(crate) static EVENTS: Table = Table {
    name: "issue_events",
    what: "办理记录",
    cols: &[
        ("issue_id", ColKind::Text),
        ("kind", ColKind::Text),
        ("on_date", ColKind::Text),
        ("actor", ColKind::Text),
        ("note", ColKind::Text),
        ("data", ColKind::Json),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl IssueEvent {
    /// A machine's event as stored: on `day`, by `actor`.
    pub fn new(issue_id: &str, day: &str, actor: &str, e: Event) -> IssueEvent {
        IssueEvent::with_id(new_id(), issue_id, day, actor, e)
    }

    pub fn with_id(id: String, issue_id: &str, day: &str, actor: &str, e: Event) -> IssueEvent {
        IssueEvent {
            id,
            issue_id: issue_id.to_string(),
            kind: e.data.step.kind(),
            on_date: day.to_string(),
            actor: actor.to_string(),
            note: e.note,
            data: e.data,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    /// Back to the machine's event, for replaying.
    pub fn event(&self) -> Event {
        Event { note: self.note.clone(), data: self.data.clone() }
    }
}

impl Entity for IssueEvent {
    const TABLE: &'static Table = &EVENTS;
    fn id(&self) -> &str {
        &self.id
    }
}
