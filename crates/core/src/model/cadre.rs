//! 干部: liaison cadres, leaders and specialists.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::list::{self, Filter, Page};
use super::lookup::Lookup;
use super::{new_id, text, Saved};
use crate::error::{CoreError, Result};
use crate::search;
use crate::search_doc;
use crate::store::{get, ColKind, Entity, Store, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CadreRole {
    /// 领导 (包联重点企业)
    Leader,
    /// 联点 / 助企干部
    Cadre,
    /// 专员
    Specialist,
}

impl CadreRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CadreRole::Leader => "leader",
            CadreRole::Cadre => "cadre",
            CadreRole::Specialist => "specialist",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Cadre {
    pub id: String,
    pub name: String,
    pub department_id: Option<String>,
    /// 职务, e.g. 副主任, 科长
    pub position: Option<String>,
    pub role: CadreRole,
    pub mobile: Option<String>,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

static TABLE: Table = Table {
    name: "cadres",
    what: "干部",
    cols: &[
        ("name", ColKind::Text),
        ("department_id", ColKind::Text),
        ("position", ColKind::Text),
        ("role", ColKind::Text),
        ("mobile", ColKind::Text),
        ("active", ColKind::Bool),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Cadre {
    const TABLE: &'static Table = &TABLE;
    const SEARCHABLE: bool = true;
    fn id(&self) -> &str {
        &self.id
    }
    fn search_doc(&self) -> Option<search_doc::SearchDoc> {
        let o = |s: &Option<String>| s.clone().unwrap_or_default();
        let subtitle = [self.position.clone(), self.mobile.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        Some(search_doc::doc(
            search_doc::DocKind::Cadre,
            &self.name,
            Some(subtitle).filter(|s| !s.is_empty()),
            &[&self.name],
            &[&o(&self.mobile), &o(&self.position)],
        ))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CadreInput {
    pub name: String,
    pub department_id: Option<String>,
    pub position: Option<String>,
    pub role: Option<CadreRole>,
    pub mobile: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CadreSort {
    Name,
    Department,
    UpdatedAt,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct CadreQuery {
    pub text: Option<String>,
    pub department_id: Option<String>,
    pub role: Option<CadreRole>,
    pub active: Option<bool>,
    /// Only cadres without a mobile (缺手机号), e.g. those an import created from a roster.
    pub missing_mobile: bool,
    pub sort: Option<CadreSort>,
    pub desc: bool,
    pub page: u32,
    pub page_size: u32,
}

/// The record `input` makes, or the first problem with it; `look` as for enterprises.
pub(crate) fn checked(look: &(impl Lookup + ?Sized), id: &str, input: &CadreInput) -> Result<Cadre> {
    let department_id = text::opt(&input.department_id);
    if let Some(d) = &department_id {
        look.department(d)
            .ok()
            .flatten()
            .ok_or_else(|| CoreError::validation("department_id", "所选单位不存在或已删除"))?;
    }
    Ok(Cadre {
        id: id.to_string(),
        name: text::required("name", "姓名", &input.name, 20)?,
        department_id,
        position: text::opt(&input.position),
        role: input.role.ok_or_else(|| CoreError::validation("role", "请选择角色"))?,
        mobile: text::opt_phone("mobile", "手机号码", &input.mobile, true)?,
        active: input.active.unwrap_or(true),
        created_at: String::new(),
        updated_at: String::new(),
    })
}

pub fn create(store: &Store, input: &CadreInput) -> Result<Saved<Cadre>> {
    store.write(|w| {
        let c = checked(w.conn(), &new_id(), input)?;
        w.insert(&c)?;
        Ok(Saved { record: get(w.conn(), &c.id)?, warnings: vec![] })
    })
}

pub fn update(store: &Store, id: &str, input: &CadreInput) -> Result<Saved<Cadre>> {
    store.write(|w| {
        let old: Cadre = get(w.conn(), id)?;
        let mut new = checked(w.conn(), id, input)?;
        new.created_at = old.created_at.clone();
        new.updated_at = old.updated_at.clone();
        w.update(&old, &new)?;
        Ok(Saved { record: get(w.conn(), id)?, warnings: vec![] })
    })
}

/// Tombstones the cadre and ends the cadre's current liaisons, in one transaction.
pub fn delete(store: &Store, id: &str) -> Result<()> {
    store.write(|w| {
        let c: Cadre = get(w.conn(), id)?;
        super::liaison::end_all_of(w, "cadre_id", id, "干部已删除")?;
        w.tombstone(&c)
    })
}

pub fn get_one(store: &Store, id: &str) -> Result<Cadre> {
    store.read(|c| get(c, id))
}

pub fn list(store: &Store, q: &CadreQuery) -> Result<Page<Cadre>> {
    let (f, order) = filter_and_order(q);
    store.read(|c| list::page(c, &f, &order, q.desc, q.page, q.page_size))
}

/// Every cadre `q` matches (paging ignored), one at a time, for exports.
pub(crate) fn each(conn: &Connection, q: &CadreQuery, f: impl FnMut(Cadre) -> Result<()>) -> Result<u64> {
    let (filter, order) = filter_and_order(q);
    list::each(conn, &filter, &order, q.desc, f)
}

fn filter_and_order(q: &CadreQuery) -> (Filter, String) {
    let mut f = Filter::live();
    match q.text.as_deref().and_then(search::fts_filter) {
        Some((fts, text)) => f.raw_n(&format!("id IN ({})", search::matching_ids_sql()), vec![fts.into(), text.into()]),
        None => f.contains_any(&["name", "mobile", "position"], q.text.as_deref()),
    }
    f.eq("department_id", q.department_id.clone());
    f.eq("role", q.role.map(|r| r.as_str().to_string()));
    f.eq("active", q.active.map(|a| a as i64));
    if q.missing_mobile {
        f.clause("mobile IS NULL");
    }
    let col = match q.sort.unwrap_or(CadreSort::Name) {
        CadreSort::Name => "name",
        CadreSort::Department => "department_id",
        CadreSort::UpdatedAt => "updated_at",
    };
    let order = format!("{col} {}", if q.desc { "DESC" } else { "ASC" });
    (f, order)
}
