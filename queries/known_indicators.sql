-- known_indicators.sql: every indicator with what import validation needs to know of it.
-- Parameters: none.
-- Columns: indicator_id, name, direction, scale_min, scale_max.
SELECT indicator_id, name, direction, scale_min, scale_max FROM indicator
