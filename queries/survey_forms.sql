-- survey_forms.sql: whether each survey period holds respondent-level answers or aggregated
-- results, so an import can refuse to mix the two in one survey period.
-- Parameters: none.
-- Columns: survey_id, period, unit_id, form ('svar' or 'aggregert').
SELECT DISTINCT survey_id, period, unit_id, 'svar' AS form FROM survey_response
UNION
SELECT DISTINCT survey_id, period, unit_id, 'aggregert' AS form FROM survey_count
UNION
SELECT DISTINCT survey_id, period, unit_id, 'aggregert' AS form FROM survey_summary
