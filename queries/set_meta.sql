-- set_meta.sql: set one key/value fact about the store.
-- Parameters: $key, $value.
INSERT OR REPLACE INTO meta (key, value) VALUES ($key, $value)
