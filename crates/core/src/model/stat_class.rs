//! 统计分类: the statistics office's classification of an enterprise, which leaders count by
//! ("88家规上工业企业", "四上企业") — a field of its own beside the size class (大中小微). The
//! four "above" classes together are 四上; a file that says only 四上 or 规上 without the
//! sector (and no industry to tell it) keeps just that.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StatClass {
    /// 规模以上工业
    Industry,
    /// 资质以上建筑业
    Construction,
    /// 限额以上批发零售住宿餐饮业 (限上批零住餐)
    Trade,
    /// 规模以上服务业
    Services,
    /// 四上, the sector not said
    FourAbove,
    /// 规下 / 非四上
    Below,
}

impl StatClass {
    /// In the order lists and counts show them.
    pub const ALL: &'static [StatClass] = &[
        StatClass::Industry,
        StatClass::Construction,
        StatClass::Trade,
        StatClass::Services,
        StatClass::FourAbove,
        StatClass::Below,
    ];

    /// The classes that make up 四上.
    pub const FOUR_ABOVE: &'static [StatClass] =
        &[StatClass::Industry, StatClass::Construction, StatClass::Trade, StatClass::Services, StatClass::FourAbove];

    pub fn as_str(self) -> &'static str {
        match self {
            StatClass::Industry => "industry",
            StatClass::Construction => "construction",
            StatClass::Trade => "trade",
            StatClass::Services => "services",
            StatClass::FourAbove => "four_above",
            StatClass::Below => "below",
        }
    }

    pub fn parse(s: &str) -> Option<StatClass> {
        StatClass::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    /// The words exports write and imports read back.
    pub fn zh(self) -> &'static str {
        match self {
            StatClass::Industry => "规模以上工业",
            StatClass::Construction => "资质以上建筑业",
            StatClass::Trade => "限额以上批零住餐",
            StatClass::Services => "规模以上服务业",
            StatClass::FourAbove => "四上",
            StatClass::Below => "规下",
        }
    }

    pub fn is_four_above(self) -> bool {
        StatClass::FOUR_ABOVE.contains(&self)
    }

    /// The "above" class of an enterprise in GB/T 4754 section `industry`: 规上 said of a
    /// factory is 规模以上工业, of a builder 资质以上建筑业, of a shop or restaurant 限上.
    pub fn above_in(industry: Option<&str>) -> StatClass {
        match industry.and_then(|i| i.chars().next()) {
            Some('B' | 'C' | 'D') => StatClass::Industry,
            Some('E') => StatClass::Construction,
            Some('F' | 'H') => StatClass::Trade,
            Some('A') | None => StatClass::FourAbove,
            Some(_) => StatClass::Services,
        }
    }

    /// `'industry', 'construction', …`: the 四上 classes for an SQL `IN (…)`.
    pub fn four_above_sql() -> String {
        StatClass::FOUR_ABOVE.iter().map(|c| format!("'{}'", c.as_str())).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn above_follows_the_industry_section() {
        assert_eq!(StatClass::above_in(Some("C")), StatClass::Industry);
        assert_eq!(StatClass::above_in(Some("E")), StatClass::Construction);
        assert_eq!(StatClass::above_in(Some("H")), StatClass::Trade);
        assert_eq!(StatClass::above_in(Some("I")), StatClass::Services);
        assert_eq!(StatClass::above_in(None), StatClass::FourAbove, "no sector, nothing invented");
        assert!(StatClass::ALL.iter().all(|c| StatClass::parse(c.as_str()) == Some(*c)));
        assert!(!StatClass::Below.is_four_above());
    }
}
