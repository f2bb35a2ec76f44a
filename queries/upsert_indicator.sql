-- upsert_indicator.sql: add or update indicators from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO indicator BY NAME
SELECT
    CAST(indicator_id AS TEXT) AS indicator_id,
    CAST(success_factor_id AS TEXT) AS success_factor_id,
    CAST(name AS TEXT) AS name,
    CAST(unit_of_measure AS TEXT) AS unit_of_measure,
    CAST(direction AS TEXT) AS direction,
    CAST(method AS TEXT) AS method,
    CAST(source AS TEXT) AS source,
    CAST(frequency AS TEXT) AS frequency,
    CAST(scale_min AS DOUBLE) AS scale_min,
    CAST(scale_max AS DOUBLE) AS scale_max,
    CAST(decimals AS INTEGER) AS decimals,
    CAST(sort_order AS INTEGER) AS sort_order
FROM incoming
EXCEPT
SELECT * FROM indicator
