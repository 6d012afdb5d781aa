-- 0013: the sync client's tables.

-- Every field another device overwrote (or that lost to a field already here), with both
-- values, who and when; local to this device, never synced. The app lists the open ones and
-- restores a losing value with one click (`sync::conflicts`).
CREATE TABLE sync_conflicts (
  id            INTEGER PRIMARY KEY,
  entity        TEXT NOT NULL,
  row_id        TEXT NOT NULL,
  field         TEXT NOT NULL,
  lost_value    TEXT,              -- JSON
  lost_hlc      INTEGER NOT NULL,
  lost_device   TEXT NOT NULL,
  lost_actor    TEXT NOT NULL,
  won_value     TEXT,              -- JSON
  won_hlc       INTEGER NOT NULL,
  won_device    TEXT NOT NULL,
  won_actor     TEXT NOT NULL,
  resolved      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (entity, row_id, field, lost_device, lost_hlc)
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts(id) WHERE resolved = 0;

-- Two laptops offline may register the same enterprise (same USCC); after sync both records
-- must exist (nothing is lost) and be offered for merge, so the USCC is no longer unique by
-- constraint. Creating and editing still refuse a USCC another live record holds.
DROP INDEX enterprises_uscc;
CREATE INDEX enterprises_uscc ON enterprises(uscc) WHERE uscc IS NOT NULL AND deleted = 0;
