-- 0008: the FTS index gathers up to 64 MiB of new terms in memory before it writes a segment
-- (FTS5's default is 1 MiB). A bulk import of 100,000 enterprises puts 16 million trigrams
-- into it in one transaction; with the default it wrote and merged many small segments, about
-- a second of a 100,000-row import (BENCHMARKS.md). Ordinary writes never come near the limit.
INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', 67108864);
