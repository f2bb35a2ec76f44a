-- scorecard_status.sql: every indicator of the målekart with its latest result for one unit,
-- the previous result, the target in force and the reference value. Status itself is decided
-- in Python by bmsdata.scorecard.status, the one place the rules live.
-- Parameters:
--   $unit_id       the org unit (the root unit is the whole municipality)
--   $as_of         DATE; the latest measurement whose period ends on or before it is used
--   $scorecard_id  a scorecard id, or NULL for all scorecards
-- Columns: scorecard_id, scorecard, scorecard_kind, scorecard_order, focus_area_id, focus_area,
--   focus_goal, focus_order, success_factor_id, success_factor, indicator_id, indicator,
--   unit_of_measure, direction, method, decimals, indicator_order, period, period_label,
--   period_end, value, n, previous_period, previous_value, target_form, goal, lower_limit,
--   reference_region, reference_value, decision, measured_for_unit (TRUE when the unit has
--   any measurement of the indicator, so unit views can leave out municipality-wide ones),
--   unit_target (TRUE when the target in force was set for this unit itself, so a unit view
--   keeps a unit's own target even before its first result)
WITH latest AS (
    SELECT m.indicator_id, m.period, m.value, m.n, p.label, p.start_date, p.end_date, p.previous,
           row_number() OVER (PARTITION BY m.indicator_id
                              ORDER BY p.end_date DESC, p.start_date DESC) AS rn
    FROM measurement m
    JOIN period p ON p.period = m.period
    WHERE m.unit_id = $unit_id AND p.end_date <= $as_of
),
base AS (
    SELECT sc.scorecard_id, sc.name AS scorecard, sc.kind AS scorecard_kind,
           sc.sort_order AS scorecard_order,
           fa.focus_area_id, fa.name AS focus_area, fa.goal AS focus_goal,
           fa.sort_order AS focus_order,
           sf.success_factor_id, sf.name AS success_factor,
           i.indicator_id, i.name AS indicator, i.unit_of_measure, i.direction, i.method,
           i.decimals, i.sort_order AS indicator_order,
           l.period, l.label AS period_label, l.end_date AS period_end, l.value, l.n,
           l.previous AS previous_period,
           EXISTS (SELECT 1 FROM measurement mu
                   WHERE mu.indicator_id = i.indicator_id AND mu.unit_id = $unit_id)
               AS measured_for_unit,
           coalesce(l.start_date, CAST($as_of AS DATE)) AS target_start,
           coalesce(l.end_date, CAST($as_of AS DATE)) AS target_end
    FROM indicator i
    JOIN success_factor sf ON sf.success_factor_id = i.success_factor_id
    JOIN focus_area fa ON fa.focus_area_id = sf.focus_area_id
    JOIN scorecard sc ON sc.scorecard_id = fa.scorecard_id
    LEFT JOIN latest l ON l.indicator_id = i.indicator_id AND l.rn = 1
    WHERE $scorecard_id IS NULL OR sc.scorecard_id = $scorecard_id
),
-- The target in force: a unit's own target beats the all-units one; then the newest.
chosen_target AS (
    SELECT b.indicator_id, t.form, t.goal, t.lower_limit, t.reference_region, t.decision,
           t.unit_id AS target_unit,
           row_number() OVER (PARTITION BY b.indicator_id
                              ORDER BY (t.unit_id IS NULL), t.valid_from_date DESC) AS rn
    FROM base b
    JOIN target t ON t.indicator_id = b.indicator_id
    WHERE (t.unit_id = $unit_id OR t.unit_id IS NULL)
      AND t.valid_from_date <= b.target_start
      AND (t.valid_to_date IS NULL OR t.valid_to_date >= b.target_end)
)
SELECT b.* EXCLUDE (target_start, target_end),
       prev.value AS previous_value,
       ct.form AS target_form, ct.goal, ct.lower_limit, ct.reference_region,
       rv.value AS reference_value, ct.decision,
       coalesce(ct.target_unit IS NOT NULL, FALSE) AS unit_target
FROM base b
LEFT JOIN measurement prev
       ON prev.indicator_id = b.indicator_id AND prev.unit_id = $unit_id
      AND prev.period = b.previous_period
LEFT JOIN chosen_target ct ON ct.indicator_id = b.indicator_id AND ct.rn = 1
LEFT JOIN reference_value rv
       ON rv.indicator_id = b.indicator_id AND rv.region = ct.reference_region
      AND rv.period = b.period
ORDER BY b.scorecard_order, b.focus_order, b.indicator_order
