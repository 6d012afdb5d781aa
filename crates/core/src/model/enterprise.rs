//! 企业: the enterprises the zone serves.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::department::{Department, DepartmentKind};
use super::list::{self, Filter, Page};
use super::lookup::Lookup;
use super::stat_class::StatClass;
use super::{new_id, reference, text, FieldWarning, Saved};
use crate::error::{CoreError, Result};
use crate::store::{get, ColKind, Entity, Store, Table};
use crate::search;
use crate::search_doc;
use crate::uscc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Large,
    Medium,
    Small,
    Micro,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    State,
    Private,
    Foreign,
    /// 港澳台
    Hmt,
    Collective,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseStatus {
    /// 在营
    #[default]
    Operating,
    /// 迁出
    MovedOut,
    /// 注销
    Closed,
}

/// The generated column ranking scale as offices do (large first), indexed by `enterprises_scale`.
const SCALE_RANK: &str = "scale_rank";

fn scale_rank(s: Scale) -> u8 {
    match s {
        Scale::Large => 0,
        Scale::Medium => 1,
        Scale::Small => 2,
        Scale::Micro => 3,
    }
}

fn enum_str<T: Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Enterprise {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub uscc: Option<String>,
    /// GB/T 4754 section letter.
    pub industry: Option<String>,
    pub scale: Option<Scale>,
    /// 统计分类 (规上工业 … 规下), beside the size class.
    pub stat_class: Option<StatClass>,
    pub ownership: Option<Ownership>,
    pub address: Option<String>,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
    pub legal_rep: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub tags: Vec<String>,
    pub status: EnterpriseStatus,
    pub notes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

static TABLE: Table = Table {
    name: "enterprises",
    what: "企业",
    cols: &[
        ("name", ColKind::Text),
        ("short_name", ColKind::Text),
        ("uscc", ColKind::Text),
        ("industry", ColKind::Text),
        ("scale", ColKind::Text),
        ("stat_class", ColKind::Text),
        ("ownership", ColKind::Text),
        ("address", ColKind::Text),
        ("street_id", ColKind::Text),
        ("community_id", ColKind::Text),
        ("legal_rep", ColKind::Text),
        ("contact_name", ColKind::Text),
        ("contact_phone", ColKind::Text),
        ("tags", ColKind::Json),
        ("status", ColKind::Text),
        ("notes", ColKind::Text),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Enterprise {
    const TABLE: &'static Table = &TABLE;
    const SEARCHABLE: bool = true;
    fn id(&self) -> &str {
        &self.id
    }
    fn search_doc(&self) -> Option<search_doc::SearchDoc> {
        let o = |s: &Option<String>| s.clone().unwrap_or_default();
        let subtitle = [self.uscc.clone(), self.contact_name.clone(), self.contact_phone.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        Some(search_doc::doc(
            search_doc::DocKind::Enterprise,
            &self.name,
            Some(subtitle).filter(|s| !s.is_empty()),
            &[&self.name, &o(&self.short_name)],
            &[&o(&self.uscc), &o(&self.legal_rep), &o(&self.contact_name), &o(&self.contact_phone)],
        ))
    }
}

/// What the form edits.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct EnterpriseInput {
    pub name: String,
    pub short_name: Option<String>,
    pub uscc: Option<String>,
    pub industry: Option<String>,
    pub scale: Option<Scale>,
    pub stat_class: Option<StatClass>,
    pub ownership: Option<Ownership>,
    pub address: Option<String>,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
    pub legal_rep: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub tags: Vec<String>,
    pub status: Option<EnterpriseStatus>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseSort {
    Name,
    Street,
    Scale,
    UpdatedAt,
    CreatedAt,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct EnterpriseQuery {
    /// Substring of name, short name, USCC, contact or phone.
    pub text: Option<String>,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
    pub industry: Option<String>,
    pub scale: Option<Scale>,
    pub stat_class: Option<StatClass>,
    /// Only 四上 enterprises (any of the four "above" classes).
    pub four_above: bool,
    pub ownership: Option<Ownership>,
    pub status: Option<EnterpriseStatus>,
    pub tag: Option<String>,
    pub sort: Option<EnterpriseSort>,
    pub desc: bool,
    pub page: u32,
    pub page_size: u32,
}

/// The USCC warning for a typed-in code, if any; the form calls it as the user types.
pub fn uscc_warning(raw: &str) -> Option<FieldWarning> {
    let code = uscc::normalize(raw);
    if code.is_empty() {
        return None;
    }
    match uscc::check(&code) {
        Ok(()) => None,
        Err(uscc::UsccProblem::Malformed(m)) | Err(uscc::UsccProblem::Checksum(m)) => {
            Some(FieldWarning { field: "uscc".into(), message: m })
        }
    }
}

fn check_dept(look: &(impl Lookup + ?Sized), field: &str, id: &Option<String>, want: DepartmentKind) -> Result<Option<Department>> {
    let Some(id) = text::opt(id) else { return Ok(None) };
    let d: Department = look
        .department(&id)
        .ok()
        .flatten()
        .ok_or_else(|| CoreError::validation(field, format!("所选{}不存在或已删除", want.zh())))?;
    if d.kind != want {
        return Err(CoreError::validation(field, format!("“{}”不是{}", d.name, want.zh())));
    }
    Ok(Some(d))
}

/// The record `input` makes, or the first problem with it. `look` is the database for forms and
/// in-memory maps for imports; the rules are the same.
pub(crate) fn checked(
    look: &(impl Lookup + ?Sized),
    id: &str,
    input: &EnterpriseInput,
) -> Result<(Enterprise, Vec<FieldWarning>)> {
    let mut warnings = vec![];
    let name = text::required("name", "企业名称", &input.name, 100)?;

    let uscc = text::opt(&input.uscc).map(|u| uscc::normalize(&u));
    if let Some(code) = &uscc {
        match uscc::check(code) {
            Ok(()) => {}
            Err(uscc::UsccProblem::Malformed(m)) => return Err(CoreError::validation("uscc", m)),
            Err(uscc::UsccProblem::Checksum(m)) => warnings.push(FieldWarning { field: "uscc".into(), message: m }),
        }
        if let Some(other) = look.uscc_holder(code, id)? {
            return Err(CoreError::Conflict {
                field: Some("uscc".into()),
                message: format!("统一社会信用代码 {code} 已登记在“{other}”名下"),
            });
        }
    }

    let industry = text::opt(&input.industry);
    if let Some(code) = &industry {
        if reference::industry(code).is_none() {
            return Err(CoreError::validation("industry", format!("未知的行业门类“{code}”")));
        }
    }
    let street = check_dept(look, "street_id", &input.street_id, DepartmentKind::Street)?;
    let community = check_dept(look, "community_id", &input.community_id, DepartmentKind::Community)?;
    if let (Some(s), Some(c)) = (&street, &community) {
        if c.parent_id.as_deref().is_some_and(|p| p != s.id) {
            return Err(CoreError::validation("community_id", format!("“{}”不属于“{}”", c.name, s.name)));
        }
    }

    let mut tags: Vec<String> = Vec::new();
    for t in &input.tags {
        let t = t.trim();
        if !t.is_empty() && !tags.iter().any(|x| x == t) {
            tags.push(t.to_string());
        }
    }
    let short_name = text::opt(&input.short_name);
    if let Some(s) = &short_name {
        text::limit("short_name", "简称", s, 30)?;
    }
    let notes = text::opt(&input.notes);
    if let Some(n) = &notes {
        text::limit("notes", "备注", n, 2000)?;
    }

    let e = Enterprise {
        id: id.to_string(),
        name,
        short_name,
        uscc,
        industry,
        scale: input.scale,
        stat_class: input.stat_class,
        ownership: input.ownership,
        address: text::opt(&input.address),
        street_id: street.map(|d| d.id),
        community_id: community.map(|d| d.id),
        legal_rep: text::opt(&input.legal_rep),
        contact_name: text::opt(&input.contact_name),
        contact_phone: text::opt_phone("contact_phone", "联系电话", &input.contact_phone, false)?,
        tags,
        status: input.status.unwrap_or_default(),
        notes,
        created_at: String::new(),
        updated_at: String::new(),
    };
    Ok((e, warnings))
}

pub fn create(store: &Store, input: &EnterpriseInput) -> Result<Saved<Enterprise>> {
    store.write(|w| {
        let (e, warnings) = checked(w.conn(), &new_id(), input)?;
        w.insert(&e)?;
        Ok(Saved { record: get(w.conn(), &e.id)?, warnings })
    })
}

pub fn update(store: &Store, id: &str, input: &EnterpriseInput) -> Result<Saved<Enterprise>> {
    store.write(|w| {
        let old: Enterprise = get(w.conn(), id)?;
        let (mut new, warnings) = checked(w.conn(), id, input)?;
        new.created_at = old.created_at.clone();
        new.updated_at = old.updated_at.clone();
        w.update(&old, &new)?;
        Ok(Saved { record: get(w.conn(), id)?, warnings })
    })
}

/// Tombstones the enterprise and ends its current liaisons, in one transaction.
pub fn delete(store: &Store, id: &str) -> Result<()> {
    store.write(|w| {
        let e: Enterprise = get(w.conn(), id)?;
        super::liaison::end_all_of(w, "enterprise_id", id, "企业已删除")?;
        w.tombstone(&e)
    })
}

pub fn get_one(store: &Store, id: &str) -> Result<Enterprise> {
    store.read(|c| get(c, id))
}

pub fn list(store: &Store, q: &EnterpriseQuery) -> Result<Page<Enterprise>> {
    let (f, order) = filter_and_order(q);
    store.read(|c| list::page(c, &f, &order, q.desc, q.page, q.page_size))
}

/// Every enterprise `q` matches (its filters and sort; paging ignored), one at a time: what an
/// export of the list walks.
pub(crate) fn each(conn: &Connection, q: &EnterpriseQuery, f: impl FnMut(Enterprise) -> Result<()>) -> Result<u64> {
    let (filter, order) = filter_and_order(q);
    list::each(conn, &filter, &order, q.desc, f)
}

/// How many enterprises the list's other filters match in each 统计分类 (None: not known),
/// and how many of them are 四上: the counts the list shows beside its class filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct StatClassCounts {
    pub total: u32,
    pub four_above: u32,
    pub by_class: Vec<StatClassCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StatClassCount {
    pub stat_class: Option<StatClass>,
    pub count: u32,
}

/// The counts by 统计分类 over the enterprises `q` matches, its class filters left aside.
pub fn stat_class_counts(store: &Store, q: &EnterpriseQuery) -> Result<StatClassCounts> {
    let q = EnterpriseQuery { stat_class: None, four_above: false, ..q.clone() };
    let (f, _) = filter_and_order(&q);
    let groups = store.read(|c| list::group_counts(c, TABLE.name, &f, "stat_class"))?;
    let mut out = StatClassCounts::default();
    for (key, count) in groups {
        let class = key.as_deref().and_then(StatClass::parse);
        out.total += count;
        if class.is_some_and(StatClass::is_four_above) {
            out.four_above += count;
        }
        out.by_class.push(StatClassCount { stat_class: class, count });
    }
    // In the order the classes are listed, the unknown last.
    out.by_class.sort_by_key(|c| c.stat_class.and_then(|s| StatClass::ALL.iter().position(|x| *x == s)).unwrap_or(usize::MAX));
    Ok(out)
}

/// The WHERE and ORDER BY of the list for `q`.
fn filter_and_order(q: &EnterpriseQuery) -> (Filter, String) {
    let mut f = Filter::live();
    // 3+ characters go through the search index (pinyin too); shorter ones scan.
    match q.text.as_deref().and_then(search::fts_filter) {
        Some((fts, text)) => f.raw_n(&format!("id IN ({})", search::matching_ids_sql()), vec![fts.into(), text.into()]),
        None => f.contains_any(
            &["name", "short_name", "uscc", "contact_name", "contact_phone", "legal_rep"],
            q.text.as_deref(),
        ),
    }
    f.eq("street_id", q.street_id.clone());
    f.eq("community_id", q.community_id.clone());
    // Industry, scale, ownership and status each keep a large share of the rows. When nothing
    // narrower (a street, a text) is given and the sort is not the one their index already
    // serves, the page is read off the sort's index instead (see `Filter::eq_unindexed`).
    let sort = q.sort.unwrap_or(EnterpriseSort::Name);
    let broad = q.street_id.is_none() && q.community_id.is_none() && q.text.as_deref().is_none_or(|t| t.trim().is_empty());
    let off_index = |served_by_own_index: bool| broad && !served_by_own_index;
    f.eq_unindexed("industry", q.industry.clone(), off_index(sort == EnterpriseSort::Name));
    f.eq_unindexed(SCALE_RANK, q.scale.map(|s| scale_rank(s) as i64), off_index(matches!(sort, EnterpriseSort::Name | EnterpriseSort::Scale)));
    f.eq_unindexed("ownership", q.ownership.map(enum_str), off_index(false));
    f.eq_unindexed("stat_class", q.stat_class.map(|c| c.as_str().to_string()), off_index(false));
    if q.four_above {
        f.clause(&format!("stat_class IN ({})", StatClass::four_above_sql()));
    }
    f.eq_unindexed("status", q.status.map(enum_str), off_index(sort == EnterpriseSort::Name));
    if let Some(tag) = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        f.raw("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)", tag.to_string());
    }
    let dir = if q.desc { "DESC" } else { "ASC" };
    // Every key runs in one direction so SQLite can walk the matching index either way.
    let order = match q.sort.unwrap_or(EnterpriseSort::Name) {
        EnterpriseSort::Name => format!("name {dir}"),
        EnterpriseSort::Street => format!("street_id {dir}, name {dir}"),
        // large < medium < small < micro, the order offices rank them.
        EnterpriseSort::Scale => format!("{SCALE_RANK} {dir}, name {dir}"),
        EnterpriseSort::UpdatedAt => format!("updated_at {dir}"),
        EnterpriseSort::CreatedAt => format!("created_at {dir}"),
    };
    (f, order)
}
