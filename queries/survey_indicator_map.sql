-- survey_indicator_map.sql: the survey dimensions that feed scorecard indicators.
-- Parameters: none.
-- Columns: indicator_id, survey_id, dimension_id, decimals, scale_min, scale_max.
SELECT d.indicator_id, d.survey_id, d.dimension_id, i.decimals, i.scale_min, i.scale_max
FROM survey_dimension d
JOIN indicator i ON i.indicator_id = d.indicator_id
WHERE d.indicator_id IS NOT NULL
ORDER BY d.indicator_id, d.survey_id, d.dimension_id
