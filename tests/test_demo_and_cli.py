"""The demo municipality and the `bms` command, as a new user meets them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bmsdata import queries
from bmsdata.demo import build_demo, write_sources
from bmsdata.scorecard.evaluate import scorecard_status

BMS = [sys.executable, "-m", "bmsdata.cli"]


def bms(*args: str, store: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [*BMS, *(["--store", str(store)] if store else []), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_demo_sources_are_deterministic(tmp_path):
    a = write_sources(tmp_path / "a")
    b = write_sources(tmp_path / "b")
    for kind in ("units", "measurements", "references"):
        assert a[kind][0].read_bytes() == b[kind][0].read_bytes()
    # xlsx files carry timestamps; compare their content instead
    for kind in ("scorecard", "targets"):
        pd.testing.assert_frame_equal(pd.read_excel(a[kind][0]), pd.read_excel(b[kind][0]))


def test_demo_store_has_what_the_issue_asks_for(demo_store_master):
    con = duckdb.connect(str(demo_store_master), read_only=True)
    facts = dict(queries.rows(con, "meta"))
    assert facts["fictional"] == "true" and facts["municipality"] == "Eksempel kommune"
    kinds = {k for _, _, k, _ in queries.rows(con, "scorecards")}
    assert kinds == {"politisk", "administrativ"}
    units = queries.frame(con, "units")
    assert 22 <= len(units) <= 30
    assert set(units["unit_type"]) >= {"barnehage", "skole", "sykehjem", "hjemmetjeneste",
                                       "kultur", "teknisk", "administrasjon"}
    # two-level model: every unit but the municipality reports to the top
    root = facts["root_unit"]
    assert set(units.loc[units["unit_id"] != root, "parent_id"]) == {root}
    periods = {p for p, *_ in queries.rows(con, "periods")}
    assert {"2021", "2025", "2021T1", "2026T2"} <= periods
    # a few values are missing, some units red somewhere, some improving
    unit_status = pd.concat(
        scorecard_status(con, u, "2025") for u in units["unit_id"] if u != root
    )
    assert (unit_status["status"] == "red").any()
    assert (unit_status["status"] == "green").any()
    assert (unit_status["trend"] == "better").any()
    refs = {r for r, in con.execute("SELECT DISTINCT region FROM reference_value").fetchall()}
    assert {"EAK", "EKG07"} <= refs
    con.close()


def test_demo_is_built_by_the_ordinary_importer_and_is_repeatable(tmp_path):
    store = tmp_path / "bms.duckdb"
    report = build_demo(store, tmp_path / "src")
    assert report.changed["measurement"] > 1000
    assert (tmp_path / "src" / "resultater.csv").read_text(encoding="utf-8").startswith(
        "indikator_id;enhet_id;periode;verdi;n")
    con = duckdb.connect(str(store), read_only=True)
    first = scorecard_status(con)
    con.close()
    build_demo(store, tmp_path / "src")
    con = duckdb.connect(str(store), read_only=True)
    second = scorecard_status(con)
    con.close()
    pd.testing.assert_frame_equal(first, second)


def test_bms_status_prints_every_focus_area_with_statuses(demo_store):
    result = bms("status", store=demo_store)
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(demo_store), read_only=True)
    areas = [name for _, name, *_ in queries.rows(con, "focus_areas")]
    expected = scorecard_status(con)
    con.close()
    assert len(areas) >= 8
    for area in areas:
        assert area in result.stdout
    for row in expected.to_dict("records"):
        line = next(ln for ln in result.stdout.splitlines() if row["indicator"] in ln)
        assert f"{row['status_symbol']} {row['status_word']}" in line
    assert "Fiktive tall" in result.stdout


def test_bms_status_for_a_unit_and_period(demo_store):
    result = bms("status", "--unit", "BHG-GAR", "--period", "2024", store=demo_store)
    assert result.returncode == 0, result.stderr
    assert "Garderåsen barnehage" in result.stdout and "2024" in result.stdout
    assert "Brukertilfredshet" in result.stdout
    assert "Befolkningsvekst" not in result.stdout  # a municipality-wide indicator


@pytest.mark.parametrize(
    ("args", "message"),
    [(["status", "--period", "2024T9"], "gyldig periode"),
     (["status", "--unit", "FINNES-IKKE"], "Ukjent enhet")],
)
def test_bms_status_bad_input_is_a_sentence_not_a_traceback(demo_store, args, message):
    result = bms(*args, store=demo_store)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bms_without_store_says_how_to_build_one(tmp_path):
    result = bms("status", store=tmp_path / "nope.duckdb")
    assert result.returncode != 0
    assert "bms demo" in result.stderr and "Traceback" not in result.stderr


def test_bms_import_reports_and_reimport_changes_nothing(demo_store, tmp_path):
    csv = tmp_path / "nye_resultater.csv"
    csv.write_text("indikator_id;enhet_id;periode;verdi;n\n"
                   "ADM-SYKEFRAVAER;BHG-GAR;2026T3;5,5;\n", encoding="utf-8")
    first = bms("import", "measurements", str(csv), store=demo_store)
    assert first.returncode == 0, first.stderr
    assert "målinger: 1" in first.stdout
    digest = hashlib.sha256(demo_store.read_bytes()).hexdigest()
    second = bms("import", "measurements", str(csv), store=demo_store)
    assert second.returncode == 0 and "Ingen endringer" in second.stdout
    assert hashlib.sha256(demo_store.read_bytes()).hexdigest() == digest
    status = bms("status", "--unit", "BHG-GAR", "--period", "2026T3", store=demo_store)
    line = next(ln for ln in status.stdout.splitlines() if ln.strip().startswith("Sykefravær"))
    assert "2026T3" in line and "5,5" in line
