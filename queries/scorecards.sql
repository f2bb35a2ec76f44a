-- scorecards.sql: the målekart, political first.
-- Parameters: none.
-- Columns: scorecard_id, name, kind, sort_order.
SELECT scorecard_id, name, kind, sort_order
FROM scorecard
ORDER BY kind = 'administrativ', sort_order
