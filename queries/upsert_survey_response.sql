-- upsert_survey_response.sql: add or update respondent answers from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO survey_response BY NAME
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
