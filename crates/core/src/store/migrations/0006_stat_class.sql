-- 0006: the statistics office's classification of an enterprise (统计分类: 规模以上工业,
-- 资质以上建筑业, 限额以上批零住餐, 规模以上服务业 — together 四上 — or 规下), beside the
-- size class (大中小微) in `scale`. NULL: not known.
ALTER TABLE enterprises ADD COLUMN stat_class TEXT; -- industry | construction | trade | services | four_above | below
CREATE INDEX enterprises_stat_class ON enterprises(stat_class, name) WHERE deleted = 0;
