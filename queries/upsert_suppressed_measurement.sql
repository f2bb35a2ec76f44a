-- upsert_suppressed_measurement.sql: add or update markers for measurements hidden by small-group protection from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO suppressed_measurement BY NAME
SELECT
    CAST(indicator_id AS TEXT) AS indicator_id,
    CAST(unit_id AS TEXT) AS unit_id,
    CAST(period AS TEXT) AS period,
    CAST(reason AS TEXT) AS reason
FROM incoming
EXCEPT
SELECT * FROM suppressed_measurement
