"""SQL layer: every query in queries/ has a header and runs against the demo store.

Every reading query's header declares its result columns (``-- Columns: a, b (note), c``,
continued on lines indented by two more spaces); the query must return exactly those, in that
order, since the header is what a reader of a notebook or a helper goes by.

A new query with a parameter this file does not know fails here on purpose: add a sample value
below so the query is exercised, not skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from bmsdata import queries

QUERIES = sorted(p.stem for p in queries.queries_dir().glob("*.sql"))
# Scripts and writes run elsewhere (store and importer tests), not against a read-only store.
WRITES = {q for q in QUERIES if q.startswith(("upsert_", "schema", "set_", "insert_",
                                                "cluster_"))}

SAMPLES = {
    "unit_id": "BHG-GAR",
    "as_of": dt.date(2025, 12, 31),
    "scorecard_id": None,
    "period": "2025",
    "indicator_id": "ADM-BRUKERTILFREDSHET",
    "focus_area_id": "adm.okonomi",
    "region": "EAK",
    "key": "municipality",
    "value": "x",
    "survey_id": "BU-PLO",
    "parent_id": "K0000",
}


def declared_columns(text: str) -> list[str] | None:
    """The column names a query's header declares, notes in parentheses left out; ``None``
    when it declares none. The declaration ends at the first header line that is not a
    continuation (``--`` and three spaces), or where the header ends."""
    lines: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        body = line[2:]
        if lines is not None:
            if not body.startswith("   "):
                break
            lines.append(body)
        elif body.startswith(" Columns:"):
            lines = [body.removeprefix(" Columns:")]
    if lines is None:
        return None
    joined = " ".join(lines)
    while re.search(r"\([^()]*\)", joined):
        joined = re.sub(r"\([^()]*\)", "", joined)
    return [name.strip() for name in joined.strip().rstrip(".").split(",") if name.strip()]


def test_every_query_has_a_header_comment():
    for name in QUERIES:
        text = queries.load(name)
        assert text.startswith("-- "), f"{name}.sql must start with a header comment"
        assert "Parameters" in text.split("\n\n")[0] or "Parameters" in text[:600], name


@pytest.mark.parametrize("name", [q for q in QUERIES if q not in WRITES])
def test_query_runs_against_demo_store(name, demo_store_master: Path):
    params = queries.parameters(name)
    unknown = params - SAMPLES.keys()
    assert not unknown, f"add sample values for {sorted(unknown)} in tests/test_queries.py"
    con = duckdb.connect(str(demo_store_master), read_only=True)
    try:
        frame = queries.frame(con, name, **{k: SAMPLES[k] for k in params})
    finally:
        con.close()
    columns = declared_columns(queries.load(name))
    assert columns, f"queries/{name}.sql: the header must declare its columns (-- Columns: ...)"
    assert list(frame.columns) == columns, f"queries/{name}.sql: header and result differ"


def test_query_names_cannot_escape_the_folder():
    for bad in ("../etc/passwd", "Scorecard_status", "x;drop", ""):
        with pytest.raises(ValueError):
            queries.load(bad)


def test_missing_parameter_is_refused(demo_store_master):
    con = duckdb.connect(str(demo_store_master), read_only=True)
    with pytest.raises(TypeError):
        queries.frame(con, "scorecard_status", unit_id="K0000")
    con.close()


def test_hostile_text_is_bound_not_executed(demo_store_master):
    con = duckdb.connect(str(demo_store_master), read_only=True)
    frame = queries.frame(con, "scorecard_status", unit_id="K0000'; DROP TABLE indicator; --",
                          as_of=dt.date(2025, 12, 31), scorecard_id=None)
    assert frame["value"].isna().all()  # no such unit: nothing measured, nothing dropped
    assert con.execute("SELECT count(*) FROM indicator").fetchone()[0] > 0
    con.close()
