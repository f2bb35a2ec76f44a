-- upsert_survey_response_bulk_changes.sql: step 1 of 3 of a bulk upsert of respondent answers: collect the rows
-- of the view `incoming` that are new or differ from the stored ones in the temporary table
-- changed_survey_response. For hundreds of thousands of rows this and the two steps after it are several
-- times faster than INSERT OR REPLACE, which checks every row against the key index.
-- Parameters: none (the importer registers the validated rows as `incoming`).
CREATE OR REPLACE TEMP TABLE changed_survey_response AS
SELECT
    CAST(survey_id AS TEXT) AS survey_id,
    CAST(period AS TEXT) AS period,
    CAST(unit_id AS TEXT) AS unit_id,
    CAST(respondent_id AS TEXT) AS respondent_id,
    CAST(question_id AS TEXT) AS question_id,
    CAST(code AS TEXT) AS code
FROM incoming
EXCEPT
SELECT * FROM survey_response
