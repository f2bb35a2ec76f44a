-- schema.sql: creates the store's tables (DDL). Run once when a new store is built.
-- Parameters: none.
-- The tables are documented in docs/schema.md. Imports add or update rows; they never delete.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);

-- Org units form a tree. A unit that is closed keeps its row with valid_to set, so results
-- from before a reorganisation still have a unit to belong to.
CREATE TABLE IF NOT EXISTS org_unit (
    unit_id      TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    parent_id    TEXT,
    unit_type    TEXT,
    valid_from   DATE,
    valid_to     DATE,
    successor_id TEXT
);

CREATE TABLE IF NOT EXISTS scorecard (
    scorecard_id TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('politisk', 'administrativ')),
    sort_order   INTEGER
);

CREATE TABLE IF NOT EXISTS focus_area (
    focus_area_id TEXT PRIMARY KEY,
    scorecard_id  TEXT NOT NULL,
    name          TEXT NOT NULL,
    goal          TEXT,
    sort_order    INTEGER
);

CREATE TABLE IF NOT EXISTS success_factor (
    success_factor_id TEXT PRIMARY KEY,
    focus_area_id     TEXT NOT NULL,
    name              TEXT NOT NULL,
    sort_order        INTEGER
);

CREATE TABLE IF NOT EXISTS indicator (
    indicator_id      TEXT PRIMARY KEY,
    success_factor_id TEXT NOT NULL,
    name              TEXT NOT NULL,
    unit_of_measure   TEXT,
    direction         TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    method            TEXT,
    source            TEXT,
    frequency         TEXT,
    scale_min         DOUBLE,
    scale_max         DOUBLE,
    decimals          INTEGER,
    sort_order        INTEGER
);

-- Every period that any row refers to, with its calendar span and its predecessor of the
-- same kind, so queries can order periods of different kinds and find "the previous one".
CREATE TABLE IF NOT EXISTS period (
    period     TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    start_date DATE NOT NULL,
    end_date   DATE NOT NULL,
    previous   TEXT NOT NULL,
    label      TEXT NOT NULL
);

-- Ambisjonsnivå. unit_id NULL means "all units". form: range | value | relative; for relative,
-- goal and lower_limit are offsets from the reference series of reference_region.
-- target_key = indicator_id|unit_id|valid_from makes re-imports update instead of duplicate.
CREATE TABLE IF NOT EXISTS target (
    target_key       TEXT PRIMARY KEY,
    indicator_id     TEXT NOT NULL,
    unit_id          TEXT,
    form             TEXT NOT NULL CHECK (form IN ('range', 'value', 'relative')),
    goal             DOUBLE NOT NULL,
    lower_limit      DOUBLE,
    reference_region TEXT,
    valid_from       TEXT NOT NULL,
    valid_to         TEXT,
    valid_from_date  DATE NOT NULL,
    valid_to_date    DATE,
    decision         TEXT
);

CREATE TABLE IF NOT EXISTS measurement (
    indicator_id TEXT NOT NULL,
    unit_id      TEXT NOT NULL,
    period       TEXT NOT NULL,
    value        DOUBLE,
    n            INTEGER,
    PRIMARY KEY (indicator_id, unit_id, period)
);

-- Reference series (benchmarks): the national average (EAK), without Oslo (EAKUO), a KOSTRA
-- group (EKG01–EKG17) or a peer municipality (4-digit kommune number).
CREATE TABLE IF NOT EXISTS reference_value (
    indicator_id TEXT NOT NULL,
    region       TEXT NOT NULL,
    region_name  TEXT,
    period       TEXT NOT NULL,
    value        DOUBLE,
    PRIMARY KEY (indicator_id, region, period)
);
