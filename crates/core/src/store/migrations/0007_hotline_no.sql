-- 0007: a 12345 hotline work order's own number (工单编号), kept on the issue it became, so the
-- office can answer the platform by its number and a second import of the same export adds nothing.
ALTER TABLE issues ADD COLUMN hotline_no TEXT;
CREATE INDEX issues_hotline_no ON issues(hotline_no) WHERE hotline_no IS NOT NULL AND deleted = 0;
