//! Engagements (走访调研、座谈会、银企对接会、调度会、协调会…): what the cadres did besides
//! handling issues, counted the way the offices report it ("走访38次、协调会18次"). An
//! engagement links to the cadres present, the enterprises, projects and communities involved
//! and the issues raised in it, one `EngagementLink` row each, so every side lists its
//! engagements by index and no table holds a list in a column.

mod capture;
mod query;
#[cfg(test)]
mod tests;
mod write;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::issue::kinds::vocab;
use crate::store::{ColKind, Entity, Table};

pub use capture::{capture, my_cadre, CaptureInput, CaptureIssue, Captured};
pub use query::{
    counts, for_target, get_view, list, EngagementCounts, EngagementQuery, EngagementRow,
    EngagementView, LinkedName,
};
pub use write::{create, delete, update, EngagementInput};

vocab!(
    /// What kind of engagement it was, in the words of the offices' reports.
    EngagementKind {
        Visit = "visit" / "走访调研",
        Forum = "forum" / "座谈会",
        BankMeeting = "bank_meeting" / "银企对接会",
        Dispatch = "dispatch" / "调度会",
        Coordination = "coordination" / "协调会",
        PolicyBriefing = "policy_briefing" / "政策宣讲会",
        JobFair = "job_fair" / "招聘会",
        PhoneCall = "phone_call" / "电话回访",
        Other = "other" / "其他",
    }
);

vocab!(
    /// What an engagement's link points at.
    LinkKind {
        Cadre = "cadre" / "干部",
        Enterprise = "enterprise" / "企业",
        Project = "project" / "项目",
        Community = "community" / "社区",
        Issue = "issue" / "问题",
    }
);

// Links are kept in sets (an input's wanted links).
impl PartialOrd for LinkKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for LinkKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Engagement {
    pub id: String,
    /// YYYY-MM-DD
    pub date: String,
    pub kind: EngagementKind,
    pub place: Option<String>,
    pub summary: String,
    /// 成效: what came of it.
    pub outcome: Option<String>,
    pub recorded_by: String,
    pub created_at: String,
    pub updated_at: String,
}

static TABLE: Table = Table {
    name: "engagements",
    what: "走访活动",
    cols: &[
        ("date", ColKind::Text),
        ("kind", ColKind::Text),
        ("place", ColKind::Text),
        ("summary", ColKind::Text),
        ("outcome", ColKind::Text),
        ("recorded_by", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Engagement {
    const TABLE: &'static Table = &TABLE;
    fn id(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EngagementLink {
    pub id: String,
    pub engagement_id: String,
    pub kind: LinkKind,
    pub target_id: String,
    /// The engagement's date, so a target's engagements come in date order by index.
    pub date: String,
    pub created_at: String,
    pub updated_at: String,
}

static LINK_TABLE: Table = Table {
    name: "engagement_links",
    what: "走访关联",
    cols: &[
        ("engagement_id", ColKind::Text),
        ("kind", ColKind::Text),
        ("target_id", ColKind::Text),
        ("date", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for EngagementLink {
    const TABLE: &'static Table = &LINK_TABLE;
    fn id(&self) -> &str {
        &self.id
    }
}

/// The engagement vocabularies the UI lists and labels, as `issue::vocabularies` does.
pub fn vocabularies() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let of = |all: &[EngagementKind]| all.iter().map(|v| (v.as_str(), v.zh())).collect();
    let mut v = vec![("engagement_kind", of(EngagementKind::ALL))];
    v.extend(crate::model::support::vocabularies());
    v
}
