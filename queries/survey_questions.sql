-- survey_questions.sql: one survey's questions with their dimension, scale and thresholds.
-- Parameters: $survey_id.
-- Columns: survey_id, question_id, text, multi, scale_min, scale_max, low_max, high_min,
--   question_order, dimension_id, dimension, indicator_id, dimension_order.
SELECT q.survey_id, q.question_id, q.text, q.multi, q.scale_min, q.scale_max, q.low_max,
       q.high_min, q.sort_order AS question_order, q.dimension_id, d.name AS dimension,
       d.indicator_id, d.sort_order AS dimension_order
FROM survey_question q
JOIN survey_dimension d ON d.survey_id = q.survey_id AND d.dimension_id = q.dimension_id
WHERE q.survey_id = $survey_id
ORDER BY d.sort_order, q.sort_order
