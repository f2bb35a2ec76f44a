-- upsert_survey_option.sql: add or update survey answer codes from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO survey_option BY NAME
SELECT
    CAST(survey_id AS TEXT) AS survey_id,
    CAST(question_id AS TEXT) AS question_id,
    CAST(code AS TEXT) AS code,
    CAST(label AS TEXT) AS label,
    CAST(role AS TEXT) AS role,
    CAST(score AS DOUBLE) AS score,
    CAST(sort_order AS INTEGER) AS sort_order
FROM incoming
EXCEPT
SELECT * FROM survey_option
