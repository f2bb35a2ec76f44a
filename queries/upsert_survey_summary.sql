-- upsert_survey_summary.sql: add or update aggregated means (mean, n, sd) from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO survey_summary BY NAME
SELECT
    CAST(survey_id AS TEXT) AS survey_id,
    CAST(period AS TEXT) AS period,
    CAST(unit_id AS TEXT) AS unit_id,
    CAST(question_id AS TEXT) AS question_id,
    CAST(mean AS DOUBLE) AS mean,
    CAST(n AS INTEGER) AS n,
    CAST(sd AS DOUBLE) AS sd
FROM incoming
EXCEPT
SELECT * FROM survey_summary
