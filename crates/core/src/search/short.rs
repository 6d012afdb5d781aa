//! The fast path for 1–2 character queries, which trigram FTS cannot answer: an in-memory
//! inverted index from every character and character pair of the documents' `short` text to
//! document ids. Built lazily from `search_docs` on the first short query, then kept current by
//! the write path after each commit.

use std::any::Any;
use std::collections::HashMap;
use std::sync::Mutex;

use rusqlite::Connection;

use crate::error::Result;
use crate::search_doc::{DocKind, Touched};
use crate::store::{Derived, Store, Written};

/// A gram of one or two characters packed into one key.
fn key(a: char, b: Option<char>) -> u64 {
    ((a as u64) << 32) | b.map(|b| b as u64).unwrap_or(0)
}

/// The distinct 1- and 2-character grams of each space-separated token.
fn grams(short: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for token in short.split_whitespace() {
        let cs: Vec<char> = token.chars().collect();
        for (i, &c) in cs.iter().enumerate() {
            out.push(key(c, None));
            if let Some(&d) = cs.get(i + 1) {
                out.push(key(c, Some(d)));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

pub fn query_key(q: &str) -> Option<u64> {
    let mut cs = q.chars();
    let a = cs.next()?;
    let b = cs.next();
    cs.next().is_none().then(|| key(a, b))
}

#[derive(Default)]
pub struct ShortIndex {
    postings: HashMap<u64, Vec<u32>>,
    docs: HashMap<u32, (DocKind, String)>,
}

/// Above this many changed documents in one commit the index is dropped and rebuilt lazily.
pub const MAX_INCREMENTAL: usize = 20_000;

impl ShortIndex {
    pub fn build(conn: &Connection) -> Result<ShortIndex> {
        let mut ix = ShortIndex::default();
        let mut stmt = conn.prepare("SELECT id, kind, short FROM search_docs WHERE id < 1099511627776")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(1)?;
            if let Some(kind) = DocKind::parse(&kind) {
                ix.add(r.get::<_, i64>(0)? as u32, kind, r.get(2)?);
            }
        }
        Ok(ix)
    }

    fn add(&mut self, id: u32, kind: DocKind, short: String) {
        for g in grams(&short) {
            self.postings.entry(g).or_default().push(id);
        }
        self.docs.insert(id, (kind, short));
    }

    fn remove(&mut self, id: u32) {
        if let Some((_, short)) = self.docs.remove(&id) {
            for g in grams(&short) {
                if let Some(p) = self.postings.get_mut(&g) {
                    p.retain(|&d| d != id);
                }
            }
        }
    }

    pub fn apply(&mut self, touched: &[Touched]) {
        for (id, doc) in touched {
            let id = *id as u32;
            self.remove(id);
            if let Some((kind, short)) = doc {
                self.add(id, *kind, short.clone());
            }
        }
    }

    /// Documents containing the 1–2 character `q`, with their kind and short text, lazily (a
    /// common character can be in most documents; callers take what they need).
    pub fn lookup<'a>(&'a self, q: &str) -> impl Iterator<Item = (u32, DocKind, &'a str)> + 'a {
        let ids: &'a [u32] = query_key(q).and_then(|k| self.postings.get(&k)).map(Vec::as_slice).unwrap_or(&[]);
        ids.iter().filter_map(move |id| self.docs.get(id).map(|(k, s)| (*id, *k, s.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_stay_inside_tokens() {
        let g = grams("立发 lf");
        assert!(g.contains(&key('立', Some('发'))));
        assert!(g.contains(&key('l', Some('f'))));
        assert!(!g.contains(&key('发', Some('l'))));
        assert_eq!(g.len(), 6);
    }

    #[test]
    fn apply_keeps_postings_current() {
        let mut ix = ShortIndex::default();
        ix.apply(&[(1, Some((DocKind::Enterprise, "立发釉彩 lfyc".into())))]);
        assert_eq!(ix.lookup("釉彩").count(), 1);
        ix.apply(&[(1, Some((DocKind::Enterprise, "华泰电气 htdq".into())))]);
        assert_eq!(ix.lookup("釉彩").count(), 0);
        assert_eq!(ix.lookup("电").count(), 1);
        ix.apply(&[(1, None)]);
        assert_eq!(ix.lookup("电").count(), 0);
    }
}

/// The short-query index as the store's derived data: built on the first short query, then
/// kept current after each commit from the documents it touched.
#[derive(Default)]
pub struct ShortDerived(Mutex<Option<ShortIndex>>);

/// Runs `f` with the store's short-query index, building it first if needed.
pub fn with_short_index<T>(store: &Store, f: impl FnOnce(&ShortIndex) -> T) -> Result<T> {
    let Some(d) = store.derived::<ShortDerived>() else {
        // A store opened without it (an upgrade test): a one-off index.
        return Ok(f(&store.read(ShortIndex::build)?));
    };
    let mut short = d.0.lock().unwrap_or_else(|e| e.into_inner());
    if short.is_none() {
        *short = Some(store.read(ShortIndex::build)?);
    }
    Ok(f(short.as_ref().expect("just built")))
}

impl Derived for ShortDerived {
    fn after_commit(&self, _conn: &Connection, written: &Written<'_>) {
        if written.docs.is_empty() {
            return;
        }
        let mut short = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if written.docs.len() > MAX_INCREMENTAL {
            *short = None; // cheaper to rebuild on the next short query
        } else if let Some(ix) = short.as_mut() {
            ix.apply(written.docs);
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
