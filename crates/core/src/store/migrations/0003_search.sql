-- 0003: the search index. Derived from the records by the write path; rebuilt at open when
-- the document format changes (meta.search_version), so it is never synced.
-- The FTS table is fed by the write path, not by triggers: a trigger (or RETURNING) makes each
-- row a statement transaction, and FTS5 flushes its pending index at every one, so bulk writes
-- paid a segment flush and merge per row (100,000 imported enterprises: 30 s instead of 10).

CREATE TABLE search_docs (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,          -- enterprise | cadre (issues, projects later)
  ref_id   TEXT NOT NULL UNIQUE,   -- the record's id (UUIDs do not collide across tables)
  title    TEXT NOT NULL,
  subtitle TEXT,
  body     TEXT NOT NULL,          -- 3+ character queries: names, codes, phones, pinyin
  short    TEXT NOT NULL           -- 1-2 character queries: names and pinyin initials
) STRICT;
-- Title prefixes rank first in results; this finds them without scanning.
CREATE INDEX search_docs_title ON search_docs(title);

-- detail = none keeps only which documents hold each trigram, not where: about half the index
-- and the write cost. A query ANDs its trigrams and the caller checks the body for the
-- contiguous substring, which also removes the rare false positive.
CREATE VIRTUAL TABLE search_fts USING fts5(
  body, content = 'search_docs', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
);
