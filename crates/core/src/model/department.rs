//! 责任单位: functional departments, streets, communities (and companies such as utilities).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::list::{self, Filter, Page};
use super::{new_id, text, Saved};
use crate::error::{CoreError, Result};
use crate::store::{get, ColKind, Entity, Store, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DepartmentKind {
    /// 职能部门
    Function,
    /// 街道 / 镇
    Street,
    /// 社区 / 村
    Community,
    /// 企事业单位 (供电、供水公司等)
    Company,
}

impl DepartmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DepartmentKind::Function => "function",
            DepartmentKind::Street => "street",
            DepartmentKind::Community => "community",
            DepartmentKind::Company => "company",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            DepartmentKind::Function => "职能部门",
            DepartmentKind::Street => "街道",
            DepartmentKind::Community => "社区",
            DepartmentKind::Company => "企事业单位",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Department {
    pub id: String,
    pub name: String,
    pub kind: DepartmentKind,
    /// The street a community belongs to.
    pub parent_id: Option<String>,
    pub phone: Option<String>,
    pub sort_order: i32,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

static TABLE: Table = Table {
    name: "departments",
    what: "部门",
    cols: &[
        ("name", ColKind::Text),
        ("kind", ColKind::Text),
        ("parent_id", ColKind::Text),
        ("phone", ColKind::Text),
        ("sort_order", ColKind::Int),
        ("active", ColKind::Bool),
        ("created_at", ColKind::Text),
        ("updated_at", ColKind::Text),
    ],
};

impl Entity for Department {
    const TABLE: &'static Table = &TABLE;
    fn id(&self) -> &str {
        &self.id
    }
}

/// What the form edits.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DepartmentInput {
    pub name: String,
    pub kind: Option<DepartmentKind>,
    pub parent_id: Option<String>,
    pub phone: Option<String>,
    pub sort_order: Option<i32>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DepartmentQuery {
    pub text: Option<String>,
    pub kind: Option<DepartmentKind>,
    pub parent_id: Option<String>,
    pub page: u32,
    pub page_size: u32,
}

fn checked(conn: &Connection, id: &str, input: &DepartmentInput) -> Result<Department> {
    let name = text::required("name", "名称", &input.name, 50)?;
    let kind = input.kind.ok_or_else(|| CoreError::validation("kind", "请选择类型"))?;
    let parent_id = text::opt(&input.parent_id);
    if let Some(p) = &parent_id {
        if p == id {
            return Err(CoreError::validation("parent_id", "上级单位不能是自己"));
        }
        let parent: Department = get(conn, p).map_err(|_| CoreError::validation("parent_id", "上级单位不存在"))?;
        if kind == DepartmentKind::Community && parent.kind != DepartmentKind::Street {
            return Err(CoreError::validation("parent_id", "社区的上级应为街道"));
        }
    }
    let dup: Option<String> = conn
        .query_row(
            "SELECT id FROM departments WHERE name = ?1 AND kind = ?2 AND deleted = 0 AND id <> ?3",
            [&name, kind.as_str(), id],
            |r| r.get(0),
        )
        .ok();
    if dup.is_some() {
        return Err(CoreError::Conflict {
            field: Some("name".into()),
            message: format!("已有同名{}“{name}”", kind.zh()),
        });
    }
    Ok(Department {
        id: id.to_string(),
        name,
        kind,
        parent_id,
        phone: text::opt_phone("phone", "电话", &input.phone, false)?,
        sort_order: input.sort_order.unwrap_or(0),
        active: input.active.unwrap_or(true),
        created_at: String::new(),
        updated_at: String::new(),
    })
}

pub fn create(store: &Store, input: &DepartmentInput) -> Result<Saved<Department>> {
    store.write(|w| {
        let d = checked(w.conn(), &new_id(), input)?;
        w.insert(&d)?;
        Ok(Saved { record: get(w.conn(), &d.id)?, warnings: vec![] })
    })
}

pub fn update(store: &Store, id: &str, input: &DepartmentInput) -> Result<Saved<Department>> {
    store.write(|w| {
        let old: Department = get(w.conn(), id)?;
        let mut new = checked(w.conn(), id, input)?;
        new.created_at = old.created_at.clone();
        new.updated_at = old.updated_at.clone();
        w.update(&old, &new)?;
        Ok(Saved { record: get(w.conn(), id)?, warnings: vec![] })
    })
}

/// Tombstones a department that nothing live points at any more.
pub fn delete(store: &Store, id: &str) -> Result<()> {
    store.write(|w| {
        let d: Department = get(w.conn(), id)?;
        let users: i64 = w.conn().query_row(
            "SELECT (SELECT count(*) FROM cadres WHERE department_id = ?1 AND deleted = 0)
                  + (SELECT count(*) FROM enterprises WHERE (street_id = ?1 OR community_id = ?1) AND deleted = 0)
                  + (SELECT count(*) FROM departments WHERE parent_id = ?1 AND deleted = 0)",
            [id],
            |r| r.get(0),
        )?;
        if users > 0 {
            return Err(CoreError::Conflict {
                field: None,
                message: format!("“{}”下还有{users}条干部、企业或下级单位记录,请先调整后再删除", d.name),
            });
        }
        w.tombstone(&d)
    })
}

pub fn get_one(store: &Store, id: &str) -> Result<Department> {
    store.read(|c| get(c, id))
}

pub fn list(store: &Store, q: &DepartmentQuery) -> Result<Page<Department>> {
    let mut f = Filter::live();
    f.contains_any(&["name", "phone"], q.text.as_deref());
    f.eq("kind", q.kind.map(|k| k.as_str().to_string()));
    f.eq("parent_id", q.parent_id.clone());
    store.read(|c| list::page(c, &f, "kind, sort_order, name", false, q.page, q.page_size))
}

/// Every live department, for pickers and for turning ids into names.
pub fn all(store: &Store) -> Result<Vec<Department>> {
    store.read(|c| {
        let sql = format!(
            "SELECT {} FROM departments WHERE deleted = 0 ORDER BY kind, sort_order, name",
            Department::TABLE.select_list()
        );
        let mut stmt = c.prepare_cached(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(crate::store::entity_from_row(r)?);
        }
        Ok(out)
    })
}
