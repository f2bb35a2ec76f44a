-- suppressed_measurements.sql: one unit's measurements that a survey import left without a
-- value to protect a small group, with the marker to show instead of a number.
-- Parameters: $unit_id.
-- Columns: indicator_id, period, reason.
SELECT indicator_id, period, reason
FROM suppressed_measurement
WHERE unit_id = $unit_id
ORDER BY indicator_id, period
