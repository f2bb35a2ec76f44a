-- cluster_measurement_clear.sql: step 2 of 3 of storing the measurements in unit order: empty
-- the table (its rows are in clustered_measurement; all three steps run in one snapshot, so a
-- failure leaves the store as it was).
-- Parameters: none.
DELETE FROM measurement
