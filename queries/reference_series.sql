-- reference_series.sql: the reference series (benchmarks) of one indicator, or of all, for the
-- trend chart's comparison line and its picker: the national average (EAK), without Oslo
-- (EAKUO), KOSTRA groups (EKG..) or peer municipalities. The dashboards ask per indicator: a
-- national store holds 2,2 million reference values, too many to turn into Python objects.
-- Parameters:
--   $as_of          DATE; periods ending after it are left out
--   $indicator_id   an indicator id, or NULL for every indicator
-- Columns: indicator_id, region, region_name, period, value
SELECT rv.indicator_id, rv.region, coalesce(rv.region_name, rv.region) AS region_name,
       rv.period, rv.value
FROM reference_value rv
JOIN period p ON p.period = rv.period
WHERE p.end_date <= $as_of
  AND ($indicator_id IS NULL OR rv.indicator_id = $indicator_id)
ORDER BY rv.indicator_id,
         CASE WHEN rv.region = 'EAK' THEN 0 WHEN rv.region = 'EAKUO' THEN 1 ELSE 2 END,
         rv.region, p.end_date
