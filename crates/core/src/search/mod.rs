//! Chinese search over the registry: FTS5 trigram for 3+ characters, an in-memory index for
//! 1–2 characters, and pinyin (full and initials, polyphonic characters included) for names.

mod docs;
mod keys;
mod query;
mod short;

#[cfg(test)]
mod tests;

pub use docs::{rebuild, DocKind, DocWriter, SearchDoc, Touched, ISSUE_ROWIDS, SEARCH_VERSION};
pub use keys::{fold, pinyin_keys};
pub(crate) use query::{fts_filter, matching_ids_sql, matching_issue_ids_sql};
pub use query::{search, SearchGroup, SearchHit, SearchKind, SearchResults, CAP};
pub use short::{ShortIndex, MAX_INCREMENTAL};

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
    SearchDoc { kind, title: title.to_string(), subtitle, body: body.join(" | "), short: short.join(" ") }
}
