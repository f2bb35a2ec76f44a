-- table_counts.sql: how many rows the store's main tables hold, for build reports and
-- benchmarks (`bms demo --scale national` prints them).
-- Parameters: none.
-- Columns: table_name, row_count
SELECT 'org_unit' AS table_name, count(*) AS row_count FROM org_unit
UNION ALL SELECT 'indicator', count(*) FROM indicator
UNION ALL SELECT 'target', count(*) FROM target
UNION ALL SELECT 'period', count(*) FROM period
UNION ALL SELECT 'measurement', count(*) FROM measurement
UNION ALL SELECT 'reference_value', count(*) FROM reference_value
UNION ALL SELECT 'survey_response', count(*) FROM survey_response
UNION ALL SELECT 'survey_summary', count(*) FROM survey_summary
