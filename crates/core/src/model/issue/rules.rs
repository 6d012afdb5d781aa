//! The zone's issue rules, kept in settings (synced): categories, default time limits by tier,
//! and the thresholds of the warning flags. An office changes them in 设置; the defaults follow
//! the articles (一般 1 / 常规 7 / 重大 30 working days).

use serde::{Deserialize, Serialize};
use specta::Type;

use super::kinds::Tier;
use crate::error::{CoreError, Result};
use crate::store::settings;
use crate::store::Store;

pub const KEY: &str = "issue_rules";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct IssueRules {
    pub categories: Vec<String>,
    /// Default time limit in working days, by tier.
    pub days_general: u32,
    pub days_regular: u32,
    pub days_major: u32,
    /// Yellow when the deadline is this many working days away or fewer.
    pub yellow_days: u32,
    /// Black when overdue by more than this many working days.
    pub black_days: u32,
    /// Black when reopened this many times or more (反复).
    pub black_reopens: u32,
    /// 回头看 is scheduled this many calendar days after closing.
    pub lookback_days: u32,
}

impl Default for IssueRules {
    fn default() -> Self {
        IssueRules {
            categories: [
                "融资", "用工", "土地", "审批", "水电气", "基础设施", "环保", "安全", "政策兑现", "历史遗留", "民生", "其他",
            ]
            .map(String::from)
            .to_vec(),
            days_general: 1,
            days_regular: 7,
            days_major: 30,
            yellow_days: 2,
            black_days: 10,
            black_reopens: 2,
            lookback_days: 90,
        }
    }
}

impl IssueRules {
    pub fn days_for(&self, tier: Tier) -> u32 {
        match tier {
            Tier::General => self.days_general,
            Tier::Regular => self.days_regular,
            Tier::Major => self.days_major,
        }
    }

    fn check(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        if self.categories.is_empty() {
            return Err(CoreError::validation("categories", "至少保留一个问题类别"));
        }
        for c in &self.categories {
            if c.trim().is_empty() || c.chars().count() > 10 {
                return Err(CoreError::validation("categories", format!("类别“{c}”应为1到10个字")));
            }
            if !seen.insert(c.trim()) {
                return Err(CoreError::validation("categories", format!("类别“{c}”重复")));
            }
        }
        for (field, label, v) in [
            ("days_general", "一般问题办理时限", self.days_general),
            ("days_regular", "常规问题办理时限", self.days_regular),
            ("days_major", "重大问题办理时限", self.days_major),
        ] {
            if !(1..=365).contains(&v) {
                return Err(CoreError::validation(field, format!("{label}应在1到365个工作日之间")));
            }
        }
        if self.black_reopens == 0 {
            return Err(CoreError::validation("black_reopens", "反复次数至少为1"));
        }
        Ok(())
    }
}

pub fn load(store: &Store) -> Result<IssueRules> {
    Ok(match settings::get(store, KEY)? {
        Some(v) => serde_json::from_value(v).unwrap_or_default(),
        None => IssueRules::default(),
    })
}

pub fn save(store: &Store, rules: &IssueRules) -> Result<IssueRules> {
    let mut r = rules.clone();
    r.categories = r.categories.iter().map(|c| c.trim().to_string()).collect();
    r.check()?;
    settings::set(store, KEY, serde_json::to_value(&r)?)?;
    Ok(r)
}
