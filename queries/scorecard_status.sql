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
--   period_end, value, n, previous_period, measured_for_unit (TRUE when the unit has any
--   measurement of the indicator, so unit views can leave out municipality-wide ones),
--   previous_value, target_form, goal, lower_limit, reference_region, reference_value,
--   decision, unit_target (TRUE when the target in force was set for this unit itself, so a
--   unit view keeps a unit's own target even before its first result)
-- Plan (issue #7, ≤ 50 ms on the national store): the unit's measurements are read once
-- (`um`, one or two row groups since measurements are stored in unit order) and reduced per
-- indicator with aggregates instead of windows: arg_max by (end_date, start_date) is "the
-- latest period on or before $as_of" (periods never share both dates), and a group existing at
-- all is measured_for_unit, which replaces an EXISTS subquery per indicator. The target in
-- force is arg_max by (own unit first, newest valid_from_date), the same order the rule states.
-- tests/scorecard/test_status_query.py checks this against the plain formulation kept in
-- tests/fixtures/scorecard_status_reference.sql, row for row, over every unit and period.
WITH um AS (
    SELECT m.indicator_id, m.period, m.value, m.n, p.label, p.start_date, p.end_date, p.previous
    FROM measurement m
    JOIN period p ON p.period = m.period
    WHERE m.unit_id = $unit_id
),
per_indicator AS (
    SELECT indicator_id,
           arg_max(struct_pack(period, value, n, label, start_date, end_date, previous),
                   struct_pack(end_date, start_date)) FILTER (WHERE end_date <= $as_of) AS l
    FROM um
    GROUP BY indicator_id
),
base AS (
    SELECT sc.scorecard_id, sc.name AS scorecard, sc.kind AS scorecard_kind,
           sc.sort_order AS scorecard_order,
           fa.focus_area_id, fa.name AS focus_area, fa.goal AS focus_goal,
           fa.sort_order AS focus_order,
           sf.success_factor_id, sf.name AS success_factor,
           i.indicator_id, i.name AS indicator, i.unit_of_measure, i.direction, i.method,
           i.decimals, i.sort_order AS indicator_order,
           pi.l.period, pi.l.label AS period_label, pi.l.end_date AS period_end, pi.l.value, pi.l.n,
           pi.l.previous AS previous_period,
           pi.indicator_id IS NOT NULL AS measured_for_unit
    FROM indicator i
    JOIN success_factor sf ON sf.success_factor_id = i.success_factor_id
    JOIN focus_area fa ON fa.focus_area_id = sf.focus_area_id
    JOIN scorecard sc ON sc.scorecard_id = fa.scorecard_id
    LEFT JOIN per_indicator pi ON pi.indicator_id = i.indicator_id
    WHERE $scorecard_id IS NULL OR sc.scorecard_id = $scorecard_id
),
-- The target in force: a unit's own target beats the all-units one; then the newest.
chosen_target AS (
    SELECT t.indicator_id,
           arg_max(struct_pack(t.form, t.goal, t.lower_limit, t.reference_region, t.decision,
                               target_unit := t.unit_id),
                   struct_pack(own := t.unit_id IS NOT NULL, t.valid_from_date)) AS t
    FROM target t
    LEFT JOIN per_indicator pi ON pi.indicator_id = t.indicator_id
    WHERE (t.unit_id = $unit_id OR t.unit_id IS NULL)
      AND t.valid_from_date <= coalesce(pi.l.start_date, CAST($as_of AS DATE))
      AND (t.valid_to_date IS NULL
           OR t.valid_to_date >= coalesce(pi.l.end_date, CAST($as_of AS DATE)))
    GROUP BY t.indicator_id
)
SELECT b.*,
       prev.value AS previous_value,
       ct.t.form AS target_form, ct.t.goal, ct.t.lower_limit, ct.t.reference_region,
       rv.value AS reference_value, ct.t.decision,
       coalesce(ct.t.target_unit IS NOT NULL, FALSE) AS unit_target
FROM base b
LEFT JOIN um prev
       ON prev.indicator_id = b.indicator_id AND prev.period = b.previous_period
LEFT JOIN chosen_target ct ON ct.indicator_id = b.indicator_id
LEFT JOIN reference_value rv
       ON rv.indicator_id = b.indicator_id AND rv.region = ct.t.reference_region
      AND rv.period = b.period
ORDER BY b.scorecard_order, b.focus_order, b.indicator_order
