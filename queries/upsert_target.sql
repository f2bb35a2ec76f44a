-- upsert_target.sql: add or update targets from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO target BY NAME
SELECT
    CAST(target_key AS TEXT) AS target_key,
    CAST(indicator_id AS TEXT) AS indicator_id,
    CAST(unit_id AS TEXT) AS unit_id,
    CAST(form AS TEXT) AS form,
    CAST(goal AS DOUBLE) AS goal,
    CAST(lower_limit AS DOUBLE) AS lower_limit,
    CAST(reference_region AS TEXT) AS reference_region,
    CAST(valid_from AS TEXT) AS valid_from,
    CAST(valid_to AS TEXT) AS valid_to,
    CAST(valid_from_date AS DATE) AS valid_from_date,
    CAST(valid_to_date AS DATE) AS valid_to_date,
    CAST(decision AS TEXT) AS decision
FROM incoming
EXCEPT
SELECT * FROM target
