-- focus_areas.sql: every focus area with its scorecard, in scorecard order.
-- Parameters: none.
-- Columns: focus_area_id, name, goal, scorecard_id, scorecard, scorecard_kind.
SELECT fa.focus_area_id, fa.name, fa.goal, sc.scorecard_id, sc.name AS scorecard,
       sc.kind AS scorecard_kind
FROM focus_area fa
JOIN scorecard sc ON sc.scorecard_id = fa.scorecard_id
ORDER BY sc.kind = 'administrativ', sc.sort_order, fa.sort_order
