"""Surveys feed the målekart: dimension means become measurements, small groups get none."""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from _survey_files import LONG_HEADER, ROOT, write_csv

from bmsdata.importers import import_files
from bmsdata.importers.surveys import import_surveys
from bmsdata.scorecard.evaluate import scorecard_status

Q1 = {"BHG-A": [5, 6, 5, 4, 6, 5, 3], "BHG-B": [4, 4, 3, 4, 5, 4, 4, 4, 3],
      "BHG-C": [6, 6, 6], "SKO-A": [3, 4, 3, 2, 4, 4, 3, 3, 4, 4, 5]}
Q2 = 4  # everyone
Q3 = {"BHG-A": 5, "BHG-B": 4, "BHG-C": 6, "SKO-A": 3}


def rows(q1: dict[str, list[int]], period: str = "2025") -> list[list[str]]:
    out = []
    for unit, answers in q1.items():
        for i, a in enumerate(answers):
            rid = f"{unit}-{i}"
            out += [["BU-T", period, unit, rid, "Q1", str(a)],
                    ["BU-T", period, unit, rid, "Q2", str(Q2)],
                    ["BU-T", period, unit, rid, "Q3", str(Q3[unit] if i else 1)]]
    return out


def half_up(x: float, places: int) -> float:
    return float(Decimal(repr(round(x, 9))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def measurements(store: Path, indicator: str) -> dict[str, tuple]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return {u: (v, n) for u, v, n in con.execute(
            "SELECT unit_id, value, n FROM measurement WHERE indicator_id = ? AND period = '2025'",
            [indicator]).fetchall()}
    finally:
        con.close()


@pytest.fixture
def fed(store: Path, definition: Path, tmp_path: Path) -> Path:
    # A hand-typed value for the small unit exists before the survey arrives.
    typed = write_csv(tmp_path / "resultater.csv", ["indikator_id", "enhet_id", "periode",
                                                    "verdi", "n"],
                      [["IND-TILFREDS", "BHG-C", "2025", "5,9", "3"]])
    import_files({"measurements": [typed]}, store)
    data = write_csv(tmp_path / "svar.csv", LONG_HEADER, rows(Q1))
    report = import_surveys({"survey_definitions": [definition], "survey_responses": [data]},
                            store)
    assert any("skjult" in n for n in report.notes)
    return store


def test_each_unit_gets_its_dimension_mean_rounded_to_the_indicators_decimals(fed):
    got = measurements(fed, "IND-TILFREDS")
    for unit in ("BHG-B", "SKO-A"):  # BHG-A is hidden to protect BHG-C (next test)
        expected = (statistics.mean(Q1[unit]) + Q2) / 2
        assert got[unit] == (half_up(expected, 1), len(Q1[unit]))
    info = measurements(fed, "IND-INFO")  # two decimals; one dimension of one question
    unit = "SKO-A"
    q3 = [1] + [Q3[unit]] * (len(Q1[unit]) - 1)
    assert info[unit] == (half_up(statistics.mean(q3), 2), len(q3))


def test_the_municipality_total_is_weighted_by_respondents(fed):
    got = measurements(fed, "IND-TILFREDS")
    everyone = [a for answers in Q1.values() for a in answers]
    expected = (statistics.mean(everyone) + Q2) / 2
    assert got[ROOT] == (half_up(expected, 1), len(everyone))


def test_a_small_unit_gets_no_value_and_neither_does_the_unit_that_protects_it(fed):
    got = measurements(fed, "IND-TILFREDS")
    assert got["BHG-C"] == (None, None)  # the hand-typed 5,9 is gone too
    smallest_other = min((u for u in Q1 if u != "BHG-C"), key=lambda u: len(Q1[u]))
    assert got[smallest_other] == (None, None)
    con = duckdb.connect(str(fed), read_only=True)
    try:
        markers = dict(con.execute("SELECT unit_id, reason FROM suppressed_measurement "
                                   "WHERE indicator_id = 'IND-TILFREDS'").fetchall())
    finally:
        con.close()
    assert markers == {"BHG-C": "skjult (færre enn 5 svar)",
                       smallest_other: "skjult (beskytter en gruppe med færre enn 5 svar)"}
    # Subtraction from the shown measurements cannot give the small unit back.
    shown = [n for u, (v, n) in got.items() if u != ROOT and v is not None]
    assert got[ROOT][1] - sum(shown) >= 5


def test_status_comes_from_the_survey(fed):
    con = duckdb.connect(str(fed), read_only=True)
    try:
        row = scorecard_status(con, "SKO-A", "2025").set_index("indicator_id").loc[
            "IND-TILFREDS"]
        hidden = scorecard_status(con, "BHG-C", "2025").set_index("indicator_id").loc[
            "IND-TILFREDS"]
    finally:
        con.close()
    value = half_up((statistics.mean(Q1["SKO-A"]) + Q2) / 2, 1)
    assert row["value"] == value and row["n"] == len(Q1["SKO-A"])
    assert row["status"] == ("green" if value >= 5 else "yellow" if value >= 4 else "red")
    assert hidden["status"] == "missing"


def test_the_marker_goes_when_the_group_grows_past_the_minimum(fed, tmp_path):
    bigger = dict(Q1, **{"BHG-C": [6, 6, 6, 5, 5, 4]})
    data = write_csv(tmp_path / "svar.csv", LONG_HEADER, rows(bigger))
    import_surveys({"survey_responses": [data]}, fed)
    got = measurements(fed, "IND-TILFREDS")
    assert all(v is not None for v, _n in got.values())
    con = duckdb.connect(str(fed), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM suppressed_measurement").fetchone()[0] == 0
    finally:
        con.close()
