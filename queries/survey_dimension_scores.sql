-- survey_dimension_scores.sql: respondent scores per dimension, summed per period and unit. A
-- respondent's score is the mean of their own scale answers to the dimension's questions
-- («vet ikke» and «ikke aktuelt» left out); the sums let callers pool units up the org tree
-- and compute the standard deviation between respondents.
-- Parameters: $survey_id.
-- Columns: period, unit_id, dimension_id, n (respondents with a score), s1 (sum of scores),
--   s2 (sum of squared scores).
WITH scored AS (
    SELECT r.period, r.unit_id, q.dimension_id, r.respondent_id, avg(o.score) AS score
    FROM survey_response r
    JOIN survey_question q ON q.survey_id = r.survey_id AND q.question_id = r.question_id
    JOIN survey_option o
      ON o.survey_id = r.survey_id AND o.question_id = r.question_id AND o.code = r.code
    WHERE r.survey_id = $survey_id AND NOT q.multi AND o.role = 'skala'
    GROUP BY ALL
)
SELECT period, unit_id, dimension_id, count(*) AS n, sum(score) AS s1,
       sum(score * score) AS s2
FROM scored
GROUP BY ALL
