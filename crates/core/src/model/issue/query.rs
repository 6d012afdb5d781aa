//! What the ledger is asked: filters, sort and page (`LedgerQuery`), shared by the ledger, its
//! index, the export and the figures' links.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::kinds::*;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LedgerSort {
    #[default]
    RegisteredOn,
    No,
    Deadline,
    ResolvedOn,
    Status,
    Category,
    Tier,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LedgerQuery {
    pub status: Vec<Status>,
    pub flag: Vec<Flag>,
    /// Lead department.
    pub department_id: Option<String>,
    pub category: Option<String>,
    pub source: Option<Source>,
    pub tier: Option<Tier>,
    pub disposition: Option<Disposition>,
    /// Registered on or after / on or before (YYYY-MM-DD).
    pub from: Option<String>,
    pub to: Option<String>,
    /// The cadre who took it.
    pub cadre_id: Option<String>,
    pub enterprise_id: Option<String>,
    pub street_id: Option<String>,
    pub batch_id: Option<String>,
    /// Only issues the current operator registered.
    pub mine: bool,
    /// In the text, 编号 or reporter.
    pub text: Option<String>,
    /// Only issues still open past their deadline (the figures' 超期), whatever their flag.
    pub overdue: bool,
    /// Only issues without a lead department, a cadre or a street: what a figures line of
    /// none (未交办, 未指定干部) counts.
    pub without: Option<Without>,
    pub sort: LedgerSort,
    pub desc: bool,
    pub page: u32,
    pub page_size: u32,
    /// The day flags are computed for; today when empty.
    pub today: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Without {
    LeadDepartment,
    Cadre,
    Street,
}

impl Without {
    pub(crate) fn column(self) -> &'static str {
        match self {
            Without::LeadDepartment => "lead_department_id",
            Without::Cadre => "taken_by",
            Without::Street => "street_id",
        }
    }
}

impl LedgerQuery {
    /// No filter, newest first, the first page of 50: the ledger as it opens.
    pub fn first_page() -> LedgerQuery {
        LedgerQuery { desc: true, page: 1, page_size: 50, ..Default::default() }
    }
}

