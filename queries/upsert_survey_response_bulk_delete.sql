-- upsert_survey_response_bulk_delete.sql: step 2 of 3 of a bulk upsert of respondent answers: delete the stored
-- rows that changed_survey_response replaces (same key, other values).
-- Parameters: none (runs after upsert_survey_response_bulk_changes.sql).
-- Returns: the number of rows deleted (they come back changed in step 3).
DELETE FROM survey_response s
USING changed_survey_response c
WHERE s.survey_id = c.survey_id
  AND s.period = c.period
  AND s.respondent_id = c.respondent_id
  AND s.question_id = c.question_id
  AND s.code = c.code
