-- upsert_survey_count.sql: add or update aggregated answer counts from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO survey_count BY NAME
SELECT
    CAST(survey_id AS TEXT) AS survey_id,
    CAST(period AS TEXT) AS period,
    CAST(unit_id AS TEXT) AS unit_id,
    CAST(question_id AS TEXT) AS question_id,
    CAST(code AS TEXT) AS code,
    CAST(count AS INTEGER) AS count,
    CAST(n AS INTEGER) AS n
FROM incoming
EXCEPT
SELECT * FROM survey_count
