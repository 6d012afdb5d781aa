//! 挂钩联系人: a cadre serving a project one to one. The liaison model's rows with
//! `project_id` set; assigning a new one of a role ends the current one on the same day, so
//! the project keeps its history of contacts.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{end_date_of, end_in, live_cadre, note_of, Liaison, LiaisonRole, Reassigned, TABLE};
use crate::error::{CoreError, Result};
use crate::model::new_id;
use crate::model::project::Project;
use crate::store::{entity_from_row, get, Store};

#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ProjectAssignInput {
    pub cadre_id: String,
    pub project_id: String,
    /// Defaults to `lead` (挂钩联系人).
    pub role: Option<LiaisonRole>,
    /// The day the new contact starts and the old one ends; defaults to today.
    pub date: Option<String>,
    pub note: Option<String>,
}

/// 指派挂钩联系人: ends the project's current contact of that role (if another cadre) and
/// starts this one, in one transaction.
pub fn assign_to_project(store: &Store, input: &ProjectAssignInput) -> Result<Reassigned> {
    let role = input.role.unwrap_or(LiaisonRole::Lead);
    let date = end_date_of("date", &input.date)?;
    let note = note_of(&input.note)?;
    store.write(|w| {
        let c = live_cadre(w.conn(), &input.cadre_id)?;
        if input.project_id.trim().is_empty() {
            return Err(CoreError::validation("project_id", "请选择项目"));
        }
        let p: Project = get(w.conn(), input.project_id.trim())
            .map_err(|_| CoreError::validation("project_id", "所选项目不存在或已删除"))?;
        let olds: Vec<Liaison> = {
            let sql = format!(
                "SELECT {} FROM liaisons WHERE project_id = ?1 AND role = ?2 AND deleted = 0 AND end_date IS NULL",
                TABLE.select_list()
            );
            let mut stmt = w.conn().prepare_cached(&sql)?;
            let mut rows = stmt.query([p.id.as_str(), role.as_str()])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(entity_from_row(r)?);
            }
            out
        };
        if let Some(same) = olds.iter().find(|l| l.cadre_id == c.id) {
            return Err(CoreError::Conflict {
                field: Some("cadre_id".into()),
                message: format!("{}已是“{}”的挂钩联系人(自 {} 起),无需重复指派", c.name, p.name, same.start_date),
            });
        }
        let why = format!("更换为{}", c.name);
        let mut ended = Vec::with_capacity(olds.len());
        for l in &olds {
            ended.push(end_in(w, l, &date, Some(&why)).map_err(|err| match err {
                CoreError::Validation { message, .. } => CoreError::validation("date", message),
                other => other,
            })?);
        }
        let l = Liaison {
            id: new_id(),
            cadre_id: c.id.clone(),
            enterprise_id: None,
            project_id: Some(p.id.clone()),
            role,
            start_date: date,
            end_date: None,
            note,
            created_at: String::new(),
            updated_at: String::new(),
        };
        w.insert(&l)?;
        Ok(Reassigned { ended, started: get(w.conn(), &l.id)? })
    })
}
