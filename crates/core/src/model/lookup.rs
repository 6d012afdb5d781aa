//! What record validation looks up, behind a trait so the same rules run against the database
//! (a form saving one record) or against maps built once (an import of 100,000 rows, which
//! must not query per row).

use rusqlite::{Connection, OptionalExtension};

use super::department::Department;
use crate::error::Result;
use crate::store::get_opt;

pub(crate) trait Lookup {
    /// The name of the live enterprise holding `uscc`, other than the one with `except_id`.
    fn uscc_holder(&self, uscc: &str, except_id: &str) -> Result<Option<String>>;
    /// A live department by id.
    fn department(&self, id: &str) -> Result<Option<Department>>;
}

impl Lookup for Connection {
    fn uscc_holder(&self, uscc: &str, except_id: &str) -> Result<Option<String>> {
        Ok(self
            .query_row(
                // A record that already holds the code is not refused it: two laptops may
                // have registered one enterprise offline, and after sync both records stay
                // editable until they are merged (`sync::duplicates`).
                "SELECT name FROM enterprises WHERE uscc = ?1 AND deleted = 0 AND id <> ?2
                 AND NOT EXISTS (SELECT 1 FROM enterprises WHERE id = ?2 AND uscc = ?1 AND deleted = 0)",
                [uscc, except_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn department(&self, id: &str) -> Result<Option<Department>> {
        get_opt(self, id)
    }
}
