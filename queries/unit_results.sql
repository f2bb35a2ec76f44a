-- unit_results.sql: each unit's latest result for each indicator measured for it, with the
-- previous result, the target in force for that unit and the reference value, so the per-unit
-- views ("which units are red?") get their status from bmsdata.scorecard.status like every other
-- view. The whole municipality (the unit without a parent) is left out; so are units closed
-- before $as_of. The dashboards ask per indicator or per parent unit, never for the whole
-- store: at national scale (21 795 units) that would be 300 000 rows through the status rules.
-- Parameters:
--   $as_of          DATE; the latest measurement whose period ends on or before it is used
--   $indicator_id   an indicator id, or NULL for every indicator
--   $parent_id      only the units directly under this unit, or NULL for every unit
-- Columns: unit_id, unit_name, unit_type, valid_to, successor_id, indicator_id, indicator,
--   focus_area_id, focus_area, scorecard_id, direction, decimals, unit_of_measure, period,
--   period_label, value, n, previous_period, previous_value, target_form, goal, lower_limit,
--   reference_region, reference_value, decision
WITH latest AS (
    SELECT m.indicator_id, m.unit_id, m.period, m.value, m.n, p.label, p.start_date,
           p.end_date, p.previous,
           row_number() OVER (PARTITION BY m.indicator_id, m.unit_id
                              ORDER BY p.end_date DESC, p.start_date DESC) AS rn
    FROM measurement m
    JOIN period p ON p.period = m.period
    WHERE p.end_date <= $as_of
      AND ($indicator_id IS NULL OR m.indicator_id = $indicator_id)
      AND ($parent_id IS NULL OR m.unit_id IN (SELECT c.unit_id FROM org_unit c
                                               WHERE c.parent_id = $parent_id))
),
base AS (
    SELECT l.indicator_id, l.unit_id, l.period, l.value, l.n, l.label AS period_label,
           l.start_date, l.end_date, l.previous AS previous_period,
           u.name AS unit_name, u.unit_type, u.valid_to, u.successor_id,
           i.name AS indicator, i.direction, i.decimals, i.unit_of_measure,
           i.sort_order AS indicator_order,
           fa.focus_area_id, fa.name AS focus_area, fa.scorecard_id
    FROM latest l
    JOIN org_unit u ON u.unit_id = l.unit_id
    JOIN indicator i ON i.indicator_id = l.indicator_id
    JOIN success_factor sf ON sf.success_factor_id = i.success_factor_id
    JOIN focus_area fa ON fa.focus_area_id = sf.focus_area_id
    WHERE l.rn = 1 AND u.parent_id IS NOT NULL
      AND ($parent_id IS NULL OR u.parent_id = $parent_id)
      AND (u.valid_to IS NULL OR u.valid_to >= $as_of)
),
-- The target in force: the unit's own target beats the all-units one; then the newest.
chosen_target AS (
    SELECT b.indicator_id, b.unit_id, t.form, t.goal, t.lower_limit, t.reference_region,
           t.decision,
           row_number() OVER (PARTITION BY b.indicator_id, b.unit_id
                              ORDER BY (t.unit_id IS NULL), t.valid_from_date DESC) AS rn
    FROM base b
    JOIN target t ON t.indicator_id = b.indicator_id
    WHERE ($indicator_id IS NULL OR t.indicator_id = $indicator_id) AND (t.unit_id = b.unit_id OR t.unit_id IS NULL)
      AND t.valid_from_date <= b.start_date
      AND (t.valid_to_date IS NULL OR t.valid_to_date >= b.end_date)
)
SELECT b.unit_id, b.unit_name, b.unit_type, b.valid_to, b.successor_id, b.indicator_id,
       b.indicator, b.focus_area_id, b.focus_area, b.scorecard_id, b.direction, b.decimals,
       b.unit_of_measure, b.period, b.period_label, b.value, b.n, b.previous_period,
       prev.value AS previous_value,
       ct.form AS target_form, ct.goal, ct.lower_limit, ct.reference_region,
       rv.value AS reference_value, ct.decision
FROM base b
LEFT JOIN measurement prev
       ON prev.indicator_id = b.indicator_id AND prev.unit_id = b.unit_id
      AND prev.period = b.previous_period
      AND ($indicator_id IS NULL OR prev.indicator_id = $indicator_id)
LEFT JOIN chosen_target ct
       ON ct.indicator_id = b.indicator_id AND ct.unit_id = b.unit_id AND ct.rn = 1
LEFT JOIN reference_value rv
       ON rv.indicator_id = b.indicator_id AND rv.region = ct.reference_region
      AND rv.period = b.period
      AND ($indicator_id IS NULL OR rv.indicator_id = $indicator_id)
ORDER BY b.indicator_order, b.unit_name
