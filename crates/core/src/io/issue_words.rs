//! The words office ledgers (台账) write in an issue's coded columns — 办理状态, 来源, 问题层级,
//! 处置方式, 满意度, 办理时限 — read into the issue model's values. Each accepts the model's own
//! word (`zh()`) and tag (`as_str()`), so an exported ledger imports back.

use crate::model::issue::{Disposition, ResultKind, Satisfaction, Source, Status, Tier};

use super::normalize;
use super::sheet::Cell;

/// Half-width, without spaces and the punctuation sheets scatter around words.
fn key(s: &str) -> String {
    normalize::half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）' | '。' | '.' | '!' | '、' | ','))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// What a 办理状态 cell says. `Unfinished` (未办结, 未完成) is in progress once a department
/// has it, else waiting to be assigned; the row decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusWord {
    Is(Status),
    Unfinished,
}

/// Tried in order: longer and negated words first (未办结 before 办结, 未交办 before 交办).
const STATUS_WORDS: &[(&str, Option<Status>)] = &[
    ("办结未销号", Some(Status::Resolved)),
    ("办结待销号", Some(Status::Resolved)),
    ("待销号", Some(Status::Resolved)),
    ("未办结", None),
    ("未完成", None),
    ("未解决", None),
    ("待交办", Some(Status::Registered)),
    ("未交办", Some(Status::Registered)),
    ("待分办", Some(Status::Registered)),
    ("待派单", Some(Status::Registered)),
    ("已登记", Some(Status::Registered)),
    ("待签收", Some(Status::Assigned)),
    ("未签收", Some(Status::Assigned)),
    ("已交办", Some(Status::Assigned)),
    ("已派单", Some(Status::Assigned)),
    ("已转办", Some(Status::Assigned)),
    ("退回", Some(Status::Returned)),
    ("撤销", Some(Status::Withdrawn)),
    ("撤回", Some(Status::Withdrawn)),
    ("作废", Some(Status::Withdrawn)),
    ("无效", Some(Status::Withdrawn)),
    ("重复件", Some(Status::Withdrawn)),
    ("长期", Some(Status::LongTerm)),
    ("持续跟踪", Some(Status::LongTerm)),
    ("持续推进", Some(Status::LongTerm)),
    ("销号", Some(Status::Closed)),
    ("已签收", Some(Status::InProgress)),
    ("办理中", Some(Status::InProgress)),
    ("正在办理", Some(Status::InProgress)),
    ("在办", Some(Status::InProgress)),
    ("推进中", Some(Status::InProgress)),
    ("处理中", Some(Status::InProgress)),
    ("跟踪办理", Some(Status::InProgress)),
    ("办结", Some(Status::Resolved)),
    ("已完成", Some(Status::Resolved)),
    ("已解决", Some(Status::Resolved)),
    ("已处理", Some(Status::Resolved)),
    ("已落实", Some(Status::Resolved)),
    ("已答复", Some(Status::Resolved)),
    ("完成", Some(Status::Resolved)),
];

pub fn status(raw: &str) -> Option<StatusWord> {
    let k = key(raw);
    if k.is_empty() {
        return None;
    }
    if let Some(s) = Status::parse(&k) {
        return Some(StatusWord::Is(s));
    }
    match k.as_str() {
        "是" | "√" | "✓" | "y" | "yes" => return Some(StatusWord::Is(Status::Resolved)),
        "否" | "×" | "n" | "no" => return Some(StatusWord::Unfinished),
        _ => {}
    }
    STATUS_WORDS.iter().find(|(w, _)| k.contains(w)).map(|(_, s)| match s {
        Some(s) => StatusWord::Is(*s),
        None => StatusWord::Unfinished,
    })
}

/// The status words a message lists.
pub const STATUS_HINT: &str = "待交办、已交办、待签收、办理中、未办结、已办结、已销号、长期跟踪、已退回、已撤销";

const SOURCE_WORDS: &[(&str, Source)] = &[
    ("12345", Source::Hotline),
    ("热线", Source::Hotline),
    ("市长", Source::Hotline),
    ("连心墙", Source::WallPhone),
    ("连心卡", Source::WallPhone),
    ("电话", Source::WallPhone),
    ("窗口", Source::Window),
    ("政务服务", Source::Window),
    ("座谈", Source::Forum),
    ("对接会", Source::Forum),
    ("调度会", Source::Forum),
    ("恳谈", Source::Forum),
    ("会议", Source::Forum),
    ("走访", Source::Visit),
    ("入企", Source::Visit),
    ("上门", Source::Visit),
    ("下沉", Source::Visit),
    ("收集", Source::Visit),
    ("调研", Source::Visit),
    ("其他", Source::Other),
    ("其它", Source::Other),
];

pub fn source(raw: &str) -> Option<Source> {
    let k = key(raw);
    Source::parse(&k).or_else(|| SOURCE_WORDS.iter().find(|(w, _)| k.contains(w)).map(|(_, s)| *s))
}

pub fn tier(raw: &str) -> Option<Tier> {
    let k = key(raw);
    if let Some(t) = Tier::parse(&k) {
        return Some(t);
    }
    if ["重大", "领导办", "市领导", "区领导", "县领导", "a级", "一级"].iter().any(|w| k.contains(w)) {
        Some(Tier::Major)
    } else if ["常规", "部门办", "较大", "b级", "二级"].iter().any(|w| k.contains(w)) {
        Some(Tier::Regular)
    } else if ["一般", "当场办", "即办", "c级", "三级"].iter().any(|w| k.contains(w)) {
        Some(Tier::General)
    } else {
        None
    }
}

pub fn disposition(raw: &str) -> Option<Disposition> {
    let k = key(raw);
    if let Some(d) = Disposition::parse(&k) {
        return Some(d);
    }
    if ["立行立改", "立改", "即知即改", "立即整改", "马上办"].iter().any(|w| k.contains(w)) {
        Some(Disposition::Immediate)
    } else if ["专项研究", "研究", "专题"].iter().any(|w| k.contains(w)) {
        Some(Disposition::Study)
    } else if ["重点督办", "督办", "挂牌"].iter().any(|w| k.contains(w)) {
        Some(Disposition::Key)
    } else {
        None
    }
}

pub fn satisfaction(raw: &str) -> Option<Satisfaction> {
    let k = key(raw);
    if let Some(s) = Satisfaction::parse(&k) {
        return Some(s);
    }
    // 不满意 contains 满意: the negations first.
    if ["不满意", "不太满意", "非常不满意"].iter().any(|w| k.contains(w)) || k == "否" {
        Some(Satisfaction::Unsatisfied)
    } else if k.contains("基本满意") || k.contains("比较满意") || k.contains("较满意") {
        Some(Satisfaction::Basic)
    } else if k.contains("满意") || k == "是" {
        Some(Satisfaction::Satisfied)
    } else {
        None
    }
}

/// How well the result text says the problem was solved; solved unless it says otherwise.
pub fn result_kind(result: Option<&str>) -> ResultKind {
    let Some(r) = result.map(key) else { return ResultKind::Solved };
    if ResultKind::parse(&r) == Some(ResultKind::Explained)
        || ["无法解决", "不能解决", "解释", "不符合", "政策不允许", "无法办理"].iter().any(|w| r.contains(w))
    {
        ResultKind::Explained
    } else if r.contains("部分解决") || r.contains("部分落实") || r.contains("基本解决") {
        ResultKind::Partly
    } else {
        ResultKind::Solved
    }
}

/// A date cell: an Excel date, a serial, or typed text. None when it says nothing readable.
pub fn date(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Date(s) | Cell::Number(s) => normalize::date_from_serial(*s).map(|d| d.format("%Y-%m-%d").to_string()),
        other => normalize::date_text(&other.text()),
    }
}

/// An 办理时限 cell: a date, a number of working days ("7", "7个工作日", "15天"), or the
/// words offices write: "3月底前", "年底前", "6月30日前", "长期".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    Date(String),
    Days(u32),
    /// The last day of the month (3月底前), the first such day on or after the start.
    MonthEnd(u32),
    /// 年底前: the last day of the start's year.
    YearEnd,
    /// A day without its year (6月30日前), the first such day on or after the start.
    MonthDay(u32, u32),
    /// 长期: tracked long term, no deadline of its own.
    LongTerm,
}

pub fn limit(cell: &Cell) -> Option<Limit> {
    if let Cell::Number(n) = cell {
        if n.fract() == 0.0 && (1.0..=365.0).contains(n) {
            return Some(Limit::Days(*n as u32));
        }
    }
    if let Some(d) = date(cell) {
        return Some(Limit::Date(d));
    }
    let k = key(&cell.text());
    if let Some(l) = limit_words(&k) {
        return Some(l);
    }
    let digits: String = k.chars().take_while(char::is_ascii_digit).collect();
    let rest = &k[digits.len()..];
    let days: u32 = digits.parse().ok()?;
    (matches!(rest, "" | "个工作日" | "工作日" | "天" | "日" | "个工作日内" | "工作日内" | "天内" | "日内")
        && (1..=365).contains(&days))
    .then_some(Limit::Days(days))
}

/// 长期…, 年底前, X月底前 / X月末, X月X日前.
fn limit_words(k: &str) -> Option<Limit> {
    if k.starts_with("长期") {
        return Some(Limit::LongTerm);
    }
    let t = k.trim_end_matches("之前").trim_end_matches("以前").trim_end_matches('前');
    if matches!(t, "年底" | "年末" | "本年底" | "今年底" | "年内" | "本年内" | "今年内") {
        return Some(Limit::YearEnd);
    }
    if let Some(m) = t.strip_suffix("月底").or_else(|| t.strip_suffix("月末")).or_else(|| t.strip_suffix("月份")) {
        let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        return Some(Limit::MonthEnd(m));
    }
    normalize::month_day(k).map(|(m, d)| Limit::MonthDay(m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_as_ledgers_write_them() {
        use Status::*;
        use StatusWord::Is;
        for (w, s) in [
            ("已办结", Is(Resolved)),
            ("办结", Is(Resolved)),
            ("已完成", Is(Resolved)),
            ("办理中", Is(InProgress)),
            ("正在办理", Is(InProgress)),
            ("in_progress", Is(InProgress)),
            ("已销号", Is(Closed)),
            ("办结销号", Is(Closed)),
            ("已办结待销号", Is(Resolved)),
            ("待交办", Is(Registered)),
            ("未交办", Is(Registered)),
            ("已交办", Is(Assigned)),
            ("待签收", Is(Assigned)),
            ("长期跟踪", Is(LongTerm)),
            ("长期办理", Is(LongTerm)),
            ("已退回", Is(Returned)),
            ("已撤销", Is(Withdrawn)),
            ("重复件", Is(Withdrawn)),
            ("未办结", StatusWord::Unfinished),
            ("未完成", StatusWord::Unfinished),
            (" 已 办 结 ", Is(Resolved)),
        ] {
            assert_eq!(status(w), Some(s), "{w}");
        }
        assert_eq!(status("火星"), None);
        for s in Status::ALL {
            assert_eq!(status(s.zh()), Some(Is(*s)), "{}", s.zh());
        }
    }

    #[test]
    fn other_words() {
        assert_eq!(source("12345市民热线"), Some(Source::Hotline));
        assert_eq!(source("入企走访"), Some(Source::Visit));
        assert_eq!(source("连心墙电话"), Some(Source::WallPhone));
        assert_eq!(source("政企座谈会"), Some(Source::Forum));
        assert_eq!(source("书信"), None);
        assert_eq!(tier("一般问题"), Some(Tier::General));
        assert_eq!(tier("重大(领导办)"), Some(Tier::Major));
        assert_eq!(tier("部门办"), Some(Tier::Regular));
        assert_eq!(disposition("立行立改"), Some(Disposition::Immediate));
        assert_eq!(disposition("重点督办"), Some(Disposition::Key));
        assert_eq!(satisfaction("不满意"), Some(Satisfaction::Unsatisfied));
        assert_eq!(satisfaction("基本满意"), Some(Satisfaction::Basic));
        assert_eq!(satisfaction("非常满意"), Some(Satisfaction::Satisfied));
        assert_eq!(satisfaction("未评价"), None);
        assert_eq!(result_kind(Some("已向企业解释政策")), ResultKind::Explained);
        assert_eq!(result_kind(Some("部分解决,余下纳入明年计划")), ResultKind::Partly);
        assert_eq!(result_kind(None), ResultKind::Solved);
        for v in Source::ALL {
            assert_eq!(source(v.zh()), Some(*v));
        }
        for v in Tier::ALL {
            assert_eq!(tier(v.zh()), Some(*v));
        }
    }

    #[test]
    fn limits_are_dates_or_working_days() {
        assert_eq!(limit(&Cell::Text("2026-03-10".into())), Some(Limit::Date("2026-03-10".into())));
        assert_eq!(limit(&Cell::Text("7个工作日".into())), Some(Limit::Days(7)));
        assert_eq!(limit(&Cell::Text("15天".into())), Some(Limit::Days(15)));
        assert_eq!(limit(&Cell::Number(7.0)), Some(Limit::Days(7)));
        assert_eq!(limit(&Cell::Date(46091.0)), Some(Limit::Date("2026-03-10".into())));
        assert_eq!(limit(&Cell::Text("3月底前".into())), Some(Limit::MonthEnd(3)));
        assert_eq!(limit(&Cell::Text("12月底".into())), Some(Limit::MonthEnd(12)));
        assert_eq!(limit(&Cell::Text("年底前".into())), Some(Limit::YearEnd));
        assert_eq!(limit(&Cell::Text("6月30日前".into())), Some(Limit::MonthDay(6, 30)));
        assert_eq!(limit(&Cell::Text("长期".into())), Some(Limit::LongTerm));
        assert_eq!(limit(&Cell::Text("长期跟踪".into())), Some(Limit::LongTerm));
        assert_eq!(limit(&Cell::Text("13月底前".into())), None);
        assert_eq!(limit(&Cell::Text("尽快".into())), None);
        assert_eq!(limit(&Cell::Text("0天".into())), None);
    }
}
