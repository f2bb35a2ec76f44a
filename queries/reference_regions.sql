-- reference_regions.sql: the regions that have a reference series (EAK, EAKUO, KOSTRA groups,
-- municipalities), each once, for the list of valid `referanse` values in a dashboard URL.
-- One small row per region, so the list never needs every reference value in Python. The
-- name is the one of the region's first series (lowest indicator id, earliest period), as
-- reference_series.sql would list it first.
-- Parameters:
--   $as_of   DATE; periods ending after it are left out
-- Columns: region, region_name
SELECT rv.region,
       arg_min(coalesce(rv.region_name, rv.region), (rv.indicator_id, p.end_date)) AS region_name
FROM reference_value rv
JOIN period p ON p.period = rv.period
WHERE p.end_date <= $as_of
GROUP BY rv.region
ORDER BY CASE WHEN rv.region = 'EAK' THEN 0 WHEN rv.region = 'EAKUO' THEN 1 ELSE 2 END,
         rv.region
