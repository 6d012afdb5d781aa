//! The one list of what a store holds and keeps: every entity (its table and columns, whether
//! it has search documents) and every kind of derived data. A new entity joins `entities` in
//! one line (after its migration and its `Entity` impl); the store, search and (later) sync
//! code name no entity. `Store::open` lives here, as it is what brings the two together.

use std::any::Any;
use std::path::Path;

use rusqlite::Connection;

use crate::backup::{self, BackupKind};
use crate::error::Result;
use crate::model::attachment::Attachment;
use crate::model::cadre::Cadre;
use crate::model::department::Department;
use crate::model::engagement::{Engagement, EngagementLink};
use crate::model::enterprise::Enterprise;
use crate::model::issue::ledger_index::LedgerDerived;
use crate::model::issue::{Issue, IssueBatch, IssueEvent};
use crate::model::liaison::Liaison;
use crate::model::support::Support;
use crate::model::project::{Milestone, Project, ProjectLog};
use crate::search::ShortDerived;
use crate::search_doc::{self, DocWriter};
use crate::store::settings::Setting;
use crate::store::{entity_from_row, meta_get, meta_set, Derived, Entity, Store, Table, Writer, Written, MIGRATIONS};
use crate::store::latest_version;

/// An entity as the store sees it.
pub struct EntityDef {
    pub table: &'static Table,
    pub searchable: bool,
    /// Writes the search document of every live record (for a rebuild).
    rebuild_docs: fn(&Connection, &mut DocWriter) -> Result<usize>,
    /// Brings one record's search document in line with its row, after sync merged it.
    pub(crate) refresh_doc: fn(&mut Writer<'_>, &str) -> Result<()>,
    /// Reads up to `n` rows into the struct and back into columns, for the registry's test:
    /// the field names read back, per row.
    #[cfg(test)]
    roundtrip: fn(&Connection, usize) -> Result<Vec<Vec<String>>>,
}

fn def<T: Entity>() -> EntityDef {
    EntityDef {
        table: T::TABLE,
        searchable: T::SEARCHABLE,
        rebuild_docs: rebuild_docs::<T>,
        refresh_doc: |w, id| w.refresh_doc::<T>(id),
        #[cfg(test)]
        roundtrip: roundtrip::<T>,
    }
}

#[cfg(test)]
fn roundtrip<T: Entity>(conn: &Connection, n: usize) -> Result<Vec<Vec<String>>> {
    let t = T::TABLE;
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {} LIMIT {n}", t.select_list(), t.name))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let rec: T = entity_from_row(r)?;
        out.push(crate::store::fields_of(&rec)?);
    }
    Ok(out)
}

/// Every entity, in the order their tables reference each other.
pub fn entities() -> Vec<EntityDef> {
    vec![
        def::<Setting>(),
        def::<Department>(),
        def::<Cadre>(),
        def::<Enterprise>(),
        def::<Project>(),
        def::<Milestone>(),
        def::<ProjectLog>(),
        def::<Liaison>(),
        def::<IssueBatch>(),
        def::<Issue>(),
        def::<IssueEvent>(),
        def::<Engagement>(),
        def::<EngagementLink>(),
        def::<Support>(),
        def::<Attachment>(),
    ]
}

/// Every kind of derived data a store keeps.
pub fn derived() -> Vec<Box<dyn Derived>> {
    vec![Box::new(SearchDocs), Box::new(ShortDerived::default()), Box::new(LedgerDerived::default())]
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrates it to this build's schema,
    /// and keeps every kind of derived data.
    ///
    /// An older file is copied to `backups/` before it is upgraded (a failed copy leaves it
    /// unopened and untouched), and a file with data gets its daily copy here. A daily copy
    /// that fails does not stop the user's work; the backup list shows the last one taken.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let version = existing_version(path);
        if version.is_some_and(|v| v > 0 && v < latest_version()) {
            backup::take_path(path, BackupKind::BeforeMigration)?;
        }
        let store = Store::open_with(path, MIGRATIONS, derived())?;
        let _ = backup::daily(&store);
        Ok(store)
    }
}

/// The schema version of an existing database file, read without writing to it.
fn existing_version(path: &Path) -> Option<i64> {
    if !path.is_file() {
        return None;
    }
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ok()
}

/// Bump when what goes into a document changes; stores rebuild their index at open.
pub const SEARCH_VERSION: &str = "3";

fn rebuild_docs<T: Entity>(conn: &Connection, w: &mut DocWriter) -> Result<usize> {
    let t = T::TABLE;
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {} WHERE deleted = 0", t.select_list(), t.name))?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let rec: T = entity_from_row(r)?;
        if let Some(doc) = rec.search_doc() {
            w.upsert(conn, rec.id(), &doc)?;
            n += 1;
        }
    }
    Ok(n)
}

/// Rebuilds every search document from the records, in the caller's transaction.
pub fn rebuild_search(conn: &Connection) -> Result<usize> {
    search_doc::clear(conn)?;
    let mut w = DocWriter::default();
    let mut n = 0;
    for e in entities().iter().filter(|e| e.searchable) {
        n += (e.rebuild_docs)(conn, &mut w)?;
    }
    w.flush(conn)?;
    Ok(n)
}

/// The search documents, written by the Writer in each transaction; rebuilt at open when
/// their format (`SEARCH_VERSION`) changed.
struct SearchDocs;

impl Derived for SearchDocs {
    fn at_open(&self, tx: &Connection) -> Result<()> {
        if meta_get(tx, "search_version")?.as_deref() != Some(SEARCH_VERSION) {
            rebuild_search(tx)?;
            meta_set(tx, "search_version", SEARCH_VERSION)?;
        }
        Ok(())
    }

    fn after_commit(&self, _conn: &Connection, _written: &Written<'_>) {}

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Every entity's columns are its table's (pragma_table_info), and a written record of each
    /// reads back the same: a field added to a struct but not to its table's list, or the
    /// other way round, fails here.
    #[test]
    fn every_entity_matches_its_table() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("r.db")).unwrap();
        for e in entities() {
            let in_db: BTreeSet<String> = store
                .read(|c| {
                    let mut st = c.prepare("SELECT name FROM pragma_table_info(?1)")?;
                    let v = st.query_map([e.table.name], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
                    Ok(v)
                })
                .unwrap();
            assert!(!in_db.is_empty(), "{} has no table", e.table.name);
            let listed: BTreeSet<String> =
                e.table.cols.iter().map(|(c, _)| c.to_string()).chain(["id".into(), "deleted".into()]).collect();
            assert_eq!(listed, in_db, "{}: the Table's columns and the database's differ", e.table.name);
        }
    }

    /// Every entity's struct has exactly its Table's columns: rows of a generated data set read
    /// into the struct and written back to columns name every column (a struct field the Table
    /// lacks is refused by the write path; a column the struct lacks is missing here).
    #[test]
    fn every_entity_struct_has_its_columns() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("r.db")).unwrap();
        store.set_actor("测试").unwrap();
        let counts = crate::generate::Counts { enterprises: 40, cadres: 12, streets: 2, issues: 60, engagements: 40, projects: 12 };
        crate::generate::generate(&store, counts, 3, &mut |_, _, _| {}).unwrap();
        crate::store::settings::set(&store, "zone_name", "湘潭高新区".into()).unwrap();
        // Attachments are not generated (they need files): one photo on a project, with every
        // column filled.
        let project: String = store.read(|c| Ok(c.query_row("SELECT id FROM projects LIMIT 1", [], |r| r.get(0))?)).unwrap();
        let photo = dir.path().join("施工前.png");
        image::RgbImage::from_pixel(40, 30, image::Rgb([90, 120, 160])).save(&photo).unwrap();
        let input = crate::model::attachment::AttachInput {
            owner_kind: crate::model::attachment::OwnerKind::Project,
            owner_id: project,
            path: photo.display().to_string(),
            role: Some(crate::model::attachment::PhotoRole::Before),
            caption: Some("路口东侧".into()),
        };
        crate::model::attachment::add(&store, &input).unwrap();
        for e in entities() {
            let rows = store.read(|c| (e.roundtrip)(c, 50)).unwrap();
            assert!(!rows.is_empty(), "{}: no rows generated to check", e.table.name);
            let seen: BTreeSet<String> = rows.into_iter().flatten().collect();
            let listed: BTreeSet<String> = e.table.cols.iter().map(|(c, _)| c.to_string()).collect();
            let missing: Vec<_> = listed.difference(&seen).collect();
            assert!(missing.is_empty(), "{}: columns no row's struct carried: {missing:?}", e.table.name);
        }
    }
}
