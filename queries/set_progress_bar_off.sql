-- set_progress_bar_off.sql: keep DuckDB's own progress bar off during imports, so long
-- statements do not draw over the importer's messages in a terminal.
-- Parameters: none.
SET enable_progress_bar = false
