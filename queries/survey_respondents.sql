-- survey_respondents.sql: each respondent of one survey with their period and unit, so an
-- import can refuse a respondent id that already belongs to another unit.
-- Parameters: $survey_id.
-- Columns: period, respondent_id, unit_id.
SELECT DISTINCT period, respondent_id, unit_id
FROM survey_response
WHERE survey_id = $survey_id
