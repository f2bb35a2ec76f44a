-- indicator_municipalities.sql: one indicator across every municipality with a reference series
-- (4-digit kommune numbers in reference_value, e.g. KOSTRA), per period, with each one's
-- KOSTRA group average, the national average (EAK) and its rank. For benchmarking a
-- municipality against all others, and for the national store (`bms demo --scale national`),
-- where a municipality is an org unit whose parent is its KOSTRA group (unit_type
-- 'kostragruppe'); in a single municipality's store the group columns are NULL.
-- Parameters:
--   $indicator_id  the indicator
--   $as_of         DATE; periods ending after it are left out
-- Columns: region (kommune number), name, kostra_group, kostra_group_name, period,
--   period_label, period_end, value, group_value, national_value, rank (1 = best in the period,
--   by the indicator's direction), municipalities (how many have a value in the period)
WITH series AS (
    SELECT rv.region, rv.region_name, rv.period, rv.value, p.label, p.end_date
    FROM reference_value rv
    JOIN period p ON p.period = rv.period
    WHERE rv.indicator_id = $indicator_id AND p.end_date <= $as_of
),
kommuner AS (
    SELECT s.*, g.unit_id AS kostra_group, g.name AS kostra_group_name
    FROM series s
    LEFT JOIN org_unit u ON u.unit_id = s.region
    LEFT JOIN org_unit g ON g.unit_id = u.parent_id AND g.unit_type = 'kostragruppe'
    WHERE regexp_full_match(s.region, '[0-9]{4}')
),
better AS (
    SELECT CASE WHEN direction = 'lower' THEN 1.0 ELSE -1.0 END AS sign
    FROM indicator
    WHERE indicator_id = $indicator_id
)
SELECT k.region, coalesce(k.region_name, k.region) AS name, k.kostra_group,
       k.kostra_group_name, k.period, k.label AS period_label, k.end_date AS period_end,
       k.value, grp.value AS group_value, nat.value AS national_value,
       rank() OVER (PARTITION BY k.period
                    ORDER BY k.value * coalesce((SELECT sign FROM better), -1.0)) AS rank,
       count(*) OVER (PARTITION BY k.period) AS municipalities
FROM kommuner k
LEFT JOIN series grp ON grp.region = k.kostra_group AND grp.period = k.period
LEFT JOIN series nat ON nat.region = 'EAK' AND nat.period = k.period
ORDER BY k.end_date, rank, k.region
