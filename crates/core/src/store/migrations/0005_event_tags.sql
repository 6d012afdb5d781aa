-- 0005: timeline particulars in stable tags. Events stored Chinese words in their particulars
-- ({"satisfaction": "满意"}); they now store the vocabularies' tags ({"satisfaction":
-- "satisfied"}), tagged with the step ({"step": "feedback", ...}), and carry what the step did
-- to the issue so its row is the replay of its timeline: 当场办结 its result kind, 交办 its
-- batch, 撤销 the duplicated issue's id. The change log's copies are rewritten too: nothing has
-- been pushed yet, and a first sync must not carry the old form.

CREATE TEMP TABLE zh_tag (vocab TEXT NOT NULL, zh TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (vocab, zh));
INSERT INTO zh_tag VALUES
  ('source', '走访收集', 'visit'),
  ('source', '服务窗口', 'window'),
  ('source', '12345热线', 'hotline'),
  ('source', '连心墙电话', 'wall_phone'),
  ('source', '座谈会', 'forum'),
  ('source', '其他', 'other'),
  ('tier', '一般', 'general'),
  ('tier', '常规', 'regular'),
  ('tier', '重大', 'major'),
  ('result_kind', '已解决', 'solved'),
  ('result_kind', '部分解决', 'partly'),
  ('result_kind', '无法解决已解释', 'explained'),
  ('satisfaction', '满意', 'satisfied'),
  ('satisfaction', '基本满意', 'basic'),
  ('satisfaction', '不满意', 'unsatisfied'),
  ('withdraw_kind', '重复件', 'duplicate'),
  ('withdraw_kind', '无效件', 'invalid'),
  ('lookback_result', '未反弹', 'held'),
  ('lookback_result', '问题反弹', 'recurred');

UPDATE issue_events SET data = json_set(data, '$.source',
  (SELECT tag FROM zh_tag WHERE vocab = 'source' AND zh = json_extract(issue_events.data, '$.source')))
WHERE json_extract(data, '$.source') IN (SELECT zh FROM zh_tag WHERE vocab = 'source');
UPDATE issue_events SET data = json_set(data, '$.tier',
  (SELECT tag FROM zh_tag WHERE vocab = 'tier' AND zh = json_extract(issue_events.data, '$.tier')))
WHERE json_extract(data, '$.tier') IN (SELECT zh FROM zh_tag WHERE vocab = 'tier');
UPDATE issue_events SET data = json_set(data, '$.from',
  (SELECT tag FROM zh_tag WHERE vocab = 'tier' AND zh = json_extract(issue_events.data, '$.from')))
WHERE json_extract(data, '$.from') IN (SELECT zh FROM zh_tag WHERE vocab = 'tier');
UPDATE issue_events SET data = json_set(data, '$.to',
  (SELECT tag FROM zh_tag WHERE vocab = 'tier' AND zh = json_extract(issue_events.data, '$.to')))
WHERE json_extract(data, '$.to') IN (SELECT zh FROM zh_tag WHERE vocab = 'tier');
UPDATE issue_events SET data = json_set(data, '$.result_kind',
  (SELECT tag FROM zh_tag WHERE vocab = 'result_kind' AND zh = json_extract(issue_events.data, '$.result_kind')))
WHERE json_extract(data, '$.result_kind') IN (SELECT zh FROM zh_tag WHERE vocab = 'result_kind');
UPDATE issue_events SET data = json_set(data, '$.satisfaction',
  (SELECT tag FROM zh_tag WHERE vocab = 'satisfaction' AND zh = json_extract(issue_events.data, '$.satisfaction')))
WHERE json_extract(data, '$.satisfaction') IN (SELECT zh FROM zh_tag WHERE vocab = 'satisfaction');
UPDATE issue_events SET data = json_set(data, '$.withdraw_kind',
  (SELECT tag FROM zh_tag WHERE vocab = 'withdraw_kind' AND zh = json_extract(issue_events.data, '$.withdraw_kind')))
WHERE json_extract(data, '$.withdraw_kind') IN (SELECT zh FROM zh_tag WHERE vocab = 'withdraw_kind');
UPDATE issue_events SET data = json_set(data, '$.result',
  (SELECT tag FROM zh_tag WHERE vocab = 'lookback_result' AND zh = json_extract(issue_events.data, '$.result')))
WHERE kind = 'lookback' AND json_extract(data, '$.result') IN (SELECT zh FROM zh_tag WHERE vocab = 'lookback_result');

UPDATE issue_events SET data = json_set(data, '$.result_kind',
  coalesce((SELECT result_kind FROM issues WHERE issues.id = issue_events.issue_id), 'solved'))
WHERE kind = 'resolve_on_spot' AND json_extract(data, '$.result_kind') IS NULL;
UPDATE issue_events SET data = json_set(data, '$.result_kind', 'solved')
WHERE kind = 'resolve' AND json_extract(data, '$.result_kind') IS NULL;
UPDATE issue_events SET data = json_set(data, '$.working_days', 0)
WHERE kind = 'resolve' AND json_extract(data, '$.working_days') IS NULL;

UPDATE issue_events SET data = json_set(data, '$.batch_id',
  (SELECT batch_id FROM issues WHERE issues.id = issue_events.issue_id))
WHERE kind = 'assign' AND (SELECT batch_id FROM issues WHERE issues.id = issue_events.issue_id) IS NOT NULL;

UPDATE issue_events SET data = json_set(data, '$.duplicate_id',
  (SELECT id FROM issues WHERE issues.no = json_extract(issue_events.data, '$.duplicate_of')))
WHERE kind = 'withdraw' AND json_extract(data, '$.duplicate_of') IS NOT NULL;

UPDATE issue_events SET data = json_set(data, '$.step', kind);

UPDATE changes SET fields = json_set(fields, '$.data',
  json((SELECT data FROM issue_events WHERE issue_events.id = changes.row_id)))
WHERE entity = 'issue_events' AND json_extract(fields, '$.data') IS NOT NULL;

DROP TABLE zh_tag;
