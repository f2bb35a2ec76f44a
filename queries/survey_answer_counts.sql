-- survey_answer_counts.sql: how many answered each code, per period, unit and question, from
-- respondent-level answers and aggregated counts alike (a survey period holds one or the other).
-- Parameters: $survey_id.
-- Columns: period, unit_id, question_id, code, count.
SELECT period, unit_id, question_id, code, count(*) AS count
FROM survey_response
WHERE survey_id = $survey_id
GROUP BY ALL
UNION ALL
SELECT period, unit_id, question_id, code, count
FROM survey_count
WHERE survey_id = $survey_id
