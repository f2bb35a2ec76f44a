"""Writing validated frames into a snapshot, so that a re-import changes nothing.

Each table has ``queries/upsert_<table>.sql`` (INSERT OR REPLACE … EXCEPT: adds or changes
rows, returns how many) and, where a file is the whole truth for a slice, ``upsert_<table>_prune
.sql`` (deletes the slice's rows the file no longer has). When every count is 0 the importer
discards the snapshot and the store stays byte-identical.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from bmsdata import queries

PRUNED = {"survey_dimension", "survey_question", "survey_option", "survey_response",
          "survey_count", "survey_summary"}
#: Big tables get the three-step bulk upsert (``upsert_<table>_bulk_*.sql``).
BULK = {"survey_response", "reference_value"}


def write(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Upsert ``frame`` into ``table`` (and prune its slices). Returns rows added/changed/gone."""
    if frame.empty:
        return 0
    con.register("incoming", frame)
    try:
        if table in BULK:
            queries.execute(con, f"upsert_{table}_bulk_changes")
            queries.execute(con, f"upsert_{table}_bulk_delete")
            changed = queries.execute(con, f"upsert_{table}_bulk_insert").fetchone()[0]
        else:
            changed = queries.execute(con, f"upsert_{table}").fetchone()[0]
        if table in PRUNED:
            changed += queries.execute(con, f"upsert_{table}_prune").fetchone()[0]
    finally:
        con.unregister("incoming")
    return int(changed)


def prune_markers(con: duckdb.DuckDBPyConnection) -> int:
    return int(queries.execute(con, "upsert_suppressed_measurement_prune").fetchone()[0])


def meta_frame(facts: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(sorted(facts.items()), columns=["key", "value"])


def quiet(con: duckdb.DuckDBPyConnection) -> None:
    """No DuckDB progress bar on the terminal while a snapshot is being built."""
    queries.execute(con, "set_progress_bar_off")
