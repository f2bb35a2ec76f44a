-- upsert_survey_dimension_prune.sql: the second half of upserting survey dimensions: delete stored rows
-- in the slices the import covers (survey_id) that the import no longer has, so a
-- corrected file replaces the old one instead of adding to it. Run after upsert_survey_dimension.sql.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows deleted.
DELETE FROM survey_dimension s
WHERE EXISTS (SELECT 1 FROM incoming i WHERE i.survey_id = s.survey_id)
  AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.survey_id = s.survey_id AND i.dimension_id = s.dimension_id)
