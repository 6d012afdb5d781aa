-- 0012: attachments (photos and documents) on issues, engagements and projects. The row is an
-- entity like any other (the write path logs it, sync will carry it); the file itself lives
-- content-addressed in the data folder's attachments/ under its SHA-256, so the same bytes
-- are stored once however many rows name them. A photo also has a thumbnail and a downscaled
-- copy there (derived from the original, named after its hash).

CREATE TABLE attachments (
  id         TEXT PRIMARY KEY,
  owner_kind TEXT NOT NULL,            -- issue | engagement | project
  owner_id   TEXT NOT NULL,            -- the owner's id (one of three tables, so no foreign key)
  sha256     TEXT NOT NULL,            -- the original file's hash, lower-case hex
  file_name  TEXT NOT NULL,            -- as the user's file was called
  mime       TEXT NOT NULL,
  byte_size  INTEGER NOT NULL,
  kind       TEXT NOT NULL,            -- photo | document
  role       TEXT,                     -- a project's photo: before (施工前) | after (施工后) | other (过程)
  caption    TEXT,
  width      INTEGER,                  -- a photo's, as shown (after its EXIF orientation)
  height     INTEGER,
  deleted    INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- An owner's attachments in the order they were added; a page of owners' photo counts.
CREATE INDEX attachments_owner ON attachments(owner_id, created_at) WHERE deleted = 0;
-- Whether any live row still names a file (delete and garbage collection).
CREATE INDEX attachments_sha ON attachments(sha256) WHERE deleted = 0;
