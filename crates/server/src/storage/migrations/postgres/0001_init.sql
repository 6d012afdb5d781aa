-- The sync server's tables (PostgreSQL). Same shape as the SQLite backend's.
CREATE TABLE zones (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  last_seq   BIGINT NOT NULL DEFAULT 0,     -- the zone's highest sequence number given
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE tokens (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  zone_id    BIGINT NOT NULL REFERENCES zones(id),
  name       TEXT NOT NULL,
  hash       BYTEA NOT NULL UNIQUE,         -- SHA-256 of the token; the token is never stored
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  revoked_at TIMESTAMPTZ
);

CREATE TABLE changes (
  zone_id BIGINT NOT NULL REFERENCES zones(id),
  seq     BIGINT NOT NULL,
  device  TEXT NOT NULL,
  hlc     BIGINT NOT NULL,
  entity  TEXT NOT NULL,
  row_id  TEXT NOT NULL,
  fields  TEXT NOT NULL,                    -- JSON object, as the client sent it
  actor   TEXT NOT NULL,
  schema  INTEGER NOT NULL,
  PRIMARY KEY (zone_id, seq),
  UNIQUE (zone_id, device, hlc)             -- the change id: a replay inserts nothing
);
