"""The tuned status query returns exactly what the plain formulation returns.

``queries/scorecard_status.sql`` was rewritten for speed (issue #7: aggregates instead of
windows and an EXISTS per indicator). ``tests/fixtures/scorecard_status_reference.sql`` keeps
the plain formulation it replaced; here both run on the same stores with the same parameters
and must give the same rows, columns, dtypes and order, for every unit and for dates on, just
before, before the first and after the last period end. The national store is built small
(``SMALL``) by the same code as ``bms demo --scale national``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bmsdata import queries
from bmsdata.demo.national import build_national
from bmsdata.demo.national_sources import SMALL

REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "scorecard_status_reference.sql"


@pytest.fixture(scope="module")
def small_national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_national(tmp_path_factory.mktemp("national") / "national.duckdb", SMALL).store


def _as_of_dates(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """Every period end, the day before each, and dates before the first and after the last."""
    ends = sorted({row[0] for row in con.execute("SELECT end_date FROM period").fetchall()})
    assert ends, "the store has no periods"
    days = set(ends) | {e - dt.timedelta(days=1) for e in ends}
    days |= {ends[0] - dt.timedelta(days=400), ends[-1] + dt.timedelta(days=400)}
    return sorted(days)


def _compare(path: Path, dates_per_unit: int) -> int:
    """Run both queries for every unit (and a unit that does not exist); returns the cases."""
    reference = REFERENCE.read_text(encoding="utf-8")
    con = duckdb.connect(str(path), read_only=True)
    try:
        units = [row[0] for row in con.execute("SELECT unit_id FROM org_unit").fetchall()]
        scorecards = [row[0] for row in con.execute("SELECT scorecard_id FROM scorecard")
                      .fetchall()]
        dates = _as_of_dates(con)
        cases = 0
        for i, unit in enumerate([*sorted(units), "FINNES-IKKE"]):
            # The first unit meets every date; the others a rotating few, so every date still
            # meets several units and the test stays quick.
            picked = dates if i == 0 else sorted({
                dates[(i + k * 7) % len(dates)] for k in range(dates_per_unit)})
            for as_of in picked:
                for scorecard in ([None, *scorecards, "finnes-ikke"] if i == 0 else [None]):
                    params = {"unit_id": unit, "as_of": as_of, "scorecard_id": scorecard}
                    want = con.execute(reference, params).df()
                    got = queries.frame(con, "scorecard_status", **params)
                    pd.testing.assert_frame_equal(got, want, check_exact=True,
                                                  obj=f"status {unit} {as_of} {scorecard}")
                    cases += 1
        return cases
    finally:
        con.close()


def test_demo_store_every_unit_and_period(demo_store_master: Path):
    assert _compare(demo_store_master, dates_per_unit=6) > 150


def test_small_national_store_every_unit(small_national: Path):
    assert _compare(small_national, dates_per_unit=4) > 250


def test_the_comparison_sees_results_targets_and_references(demo_store_master: Path):
    """Guard against comparing empty frames: the demo has results, own targets and
    references."""
    con = duckdb.connect(str(demo_store_master), read_only=True)
    try:
        root = queries.rows(con, "meta")
        unit = dict(root).get("root_unit")
        as_of = max(row[0] for row in con.execute("SELECT end_date FROM period").fetchall())
        frame = queries.frame(con, "scorecard_status", unit_id=unit, as_of=as_of,
                              scorecard_id=None)
    finally:
        con.close()
    assert frame["value"].notna().any()
    assert frame["previous_value"].notna().any()
    assert frame["target_form"].notna().any()
    assert frame["reference_value"].notna().any()
    assert frame["measured_for_unit"].any()
