-- upsert_reference_value_bulk_insert.sql: step 3 of 3 of a bulk upsert of reference values (KOSTRA): insert the new and
-- changed rows.
-- Parameters: none (runs after upsert_reference_value_bulk_delete.sql).
-- Returns: the number of rows added or changed; 0 when the import changes nothing.
INSERT INTO reference_value BY NAME
SELECT * FROM changed_reference_value
-- Stored in region order: the few series targets refer to (EAK, EKG..) then share a few row
-- groups, which the reference join in scorecard_status.sql reads instead of the whole table.
ORDER BY region, indicator_id, period
