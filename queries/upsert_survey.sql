-- upsert_survey.sql: add or update surveys from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO survey BY NAME
SELECT
    CAST(survey_id AS TEXT) AS survey_id,
    CAST(name AS TEXT) AS name,
    CAST(kind AS TEXT) AS kind,
    CAST(sort_order AS INTEGER) AS sort_order
FROM incoming
EXCEPT
SELECT * FROM survey
