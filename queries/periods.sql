-- periods.sql: the periods that have measurements, newest first, for period pickers.
-- Parameters: none.
-- Columns: period, kind, label, start_date, end_date.
SELECT p.period, p.kind, p.label, p.start_date, p.end_date
FROM period p
WHERE EXISTS (SELECT 1 FROM measurement m WHERE m.period = p.period)
ORDER BY p.end_date DESC, p.start_date DESC
