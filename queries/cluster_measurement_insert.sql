-- cluster_measurement_insert.sql: step 3 of 3 of storing the measurements in unit order: put
-- the rows back sorted by unit (a plain INSERT keeps the order of its SELECT).
-- Parameters: none.
-- Returns: the number of rows written back (the same as before step 1).
INSERT INTO measurement BY NAME
SELECT * FROM clustered_measurement
ORDER BY unit_id, indicator_id, period
