//! Answering a query: FTS5 trigram for 3+ characters, the in-memory short index for 1–2,
//! ranked (exact, prefix, then shorter titles first) and grouped by kind.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::search_doc::DocKind;
use crate::search_doc::fold;
use super::short::ShortIndex;
use crate::error::Result;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Enterprise,
    Cadre,
    Issue,
    Project,
}

impl From<DocKind> for SearchKind {
    fn from(k: DocKind) -> Self {
        match k {
            DocKind::Enterprise => SearchKind::Enterprise,
            DocKind::Cadre => SearchKind::Cadre,
            DocKind::Issue => SearchKind::Issue,
            DocKind::Project => SearchKind::Project,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The record's id.
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SearchGroup {
    pub kind: SearchKind,
    /// Matches of this kind; at most `CAP` are counted.
    pub total: u32,
    /// True when there are more than `total`.
    pub capped: bool,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct SearchResults {
    pub query: String,
    pub groups: Vec<SearchGroup>,
}

/// Candidates looked at per query; counts beyond it are shown as "100+". Titles that start
/// with the query are always looked at too (see `prefix_candidates`).
pub const CAP: usize = 100;

/// Lower is better: the title is the query, starts with it, contains it, or only its pinyin or
/// another field matches; then shorter titles.
fn rank(title: &str, q: &str) -> (u8, usize) {
    let t = fold(title);
    let r = if t == q {
        0
    } else if t.starts_with(q) {
        1
    } else if t.contains(q) {
        2
    } else {
        3
    };
    (r, title.chars().count())
}

struct Candidate {
    doc: i64,
    kind: DocKind,
    key: (u8, usize),
}

/// The FTS5 query for a folded text of 3+ characters: every trigram of it, ANDed (the index
/// keeps no positions; callers check the body for the contiguous text).
pub(crate) fn trigram_query(q: &str) -> String {
    let cs: Vec<char> = q.chars().collect();
    cs.windows(3)
        .map(|w| format!("\"{}\"", w.iter().collect::<String>().replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Registry documents and issue documents are looked up separately (by rowid range), each with
/// its own cap, so a million issue texts neither slow nor crowd out the names.
fn fts_candidates(conn: &Connection, q: &str, issues: bool) -> Result<Vec<Candidate>> {
    let (lo, hi) = if issues { DocKind::Issue.rowids() } else { DocKind::Enterprise.rowids() };
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.kind, d.title FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
         WHERE search_fts MATCH ?1 AND search_fts.rowid >= ?4 AND search_fts.rowid < ?5
           AND instr(d.body, ?2) > 0 LIMIT ?3",
    )?;
    let mut rows = stmt.query(rusqlite::params![trigram_query(q), q, CAP as i64 + 1, lo, hi])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        let title: String = r.get(2)?;
        if let Some(kind) = DocKind::parse(&kind) {
            out.push(Candidate { doc: r.get(0)?, kind, key: rank(&title, q) });
        }
    }
    Ok(out)
}

/// Titles starting with a Chinese query, through the title index, so the best matches are
/// never lost behind the candidate cap.
fn prefix_candidates(conn: &Connection, q: &str) -> Result<Vec<Candidate>> {
    if !q.chars().next().is_some_and(|c| c as u32 >= 0x2E80) {
        return Ok(vec![]); // pinyin and codes: titles are Chinese
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, title FROM search_docs WHERE title >= ?1 AND title < ?1 || char(1114111)
           AND id < 1099511627776 LIMIT 50",
    )?;
    let mut rows = stmt.query([q])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        let title: String = r.get(2)?;
        if let Some(kind) = DocKind::parse(&kind) {
            out.push(Candidate { doc: r.get(0)?, kind, key: rank(&title, q) });
        }
    }
    Ok(out)
}

fn short_candidates(ix: &ShortIndex, q: &str) -> Vec<Candidate> {
    ix.lookup(q)
        .take(CAP + 1)
        .map(|(id, kind, short)| {
            // The short text starts with the title, so ranking on it ranks on the title.
            let title = short.split_whitespace().next().unwrap_or("");
            Candidate { doc: id as i64, kind, key: rank(title, q) }
        })
        .collect()
}

/// Searches enterprises and cadres (and later issues and projects) for `text`: Chinese
/// substrings of any length, full pinyin and initials, USCC and phone numbers. Returns up to
/// `per_kind` hits of each kind, best first.
/// The longest query searched: past it a search box holds a pasted paragraph, not a name, and
/// each further character is one more trigram to intersect (100,000 characters took 35 s).
pub const MAX_QUERY: usize = 64;

pub fn search(store: &Store, text: &str, kinds: Option<&[SearchKind]>, per_kind: u32) -> Result<SearchResults> {
    let head: String = text.chars().take(MAX_QUERY * 4).collect();
    let q: String = fold(&head).split_whitespace().collect::<String>().chars().take(MAX_QUERY).collect();
    let mut results = SearchResults { query: q.clone(), groups: vec![] };
    if q.is_empty() {
        return Ok(results);
    }
    let wants = |k: SearchKind| kinds.is_none_or(|ks| ks.contains(&k));
    let long = q.chars().count() >= 3;
    let mut candidates = if !long {
        super::short::with_short_index(store, |ix| short_candidates(ix, &q))?
    } else if wants(SearchKind::Enterprise) || wants(SearchKind::Cadre) {
        store.read(|c| fts_candidates(c, &q, false))?
    } else {
        vec![]
    };
    let mut capped = candidates.len() > CAP;
    if long && wants(SearchKind::Issue) {
        let issues = store.read(|c| fts_candidates(c, &q, true))?;
        capped |= issues.len() > CAP;
        candidates.extend(issues);
    }
    let known: std::collections::HashSet<i64> = candidates.iter().map(|c| c.doc).collect();
    let prefixed = store.read(|c| prefix_candidates(c, &q))?;
    candidates.extend(prefixed.into_iter().filter(|c| !known.contains(&c.doc)));
    candidates.retain(|c| kinds.is_none_or(|ks| ks.contains(&c.kind.into())));
    candidates.sort_by_key(|c| (c.kind as u8, c.key, c.doc));

    let mut by_kind: Vec<(DocKind, usize, Vec<i64>)> = Vec::new();
    for c in &candidates {
        match by_kind.last_mut() {
            Some((k, n, ids)) if *k == c.kind => {
                *n += 1;
                if ids.len() < per_kind as usize {
                    ids.push(c.doc);
                }
            }
            _ => by_kind.push((c.kind, 1, if per_kind > 0 { vec![c.doc] } else { vec![] })),
        }
    }
    store.read(|conn| {
        let mut stmt = conn.prepare_cached("SELECT ref_id, title, subtitle FROM search_docs WHERE id = ?1")?;
        for (kind, n, ids) in by_kind {
            let mut hits = Vec::with_capacity(ids.len());
            for id in ids {
                let (rid, title, subtitle) = stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                hits.push(SearchHit { kind: kind.into(), id: rid, title, subtitle });
            }
            results.groups.push(SearchGroup { kind: kind.into(), total: n.min(CAP) as u32, capped, hits });
        }
        Ok(())
    })?;
    Ok(results)
}

/// Record ids whose documents hold a 3+ character text, for list filters; its two `?` take
/// the FTS query and the folded text, from `fts_filter`.
pub(crate) fn matching_ids_sql() -> &'static str {
    "SELECT d.ref_id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
     WHERE search_fts MATCH ? AND search_fts.rowid < 1099511627776 AND instr(d.body, ?) > 0"
}

/// As `matching_ids_sql`, over issue texts.
pub(crate) fn matching_issue_ids_sql() -> &'static str {
    "SELECT d.ref_id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
     WHERE search_fts MATCH ? AND search_fts.rowid >= 1099511627776 AND instr(d.body, ?) > 0"
}

/// (FTS query, folded text) for a list filter's text, when it is long enough for the index.
pub(crate) fn fts_filter(text: &str) -> Option<(String, String)> {
    let q: String = fold(text).split_whitespace().collect();
    (q.chars().count() >= 3).then(|| (trigram_query(&q), q))
}

