-- upsert_reference_value.sql: add or update reference values from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO reference_value BY NAME
SELECT
    CAST(indicator_id AS TEXT) AS indicator_id,
    CAST(region AS TEXT) AS region,
    CAST(region_name AS TEXT) AS region_name,
    CAST(period AS TEXT) AS period,
    CAST(value AS DOUBLE) AS value
FROM incoming
EXCEPT
SELECT * FROM reference_value
