-- upsert_survey_question.sql: add or update survey questions from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO survey_question BY NAME
SELECT
    CAST(survey_id AS TEXT) AS survey_id,
    CAST(question_id AS TEXT) AS question_id,
    CAST(dimension_id AS TEXT) AS dimension_id,
    CAST(text AS TEXT) AS text,
    CAST(multi AS BOOLEAN) AS multi,
    CAST(scale_min AS DOUBLE) AS scale_min,
    CAST(scale_max AS DOUBLE) AS scale_max,
    CAST(low_max AS DOUBLE) AS low_max,
    CAST(high_min AS DOUBLE) AS high_min,
    CAST(sort_order AS INTEGER) AS sort_order
FROM incoming
EXCEPT
SELECT * FROM survey_question
