-- survey_options.sql: the answer codes each question of one survey accepts.
-- Parameters: $survey_id.
-- Columns: question_id, code, label, role (skala, valg, vet_ikke, ikke_aktuelt), score,
--   sort_order.
SELECT question_id, code, label, role, score, sort_order
FROM survey_option
WHERE survey_id = $survey_id
ORDER BY question_id, sort_order
