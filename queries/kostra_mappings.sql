-- kostra_mappings.sql: which KOSTRA table and statistikkvariabel feed which indicator.
-- Parameters: none.
-- Columns: table_id, contents_code, filter, indicator_id, own_measurement.
SELECT table_id, contents_code, filter, indicator_id, own_measurement
FROM kostra_map
ORDER BY table_id, contents_code, filter
