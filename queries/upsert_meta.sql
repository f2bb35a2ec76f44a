-- upsert_meta.sql: add or update the store's key/value facts from the view `incoming`.
-- Parameters: none (the importer registers the rows as `incoming`).
-- Returns: the number of facts added or changed.
INSERT OR REPLACE INTO meta BY NAME
SELECT
    CAST(key AS TEXT) AS key,
    CAST(value AS TEXT) AS value
FROM incoming
EXCEPT
SELECT * FROM meta
