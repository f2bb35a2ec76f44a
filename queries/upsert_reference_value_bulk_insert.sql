-- upsert_reference_value_bulk_insert.sql: step 3 of 3 of a bulk upsert of reference values (KOSTRA): insert the new and
-- changed rows.
-- Parameters: none (runs after upsert_reference_value_bulk_delete.sql).
-- Returns: the number of rows added or changed; 0 when the import changes nothing.
INSERT INTO reference_value BY NAME
SELECT * FROM changed_reference_value
