-- upsert_period.sql: add or update periods from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO period BY NAME
SELECT
    CAST(period AS TEXT) AS period,
    CAST(kind AS TEXT) AS kind,
    CAST(year AS INTEGER) AS year,
    CAST(number AS INTEGER) AS number,
    CAST(start_date AS DATE) AS start_date,
    CAST(end_date AS DATE) AS end_date,
    CAST(previous AS TEXT) AS previous,
    CAST(label AS TEXT) AS label
FROM incoming
EXCEPT
SELECT * FROM period
