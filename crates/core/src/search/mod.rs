//! Chinese search: FTS5 trigram for 3+ characters, an in-memory index for 1–2 characters, and
//! pinyin (full and initials, polyphonic characters included) for names. The documents it
//! searches are written by the store's write path (`search_doc`).

mod query;
mod short;

#[cfg(test)]
mod tests;

pub use crate::search_doc::{doc, fold, pinyin_keys, DocKind, SearchDoc, Touched, ISSUE_ROWIDS};
pub(crate) use query::{fts_filter, matching_ids_sql, matching_issue_ids_sql};
pub use query::{search, SearchGroup, SearchHit, SearchKind, SearchResults, CAP};
pub use short::{with_short_index, ShortDerived, ShortIndex, MAX_INCREMENTAL};

