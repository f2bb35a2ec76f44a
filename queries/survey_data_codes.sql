-- survey_data_codes.sql: every (survey, question, answer code) that has stored answers, so a
-- new definition can be refused when it would orphan them. Summaries have no code ('').
-- Parameters: none.
-- Columns: survey_id, question_id, code.
SELECT DISTINCT survey_id, question_id, code FROM survey_response
UNION
SELECT DISTINCT survey_id, question_id, code FROM survey_count
UNION
SELECT DISTINCT survey_id, question_id, '' AS code FROM survey_summary
