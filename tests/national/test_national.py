"""The national-scale test data (`bms demo --scale national`), built small.

The generator writes source files and the ordinary importers load them, so these tests check
the store against the files (not against numbers written into the tests): the row counts
follow from the requested scale and the files, two runs write the same files, and a
municipality's status is what the files say.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bmsdata import cli, queries
from bmsdata.demo.national import build_national, national_store_path, table_counts
from bmsdata.demo.national_sources import (
    ADM,
    GROUPS,
    QUESTIONS,
    SMALL,
    Scale,
    kommune_nr,
    write_sources,
)
from bmsdata.importers import jsonstat
from bmsdata.scorecard.evaluate import scorecard_status

AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small national store and its source folder, built once for the module."""
    d = tmp_path_factory.mktemp("national")
    report = build_national(d / "national.duckdb", SMALL)
    return report.store, report.sources


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter=";"))[1:]


def _kostra_values(sources: Path) -> dict[tuple[str, str, str], float]:
    """(indicator, region, year) → value, read from the JSON-stat files and the mapping."""
    mapping = {(r[0], r[1]): r[2] for r in _csv_rows(sources / "kostra" / "kostra_kobling.csv")}
    out = {}
    for path in sorted((sources / "kostra").glob("9*.json")):
        ds = jsonstat.read(path)
        cube = ds.values.reshape(ds.sizes)
        regions = ds.dimensions["KOKkommuneregion0000"].codes
        codes = ds.dimensions["ContentsCode"].codes
        years = ds.dimensions["Tid"].codes
        for a, region in enumerate(regions):
            for b, code in enumerate(codes):
                for c, year in enumerate(years):
                    if cube[a, b, c] == cube[a, b, c]:  # not NaN
                        out[(mapping[(ds.table_id, code)], region, year)] = float(cube[a, b, c])
    return out


def test_counts_follow_the_scale(built):
    store, sources = built
    counts = table_counts(store)
    m, u = SMALL.municipalities, SMALL.units
    assert counts["org_unit"] == 1 + len(GROUPS) + m * (1 + u)
    assert counts["indicator"] == SMALL.indicators + len(ADM)
    result_files = sorted((sources / "resultater").glob("resultater_*.csv"))
    assert len(result_files) == m + 1  # one per municipality and one for the country
    assert counts["measurement"] == sum(len(_csv_rows(f)) for f in result_files)
    assert counts["reference_value"] == len(_kostra_values(sources))
    assert counts["survey_response"] == SMALL.survey_answers // QUESTIONS * QUESTIONS
    con = duckdb.connect(str(store), read_only=True)
    try:
        years = con.execute("SELECT count(DISTINCT period) FROM reference_value").fetchone()[0]
        regions = con.execute("SELECT count(DISTINCT region) FROM reference_value").fetchone()[0]
        meta = dict(queries.rows(con, "meta"))
        # cluster_measurements put each unit's rows side by side (what the zone maps need)
        spans = con.execute("SELECT max(rowid) - min(rowid) + 1 - count(*) FROM measurement "
                            "GROUP BY unit_id").fetchall()
    finally:
        con.close()
    assert {gap for (gap,) in spans} == {0}
    assert years == SMALL.years
    # every municipality, the groups that have members, EAK and EAKUO
    assert m + 2 < regions <= m + len(GROUPS) + 2
    assert meta["fictional"] == "true" and meta["root_unit"] == "NASJONAL"
    assert meta["national_scale"] == SMALL.label


def test_two_runs_write_the_same_files(tmp_path):
    a = write_sources(tmp_path / "a", SMALL)
    b = write_sources(tmp_path / "b", SMALL)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    assert files_a == files_b and len(files_a) > SMALL.municipalities
    for rel in files_a:
        pa, pb = tmp_path / "a" / rel, tmp_path / "b" / rel
        if pa.suffix == ".xlsx":  # the zip carries timestamps; compare the cells
            pd.testing.assert_frame_equal(pd.read_excel(pa, dtype=str),
                                          pd.read_excel(pb, dtype=str))
        else:
            assert pa.read_bytes() == pb.read_bytes(), rel
    assert a.core["units"][0].name == b.core["units"][0].name == "enheter.csv"


def test_municipality_status_is_what_the_files_say(built):
    store, sources = built
    nr = kommune_nr(1)
    con = duckdb.connect(str(store), read_only=True)
    try:
        status = scorecard_status(con, nr, "2025")
        raw = con.execute(queries.load("scorecard_status"),
                          {"unit_id": nr, "as_of": AS_OF, "scorecard_id": None}).df()
    finally:
        con.close()
    # The benchmark compares scorecard_status with the same SQL in raw DuckDB: same rows.
    pd.testing.assert_frame_equal(status[raw.columns].reset_index(drop=True), raw)
    own = {(r[0], r[2]): float(r[3].replace(",", "."))
           for r in _csv_rows(sources / "resultater" / f"resultater_{nr}.csv") if r[1] == nr}
    kostra = _kostra_values(sources)
    targets = pd.read_excel(sources / "ambisjonsniva.xlsx", dtype=str).fillna("")
    group_targets = targets[targets["enhet_id"] == nr].set_index("indikator_id")
    assert len(group_targets) > 0
    checked = 0
    for row in status.to_dict("records"):
        if row["indicator_id"].startswith("KOSTRA-") and row["period"] == "2025":
            assert row["value"] == own[(row["indicator_id"], "2025")]
            assert row["value"] == kostra[(row["indicator_id"], nr, "2025")]
        if row["indicator_id"] in group_targets.index:
            # Its own target, relative to its KOSTRA group's average in the files.
            t = group_targets.loc[row["indicator_id"]]
            assert row["reference_region"] == t["referanse"] and row["unit_target"]
            ref = kostra.get((row["indicator_id"], t["referanse"], row["period"]))
            assert row["reference_value"] == pytest.approx(ref)
            goal = ref + float(t["målverdi"].replace(",", "."))
            assert row["goal_applied"] == pytest.approx(goal)
            better = (row["value"] >= goal) if row["direction"] == "higher" else \
                (row["value"] <= goal)
            assert (row["status"] == "green") == better
            checked += 1
    assert checked == len(group_targets)


def test_indicator_across_municipalities(built):
    store, sources = built
    kostra = _kostra_values(sources)
    indicator = "KOSTRA-BHG-001"
    con = duckdb.connect(str(store), read_only=True)
    try:
        frame = queries.frame(con, "indicator_municipalities", indicator_id=indicator,
                              as_of=AS_OF)
        parents = dict(con.execute("SELECT unit_id, parent_id FROM org_unit").fetchall())
        directions = {i: d for i, _n, d, _lo, _hi in queries.rows(con, "known_indicators")}
    finally:
        con.close()
    last = frame[frame["period"] == "2025"]
    expected = {k[1] for k in kostra if k[0] == indicator and k[2] == "2025" and
                k[1].isdigit()}
    assert set(last["region"]) == expected
    higher = directions[indicator] == "higher"
    by_rank = last.sort_values("rank")["value"].tolist()
    assert by_rank == sorted(by_rank, reverse=higher)  # rank 1 is the best
    assert last["rank"].min() == 1 and (last["municipalities"] == len(expected)).all()
    for row in last.to_dict("records"):
        assert row["value"] == kostra[(indicator, row["region"], "2025")]
        assert row["kostra_group"] == parents[row["region"]]
        assert row["group_value"] == pytest.approx(kostra[(indicator, row["kostra_group"],
                                                           "2025")])
        assert row["national_value"] == pytest.approx(kostra[(indicator, "EAK", "2025")])


def test_cli_builds_a_small_national_store(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BMS_NATIONAL_SCALE", "kommuner=3,enheter=4,indikatorer=12,år=3,svar=96")
    target = tmp_path / "n.duckdb"
    code = cli.main(["--store", str(target), "demo", "--scale", "national", "--no-serve"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Nasjonal testdatabase bygget" in out and "measurement" in out
    assert table_counts(target)["org_unit"] == 1 + len(GROUPS) + 3 * 5
    assert (tmp_path / "n" / "kostra" / "kostra_kobling.csv").is_file()
    con = duckdb.connect(str(target), read_only=True)
    try:
        meta = dict(queries.rows(con, "meta"))
    finally:
        con.close()
    assert meta["national_scale"].startswith("kommuner=3,")


def test_national_never_takes_the_demo_store(monkeypatch):
    monkeypatch.delenv("BMS_STORE", raising=False)
    assert national_store_path(None) == Path("data") / "national.duckdb"
    assert national_store_path("x.duckdb") == Path("x.duckdb")
    monkeypatch.setenv("BMS_STORE", "/tmp/elsewhere.duckdb")
    assert national_store_path(None) == Path("/tmp/elsewhere.duckdb")


def test_scale_parsing():
    assert Scale.parse(None) == Scale()
    assert Scale.parse("liten") == SMALL
    assert Scale.parse("60").municipalities == 60
    assert Scale.parse("kommuner=2,svar=16") == Scale(municipalities=2, survey_answers=16)
    with pytest.raises(ValueError, match="gyldig skala"):
        Scale.parse("kommuner=mange")
    with pytest.raises(ValueError):
        Scale.parse("kommuner=0")


def test_bad_scale_is_a_norwegian_cli_error(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("BMS_NATIONAL_SCALE", "kommuner=mange")
    code = cli.main(["--store", str(tmp_path / "x.duckdb"), "demo", "--scale", "national",
                     "--no-serve"])
    assert code == cli.EXIT_INPUT
    assert "gyldig skala" in capsys.readouterr().err
