-- 0002: liaisons (联点 / 包联 / 挂钩联系): a cadre paired with an enterprise (or, later, a
-- project) for a period. Ending one sets end_date; rows are never removed, so the history of
-- who looked after an enterprise stays. "Current" means end_date IS NULL.

CREATE TABLE liaisons (
  id            TEXT PRIMARY KEY,
  cadre_id      TEXT NOT NULL REFERENCES cadres(id),
  enterprise_id TEXT REFERENCES enterprises(id),
  project_id    TEXT,              -- projects come later; no foreign key yet
  role          TEXT NOT NULL,     -- lead (联点干部/包联责任人) | leader (包联领导) | specialist (服务专员)
  start_date    TEXT NOT NULL,     -- YYYY-MM-DD
  end_date      TEXT,              -- YYYY-MM-DD; NULL while current
  note          TEXT,
  deleted       INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;

-- The current liaisons of an enterprise (detail page, duplicate check, reassign) and of a
-- cadre (workload counts, the cadre's enterprises): partial indexes hold only live, current rows.
CREATE INDEX liaisons_enterprise_current ON liaisons(enterprise_id, role, cadre_id)
  WHERE deleted = 0 AND end_date IS NULL;
CREATE INDEX liaisons_cadre_current ON liaisons(cadre_id, role)
  WHERE deleted = 0 AND end_date IS NULL;
-- Full history, current and past.
CREATE INDEX liaisons_enterprise ON liaisons(enterprise_id, start_date) WHERE deleted = 0;
CREATE INDEX liaisons_cadre ON liaisons(cadre_id, start_date) WHERE deleted = 0;
CREATE INDEX liaisons_start ON liaisons(start_date) WHERE deleted = 0;
CREATE INDEX liaisons_project ON liaisons(project_id) WHERE project_id IS NOT NULL AND deleted = 0;
