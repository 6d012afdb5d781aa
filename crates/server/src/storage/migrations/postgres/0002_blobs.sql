-- Attachment files, per zone, by SHA-256 (same shape as the SQLite backend's). Kept in the
-- database so one backup holds everything. bytea holds up to 1 GB; the server's blob limit
-- (--max-blob, 25 MB by default) is far below it and bounds a request's memory, since a file is
-- read and written whole. PostgreSQL moves large values out of line (TOAST) by itself.
CREATE TABLE blobs (
  zone_id    BIGINT NOT NULL REFERENCES zones(id),
  sha256     TEXT NOT NULL,                 -- of data, checked on upload
  preview_of TEXT,                          -- a photo's downscaled copy: its original's hash
  size       BIGINT NOT NULL,
  data       BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (zone_id, sha256)
);

-- Asking for a photo's original finds its copy.
CREATE INDEX blobs_preview ON blobs(zone_id, preview_of) WHERE preview_of IS NOT NULL;
