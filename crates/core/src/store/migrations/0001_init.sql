-- 0001: local metadata, settings, departments, cadres, enterprises, and the change log.

-- Local to this device, never synced.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Zone-wide settings, synced like any entity: one row per key.
CREATE TABLE settings (
  id         TEXT PRIMARY KEY,   -- the setting's key
  value      TEXT,               -- JSON
  deleted    INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE departments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,      -- function | street | community | company
  parent_id   TEXT REFERENCES departments(id),
  phone       TEXT,
  sort_order  INTEGER NOT NULL DEFAULT 0,
  active      INTEGER NOT NULL DEFAULT 1,
  deleted     INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX departments_kind ON departments(kind, sort_order) WHERE deleted = 0;

CREATE TABLE cadres (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  department_id TEXT REFERENCES departments(id),
  position      TEXT,
  role          TEXT NOT NULL,    -- leader | cadre | specialist
  mobile        TEXT,
  active        INTEGER NOT NULL DEFAULT 1,
  deleted       INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX cadres_department ON cadres(department_id) WHERE deleted = 0;

CREATE TABLE enterprises (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  short_name     TEXT,
  uscc           TEXT,
  industry       TEXT,            -- 国民经济行业门类 letter, A..T
  scale          TEXT,            -- large | medium | small | micro
  ownership      TEXT,            -- state | private | foreign | hmt | collective | other
  address        TEXT,
  street_id      TEXT REFERENCES departments(id),
  community_id   TEXT REFERENCES departments(id),
  legal_rep      TEXT,
  contact_name   TEXT,
  contact_phone  TEXT,
  tags           TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  status         TEXT NOT NULL DEFAULT 'operating', -- operating | moved_out | closed
  -- Scale as offices rank it, large first; a column (not an expression) so ORDER BY can use its index.
  scale_rank     INTEGER GENERATED ALWAYS AS (
    CASE scale WHEN 'large' THEN 0 WHEN 'medium' THEN 1 WHEN 'small' THEN 2 WHEN 'micro' THEN 3 ELSE 4 END
  ) VIRTUAL,
  notes          TEXT,
  deleted        INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
-- Enterprises are unique by USCC among live rows.
CREATE UNIQUE INDEX enterprises_uscc ON enterprises(uscc) WHERE uscc IS NOT NULL AND deleted = 0;
-- One index per sortable column and per filter column, each ending in the sort key the table
-- uses most (name), so a filtered, sorted page reads an index in order and stops after 50.
-- The list query breaks ties by rowid, which every index carries, so ORDER BY x, rowid uses them.
CREATE INDEX enterprises_name ON enterprises(name) WHERE deleted = 0;
CREATE INDEX enterprises_street ON enterprises(street_id, name) WHERE deleted = 0;
CREATE INDEX enterprises_community ON enterprises(community_id, name) WHERE deleted = 0;
CREATE INDEX enterprises_industry ON enterprises(industry, name) WHERE deleted = 0;
CREATE INDEX enterprises_status ON enterprises(status, name) WHERE deleted = 0;
CREATE INDEX enterprises_scale ON enterprises(scale_rank, name) WHERE deleted = 0;
CREATE INDEX enterprises_updated ON enterprises(updated_at) WHERE deleted = 0;
CREATE INDEX enterprises_created ON enterprises(created_at) WHERE deleted = 0;

-- The one write path's log: a row per changed record, carrying the fields it changed.
-- It is the audit trail and the sync outbox. (device, hlc) is unique: a device's stamps
-- strictly increase, so that pair is the change's id.
CREATE TABLE changes (
  seq     INTEGER PRIMARY KEY,    -- local order, the push cursor
  entity  TEXT NOT NULL,          -- table name
  row_id  TEXT NOT NULL,
  fields  TEXT NOT NULL,          -- JSON object: field -> new value
  hlc     INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  device  TEXT NOT NULL,
  UNIQUE (device, hlc)
) STRICT;
CREATE INDEX changes_row ON changes(entity, row_id);
