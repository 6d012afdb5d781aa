//! The parts of an import's report that name rows: problems, rows matching registered
//! records, and the departments and cadres a file names that the database lacks.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::header::ImportField;
use crate::model::department::DepartmentKind;

/// One problem in one cell (or row), as the user finds it in Excel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportProblem {
    /// The row number Excel shows (1-based, title rows included).
    pub row: u32,
    /// The column's header text, when the problem is in one cell.
    pub column: Option<String>,
    pub field: Option<ImportField>,
    pub message: String,
    /// A warning does not stop the row (e.g. a USCC whose check character does not match).
    pub warning: bool,
}

/// A row that matches a registered record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ExistingRow {
    pub row: u32,
    pub name: String,
    /// How it matched: "uscc", "name", "mobile".
    pub matched_by: String,
}

/// A street, community or department the file names and the database does not have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MissingDepartment {
    pub kind: DepartmentKind,
    pub name: String,
    /// The street a missing community would go under.
    pub parent: Option<String>,
    /// How many rows name it.
    pub rows: u32,
}

/// A 联点干部 the file names whom the database does not know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct UnknownCadre {
    pub name: String,
    /// The unit the file gives for the cadre (联点单位), if any.
    pub unit: Option<String>,
    /// How many rows name the cadre.
    pub rows: u32,
}
