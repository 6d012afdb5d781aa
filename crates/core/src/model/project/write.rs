//! Creating and editing projects, their milestones and progress log, with the rules a form's
//! input must meet (Chinese messages naming the field). Every write recomputes `due_on`.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::kinds::{ProjectCategory, ProjectKind, ProjectStatus};
use super::record::{Milestone, Project, ProjectLog};
use crate::day;
use crate::error::{CoreError, Result};
use crate::model::department::{Department, DepartmentKind};
use crate::model::{new_id, text, FieldWarning, Saved};
use crate::store::{entity_from_row, get, Entity, Store, Writer};

/// What the project form sends. Money in fen; the form shows 万元.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ProjectInput {
    pub name: String,
    pub kind: Option<ProjectKind>,
    pub category: Option<ProjectCategory>,
    pub year: Option<i32>,
    pub location: Option<String>,
    pub street_id: Option<String>,
    pub community_id: Option<String>,
    pub department_id: Option<String>,
    pub content: Option<String>,
    #[specta(type = Option<f64>)]
    pub budget_fen: Option<i64>,
    #[specta(type = Option<f64>)]
    pub spent_fen: Option<i64>,
    pub quantity: Option<f64>,
    pub unit: Option<String>,
    pub beneficiaries: Option<i32>,
    pub beneficiary_unit: Option<String>,
    pub planned_start: Option<String>,
    pub planned_finish: Option<String>,
    pub actual_start: Option<String>,
    pub actual_finish: Option<String>,
    /// Defaults to 谋划.
    pub status: Option<ProjectStatus>,
    pub progress: Option<i32>,
    pub note: Option<String>,
}

/// A milestone as the form sends it (new when saved without an id).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MilestoneInput {
    pub project_id: String,
    pub name: String,
    pub due_on: String,
    pub done_on: Option<String>,
    pub note: Option<String>,
}

/// A progress log entry (记进展).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LogInput {
    pub project_id: String,
    /// YYYY-MM-DD; defaults to today.
    pub on_date: Option<String>,
    /// The progress that day, percent; becomes the project's progress.
    pub progress: Option<i32>,
    pub content: String,
}

fn opt_date(field: &str, label: &str, s: &Option<String>) -> Result<Option<String>> {
    match text::opt(s) {
        None => Ok(None),
        Some(d) if day::parse(&d).is_some() => Ok(Some(d)),
        Some(d) => Err(CoreError::validation(field, format!("{label}“{d}”格式不对,应为 年-月-日(如 2026-03-01)"))),
    }
}

fn opt_text(field: &str, label: &str, s: &Option<String>, max: usize) -> Result<Option<String>> {
    let t = text::opt(s);
    if let Some(t) = &t {
        text::limit(field, label, t, max)?;
    }
    Ok(t)
}

fn department(conn: &Connection, field: &str, label: &str, id: &Option<String>, kind: Option<DepartmentKind>) -> Result<Option<Department>> {
    let Some(id) = text::opt(id) else { return Ok(None) };
    let d: Department = get(conn, &id).map_err(|_| CoreError::validation(field, format!("所选{label}不存在或已删除")))?;
    if let Some(k) = kind.filter(|k| *k != d.kind) {
        return Err(CoreError::validation(field, format!("“{}”不是{}", d.name, k.zh())));
    }
    Ok(Some(d))
}

fn not_after_today(field: &str, label: &str, d: &Option<String>) -> Result<()> {
    match d {
        Some(d) if *d > day::today() => Err(CoreError::validation(field, format!("{label}不能晚于今天"))),
        _ => Ok(()),
    }
}

fn ordered(field: &str, first: &Option<String>, then: &Option<String>, message: &str) -> Result<()> {
    match (first, then) {
        (Some(a), Some(b)) if b < a => Err(CoreError::validation(field, message)),
        _ => Ok(()),
    }
}

/// The input checked and cleaned into a record (without its timestamps and `due_on`), with
/// the warnings that do not stop the save.
pub(crate) fn checked(conn: &Connection, id: &str, input: &ProjectInput) -> Result<(Project, Vec<FieldWarning>)> {
    let mut warnings = Vec::new();
    let name = text::required("name", "项目名称", &input.name, 60)?;
    let kind = input.kind.ok_or_else(|| CoreError::validation("kind", "请选择项目类型(民生实事或重点项目)"))?;
    let category = input.category.ok_or_else(|| CoreError::validation("category", "请选择项目类别"))?;
    if category.kind() != kind {
        return Err(CoreError::validation(
            "category",
            format!("类别“{}”属于{},与项目类型“{}”不符", category.zh(), category.kind().zh(), kind.zh()),
        ));
    }
    if let Some(y) = input.year.filter(|y| !(2000..=2100).contains(y)) {
        return Err(CoreError::validation("year", format!("年度“{y}”不对,应为四位年份")));
    }
    let street = department(conn, "street_id", "街道", &input.street_id, Some(DepartmentKind::Street))?;
    let community = department(conn, "community_id", "社区", &input.community_id, Some(DepartmentKind::Community))?;
    if let (Some(s), Some(c)) = (&street, &community) {
        if c.parent_id.as_deref() != Some(s.id.as_str()) {
            return Err(CoreError::validation("community_id", format!("“{}”不属于“{}”", c.name, s.name)));
        }
    }
    let dept = department(conn, "department_id", "责任单位", &input.department_id, None)?;
    for (field, label, v) in [("budget_fen", "预算", input.budget_fen), ("spent_fen", "已完成投资", input.spent_fen)] {
        if v.is_some_and(|v| v < 0) {
            return Err(CoreError::validation(field, format!("{label}不能为负数")));
        }
    }
    if let (Some(b), Some(s)) = (input.budget_fen, input.spent_fen) {
        if s > b {
            warnings.push(FieldWarning { field: "spent_fen".into(), message: "已完成投资超出预算,请核实".into() });
        }
    }
    let unit = opt_text("unit", "单位", &input.unit, 10)?;
    if let Some(q) = input.quantity {
        if !(q > 0.0 && q.is_finite()) {
            return Err(CoreError::validation("quantity", "建设规模应为大于0的数"));
        }
        if unit.is_none() {
            return Err(CoreError::validation("unit", "请填写建设规模的单位(如 盏、米、户)"));
        }
    }
    let beneficiary_unit = opt_text("beneficiary_unit", "受益单位", &input.beneficiary_unit, 10)?;
    if input.beneficiaries.is_some_and(|b| b < 0) {
        return Err(CoreError::validation("beneficiaries", "受益数量不能为负数"));
    }
    let planned_start = opt_date("planned_start", "计划开工日期", &input.planned_start)?;
    let planned_finish = opt_date("planned_finish", "计划完工日期", &input.planned_finish)?;
    let actual_start = opt_date("actual_start", "实际开工日期", &input.actual_start)?;
    let actual_finish = opt_date("actual_finish", "实际完工日期", &input.actual_finish)?;
    ordered("planned_finish", &planned_start, &planned_finish, "计划完工日期不能早于计划开工日期")?;
    ordered("actual_finish", &actual_start, &actual_finish, "实际完工日期不能早于实际开工日期")?;
    not_after_today("actual_start", "实际开工日期", &actual_start)?;
    not_after_today("actual_finish", "实际完工日期", &actual_finish)?;
    let status = input.status.unwrap_or(ProjectStatus::Planning);
    if status.is_done() && actual_finish.is_none() {
        return Err(CoreError::validation("actual_finish", format!("状态为“{}”时请填写实际完工日期", status.zh())));
    }
    if !status.is_done() && actual_finish.is_some() {
        return Err(CoreError::validation("status", "已填写实际完工日期,状态应为“完工”或“验收”"));
    }
    if status == ProjectStatus::Building && actual_start.is_none() {
        return Err(CoreError::validation("actual_start", "在建项目请填写实际开工日期"));
    }
    let progress = input.progress.unwrap_or(if status.is_done() { 100 } else { 0 });
    if !(0..=100).contains(&progress) {
        return Err(CoreError::validation("progress", "进度应在0到100之间"));
    }
    let project = Project {
        id: id.to_string(),
        name,
        kind,
        category,
        year: input.year,
        location: opt_text("location", "地点", &input.location, 100)?,
        street_id: street.map(|d| d.id),
        community_id: community.map(|d| d.id),
        department_id: dept.map(|d| d.id),
        content: opt_text("content", "建设内容", &input.content, 2000)?,
        budget_fen: input.budget_fen,
        spent_fen: input.spent_fen,
        quantity: input.quantity,
        unit,
        beneficiaries: input.beneficiaries,
        beneficiary_unit,
        planned_start,
        planned_finish,
        actual_start,
        actual_finish,
        status,
        progress,
        due_on: None,
        note: opt_text("note", "备注", &input.note, 500)?,
        created_at: String::new(),
        updated_at: String::new(),
    };
    Ok((project, warnings))
}

pub(crate) fn milestones_of(conn: &Connection, project_id: &str) -> Result<Vec<Milestone>> {
    of_project(conn, project_id, "due_on, rowid")
}

/// The live rows of `T` (a milestone or a log entry) of a project, in `order` (a literal).
pub(crate) fn of_project<T: Entity>(conn: &Connection, project_id: &str, order: &str) -> Result<Vec<T>> {
    let t = T::TABLE;
    let sql = format!("SELECT {} FROM {} WHERE project_id = ?1 AND deleted = 0 ORDER BY {order}", t.select_list(), t.name);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([project_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(entity_from_row(r)?);
    }
    Ok(out)
}

/// Writes `new` over `old` with its `due_on` recomputed from its milestones.
fn save_project(w: &mut Writer<'_>, old: &Project, mut new: Project) -> Result<Project> {
    new.due_on = super::due_on(&new, &milestones_of(w.conn(), &new.id)?);
    w.update(old, &new)?;
    get(w.conn(), &new.id)
}

pub fn create(store: &Store, input: &ProjectInput) -> Result<Saved<Project>> {
    store.write(|w| {
        let (mut p, warnings) = checked(w.conn(), &new_id(), input)?;
        p.due_on = super::due_on(&p, &[]);
        w.insert(&p)?;
        Ok(Saved { record: get(w.conn(), &p.id)?, warnings })
    })
}

pub fn update(store: &Store, id: &str, input: &ProjectInput) -> Result<Saved<Project>> {
    store.write(|w| {
        let old: Project = get(w.conn(), id)?;
        let (mut new, warnings) = checked(w.conn(), id, input)?;
        new.created_at = old.created_at.clone();
        new.updated_at = old.updated_at.clone();
        Ok(Saved { record: save_project(w, &old, new)?, warnings })
    })
}

/// Tombstones a project no live issue was raised on, ending its 挂钩联系人 (kept as history).
pub fn delete(store: &Store, id: &str) -> Result<()> {
    store.write(|w| {
        let p: Project = get(w.conn(), id)?;
        let issues: i64 = w.conn().query_row(
            "SELECT count(*) FROM issues WHERE project_id = ?1 AND deleted = 0",
            [id],
            |r| r.get(0),
        )?;
        if issues > 0 {
            return Err(CoreError::Conflict {
                field: None,
                message: format!("项目“{}”上还有{issues}个问题,不能删除", p.name),
            });
        }
        crate::model::liaison::end_all_of(w, "project_id", id, "项目已删除")?;
        w.tombstone(&p)
    })
}

fn live_project(conn: &Connection, id: &str) -> Result<Project> {
    if id.trim().is_empty() {
        return Err(CoreError::validation("project_id", "请选择项目"));
    }
    get(conn, id.trim()).map_err(|_| CoreError::validation("project_id", "所选项目不存在或已删除"))
}

/// Adds (`id` None) or edits a milestone; marking it done is setting `done_on`.
pub fn save_milestone(store: &Store, id: Option<&str>, input: &MilestoneInput) -> Result<Milestone> {
    let name = text::required("name", "节点名称", &input.name, 50)?;
    let due_on = opt_date("due_on", "计划完成日期", &Some(input.due_on.clone()))?
        .ok_or_else(|| CoreError::validation("due_on", "请填写计划完成日期"))?;
    let done_on = opt_date("done_on", "实际完成日期", &input.done_on)?;
    not_after_today("done_on", "实际完成日期", &done_on)?;
    let note = opt_text("note", "备注", &input.note, 500)?;
    store.write(|w| {
        let p = live_project(w.conn(), &input.project_id)?;
        let m = match id {
            Some(id) => {
                let old: Milestone = get(w.conn(), id)?;
                if old.project_id != p.id {
                    return Err(CoreError::validation("project_id", "节点不属于该项目"));
                }
                let new = Milestone { name, due_on, done_on, note, ..old.clone() };
                w.update(&old, &new)?;
                new
            }
            None => {
                let m = Milestone {
                    id: new_id(),
                    project_id: p.id.clone(),
                    name,
                    due_on,
                    done_on,
                    note,
                    created_at: String::new(),
                    updated_at: String::new(),
                };
                w.insert(&m)?;
                m
            }
        };
        save_project(w, &p, p.clone())?;
        get(w.conn(), &m.id)
    })
}

pub fn delete_milestone(store: &Store, id: &str) -> Result<()> {
    store.write(|w| {
        let m: Milestone = get(w.conn(), id)?;
        w.tombstone(&m)?;
        let p: Project = get(w.conn(), &m.project_id)?;
        save_project(w, &p, p.clone())?;
        Ok(())
    })
}

/// 记进展: a dated entry; its progress, when given, becomes the project's.
pub fn add_log(store: &Store, input: &LogInput) -> Result<ProjectLog> {
    let on_date = day::or_today("on_date", "日期", &input.on_date)?;
    if on_date > day::today() {
        return Err(CoreError::validation("on_date", "进展日期不能晚于今天"));
    }
    let content = text::required("content", "进展情况", &input.content, 1000)?;
    if input.progress.is_some_and(|p| !(0..=100).contains(&p)) {
        return Err(CoreError::validation("progress", "进度应在0到100之间"));
    }
    let actor = store.actor();
    store.write(|w| {
        let p = live_project(w.conn(), &input.project_id)?;
        let log = ProjectLog {
            id: new_id(),
            project_id: p.id.clone(),
            on_date,
            progress: input.progress,
            content,
            actor,
            created_at: String::new(),
            updated_at: String::new(),
        };
        w.insert(&log)?;
        if let Some(progress) = input.progress.filter(|n| *n != p.progress) {
            save_project(w, &p, Project { progress, ..p.clone() })?;
        }
        get(w.conn(), &log.id)
    })
}
