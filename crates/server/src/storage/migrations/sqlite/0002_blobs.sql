-- Attachment files, per zone, by SHA-256. Kept in the database rather than beside it, so an
-- office backs up and moves one file. SQLite's own limit on a value is 1 GB; the server's blob
-- limit (--max-blob, 25 MB by default) is far below it, and it is what bounds a request's memory,
-- since a file is read and written whole.
CREATE TABLE blobs (
  zone_id    INTEGER NOT NULL REFERENCES zones(id),
  sha256     TEXT NOT NULL,                 -- of data, checked on upload
  preview_of TEXT,                          -- a photo's downscaled copy: its original's hash
  size       INTEGER NOT NULL,
  data       BLOB NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (zone_id, sha256)
) STRICT, WITHOUT ROWID;

-- Asking for a photo's original finds its copy.
CREATE INDEX blobs_preview ON blobs(zone_id, preview_of) WHERE preview_of IS NOT NULL;
