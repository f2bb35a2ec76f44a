-- units.sql: the org units, with their parent, type and validity.
-- Parameters: none.
-- Columns: unit_id, name, parent_id, unit_type, valid_from, valid_to, successor_id.
SELECT unit_id, name, parent_id, unit_type, valid_from, valid_to, successor_id
FROM org_unit
ORDER BY parent_id NULLS FIRST, unit_type, name
