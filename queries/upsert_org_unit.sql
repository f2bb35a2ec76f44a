-- upsert_org_unit.sql: add or update org units from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO org_unit BY NAME
SELECT
    CAST(unit_id AS TEXT) AS unit_id,
    CAST(name AS TEXT) AS name,
    CAST(parent_id AS TEXT) AS parent_id,
    CAST(unit_type AS TEXT) AS unit_type,
    CAST(valid_from AS DATE) AS valid_from,
    CAST(valid_to AS DATE) AS valid_to,
    CAST(successor_id AS TEXT) AS successor_id
FROM incoming
EXCEPT
SELECT * FROM org_unit
