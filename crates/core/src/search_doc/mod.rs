//! The search documents: one row per searchable record in `search_docs`, mirrored into the FTS5
//! trigram table. Derived data, maintained by the write path in the same transaction as the
//! record, and never logged as changes (a pulled change re-derives it). Below the store: it
//! knows no entity (the registry rebuilds them all) and no query (`search` reads them).
//!
//! New and changed documents reach the FTS table in one statement per transaction
//! (`DocWriter::flush`), so FTS5 builds one segment for a whole bulk write instead of one per row.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

mod keys;

pub use keys::{fold, pinyin_keys};

use crate::error::Result;


/// What a record contributes to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub kind: DocKind,
    pub title: String,
    pub subtitle: Option<String>,
    /// Matched by 3+ character queries (FTS5 trigram): names, codes, phones, pinyin.
    pub body: String,
    /// Matched by 1–2 character queries: names and pinyin initials, space-separated tokens.
    pub short: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Enterprise = 1,
    Cadre = 2,
    Issue = 3,
    Project = 4,
}

/// Issue documents take rowids from here up, the registry's stay below: an FTS5 query bounded
/// by rowid seeks within its doclists, so a search for enterprises is not slowed by a million
/// issue texts, nor crowded out of its candidate cap by them.
pub const ISSUE_ROWIDS: i64 = 1 << 40;

impl DocKind {
    /// The rowid range of this kind's documents.
    pub(crate) fn rowids(self) -> (i64, i64) {
        match self {
            DocKind::Issue => (ISSUE_ROWIDS, i64::MAX),
            _ => (1, ISSUE_ROWIDS),
        }
    }
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Enterprise => "enterprise",
            DocKind::Cadre => "cadre",
            DocKind::Issue => "issue",
            DocKind::Project => "project",
        }
    }
    pub fn parse(s: &str) -> Option<DocKind> {
        match s {
            "enterprise" => Some(DocKind::Enterprise),
            "cadre" => Some(DocKind::Cadre),
            "issue" => Some(DocKind::Issue),
            "project" => Some(DocKind::Project),
            _ => None,
        }
    }
}

/// A change to a document, for the in-memory short-query index: (doc rowid, new kind and short
/// text, or None when the document was removed).
pub type Touched = (i64, Option<(DocKind, String)>);

/// Writes search documents within one transaction and remembers which still have to go into
/// the FTS table.
#[derive(Default)]
pub struct DocWriter {
    /// Rows of `search_docs` written in this transaction and not yet in `search_fts`.
    pending: HashSet<i64>,
}

impl DocWriter {
    /// Takes the document out of the FTS index, unless it was never put there.
    fn unindex(&mut self, conn: &Connection, id: i64, body: &str) -> Result<()> {
        if !self.pending.remove(&id) {
            conn.prepare_cached("INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', ?1, ?2)")?
                .execute(rusqlite::params![id, body])?;
        }
        Ok(())
    }

    /// Inserts or replaces the document of record `ref_id`. Returns the touched row when the
    /// document changed.
    pub fn upsert(&mut self, conn: &Connection, ref_id: &str, doc: &SearchDoc) -> Result<Option<Touched>> {
        let old: Option<(i64, String, Option<String>, String, String)> = conn
            .prepare_cached("SELECT id, title, subtitle, body, short FROM search_docs WHERE ref_id = ?1")?
            .query_row([ref_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        let id = match old {
            Some((id, title, subtitle, body, short)) => {
                if title == doc.title && subtitle == doc.subtitle && body == doc.body && short == doc.short {
                    return Ok(None);
                }
                self.unindex(conn, id, &body)?;
                conn.prepare_cached(
                    "UPDATE search_docs SET kind = ?2, title = ?3, subtitle = ?4, body = ?5, short = ?6 WHERE id = ?1",
                )?
                .execute(rusqlite::params![id, doc.kind.as_str(), doc.title, doc.subtitle, doc.body, doc.short])?;
                id
            }
            None => match new_row(conn, ref_id, doc)? {
                Some(id) => id,
                None => return Ok(None),
            },
        };
        Ok(self.written(id, doc))
    }

    /// The document of a record just inserted: written straight away, without first looking
    /// for an old one (the bulk writers' hot path); as `upsert` if the record has one after all.
    pub fn insert(&mut self, conn: &Connection, ref_id: &str, doc: &SearchDoc) -> Result<Option<Touched>> {
        match new_row(conn, ref_id, doc)? {
            Some(id) => Ok(self.written(id, doc)),
            None => self.upsert(conn, ref_id, doc),
        }
    }

    /// Notes a written document for the FTS flush; the touched row for the short index.
    fn written(&mut self, id: i64, doc: &SearchDoc) -> Option<Touched> {
        self.pending.insert(id);
        // Issue documents stay out of the in-memory 1–2 character index (see Issue::search_doc).
        if doc.kind == DocKind::Issue {
            return None;
        }
        Some((id, Some((doc.kind, doc.short.clone()))))
    }

    pub fn remove(&mut self, conn: &Connection, ref_id: &str) -> Result<Option<Touched>> {
        let old: Option<(i64, String)> = conn
            .prepare_cached("SELECT id, body FROM search_docs WHERE ref_id = ?1")?
            .query_row([ref_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((id, body)) = old else { return Ok(None) };
        self.unindex(conn, id, &body)?;
        conn.prepare_cached("DELETE FROM search_docs WHERE id = ?1")?.execute([id])?;
        Ok((id < ISSUE_ROWIDS).then_some((id, None)))
    }

    /// Puts every pending document into the FTS table in one statement. Call before commit.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let ids = serde_json::to_string(&self.pending.drain().collect::<Vec<_>>())?;
        conn.prepare_cached(
            "INSERT INTO search_fts(rowid, body)
             SELECT id, body FROM search_docs WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
        )?
        .execute([ids])?;
        Ok(())
    }
}

/// A new `search_docs` row in its kind's rowid range; None when `ref_id` already has one.
/// The range's bounds are written into the SQL, not bound: with STAT4 statistics SQLite
/// prepares a statement again whenever a parameter compared with an indexed column changes,
/// and re-preparing this insert for every record took a sixth of a bulk write.
fn new_row(conn: &Connection, ref_id: &str, doc: &SearchDoc) -> Result<Option<i64>> {
    let (lo, hi) = doc.kind.rowids();
    let n = conn
        .prepare_cached(&format!(
            "INSERT INTO search_docs(id, kind, ref_id, title, subtitle, body, short)
             VALUES ((SELECT coalesce(max(id) + 1, {lo}) FROM search_docs WHERE id >= {lo} AND id < {hi}),
                     ?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(ref_id) DO NOTHING"
        ))?
        .execute(rusqlite::params![doc.kind.as_str(), ref_id, doc.title, doc.subtitle, doc.body, doc.short])?;
    Ok((n > 0).then(|| conn.last_insert_rowid()))
}

/// Empties the index, for a rebuild: the caller writes every document again, then flushes.
pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM search_docs", [])?;
    conn.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')", [])?;
    Ok(())
}

/// Builds a document from the parts a record wants found. `names` get pinyin keys and go into
/// the short text too; `others` (codes, phones, people) are matched by 3+ character queries.
pub fn doc(kind: DocKind, title: &str, subtitle: Option<String>, names: &[&str], others: &[&str]) -> SearchDoc {
    let mut body = Vec::new();
    let mut short = Vec::new();
    let mut initials_all = Vec::new();
    for n in names.iter().filter(|n| !n.is_empty()) {
        let (full, initials) = pinyin_keys(n);
        body.push(fold(n));
        short.push(fold(n).split_whitespace().collect::<String>());
        // Full readings are long and cost index space per character: the usual reading and
        // two others; initials are short, so all of them.
        body.extend(full.into_iter().take(3));
        body.extend(initials.iter().cloned());
        initials_all.extend(initials);
    }
    short.extend(initials_all);
    body.extend(others.iter().filter(|o| !o.is_empty()).map(|o| fold(o)));
    SearchDoc { kind, title: title.to_string(), subtitle, body: without_contained(body).join(" | "), short: short.join(" ") }
}

/// The parts no other part contains. A short name inside the name, or its pinyin inside the
/// name's, adds no trigram (the index records only which documents hold one) and no match (a
/// text found in it is found in the longer part), but costs index work: a bulk import of
/// 100,000 enterprises fed a fifth fewer trigrams without them.
fn without_contained(parts: Vec<String>) -> Vec<String> {
    let keep: Vec<bool> = (0..parts.len())
        .map(|i| {
            !parts.iter().enumerate().any(|(j, q)| {
                j != i && q.contains(parts[i].as_str()) && (q.len() > parts[i].len() || j < i)
            })
        })
        .collect();
    parts.into_iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| p).collect()
}
