-- cluster_measurement_copy.sql: step 1 of 3 of storing the measurements in unit order: copy
-- them to the temporary table clustered_measurement.
-- Why: DuckDB keeps min/max per row group (zone maps). With a unit's rows side by side, the
-- filters on unit_id in scorecard_status.sql read one or two row groups instead of all of them.
-- Imports (INSERT OR REPLACE, which DuckDB runs as a hash-based MERGE) add rows in no
-- particular order, so a big build (`bms demo --scale national`) ends with this.
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE clustered_measurement AS
SELECT * FROM measurement
