-- upsert_scorecard.sql: add or update scorecards from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO scorecard BY NAME
SELECT
    CAST(scorecard_id AS TEXT) AS scorecard_id,
    CAST(name AS TEXT) AS name,
    CAST(kind AS TEXT) AS kind,
    CAST(sort_order AS INTEGER) AS sort_order
FROM incoming
EXCEPT
SELECT * FROM scorecard
