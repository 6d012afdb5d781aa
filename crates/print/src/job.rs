//! What to print: the choices the print centre, the CLI and the page buttons make.
use serde::{Deserialize, Serialize};
use specta::Type;

/// Which enterprises get a 连心卡.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "by", content = "id", rename_all = "snake_case")]
pub enum CardScope {
    /// Every operating enterprise with a current liaison.
    All,
    Enterprise(String),
    /// The enterprises a cadre is paired with now.
    Cadre(String),
    /// The enterprises paired with the cadres of a department.
    Department(String),
    Street(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    #[default]
    A4,
    A3,
}

/// One printable document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// 连心卡: A4 sheets of ten, fronts then mirrored backs.
    Cards { scope: CardScope },
    /// 连心墙 poster.
    Wall { paper: Paper },
    /// 督办单, one page per issue.
    Supervision { issue_ids: Vec<String> },
    /// 交办单 of an assignment batch, one page per lead department.
    Assignment { batch_id: String },
    /// 工作通报 over the issues registered in a period (YYYY-MM-DD, both ends included).
    Bulletin { from: String, to: String },
}

impl Job {
    /// The file name offered when saving, e.g. "连心卡.pdf".
    pub fn file_name(&self) -> String {
        let stem = match self {
            Job::Cards { .. } => "连心卡".to_string(),
            Job::Wall { paper: Paper::A3 } => "连心墙-A3".to_string(),
            Job::Wall { paper: Paper::A4 } => "连心墙-A4".to_string(),
            Job::Supervision { .. } => "督办单".to_string(),
            Job::Assignment { .. } => "交办单".to_string(),
            Job::Bulletin { from, to } => format!("工作通报-{from}至{to}"),
        };
        format!("{stem}.pdf")
    }

    pub(crate) fn template(&self) -> &'static str {
        match self {
            Job::Cards { .. } => "cards",
            Job::Wall { .. } => "wall",
            Job::Supervision { .. } => "supervision",
            Job::Assignment { .. } => "assignment",
            Job::Bulletin { .. } => "bulletin",
        }
    }
}
