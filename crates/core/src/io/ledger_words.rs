//! The words project ledgers (民生实事台账, 重点项目台账) and support ledgers (惠企台账) write in
//! their coded columns, read into the models' values — the one place these words are known —
//! and their amounts ("8万元", "1,800"), quantities ("132盏", "约160米"), percents and dates
//! ("2026年3月底前", "长期"). Each accepts the model's own word and tag, so an export imports back.

use chrono::NaiveDate;

use super::issue_words::{self, Limit};
use super::normalize;
use super::sheet::Cell;
use crate::model::project::{ProjectCategory, ProjectKind, ProjectStatus};
use crate::model::support::{SupportKind, SupportStatus};

fn key(s: &str) -> String {
    normalize::half_width(s).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase()
}

/// The first entry whose word the text holds; longer and negated words come first in each table.
fn first_of<T: Copy>(k: &str, words: &[(&str, T)]) -> Option<T> {
    words.iter().find(|(w, _)| k.contains(w)).map(|(_, v)| *v)
}

/// 民生实事 or 重点项目, from a 项目性质 cell or a ledger's title, sheet or file name.
pub fn project_kind(raw: &str) -> Option<ProjectKind> {
    let k = key(raw);
    ProjectKind::parse(&k).or_else(|| {
        first_of(&k, &[("民生实事", ProjectKind::Livelihood), ("民生", ProjectKind::Livelihood), ("实事", ProjectKind::Livelihood), ("重点项目", ProjectKind::Key), ("重点", ProjectKind::Key)])
    })
}

const CATEGORY_WORDS: &[(&str, ProjectCategory)] = &[
    ("路灯", ProjectCategory::Lights),
    ("亮化", ProjectCategory::Lights),
    ("照明", ProjectCategory::Lights),
    ("排水", ProjectCategory::Drainage),
    ("排污", ProjectCategory::Drainage),
    ("污水", ProjectCategory::Drainage),
    ("雨污", ProjectCategory::Drainage),
    ("管网", ProjectCategory::Drainage),
    ("道路", ProjectCategory::Roads),
    ("交通", ProjectCategory::Roads),
    ("桥", ProjectCategory::Roads),
    ("停车", ProjectCategory::Roads),
    ("教育", ProjectCategory::Education),
    ("学校", ProjectCategory::Education),
    ("幼儿园", ProjectCategory::Education),
    ("养老", ProjectCategory::ElderlyCare),
    ("医疗", ProjectCategory::Health),
    ("卫生", ProjectCategory::Health),
    ("社保", ProjectCategory::Insurance),
    ("社会保障", ProjectCategory::Insurance),
    ("医保", ProjectCategory::Insurance),
    ("住房", ProjectCategory::Housing),
    ("老旧小区", ProjectCategory::Housing),
    ("棚改", ProjectCategory::Housing),
    ("危房", ProjectCategory::Housing),
    ("产业", ProjectCategory::Investment),
    ("投资", ProjectCategory::Investment),
    ("工业", ProjectCategory::Investment),
    ("招商", ProjectCategory::Investment),
    ("基础设施", ProjectCategory::Construction),
    ("基建", ProjectCategory::Construction),
    ("城建", ProjectCategory::Construction),
    ("其他", ProjectCategory::Other),
    ("其它", ProjectCategory::Other),
];

/// A project's 类别 from its word (道路交通, 路灯亮化…) or a common word within it (路灯, 污水).
pub fn project_category(raw: &str) -> Option<ProjectCategory> {
    let k = key(raw);
    ProjectCategory::parse(&k).or_else(|| first_of(&k, CATEGORY_WORDS))
}

/// Negated words first: 未开工 is 谋划, not 在建.
const PROJECT_STATUS_WORDS: &[(&str, ProjectStatus)] = &[
    ("未开工", ProjectStatus::Planning),
    ("待开工", ProjectStatus::Planning),
    ("尚未开工", ProjectStatus::Planning),
    ("未完工", ProjectStatus::Building),
    ("验收", ProjectStatus::Accepted),
    ("暂停", ProjectStatus::Paused),
    ("停工", ProjectStatus::Paused),
    ("缓建", ProjectStatus::Paused),
    ("中止", ProjectStatus::Paused),
    ("完工", ProjectStatus::Finished),
    ("竣工", ProjectStatus::Finished),
    ("建成", ProjectStatus::Finished),
    ("已完成", ProjectStatus::Finished),
    ("交付", ProjectStatus::Finished),
    ("在建", ProjectStatus::Building),
    ("施工", ProjectStatus::Building),
    ("建设中", ProjectStatus::Building),
    ("实施中", ProjectStatus::Building),
    ("推进中", ProjectStatus::Building),
    ("进行中", ProjectStatus::Building),
    ("已开工", ProjectStatus::Building),
    ("开工", ProjectStatus::Building),
    ("谋划", ProjectStatus::Planning),
    ("前期", ProjectStatus::Planning),
    ("筹备", ProjectStatus::Planning),
    ("规划", ProjectStatus::Planning),
    ("储备", ProjectStatus::Planning),
    ("拟建", ProjectStatus::Planning),
];

/// 已完工, 在建, 未开工, 暂停… as a project status.
pub fn project_status(raw: &str) -> Option<ProjectStatus> {
    let k = key(raw);
    ProjectStatus::parse(&k).or_else(|| first_of(&k, PROJECT_STATUS_WORDS))
}

const SUPPORT_KIND_WORDS: &[(&str, SupportKind)] = &[
    ("留抵", SupportKind::TaxRefund),
    ("退税", SupportKind::TaxRefund),
    ("缓缴", SupportKind::SocialDeferral),
    ("社保", SupportKind::SocialDeferral),
    ("授信", SupportKind::Credit),
    ("贷款", SupportKind::Financing),
    ("融资", SupportKind::Financing),
    ("放款", SupportKind::Financing),
    ("信贷", SupportKind::Financing),
    ("续贷", SupportKind::Financing),
    ("用工", SupportKind::Hiring),
    ("招聘", SupportKind::Hiring),
    ("招工", SupportKind::Hiring),
    ("就业", SupportKind::Hiring),
    ("申报", SupportKind::PolicyApplication),
    ("认定", SupportKind::PolicyApplication),
    ("奖补", SupportKind::Award),
    ("奖励", SupportKind::Award),
    ("补贴", SupportKind::Award),
    ("补助", SupportKind::Award),
    ("兑现", SupportKind::Award),
    ("拨付", SupportKind::Funds),
    ("资金", SupportKind::Funds),
    ("其他", SupportKind::Other),
    ("其它", SupportKind::Other),
];

/// 授信, 贷款/融资, 资金拨付, 奖补, 留抵退税, 缓缴社保, 用工, 政策申报… as a support kind.
pub fn support_kind(raw: &str) -> Option<SupportKind> {
    let k = key(raw);
    SupportKind::parse(&k).or_else(|| first_of(&k, SUPPORT_KIND_WORDS))
}

const SUPPORT_STATUS_WORDS: &[(&str, SupportStatus)] = &[
    ("未到位", SupportStatus::InProgress),
    ("未完成", SupportStatus::InProgress),
    ("未放款", SupportStatus::InProgress),
    ("意向", SupportStatus::Intent),
    ("签约", SupportStatus::Intent),
    ("洽谈", SupportStatus::Intent),
    ("办理中", SupportStatus::InProgress),
    ("审批", SupportStatus::InProgress),
    ("审核", SupportStatus::InProgress),
    ("推进", SupportStatus::InProgress),
    ("申报中", SupportStatus::InProgress),
    ("受理", SupportStatus::InProgress),
    ("在办", SupportStatus::InProgress),
    ("进行中", SupportStatus::InProgress),
    ("到位", SupportStatus::Done),
    ("完成", SupportStatus::Done),
    ("放款", SupportStatus::Done),
    ("拨付", SupportStatus::Done),
    ("兑现", SupportStatus::Done),
    ("办结", SupportStatus::Done),
    ("落实", SupportStatus::Done),
    ("发放", SupportStatus::Done),
    ("已", SupportStatus::Done),
];

/// 意向 / 办理中 / 已到位, and 已完成, 已放款, 已拨付… as a support status.
pub fn support_status(raw: &str) -> Option<SupportStatus> {
    let k = key(raw);
    SupportStatus::parse(&k).or_else(|| first_of(&k, SUPPORT_STATUS_WORDS))
}

/// The unit a money column's header gives: 万元 unless it says 元 or 亿元.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Money {
    Yuan,
    Wan,
    Yi,
}

impl Money {
    fn fen(self) -> f64 {
        match self {
            Money::Yuan => 100.0,
            Money::Wan => 1_000_000.0,
            Money::Yi => 10_000_000_000.0,
        }
    }

    /// From a header: "金额(元)" is 元, "(亿元)" 亿元, anything else (万元, no unit) 万元, the unit
    /// ledgers and our exports keep.
    pub fn of_header(header: &str) -> Money {
        let k = key(header);
        if k.contains("亿") {
            Money::Yi
        } else if k.contains('元') && !k.contains("万") {
            Money::Yuan
        } else {
            Money::Wan
        }
    }
}

/// A number with what follows it: "约160米" → (160, "米"), "1,800" → (1800, ""). Leading words
/// (约, 共, 近, 计) are dropped; None when the text does not start with a number after them.
pub fn number_and_unit(raw: &str) -> Option<(f64, String)> {
    let t = key(raw);
    let t = ["约", "共计", "共", "近", "计", "合计", "累计", "总计", "达"].iter().fold(t.as_str(), |t, w| t.strip_prefix(w).unwrap_or(t));
    let end = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(t.len());
    let n: f64 = t[..end].replace(',', "").parse().ok()?;
    let unit = t[end..].trim_start_matches(['余', '多', '+']).trim_end_matches(['左', '右']).trim_end_matches("左右");
    Some((n, unit.to_string())).filter(|(n, _)| n.is_finite())
}

/// An amount in fen: a number in the header's unit, or "8万元", "50元", "1.2亿元", "1,800".
/// None when the cell is not an amount.
pub fn money(cell: &Cell, header: Money) -> Option<i64> {
    let (n, unit) = match cell {
        Cell::Number(n) => (*n, String::new()),
        other => number_and_unit(&other.text())?,
    };
    let m = match unit.as_str() {
        "" => header,
        "万" | "万元" => Money::Wan,
        "元" => Money::Yuan,
        "亿" | "亿元" => Money::Yi,
        _ => return None,
    };
    let fen = (n * m.fen()).round();
    (fen >= 0.0 && fen < 9e15).then_some(fen as i64)
}

/// A quantity and its unit: "132盏", "约160米", "15户"; a bare number takes `unit_of_header`.
pub fn quantity(cell: &Cell, unit_of_header: Option<&str>) -> Option<(f64, Option<String>)> {
    let (n, unit) = match cell {
        Cell::Number(n) => (*n, String::new()),
        other => number_and_unit(&other.text())?,
    };
    let unit = Some(unit).filter(|u| !u.is_empty()).or_else(|| unit_of_header.map(str::to_string));
    Some((n, unit))
}

/// The unit a count column's header implies: 受益户数 → 户, 人数 → 人, 笔数 → 笔, 项数 → 项.
pub fn unit_of_header(header: &str) -> Option<&'static str> {
    let k = key(header);
    [("户", "户"), ("人", "人"), ("笔", "笔"), ("项", "项"), ("件", "件"), ("次", "次"), ("个", "个")]
        .iter()
        .find(|(w, _)| k.contains(&format!("{w}数")))
        .map(|(_, u)| *u)
}

/// 进度 as a percent: "80%", "80", 0.8 (a cell formatted as a percent). None for words.
pub fn percent(cell: &Cell) -> Option<i32> {
    let p = match cell {
        Cell::Number(n) if *n > 0.0 && *n <= 1.0 => n * 100.0,
        Cell::Number(n) => *n,
        other => {
            let (n, unit) = number_and_unit(&other.text())?;
            if !(unit.is_empty() || unit == "%" || unit == "%") {
                return None;
            }
            n
        }
    };
    (0.0..=100.0).contains(&p).then_some(p.round() as i32)
}

/// A ledger's date: a full date, or the words a plan is written in — "2026年3月底前",
/// "3月底前" and "2026年3月" (the month's last day for a finish, its first for a start),
/// "年底前", "6月30日前" — with the year the ledger gives when the cell has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerDate {
    Date(String),
    /// 长期: no date of its own.
    LongTerm,
    /// A date without a year, and the ledger gives none.
    NoYear,
    Unreadable,
}

pub fn ledger_date(cell: &Cell, year: Option<i32>, finish: bool) -> LedgerDate {
    if let Some(d) = issue_words::date(cell) {
        return LedgerDate::Date(d);
    }
    let k = key(&cell.text());
    let four = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
    let (y, rest): (Option<i32>, String) = match k.split_once('年') {
        Some((y, rest)) if four(y) => (y.parse().ok(), rest.to_string()),
        _ => match k.split_once(['.', '-', '/']) {
            // 2026.3 / 2026-03: a month.
            Some((y, m)) if four(y) => (y.parse().ok(), format!("{m}月")),
            _ => (None, k.clone()),
        },
    };
    let rest = rest.trim_end_matches("之前").trim_end_matches("以前").trim_end_matches('前').trim_end_matches('内');
    let limit = if rest.is_empty() && y.is_some() {
        Some(Limit::YearEnd)
    } else if let Some(m) = rest.strip_suffix('月').and_then(|m| m.parse::<u32>().ok()).filter(|m| (1..=12).contains(m)) {
        Some(Limit::MonthEnd(m))
    } else {
        issue_words::limit(&Cell::Text(rest.to_string()))
    };
    let Some(limit) = limit else { return LedgerDate::Unreadable };
    let month = |y: i32, m: u32| -> Option<NaiveDate> {
        if finish {
            let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
            next.and_then(|d| d.pred_opt())
        } else {
            NaiveDate::from_ymd_opt(y, m, 1)
        }
    };
    let Some(y) = y.or(year) else {
        return if limit == Limit::LongTerm { LedgerDate::LongTerm } else { LedgerDate::NoYear };
    };
    let d = match limit {
        Limit::LongTerm => return LedgerDate::LongTerm,
        Limit::Date(d) => return LedgerDate::Date(d),
        Limit::Days(_) => None,
        Limit::YearEnd => if finish { NaiveDate::from_ymd_opt(y, 12, 31) } else { NaiveDate::from_ymd_opt(y, 1, 1) },
        Limit::MonthEnd(m) => month(y, m),
        Limit::MonthDay(m, d) => NaiveDate::from_ymd_opt(y, m, d),
    };
    d.map(|d| LedgerDate::Date(d.format("%Y-%m-%d").to_string())).unwrap_or(LedgerDate::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn project_words() {
        assert_eq!(project_status("已完工"), Some(ProjectStatus::Finished));
        assert_eq!(project_status("在建"), Some(ProjectStatus::Building));
        assert_eq!(project_status("未开工"), Some(ProjectStatus::Planning));
        assert_eq!(project_status("已通过竣工验收"), Some(ProjectStatus::Accepted));
        assert_eq!(project_status("火星"), None);
        for s in ProjectStatus::ALL {
            assert_eq!(project_status(s.zh()), Some(*s));
        }
        for c in ProjectCategory::ALL {
            assert_eq!(project_category(c.zh()), Some(*c));
        }
        assert_eq!(project_category("路灯"), Some(ProjectCategory::Lights));
        assert_eq!(project_category("雨污分流"), Some(ProjectCategory::Drainage));
        assert_eq!(project_kind("2026年民生实事项目台账"), Some(ProjectKind::Livelihood));
        assert_eq!(project_kind("重点项目"), Some(ProjectKind::Key));
    }

    #[test]
    fn support_words() {
        assert_eq!(support_kind("银行授信"), Some(SupportKind::Credit));
        assert_eq!(support_kind("贷款"), Some(SupportKind::Financing));
        assert_eq!(support_kind("留抵退税"), Some(SupportKind::TaxRefund));
        assert_eq!(support_kind("缓缴社保"), Some(SupportKind::SocialDeferral));
        assert_eq!(support_kind("用工"), Some(SupportKind::Hiring));
        for k in SupportKind::ALL {
            assert_eq!(support_kind(k.zh()), Some(*k), "{}", k.zh());
        }
        assert_eq!(support_status("已放款"), Some(SupportStatus::Done));
        assert_eq!(support_status("已完成"), Some(SupportStatus::Done));
        assert_eq!(support_status("未到位"), Some(SupportStatus::InProgress));
        assert_eq!(support_status("达成意向"), Some(SupportStatus::Intent));
        for s in SupportStatus::ALL {
            assert_eq!(support_status(s.zh()), Some(*s));
        }
    }

    #[test]
    fn amounts_quantities_and_percents() {
        assert_eq!(money(&t("8万元"), Money::Yuan), Some(8_000_000));
        assert_eq!(money(&t("1,800"), Money::Wan), Some(1_800_000_000));
        assert_eq!(money(&Cell::Number(50.5), Money::Yuan), Some(5050));
        assert_eq!(money(&t("1.2亿元"), Money::Wan), Some(12_000_000_000));
        assert_eq!(money(&t("八万"), Money::Wan), None);
        assert_eq!(Money::of_header("金额(元)"), Money::Yuan);
        assert_eq!(Money::of_header("总投资(万元)"), Money::Wan);
        assert_eq!(quantity(&t("132盏"), None), Some((132.0, Some("盏".into()))));
        assert_eq!(quantity(&t("约160米"), None), Some((160.0, Some("米".into()))));
        assert_eq!(quantity(&Cell::Number(15.0), Some("户")), Some((15.0, Some("户".into()))));
        assert_eq!(unit_of_header("受益户数"), Some("户"));
        assert_eq!(percent(&t("80%")), Some(80));
        assert_eq!(percent(&Cell::Number(0.35)), Some(35));
        assert_eq!(percent(&t("主体完工")), None);
    }

    #[test]
    fn plan_dates() {
        let d = |s: &str| LedgerDate::Date(s.into());
        assert_eq!(ledger_date(&t("2026年3月底前"), None, true), d("2026-03-31"));
        assert_eq!(ledger_date(&t("3月底前"), Some(2026), true), d("2026-03-31"));
        assert_eq!(ledger_date(&t("2026年3月"), None, false), d("2026-03-01"));
        assert_eq!(ledger_date(&t("2026.2"), None, true), d("2026-02-28"));
        assert_eq!(ledger_date(&t("年底前"), Some(2026), true), d("2026-12-31"));
        assert_eq!(ledger_date(&t("2026-05-20"), None, true), d("2026-05-20"));
        assert_eq!(ledger_date(&t("长期"), None, true), LedgerDate::LongTerm);
        assert_eq!(ledger_date(&t("3月底前"), None, true), LedgerDate::NoYear);
        assert_eq!(ledger_date(&t("2026年13月"), None, true), LedgerDate::Unreadable);
        assert_eq!(ledger_date(&t("尽快"), Some(2026), true), LedgerDate::Unreadable);
    }
}
