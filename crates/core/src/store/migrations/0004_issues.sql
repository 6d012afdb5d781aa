-- 0004: issues (问题 / 诉求) and their timeline, and batches of assignment (交办批次).
-- The issue row holds its current state, denormalised for the ledger and the figures (dates,
-- deadline, working days taken, on-time); the events table holds every step with who, when and
-- why. Events are append-only, so two devices adding steps never overwrite each other.

CREATE TABLE issue_batches (
  id          TEXT PRIMARY KEY,
  no          TEXT NOT NULL,       -- 交办批次号, e.g. 2026-第3批
  assigned_on TEXT NOT NULL,       -- YYYY-MM-DD
  note        TEXT,
  deleted     INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE issues (
  id                 TEXT PRIMARY KEY,
  no                 TEXT NOT NULL,          -- 编号, YYYY-NNNNN
  source             TEXT NOT NULL,          -- visit | window | hotline | wall_phone | forum | other
  enterprise_id      TEXT REFERENCES enterprises(id),
  reporter_name      TEXT,                   -- a resident or a community when there is no enterprise
  reporter_phone     TEXT,
  street_id          TEXT REFERENCES departments(id),  -- the enterprise's or the resident's street
  category           TEXT NOT NULL,          -- from the configurable list
  tier               TEXT NOT NULL,          -- general | regular | major (一般 / 常规 / 重大)
  disposition        TEXT,                   -- immediate | study | key (立行立改 / 专项研究 / 重点督办)
  content            TEXT NOT NULL,
  taken_by           TEXT REFERENCES cadres(id),       -- the cadre who took it
  registered_on      TEXT NOT NULL,          -- YYYY-MM-DD
  registered_by      TEXT NOT NULL,          -- the operator who typed it in
  status             TEXT NOT NULL,          -- registered | assigned | in_progress | returned | resolved | closed | long_term | withdrawn
  lead_department_id TEXT REFERENCES departments(id),
  assisting          TEXT NOT NULL DEFAULT '[]',       -- JSON array of department ids
  batch_id           TEXT REFERENCES issue_batches(id),
  assigned_on        TEXT,
  deadline           TEXT,                   -- YYYY-MM-DD, in working days from assignment
  accepted_on        TEXT,
  extension_days     INTEGER,                -- a pending extension request (working days)
  extensions         INTEGER NOT NULL DEFAULT 0,
  reminders          INTEGER NOT NULL DEFAULT 0,
  reopens            INTEGER NOT NULL DEFAULT 0,
  resolved_on        TEXT,
  result             TEXT,
  result_kind        TEXT,                   -- solved | partly | explained
  amount_fen         INTEGER,
  working_days       INTEGER,                -- from assignment (or registration) to resolution
  on_time            INTEGER,                -- resolved on or before the deadline
  feedback           TEXT,
  satisfaction       TEXT,                   -- satisfied | basic | unsatisfied
  closed_on          TEXT,
  lookback_on        TEXT,                   -- 回头看 scheduled
  lookback_result    TEXT,                   -- held | recurred
  withdraw_kind      TEXT,                   -- duplicate | invalid
  duplicate_of       TEXT REFERENCES issues(id),
  deleted            INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;

-- The ledger sorts by registration date (newest first) by default; each filter column gets an
-- index ending in it, so a filtered page reads one index in order and stops after 50 rows.
CREATE INDEX issues_registered ON issues(registered_on) WHERE deleted = 0;
CREATE INDEX issues_status ON issues(status, registered_on) WHERE deleted = 0;
CREATE INDEX issues_department ON issues(lead_department_id, registered_on) WHERE deleted = 0;
CREATE INDEX issues_category ON issues(category, registered_on) WHERE deleted = 0;
CREATE INDEX issues_source ON issues(source, registered_on) WHERE deleted = 0;
CREATE INDEX issues_enterprise ON issues(enterprise_id, registered_on) WHERE deleted = 0;
CREATE INDEX issues_cadre ON issues(taken_by, registered_on) WHERE deleted = 0;
CREATE INDEX issues_street ON issues(street_id, registered_on) WHERE deleted = 0;
-- Flags are computed from the deadline of open issues: a flag filter is a deadline range.
CREATE INDEX issues_open_deadline ON issues(deadline)
  WHERE deleted = 0 AND status IN ('registered', 'assigned', 'in_progress', 'returned');
CREATE INDEX issues_no ON issues(no);
CREATE INDEX issues_batch ON issues(batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX issues_lookback ON issues(lookback_on) WHERE deleted = 0 AND status = 'closed';

CREATE TABLE issue_events (
  id         TEXT PRIMARY KEY,
  issue_id   TEXT NOT NULL REFERENCES issues(id),
  kind       TEXT NOT NULL,       -- register | assign | accept | return | remind | ...
  on_date    TEXT NOT NULL,       -- YYYY-MM-DD, the business date of the step
  actor      TEXT NOT NULL,       -- who did it (operator name)
  note       TEXT,                -- why / what was said
  data       TEXT NOT NULL DEFAULT '{}',  -- JSON: the step's particulars (deadline, department, ...)
  deleted    INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- An issue's few events are sorted after the lookup; the index need not carry created_at
-- (24 bytes in each of about six million entries on L).
CREATE INDEX issue_events_issue ON issue_events(issue_id);

-- Title prefixes rank first in search results for names only (prefix_candidates asks for
-- id < 2^40, the registry's range): issue titles, a million random 40-character texts on L,
-- stay out of the title index, which made it the costliest index to write.
DROP INDEX search_docs_title;
CREATE INDEX search_docs_title ON search_docs(title) WHERE id < 1099511627776;
