-- reference_series.sql: every reference series (benchmark) of the indicators, for the trend
-- chart's comparison line and its picker: the national average (EAK), without Oslo (EAKUO),
-- KOSTRA groups (EKG..) or peer municipalities.
-- Parameters:
--   $as_of   DATE; periods ending after it are left out
-- Columns: indicator_id, region, region_name, period, value
SELECT rv.indicator_id, rv.region, coalesce(rv.region_name, rv.region) AS region_name,
       rv.period, rv.value
FROM reference_value rv
JOIN period p ON p.period = rv.period
WHERE p.end_date <= $as_of
ORDER BY rv.indicator_id,
         CASE WHEN rv.region = 'EAK' THEN 0 WHEN rv.region = 'EAKUO' THEN 1 ELSE 2 END,
         rv.region, p.end_date
