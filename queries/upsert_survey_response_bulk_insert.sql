-- upsert_survey_response_bulk_insert.sql: step 3 of 3 of a bulk upsert of respondent answers: insert the new and
-- changed rows.
-- Parameters: none (runs after upsert_survey_response_bulk_delete.sql).
-- Returns: the number of rows added or changed; 0 when the import changes nothing.
INSERT INTO survey_response BY NAME
SELECT * FROM changed_survey_response
