-- latest_period.sql: the newest period that has any measurement.
-- Parameters: none.
-- Columns: period, end_date.
SELECT p.period, p.end_date
FROM period p
WHERE EXISTS (SELECT 1 FROM measurement m WHERE m.period = p.period)
ORDER BY p.end_date DESC, p.start_date ASC
LIMIT 1
