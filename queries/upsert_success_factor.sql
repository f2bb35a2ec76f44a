-- upsert_success_factor.sql: add or update success factors from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO success_factor BY NAME
SELECT
    CAST(success_factor_id AS TEXT) AS success_factor_id,
    CAST(focus_area_id AS TEXT) AS focus_area_id,
    CAST(name AS TEXT) AS name,
    CAST(sort_order AS INTEGER) AS sort_order
FROM incoming
EXCEPT
SELECT * FROM success_factor
