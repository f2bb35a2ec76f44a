-- indicator_trend.sql: one indicator's results for one unit, period by period up to $as_of,
-- with the target in force in each period and the reference value its relative target uses,
-- so the trend chart can draw the target band (goal/limit) the status rules applied.
-- Parameters:
--   $indicator_id   the indicator
--   $unit_id        the org unit (the root unit is the whole municipality)
--   $as_of          DATE; periods ending after it are left out
-- Columns: period, period_label, start_date, end_date, value, n, previous_value, direction,
--   decimals, target_form, goal, lower_limit, reference_region, reference_value
WITH series AS (
    SELECT m.period, p.label AS period_label, p.start_date, p.end_date, p.previous,
           m.value, m.n
    FROM measurement m
    JOIN period p ON p.period = m.period
    WHERE m.indicator_id = $indicator_id AND m.unit_id = $unit_id AND p.end_date <= $as_of
),
chosen_target AS (
    SELECT s.period, t.form, t.goal, t.lower_limit, t.reference_region,
           row_number() OVER (PARTITION BY s.period
                              ORDER BY (t.unit_id IS NULL), t.valid_from_date DESC) AS rn
    FROM series s
    JOIN target t ON t.indicator_id = $indicator_id
    WHERE (t.unit_id = $unit_id OR t.unit_id IS NULL)
      AND t.valid_from_date <= s.start_date
      AND (t.valid_to_date IS NULL OR t.valid_to_date >= s.end_date)
)
SELECT s.period, s.period_label, s.start_date, s.end_date, s.value, s.n,
       prev.value AS previous_value, i.direction, i.decimals,
       ct.form AS target_form, ct.goal, ct.lower_limit, ct.reference_region,
       rv.value AS reference_value
FROM series s
JOIN indicator i ON i.indicator_id = $indicator_id
LEFT JOIN measurement prev
       ON prev.indicator_id = $indicator_id AND prev.unit_id = $unit_id
      AND prev.period = s.previous
LEFT JOIN chosen_target ct ON ct.period = s.period AND ct.rn = 1
LEFT JOIN reference_value rv
       ON rv.indicator_id = $indicator_id AND rv.region = ct.reference_region
      AND rv.period = s.period
ORDER BY s.end_date, s.start_date DESC
