//! The steps an office takes on an issue (`Action`, what the step dialogs send) and their
//! names (`ActionKind`), which the machine's guards and the UI's buttons share.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::kinds::*;

/// One step on an existing issue.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// 交办 to a lead department (and assisting ones) with a deadline in working days
    /// (default by tier) or an explicit date.
    Assign {
        lead_department_id: String,
        assisting: Vec<String>,
        days: Option<u32>,
        deadline: Option<String>,
        batch_id: Option<String>,
        note: Option<String>,
    },
    /// 签收
    Accept { note: Option<String> },
    /// 退回: not this department's.
    Return { reason: String },
    /// 催办
    Remind { note: Option<String> },
    /// 申请延期, before the deadline.
    RequestExtension { days: u32, reason: String },
    /// 审批延期
    DecideExtension { approve: bool, note: Option<String> },
    /// 提级: 一般 → 常规 → 重大.
    Escalate { reason: String },
    /// 办结
    Resolve {
        result: String,
        result_kind: ResultKind,
        /// Fen; a number in TypeScript (exact below 2^53 fen).
        #[specta(type = Option<f64>)]
        amount_fen: Option<i64>,
    },
    /// 转长期跟踪
    LongTerm { reason: String },
    /// 反馈 and 满意度; 不满意 reopens it with a new deadline (`days`, default by tier).
    Feedback { feedback: Option<String>, satisfaction: Satisfaction, days: Option<u32> },
    /// 销号
    Close { note: Option<String> },
    /// 重新办理
    Reopen { reason: String, days: Option<u32> },
    /// 撤销, as a duplicate of another issue or as invalid.
    Withdraw(Withdraw),
    ScheduleLookback { date: String },
    /// 回头看; a recurred problem reopens the issue.
    Lookback { result: LookbackResult, note: Option<String>, days: Option<u32> },
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Withdraw {
    pub withdraw_kind: WithdrawKind,
    /// The issue this one duplicates (id or 编号).
    pub duplicate_of: Option<String>,
    pub reason: String,
}


vocab!(
    /// A step's name: `Action`'s tag.
    ActionKind {
        Assign = "assign" / "交办",
        Accept = "accept" / "签收",
        Return = "return" / "退回",
        Remind = "remind" / "催办",
        RequestExtension = "request_extension" / "申请延期",
        DecideExtension = "decide_extension" / "审批延期",
        Escalate = "escalate" / "提级",
        Resolve = "resolve" / "办结",
        LongTerm = "long_term" / "转长期跟踪",
        Feedback = "feedback" / "反馈评价",
        Close = "close" / "销号",
        Reopen = "reopen" / "重新办理",
        Withdraw = "withdraw" / "撤销",
        ScheduleLookback = "schedule_lookback" / "安排回头看",
        Lookback = "lookback" / "回头看",
    }
);

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Assign { .. } => ActionKind::Assign,
            Action::Accept { .. } => ActionKind::Accept,
            Action::Return { .. } => ActionKind::Return,
            Action::Remind { .. } => ActionKind::Remind,
            Action::RequestExtension { .. } => ActionKind::RequestExtension,
            Action::DecideExtension { .. } => ActionKind::DecideExtension,
            Action::Escalate { .. } => ActionKind::Escalate,
            Action::Resolve { .. } => ActionKind::Resolve,
            Action::LongTerm { .. } => ActionKind::LongTerm,
            Action::Feedback { .. } => ActionKind::Feedback,
            Action::Close { .. } => ActionKind::Close,
            Action::Reopen { .. } => ActionKind::Reopen,
            Action::Withdraw(_) => ActionKind::Withdraw,
            Action::ScheduleLookback { .. } => ActionKind::ScheduleLookback,
            Action::Lookback { .. } => ActionKind::Lookback,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_kind_tags_are_the_actions_tags() {
        let close = serde_json::to_value(Action::Close { note: None }).unwrap();
        assert_eq!(close["kind"], ActionKind::Close.as_str());
        let w = Action::Withdraw(Withdraw { withdraw_kind: WithdrawKind::Invalid, duplicate_of: None, reason: "x".into() });
        assert_eq!(serde_json::to_value(&w).unwrap()["kind"], w.kind().as_str());
        for k in ActionKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap().as_str(), Some(k.as_str()));
        }
    }
}
