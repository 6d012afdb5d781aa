//! 惠企台账: what the office got done for an enterprise — credit, loans, funds paid out,
//! awards, tax refunds, deferred social insurance, people hired, policies applied for — in
//! money (fen) and/or a count with its unit, with a status, so the report's sentences
//! ("达成融资意向11笔6000万元", "帮助企业解决用工79人") come from the records.

mod query;
#[cfg(test)]
mod tests;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::day;
use crate::error::{CoreError, Result};
use crate::model::issue::kinds::vocab;
use crate::model::{new_id, text};
use crate::store::{get, ColKind, Entity, Store, Table};

pub use query::{list, totals, SupportQuery, SupportRow, SupportTotal, SupportTotals, TotalsBy};

vocab!(
    SupportKind {
        Credit = "credit" / "授信",
        Financing = "financing" / "贷款融资",
        Funds = "funds" / "资金拨付",
        Award = "award" / "奖补兑现",
        TaxRefund = "tax_refund" / "留抵退税",
        SocialDeferral = "social_deferral" / "缓缴社保",
        Hiring = "hiring" / "用工对接",
        PolicyApplication = "policy_application" / "政策申报",
        Other = "other" / "其他",
    }
);

vocab!(
    SupportStatus {
        Intent = "intent" / "意向",
        InProgress = "in_progress" / "办理中",
        Done = "done" / "已到位",
    }
);

pub(crate) fn vocabularies() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "support_kind",
            SupportKind::ALL
                .iter()
                .map(|v| (v.as_str(), v.zh()))
                .collect(),
        ),
        (
            "support_status",
            SupportStatus::ALL
                .iter()
                .map(|v| (v.as_str(), v.zh()))
                .collect(),
        ),
    ]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Support {
    pub id: String,
    pub enterprise_id: String,
    pub kind: SupportKind,
    /// Money in fen (分); the UI shows 万元.
    #[specta(type = Option<f64>)] // fen up to 10^14 are exact in a JS number
    pub amount_fen: Option<i64>,
    #[specta(type = Option<f64>)]
    pub count: Option<i64>,
    /// 人, 项, 笔, 户 …
    pub unit: Option<String>,
    pub status: SupportStatus,
    /// YYYY-MM-DD
    pub date: String,
    /// The department that helped.
    pub department_id: Option<String>,
    pub issue_id: Option<String>,
    pub engagement_id: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

static TABLE: Table = Table {
    name: "supports",
    what: "惠企成效",
    cols: &[
        ("enterprise_id", ColKind::Text),
        ("kind", ColKind::Text),
        ("amount_fen", ColKind::Int),
        ("count", ColKind::Int),
        ("unit", ColKind::Text),
        ("status", ColKind::Text),
        ("date", ColKind::Text),
        ("department_id", ColKind::Text),
        ("issue_id", ColKind::Text),
        ("engagement_id", ColKind::Text),
        ("note", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Support {
    const TABLE: &'static Table = &TABLE;
    fn id(&self) -> &str {
        &self.id
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct SupportInput {
    pub enterprise_id: String,
    pub kind: Option<SupportKind>,
    #[specta(type = Option<f64>)] // fen up to 10^14 are exact in a JS number
    pub amount_fen: Option<i64>,
    #[specta(type = Option<f64>)]
    pub count: Option<i64>,
    pub unit: Option<String>,
    /// Defaults to 已到位.
    pub status: Option<SupportStatus>,
    /// YYYY-MM-DD; defaults to today.
    pub date: Option<String>,
    pub department_id: Option<String>,
    pub issue_id: Option<String>,
    pub engagement_id: Option<String>,
    pub note: Option<String>,
}

/// The largest amount taken: 10,000 亿元 in fen, far above any one enterprise's support, so a
/// slip of the keyboard (an amount typed in 分 as 元) is caught before it lands in a total.
const MAX_FEN: i64 = 100_000_000 * 10_000 * 100;

fn exists(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    let sql = format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE id = ?1 AND deleted = 0)");
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

pub(crate) fn checked(conn: &Connection, id: &str, input: &SupportInput) -> Result<Support> {
    let enterprise_id = input.enterprise_id.trim().to_string();
    if enterprise_id.is_empty() {
        return Err(CoreError::validation("enterprise_id", "请选择企业"));
    }
    if !exists(conn, "enterprises", &enterprise_id)? {
        return Err(CoreError::validation(
            "enterprise_id",
            "所选企业不存在或已删除",
        ));
    }
    let kind = input
        .kind
        .ok_or_else(|| CoreError::validation("kind", "请选择成效类型"))?;
    if input.amount_fen.is_none() && input.count.is_none() {
        return Err(CoreError::validation(
            "amount_fen",
            "请填写金额或数量(至少一项)",
        ));
    }
    if let Some(a) = input.amount_fen {
        if !(0..=MAX_FEN).contains(&a) {
            return Err(CoreError::validation(
                "amount_fen",
                "金额应在 0 到 1 万亿元之间",
            ));
        }
    }
    if let Some(c) = input.count {
        if !(0..=10_000_000).contains(&c) {
            return Err(CoreError::validation("count", "数量应在 0 到 1000 万之间"));
        }
    }
    let unit = text::opt(&input.unit);
    if let Some(u) = &unit {
        text::limit("unit", "单位", u, 6)?;
    }
    if input.count.is_some() && unit.is_none() {
        return Err(CoreError::validation(
            "unit",
            "请填写数量的单位(人、项、笔、户…)",
        ));
    }
    let date = day::or_today("date", "日期", &input.date)?;
    let department_id = text::opt(&input.department_id);
    if let Some(d) = &department_id {
        if !exists(conn, "departments", d)? {
            return Err(CoreError::validation(
                "department_id",
                "所选单位不存在或已删除",
            ));
        }
    }
    let issue_id = text::opt(&input.issue_id);
    if let Some(i) = &issue_id {
        if !exists(conn, "issues", i)? {
            return Err(CoreError::validation("issue_id", "所选问题不存在或已删除"));
        }
    }
    let engagement_id = text::opt(&input.engagement_id);
    if let Some(e) = &engagement_id {
        if !exists(conn, "engagements", e)? {
            return Err(CoreError::validation(
                "engagement_id",
                "所选走访活动不存在或已删除",
            ));
        }
    }
    let note = text::opt(&input.note);
    if let Some(n) = &note {
        text::limit("note", "备注", n, 500)?;
    }
    Ok(Support {
        id: id.to_string(),
        enterprise_id,
        kind,
        amount_fen: input.amount_fen,
        count: input.count,
        unit,
        status: input.status.unwrap_or(SupportStatus::Done),
        date,
        department_id,
        issue_id,
        engagement_id,
        note,
        created_at: String::new(),
        updated_at: String::new(),
    })
}

pub fn create(store: &Store, input: &SupportInput) -> Result<Support> {
    store.write(|w| {
        let s = checked(w.conn(), &new_id(), input)?;
        w.insert(&s)?;
        get(w.conn(), &s.id)
    })
}

pub fn update(store: &Store, id: &str, input: &SupportInput) -> Result<Support> {
    store.write(|w| {
        let old: Support = get(w.conn(), id)?;
        let mut new = checked(w.conn(), id, input)?;
        new.created_at = old.created_at.clone();
        new.updated_at = old.updated_at.clone();
        w.update(&old, &new)?;
        get(w.conn(), id)
    })
}

pub fn delete(store: &Store, id: &str) -> Result<()> {
    store.write(|w| {
        let s: Support = get(w.conn(), id)?;
        w.tombstone(&s)
    })
}

/// 6000万元, 1.5万元, 8000元: money as the reports write it.
pub fn yuan_words(fen: i64) -> String {
    let yuan = fen as f64 / 100.0;
    if yuan >= 100_000_000.0 {
        format!("{}亿元", trim_num(yuan / 100_000_000.0))
    } else if yuan >= 10_000.0 {
        format!("{}万元", trim_num(yuan / 10_000.0))
    } else {
        format!("{}元", trim_num(yuan))
    }
}

fn trim_num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
