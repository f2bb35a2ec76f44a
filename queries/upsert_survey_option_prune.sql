-- upsert_survey_option_prune.sql: the second half of upserting survey answer codes: delete stored rows
-- in the slices the import covers (survey_id) that the import no longer has, so a
-- corrected file replaces the old one instead of adding to it. Run after upsert_survey_option.sql.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows deleted.
DELETE FROM survey_option s
WHERE EXISTS (SELECT 1 FROM incoming i WHERE i.survey_id = s.survey_id)
  AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.survey_id = s.survey_id AND i.question_id = s.question_id AND i.code = s.code)
