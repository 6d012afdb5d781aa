//! Derived data: what is computed from the rows and kept beside them (in memory, or in tables
//! of its own) rather than written by the domain. Each kind registers one `Derived` with the
//! store when it is opened (`registry::derived`), so the store names none of them: it calls
//! `at_open` once, and `after_commit` after every committed write with what that write touched.
//! Search documents are the exception that stays in the transaction (the Writer keeps them,
//! through each entity's `search_doc`), because a search must never see a row without its
//! document.

use std::any::Any;
use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::search_doc::Touched;

/// What one committed write touched.
pub struct Written<'a> {
    /// The ids of the records written, by table, up to `TOUCHED_CAP` a table.
    pub rows: &'a HashMap<&'static str, Vec<String>>,
    /// Tables with more records written than were listed: rebuild rather than refresh.
    pub overflowed: &'a [&'static str],
    /// Search documents changed.
    pub docs: &'a [Touched],
}

impl Written<'_> {
    /// The listed ids of `table`, and whether that is all of them.
    pub fn of(&self, table: &str) -> (&[String], bool) {
        let ids = self.rows.get(table).map(Vec::as_slice).unwrap_or(&[]);
        (ids, !self.overflowed.contains(&table))
    }
}

pub trait Derived: Any + Send + Sync {
    /// Once, when the store opens, inside a transaction of its own: bring stored derived data
    /// up to date (e.g. rebuild an index whose format changed).
    fn at_open(&self, _tx: &Connection) -> Result<()> {
        Ok(())
    }

    /// After each committed write, outside its transaction, with the connection to read from.
    /// Failing is not an error of the write: drop what cannot be kept current and rebuild later.
    fn after_commit(&self, conn: &Connection, written: &Written<'_>);

    fn as_any(&self) -> &dyn Any;
}
