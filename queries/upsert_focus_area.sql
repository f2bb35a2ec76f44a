-- upsert_focus_area.sql: add or update focus areas from the validated import rows in the view `incoming`.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows added or changed; 0 when the import changes nothing, which
-- lets the importer keep the store byte-identical.
INSERT OR REPLACE INTO focus_area BY NAME
SELECT
    CAST(focus_area_id AS TEXT) AS focus_area_id,
    CAST(scorecard_id AS TEXT) AS scorecard_id,
    CAST(name AS TEXT) AS name,
    CAST(goal AS TEXT) AS goal,
    CAST(sort_order AS INTEGER) AS sort_order
FROM incoming
EXCEPT
SELECT * FROM focus_area
