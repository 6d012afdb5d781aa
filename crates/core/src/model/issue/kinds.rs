//! The closed vocabularies of an issue: each a Rust enum stored as its snake_case tag, with the
//! Chinese word the offices use (for messages, exports and ledger import).

use serde::{Deserialize, Serialize};
use specta::Type;

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $tag:literal / $zh:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $tag),+ }
            }
            pub fn zh(self) -> &'static str {
                match self { $($name::$v => $zh),+ }
            }
            /// The tag or the Chinese word.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str() == s || v.zh() == s)
            }
        }
    };
}

/// Other records' closed vocabularies (engagements, support outcomes, a project's kind and status)
/// use the same shape.
pub(crate) use vocab;

vocab!(
    /// Where the issue came from (来源).
    Source {
        Visit = "visit" / "走访收集",
        Window = "window" / "服务窗口",
        Hotline = "hotline" / "12345热线",
        WallPhone = "wall_phone" / "连心墙电话",
        Forum = "forum" / "座谈会",
        Other = "other" / "其他",
    }
);

vocab!(
    /// 一般问题当场办、常规问题部门办、重大问题市领导办.
    Tier {
        General = "general" / "一般",
        Regular = "regular" / "常规",
        Major = "major" / "重大",
    }
);

vocab!(
    Disposition {
        Immediate = "immediate" / "立行立改",
        Study = "study" / "专项研究",
        Key = "key" / "重点督办",
    }
);

vocab!(
    /// Where the issue is in its life cycle (DESIGN.md's diagram).
    Status {
        /// 待交办: registered, not yet handed to a department.
        Registered = "registered" / "待交办",
        /// 待签收: handed to a department that has not accepted it yet.
        Assigned = "assigned" / "待签收",
        InProgress = "in_progress" / "办理中",
        /// 已退回: the department said it is not theirs; it waits to be assigned again.
        Returned = "returned" / "已退回",
        /// 已办结: resolved, waiting for feedback and satisfaction.
        Resolved = "resolved" / "已办结",
        /// 已销号
        Closed = "closed" / "已销号",
        LongTerm = "long_term" / "长期跟踪",
        Withdrawn = "withdrawn" / "已撤销",
    }
);

impl Status {
    /// Statuses still waiting on someone, which carry a warning flag.
    pub const OPEN: &'static [Status] = &[Status::Registered, Status::Assigned, Status::InProgress, Status::Returned];

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    /// `'registered', 'assigned', …`: the open statuses for an SQL `IN (…)`, written as the
    /// open-deadline partial index's condition is, so SQLite can use that index.
    pub fn open_sql() -> String {
        Self::OPEN.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
    }

    /// Counts as 办结 in the figures.
    pub fn is_done(self) -> bool {
        matches!(self, Status::Resolved | Status::Closed)
    }
}

vocab!(
    ResultKind {
        Solved = "solved" / "已解决",
        Partly = "partly" / "部分解决",
        Explained = "explained" / "无法解决已解释",
    }
);

vocab!(
    Satisfaction {
        Satisfied = "satisfied" / "满意",
        Basic = "basic" / "基本满意",
        Unsatisfied = "unsatisfied" / "不满意",
    }
);

vocab!(
    WithdrawKind {
        Duplicate = "duplicate" / "重复件",
        Invalid = "invalid" / "无效件",
    }
);

vocab!(
    LookbackResult {
        Held = "held" / "未反弹",
        Recurred = "recurred" / "问题反弹",
    }
);

vocab!(
    /// 督办亮灯 (红绿黑旗), computed from the deadline of an open issue.
    Flag {
        Green = "green" / "绿灯",
        Yellow = "yellow" / "黄灯",
        Red = "red" / "红灯",
        Black = "black" / "黑灯",
    }
);

vocab!(
    /// A step of the timeline.
    EventKind {
        Register = "register" / "登记",
        ResolveOnSpot = "resolve_on_spot" / "当场办结",
        Assign = "assign" / "交办",
        Accept = "accept" / "签收",
        Return = "return" / "退回",
        Remind = "remind" / "催办",
        RequestExtension = "request_extension" / "申请延期",
        ApproveExtension = "approve_extension" / "同意延期",
        RejectExtension = "reject_extension" / "不同意延期",
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

/// The issue vocabularies the UI lists and labels: each one's values in the order pickers
/// show them, with the Chinese word. The UI's lists and its zh-CN labels are generated from
/// this (the bindings' constants), so a value added here reaches every picker.
pub fn vocabularies() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    fn of<T: Copy>(all: &[T], tag: fn(T) -> &'static str, zh: fn(T) -> &'static str) -> Vec<(&'static str, &'static str)> {
        all.iter().map(|v| (tag(*v), zh(*v))).collect()
    }
    vec![
        ("status", of(Status::ALL, Status::as_str, Status::zh)),
        ("source", of(Source::ALL, Source::as_str, Source::zh)),
        ("tier", of(Tier::ALL, Tier::as_str, Tier::zh)),
        ("disposition", of(Disposition::ALL, Disposition::as_str, Disposition::zh)),
        ("flag", of(Flag::ALL, Flag::as_str, Flag::zh)),
        ("satisfaction", of(Satisfaction::ALL, Satisfaction::as_str, Satisfaction::zh)),
        ("result_kind", of(ResultKind::ALL, ResultKind::as_str, ResultKind::zh)),
        ("withdraw_kind", of(WithdrawKind::ALL, WithdrawKind::as_str, WithdrawKind::zh)),
        ("lookback_result", of(LookbackResult::ALL, LookbackResult::as_str, LookbackResult::zh)),
        ("event", of(EventKind::ALL, EventKind::as_str, EventKind::zh)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_takes_tag_or_chinese() {
        assert_eq!(Status::parse("in_progress"), Some(Status::InProgress));
        assert_eq!(Status::parse(" 已销号 "), Some(Status::Closed));
        assert_eq!(Source::parse("12345热线"), Some(Source::Hotline));
        assert_eq!(Tier::parse("重大"), Some(Tier::Major));
        assert_eq!(Satisfaction::parse("很好"), None);
    }
}
