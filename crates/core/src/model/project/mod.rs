//! 项目: 民生实事 (lights, roads, sewers, housing…) and 重点项目 (investment and construction),
//! with budgets, quantities, dates, status and progress, milestones (节点) with due dates, a
//! dated progress log, their 挂钩联系人 (liaisons with `project_id`) and the issues raised on
//! them. Flags are the issue loop's (`FlagBounds`, on the working-day calendar) applied to the
//! earliest date a project still owes (`due_on`), kept on the row so the list filters on it.

mod kinds;
mod query;
mod record;
mod write;
#[cfg(test)]
mod tests;

pub use kinds::{category_kinds, vocabularies, ProjectCategory, ProjectKind, ProjectStatus};
pub use query::{
    detail, list, MilestoneRow, ProjectDetail, ProjectIssue, ProjectQuery, ProjectRow, ProjectSort,
};
pub use record::{Milestone, Project, ProjectLog};
pub(crate) use write::{checked, milestones_of};
pub use write::{
    add_log, create, delete, delete_milestone, save_milestone, update, LogInput, MilestoneInput, ProjectInput,
};

/// The earliest date the project still owes: a milestone not done, or its planned finish while
/// it has no actual one. None once it is finished or accepted (nothing can be late then).
pub fn due_on(p: &Project, milestones: &[Milestone]) -> Option<String> {
    if p.status.is_done() {
        return None;
    }
    let finish = p.planned_finish.as_ref().filter(|_| p.actual_finish.is_none());
    milestones.iter().filter(|m| m.done_on.is_none()).map(|m| &m.due_on).chain(finish).min().cloned()
}
