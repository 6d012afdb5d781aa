//! The registry's records and the rules for writing them.

pub mod attachment;
pub mod cadre;
pub mod department;
pub mod engagement;
pub mod enterprise;
pub mod issue;
pub mod liaison;
pub(crate) mod list;
pub(crate) mod lookup;
pub mod merge;
pub mod project;
pub mod reference;
pub mod stat_class;
pub mod support;
mod text;
pub mod zone;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use list::Page;

/// Something worth telling the user about a saved record that did not stop the save,
/// shown beside the field (e.g. a USCC whose check character does not match).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldWarning {
    pub field: String,
    pub message: String,
}

/// A record as saved, with the warnings its input raised.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Saved<T> {
    pub record: T,
    pub warnings: Vec<FieldWarning>,
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
