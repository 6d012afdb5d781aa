-- The sync server's tables (SQLite). Changes are core's change rows plus the zone, the
-- server's sequence number and the writer's schema version.
CREATE TABLE zones (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  last_seq   INTEGER NOT NULL DEFAULT 0,    -- the zone's highest sequence number given
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE tokens (
  id         INTEGER PRIMARY KEY,
  zone_id    INTEGER NOT NULL REFERENCES zones(id),
  name       TEXT NOT NULL,
  hash       BLOB NOT NULL UNIQUE,          -- SHA-256 of the token; the token is never stored
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  revoked_at TEXT
) STRICT;

CREATE TABLE changes (
  zone_id INTEGER NOT NULL REFERENCES zones(id),
  seq     INTEGER NOT NULL,
  device  TEXT NOT NULL,
  hlc     INTEGER NOT NULL,
  entity  TEXT NOT NULL,
  row_id  TEXT NOT NULL,
  fields  TEXT NOT NULL,                    -- JSON object, as the client sent it
  actor   TEXT NOT NULL,
  schema  INTEGER NOT NULL,
  PRIMARY KEY (zone_id, seq),
  UNIQUE (zone_id, device, hlc)             -- the change id: a replay inserts nothing
) STRICT, WITHOUT ROWID;
