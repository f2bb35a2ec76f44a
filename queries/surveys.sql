-- surveys.sql: every survey with its number of questions and the periods it has results for.
-- Parameters: none.
-- Columns: survey_id, name, kind, sort_order, questions, first_period, last_period, periods
--   (periods is a list of period codes with respondent-level or aggregated results).
WITH periods AS (
    SELECT survey_id, period FROM survey_response
    UNION SELECT survey_id, period FROM survey_count
    UNION SELECT survey_id, period FROM survey_summary
)
SELECT s.survey_id, s.name, s.kind, s.sort_order,
       (SELECT count(*) FROM survey_question q WHERE q.survey_id = s.survey_id) AS questions,
       min(p.period) AS first_period, max(p.period) AS last_period,
       list(p.period ORDER BY p.period) FILTER (WHERE p.period IS NOT NULL) AS periods
FROM survey s
LEFT JOIN periods p ON p.survey_id = s.survey_id
GROUP BY ALL
ORDER BY s.sort_order, s.survey_id
