-- survey_question_respondents.sql: how many respondents answered each question (any code),
-- per period and unit. For a multi-response question this is the base of «share of
-- respondents»; for the others it equals the sum of the counts.
-- Parameters: $survey_id.
-- Columns: period, unit_id, question_id, respondents.
SELECT period, unit_id, question_id, count(DISTINCT respondent_id) AS respondents
FROM survey_response
WHERE survey_id = $survey_id
GROUP BY ALL
UNION ALL
SELECT period, unit_id, question_id, coalesce(max(n), sum(count)) AS respondents
FROM survey_count
WHERE survey_id = $survey_id
GROUP BY ALL
