-- 0009: engagements (走访调研、座谈会、协调会…) and support outcomes (惠企台账), the other things
-- the offices count besides issues ("走访38次、协调会18次", "融资意向11笔6000万元").

CREATE TABLE engagements (
  id           TEXT PRIMARY KEY,
  date         TEXT NOT NULL,     -- YYYY-MM-DD
  kind         TEXT NOT NULL,     -- visit | forum | bank_meeting | dispatch | coordination | policy_briefing | job_fair | phone_call | other
  place        TEXT,
  summary      TEXT NOT NULL,
  outcome      TEXT,
  recorded_by  TEXT NOT NULL,     -- the operator who logged it
  deleted      INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;

-- The list (newest first, a period) and counts by kind over a period.
CREATE INDEX engagements_date ON engagements(date, kind) WHERE deleted = 0;

-- Who and what an engagement involved, one row per link so each side finds the other by index:
-- the cadres present, the enterprises, projects and communities (departments of kind
-- community) visited, and the issues raised in it. `date` is the engagement's, copied so an
-- enterprise's or a cadre's engagements come in date order from the index alone.
CREATE TABLE engagement_links (
  id             TEXT PRIMARY KEY,
  engagement_id  TEXT NOT NULL REFERENCES engagements(id),
  kind           TEXT NOT NULL,   -- cadre | enterprise | project | community | issue
  target_id      TEXT NOT NULL,
  date           TEXT NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

CREATE INDEX engagement_links_engagement ON engagement_links(engagement_id, kind) WHERE deleted = 0;
CREATE INDEX engagement_links_target ON engagement_links(target_id, date) WHERE deleted = 0;
CREATE INDEX engagement_links_kind_date ON engagement_links(kind, date, target_id) WHERE deleted = 0;

-- 惠企台账: what the office got done for an enterprise, in money and/or a count.
CREATE TABLE supports (
  id             TEXT PRIMARY KEY,
  enterprise_id  TEXT NOT NULL REFERENCES enterprises(id),
  kind           TEXT NOT NULL,   -- credit | financing | funds | award | tax_refund | social_deferral | hiring | policy_application | other
  amount_fen     INTEGER,         -- money in fen (分); shown in 万元
  count          INTEGER,         -- with `unit`: 79 人, 57 项, 11 笔
  unit           TEXT,
  status         TEXT NOT NULL,   -- intent | in_progress | done
  date           TEXT NOT NULL,   -- YYYY-MM-DD
  department_id  TEXT REFERENCES departments(id),
  issue_id       TEXT,
  engagement_id  TEXT,
  note           TEXT,
  deleted        INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

CREATE INDEX supports_enterprise ON supports(enterprise_id, date) WHERE deleted = 0;
-- Totals for a period by kind and status read this index alone.
CREATE INDEX supports_date ON supports(date, kind, status, amount_fen, count, enterprise_id, department_id) WHERE deleted = 0;
