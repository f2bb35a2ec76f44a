-- survey_summaries.sql: aggregated results delivered as mean, n and standard deviation.
-- Parameters: $survey_id.
-- Columns: period, unit_id, question_id, mean, n, sd.
SELECT period, unit_id, question_id, mean, n, sd
FROM survey_summary
WHERE survey_id = $survey_id
