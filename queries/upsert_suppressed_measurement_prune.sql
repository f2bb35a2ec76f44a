-- upsert_suppressed_measurement_prune.sql: the second half of upserting the «skjult» markers:
-- a marker stands only where the measurement has no value, so when a group has grown past the
-- minimum and its measurement got a value, its old marker goes. Run after the measurements.
-- Parameters: none.
-- Returns: the number of markers deleted.
DELETE FROM suppressed_measurement s
WHERE EXISTS (SELECT 1 FROM measurement m
              WHERE m.indicator_id = s.indicator_id AND m.unit_id = s.unit_id
                AND m.period = s.period AND m.value IS NOT NULL)
