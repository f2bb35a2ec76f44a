-- indicator_catalogue.sql: every indicator with its place in the målekart and how and how
-- often it is measured, for the årshjul (which result loop feeds which focus area).
-- Parameters: none.
-- Columns: indicator_id, indicator, method, source, frequency, focus_area_id, focus_area,
--   scorecard_id, scorecard, scorecard_kind
SELECT i.indicator_id, i.name AS indicator, i.method, i.source, i.frequency,
       fa.focus_area_id, fa.name AS focus_area, sc.scorecard_id, sc.name AS scorecard,
       sc.kind AS scorecard_kind
FROM indicator i
JOIN success_factor sf ON sf.success_factor_id = i.success_factor_id
JOIN focus_area fa ON fa.focus_area_id = sf.focus_area_id
JOIN scorecard sc ON sc.scorecard_id = fa.scorecard_id
ORDER BY sc.kind = 'administrativ', sc.sort_order, fa.sort_order, i.sort_order
