//! A project's closed vocabularies, stored as snake_case tags with the offices' words.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::issue::kinds::vocab;

vocab!(
    /// 民生实事 or 重点项目.
    ProjectKind {
        Livelihood = "livelihood" / "民生实事",
        Key = "key" / "重点项目",
    }
);

vocab!(
    /// What a project builds. The first nine are 民生实事's, the last two 重点项目's
    /// (`ProjectCategory::kind`).
    ProjectCategory {
        Roads = "roads" / "道路交通",
        Lights = "lights" / "路灯亮化",
        Drainage = "drainage" / "排水排污",
        Education = "education" / "教育",
        ElderlyCare = "elderly_care" / "养老服务",
        Health = "health" / "医疗卫生",
        Insurance = "insurance" / "社会保障",
        Housing = "housing" / "住房改造",
        Other = "other" / "其他",
        Investment = "investment" / "产业投资",
        Construction = "construction" / "基础设施建设",
    }
);

impl ProjectCategory {
    /// The kind of project the category belongs to.
    pub fn kind(self) -> ProjectKind {
        match self {
            ProjectCategory::Investment | ProjectCategory::Construction => ProjectKind::Key,
            _ => ProjectKind::Livelihood,
        }
    }
}

vocab!(
    /// 谋划 / 在建 / 完工 / 验收 / 暂停.
    ProjectStatus {
        Planning = "planning" / "谋划",
        Building = "building" / "在建",
        Finished = "finished" / "完工",
        Accepted = "accepted" / "验收",
        Paused = "paused" / "暂停",
    }
);

impl ProjectStatus {
    /// Finished or accepted: no milestone or planned finish can be late any more.
    pub fn is_done(self) -> bool {
        matches!(self, ProjectStatus::Finished | ProjectStatus::Accepted)
    }
}

/// The project vocabularies the UI lists and labels, in picker order, with the Chinese word
/// (generated into the bindings, like the issue vocabularies).
pub fn vocabularies() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    fn of<T: Copy>(all: &[T], tag: fn(T) -> &'static str, zh: fn(T) -> &'static str) -> Vec<(&'static str, &'static str)> {
        all.iter().map(|v| (tag(*v), zh(*v))).collect()
    }
    vec![
        ("project_kind", of(ProjectKind::ALL, ProjectKind::as_str, ProjectKind::zh)),
        ("project_category", of(ProjectCategory::ALL, ProjectCategory::as_str, ProjectCategory::zh)),
        ("project_status", of(ProjectStatus::ALL, ProjectStatus::as_str, ProjectStatus::zh)),
    ]
}

/// Each category's kind, so a form offers only the categories of the kind chosen (the rule
/// `ProjectCategory::kind` keeps, generated into the bindings).
pub fn category_kinds() -> Vec<(&'static str, &'static str)> {
    ProjectCategory::ALL.iter().map(|c| (c.as_str(), c.kind().as_str())).collect()
}
