-- 0011: how many live engagements each day has, by kind, kept by triggers in the writing
-- transaction. The engagement list's pager and the period counts ("走访38次、协调会18次") read
-- it instead of counting a year's engagements one by one (146,000 index entries on L, 32 ms).
-- Triggers, not the write path, keep it: pulled changes, merges and bulk writes all update
-- `engagements` through the one Writer's generic UPDATE, and a trigger sees each row's old and
-- new date, kind and deleted flag, which the write path's after-commit hook does not. It is
-- local derived data: never in the change log, never synced. (Engagements have no search
-- document, so the statement transaction a trigger brings costs no FTS flush; see 0003.)

CREATE TABLE engagement_days (
  date  TEXT NOT NULL,
  kind  TEXT NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (date, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO engagement_days(date, kind, n)
  SELECT date, kind, count(*) FROM engagements WHERE deleted = 0 GROUP BY date, kind;

CREATE TRIGGER engagement_days_insert AFTER INSERT ON engagements WHEN NEW.deleted = 0
BEGIN
  INSERT INTO engagement_days(date, kind, n) VALUES (NEW.date, NEW.kind, 1)
    ON CONFLICT(date, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER engagement_days_update AFTER UPDATE OF date, kind, deleted ON engagements
BEGIN
  UPDATE engagement_days SET n = n - 1
    WHERE OLD.deleted = 0 AND date = OLD.date AND kind = OLD.kind;
  INSERT INTO engagement_days(date, kind, n) SELECT NEW.date, NEW.kind, 1 WHERE NEW.deleted = 0
    ON CONFLICT(date, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER engagement_days_delete AFTER DELETE ON engagements WHEN OLD.deleted = 0
BEGIN
  UPDATE engagement_days SET n = n - 1 WHERE date = OLD.date AND kind = OLD.kind;
END;
