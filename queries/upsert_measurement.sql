-- upsert_measurement.sql: add or update measurements from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO measurement BY NAME
SELECT
    CAST(indicator_id AS TEXT) AS indicator_id,
    CAST(unit_id AS TEXT) AS unit_id,
    CAST(period AS TEXT) AS period,
    CAST(value AS DOUBLE) AS value,
    CAST(n AS INTEGER) AS n
FROM incoming
EXCEPT
SELECT * FROM measurement
