-- 0010: projects (民生实事 and 重点项目), their milestones (节点) and dated progress log, and
-- issues raised on a project. A project's 挂钩联系人 are liaisons with project_id set (0002).
-- due_on is derived by core (model/project): the earliest due date of a milestone not done,
-- or the planned finish, while the project is not finished; flags are date ranges over it.

CREATE TABLE projects (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL,      -- livelihood (民生实事) | key (重点项目)
  category         TEXT NOT NULL,      -- roads | lights | drainage | ... | investment | construction
  year             INTEGER,            -- 年度, for a year's 民生实事 list
  location         TEXT,
  street_id        TEXT REFERENCES departments(id),
  community_id     TEXT REFERENCES departments(id),
  department_id    TEXT REFERENCES departments(id),  -- 责任单位
  content          TEXT,               -- 建设内容
  budget_fen       INTEGER,
  spent_fen        INTEGER,
  quantity         REAL,               -- 132 (盏), 160 (米)
  unit             TEXT,
  beneficiaries    INTEGER,            -- 15 (户)
  beneficiary_unit TEXT,
  planned_start    TEXT,               -- YYYY-MM-DD
  planned_finish   TEXT,
  actual_start     TEXT,
  actual_finish    TEXT,
  status           TEXT NOT NULL,      -- planning | building | finished | accepted | paused
  progress         INTEGER NOT NULL DEFAULT 0,   -- percent
  due_on           TEXT,               -- derived, see above
  note             TEXT,
  deleted          INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

-- The list sorts by due_on (the most urgent first) by default; each filter gets an index
-- ending in it, and a flag filter is a due_on range.
CREATE INDEX projects_due ON projects(due_on) WHERE deleted = 0;
CREATE INDEX projects_kind ON projects(kind, due_on) WHERE deleted = 0;
CREATE INDEX projects_status ON projects(status, due_on) WHERE deleted = 0;
CREATE INDEX projects_street ON projects(street_id, due_on) WHERE deleted = 0;
CREATE INDEX projects_department ON projects(department_id, due_on) WHERE deleted = 0;
CREATE INDEX projects_name ON projects(name) WHERE deleted = 0;

CREATE TABLE project_milestones (
  id         TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  name       TEXT NOT NULL,
  due_on     TEXT NOT NULL,
  done_on    TEXT,
  note       TEXT,
  deleted    INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX project_milestones_project ON project_milestones(project_id, due_on) WHERE deleted = 0;

-- Append-only, like issue events: two devices adding entries never overwrite each other.
CREATE TABLE project_logs (
  id         TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  on_date    TEXT NOT NULL,
  progress   INTEGER,                  -- the progress reported that day, percent
  content    TEXT NOT NULL,
  actor      TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX project_logs_project ON project_logs(project_id, on_date) WHERE deleted = 0;

-- A 重点项目's land or approval problem is an issue on the project.
ALTER TABLE issues ADD COLUMN project_id TEXT REFERENCES projects(id);
CREATE INDEX issues_project ON issues(project_id, registered_on) WHERE project_id IS NOT NULL AND deleted = 0;

-- A project's current 挂钩联系人 and its history.
CREATE INDEX liaisons_project_current ON liaisons(project_id, role, cadre_id)
  WHERE project_id IS NOT NULL AND deleted = 0 AND end_date IS NULL;
