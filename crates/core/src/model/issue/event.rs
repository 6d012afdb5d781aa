//! The particulars of a timeline step: a typed enum tagged with the step's kind, its values
//! stored as the vocabularies' stable tags (`satisfied`, `general`), never as Chinese words, so
//! the UI renders them in either language and rewording a label changes no stored row.
//!
//! They carry everything the step did to the issue, so the issue's row is the replay of its
//! timeline (`machine::evolve`): the sync engine rebuilds a merged issue that way.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::kinds::*;

/// What a step did, by kind (`step` is the event's `kind` tag).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Register {
        source: Source,
        tier: Tier,
        /// The row of the ledger it was imported from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ledger_row: Option<u32>,
        /// The ledger's own 编号, when the issue got another.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ledger_no: Option<String>,
    },
    ResolveOnSpot {
        result_kind: ResultKind,
    },
    Assign {
        department: String,
        #[serde(default)]
        assisting: Vec<String>,
        deadline: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        batch_id: Option<String>,
        /// The deadline is the tier's default, not one the ledger gave.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        deadline_by_default: bool,
    },
    Accept {
        department: Option<String>,
    },
    Return {
        department: Option<String>,
    },
    Remind {
        /// The how-manieth reminder.
        count: u32,
        deadline: Option<String>,
    },
    RequestExtension {
        days: u32,
    },
    ApproveExtension {
        days: u32,
        deadline: String,
    },
    RejectExtension {
        days: u32,
    },
    Escalate {
        from: Tier,
        to: Tier,
    },
    Resolve {
        result_kind: ResultKind,
        /// Fen; a number in TypeScript (exact below 2^53 fen).
        #[specta(type = Option<f64>)]
        #[serde(default)]
        amount_fen: Option<i64>,
        working_days: i32,
    },
    LongTerm,
    Feedback {
        satisfaction: Satisfaction,
    },
    Close {
        lookback_on: Option<String>,
    },
    Reopen {
        /// None: back to 待交办, there being no lead department.
        deadline: Option<String>,
        /// The how-manieth reopening.
        reopens: u32,
    },
    Withdraw {
        withdraw_kind: Option<WithdrawKind>,
        /// The 编号 of the issue it duplicates.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duplicate_of: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duplicate_id: Option<String>,
    },
    ScheduleLookback {
        lookback_on: String,
    },
    Lookback {
        result: LookbackResult,
    },
}

impl Step {
    pub fn kind(&self) -> EventKind {
        match self {
            Step::Register { .. } => EventKind::Register,
            Step::ResolveOnSpot { .. } => EventKind::ResolveOnSpot,
            Step::Assign { .. } => EventKind::Assign,
            Step::Accept { .. } => EventKind::Accept,
            Step::Return { .. } => EventKind::Return,
            Step::Remind { .. } => EventKind::Remind,
            Step::RequestExtension { .. } => EventKind::RequestExtension,
            Step::ApproveExtension { .. } => EventKind::ApproveExtension,
            Step::RejectExtension { .. } => EventKind::RejectExtension,
            Step::Escalate { .. } => EventKind::Escalate,
            Step::Resolve { .. } => EventKind::Resolve,
            Step::LongTerm => EventKind::LongTerm,
            Step::Feedback { .. } => EventKind::Feedback,
            Step::Close { .. } => EventKind::Close,
            Step::Reopen { .. } => EventKind::Reopen,
            Step::Withdraw { .. } => EventKind::Withdraw,
            Step::ScheduleLookback { .. } => EventKind::ScheduleLookback,
            Step::Lookback { .. } => EventKind::Lookback,
        }
    }
}

/// An event's `data`: the step, and how the office knows of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EventData {
    #[serde(flatten)]
    pub step: Step,
    /// Written by a ledger import (台账导入), not typed in step by step.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub import: bool,
    /// False when the ledger gave no day for this step: it sits on the last day known before it.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub date_known: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl From<Step> for EventData {
    fn from(step: Step) -> Self {
        EventData { step, import: false, date_known: true }
    }
}

/// A timeline event before it is stored: what was said, and what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub note: Option<String>,
    pub data: EventData,
}

impl Event {
    pub fn new(note: Option<String>, step: Step) -> Event {
        Event { note, data: step.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_with_tags_and_read_back() {
        let d = EventData::from(Step::Feedback { satisfaction: Satisfaction::Basic });
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(text, r#"{"step":"feedback","satisfaction":"basic"}"#);
        assert_eq!(serde_json::from_str::<EventData>(&text).unwrap(), d);
        let imported = r#"{"step":"accept","department":"d1","import":true,"date_known":false}"#;
        let d: EventData = serde_json::from_str(imported).unwrap();
        assert!(d.import && !d.date_known);
        assert_eq!(d.step.kind(), EventKind::Accept);
        // Keys a step does not know (an older import's on_time) are ignored, not refused.
        let old = r#"{"step":"resolve","result_kind":"solved","working_days":3,"on_time":true}"#;
        assert!(serde_json::from_str::<EventData>(old).is_ok());
    }

    #[test]
    fn every_kind_has_its_step_tag() {
        for k in EventKind::ALL {
            let tag = serde_json::to_value(k).unwrap();
            assert_eq!(tag.as_str(), Some(k.as_str()));
        }
    }
}
