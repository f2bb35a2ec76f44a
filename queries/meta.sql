-- meta.sql: the store's key/value facts (municipality name, root unit, fictional flag).
-- Parameters: none.
-- Columns: key, value.
SELECT key, value FROM meta ORDER BY key
