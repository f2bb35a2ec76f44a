-- upsert_survey_summary_prune.sql: the second half of upserting aggregated means (mean, n, sd): delete stored rows
-- in the slices the import covers (survey_id, period, unit_id) that the import no longer has, so a
-- corrected file replaces the old one instead of adding to it. Run after upsert_survey_summary.sql.
-- Parameters: none (the importer registers the validated rows as `incoming`).
-- Returns: the number of rows deleted.
DELETE FROM survey_summary s
WHERE EXISTS (SELECT 1 FROM incoming i WHERE i.survey_id = s.survey_id AND i.period = s.period AND i.unit_id = s.unit_id)
  AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.survey_id = s.survey_id AND i.period = s.period AND i.unit_id = s.unit_id AND i.question_id = s.question_id)
