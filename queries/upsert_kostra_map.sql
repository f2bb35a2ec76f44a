-- upsert_kostra_map.sql: add or update KOSTRA table/content-code to indicator mappings from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO kostra_map BY NAME
SELECT
    CAST(table_id AS TEXT) AS table_id,
    CAST(contents_code AS TEXT) AS contents_code,
    CAST(filter AS TEXT) AS filter,
    CAST(indicator_id AS TEXT) AS indicator_id,
    CAST(own_measurement AS BOOLEAN) AS own_measurement
FROM incoming
EXCEPT
SELECT * FROM kostra_map
