-- known_units.sql: every org unit id with its parent, for import validation.
-- Parameters: none.
-- Columns: unit_id, parent_id.
SELECT unit_id, parent_id FROM org_unit
