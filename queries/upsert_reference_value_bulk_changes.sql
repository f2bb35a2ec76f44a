-- upsert_reference_value_bulk_changes.sql: step 1 of 3 of a bulk upsert of reference values (KOSTRA): collect the rows
-- of the view `incoming` that are new or differ from the stored ones in the temporary table
-- changed_reference_value. For hundreds of thousands of rows this and the two steps after it are several
-- times faster than INSERT OR REPLACE, which checks every row against the key index.
-- Parameters: none (the importer registers the validated rows as `incoming`).
CREATE OR REPLACE TEMP TABLE changed_reference_value AS
SELECT
    CAST(indicator_id AS TEXT) AS indicator_id,
    CAST(region AS TEXT) AS region,
    CAST(region_name AS TEXT) AS region_name,
    CAST(period AS TEXT) AS period,
    CAST(value AS DOUBLE) AS value
FROM incoming
EXCEPT
SELECT * FROM reference_value
