-- upsert_reference_value_bulk_delete.sql: step 2 of 3 of a bulk upsert of reference values (KOSTRA): delete the stored
-- rows that changed_reference_value replaces (same key, other values).
-- Parameters: none (runs after upsert_reference_value_bulk_changes.sql).
-- Returns: the number of rows deleted (they come back changed in step 3).
DELETE FROM reference_value s
USING changed_reference_value c
WHERE s.indicator_id = c.indicator_id
  AND s.region = c.region
  AND s.period = c.period
