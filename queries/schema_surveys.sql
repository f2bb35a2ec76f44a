-- schema_surveys.sql: creates the survey and KOSTRA tables (DDL). Run by store.snapshot()
-- right after schema.sql, so every snapshot has them.
-- Parameters: none.
-- The tables are documented in docs/surveys.md. Survey imports replace, per survey, period and
-- unit, exactly the rows a file holds (a corrected export replaces the old one); KOSTRA
-- mappings are added or updated.

-- A survey: brukerundersøkelse (1–6), medarbeiderundersøkelse (1–5) or innbyggerundersøkelse.
CREATE TABLE IF NOT EXISTS survey (
    survey_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('bruker', 'medarbeider', 'innbygger')),
    sort_order INTEGER
);

-- Questions are grouped into dimensions (bedrekommune's dimensions, 10-FAKTOR's factors, Fet's
-- groups such as «Grønn kommune»). A dimension may feed one scorecard indicator with its mean.
CREATE TABLE IF NOT EXISTS survey_dimension (
    survey_id    TEXT NOT NULL,
    dimension_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    indicator_id TEXT,
    sort_order   INTEGER,
    PRIMARY KEY (survey_id, dimension_id)
);

-- A question with its own scale. low_max / high_min bound the «low» and «high» shares
-- (bottom two and top two values unless the definition says otherwise). multi = several answers.
CREATE TABLE IF NOT EXISTS survey_question (
    survey_id    TEXT NOT NULL,
    question_id  TEXT NOT NULL,
    dimension_id TEXT NOT NULL,
    text         TEXT NOT NULL,
    multi        BOOLEAN NOT NULL,
    scale_min    DOUBLE,
    scale_max    DOUBLE,
    low_max      DOUBLE,
    high_min     DOUBLE,
    sort_order   INTEGER,
    PRIMARY KEY (survey_id, question_id)
);

-- Every answer code a question accepts. role: skala (a value on the scale, score = the value),
-- valg (an option of a multi-response question), vet_ikke, ikke_aktuelt (counted, never scored).
CREATE TABLE IF NOT EXISTS survey_option (
    survey_id   TEXT NOT NULL,
    question_id TEXT NOT NULL,
    code        TEXT NOT NULL,
    label       TEXT,
    role        TEXT NOT NULL CHECK (role IN ('skala', 'valg', 'vet_ikke', 'ikke_aktuelt')),
    score       DOUBLE,
    sort_order  INTEGER,
    PRIMARY KEY (survey_id, question_id, code)
);

-- Respondent-level answers: one row per respondent, question and chosen code (several rows for
-- a multi-response question). A respondent belongs to one unit in a survey and period.
CREATE TABLE IF NOT EXISTS survey_response (
    survey_id     TEXT NOT NULL,
    period        TEXT NOT NULL,
    unit_id       TEXT NOT NULL,
    respondent_id TEXT NOT NULL,
    question_id   TEXT NOT NULL,
    code          TEXT NOT NULL,
    PRIMARY KEY (survey_id, period, respondent_id, question_id, code)
);

-- Aggregated results as delivered: the number answering each code. n is the number of
-- respondents to the question when the file gives it (needed for multi-response questions).
CREATE TABLE IF NOT EXISTS survey_count (
    survey_id   TEXT NOT NULL,
    period      TEXT NOT NULL,
    unit_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    code        TEXT NOT NULL,
    count       INTEGER NOT NULL,
    n           INTEGER,
    PRIMARY KEY (survey_id, period, unit_id, question_id, code)
);

-- Aggregated results as mean, n and standard deviation (no distribution).
CREATE TABLE IF NOT EXISTS survey_summary (
    survey_id   TEXT NOT NULL,
    period      TEXT NOT NULL,
    unit_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    mean        DOUBLE NOT NULL,
    n           INTEGER NOT NULL,
    sd          DOUBLE,
    PRIMARY KEY (survey_id, period, unit_id, question_id)
);

-- Measurements a survey import left without a value because the group was too small (or hidden
-- to protect a small group), so views can say «skjult» instead of «mangler».
CREATE TABLE IF NOT EXISTS suppressed_measurement (
    indicator_id TEXT NOT NULL,
    unit_id      TEXT NOT NULL,
    period       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (indicator_id, unit_id, period)
);

-- Which KOSTRA table and statistikkvariabel (ContentsCode) feed which indicator. filter fixes
-- the table's other dimensions ("KOKfunksjon0000=202"); own_measurement makes the kommune's own
-- figure its measurement for the whole municipality.
CREATE TABLE IF NOT EXISTS kostra_map (
    table_id        TEXT NOT NULL,
    contents_code   TEXT NOT NULL,
    filter          TEXT NOT NULL,
    indicator_id    TEXT NOT NULL,
    own_measurement BOOLEAN NOT NULL,
    PRIMARY KEY (table_id, contents_code, filter)
);
