"""KOSTRA import from SSB-shaped JSON-stat files: reference series, own measurements, status
from a relative target, and every bad file refused with the store left byte-identical."""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from _kostra_files import FIXTURES, MAPPING_HEADER
from _survey_files import ROOT, write_csv  # noqa: I001  (found through conftest's sys.path)

from bmsdata.importers import ImportValidationError
from bmsdata.importers.kostra import import_kostra
from bmsdata.scorecard.evaluate import scorecard_status

OWN = "3025"


def cells(name: str) -> dict[tuple[str, ...], float | None]:
    """The fixture's values by category codes, computed independently of the importer:
    position = Σ index_d × Π size of the dimensions after d (row-major, per the spec)."""
    d = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    codes = [sorted(d["dimension"][i]["category"]["index"],
                    key=d["dimension"][i]["category"]["index"].get) for i in d["id"]]
    out = {}
    total = math.prod(d["size"])
    values = d["value"]
    for pos in range(total):
        rest, key = pos, []
        for k in range(len(d["id"]) - 1, -1, -1):
            rest, i = divmod(rest, d["size"][k])
            key.insert(0, codes[k][i])
        v = values[pos] if isinstance(values, list) else values.get(str(pos))
        out[tuple(key)] = v
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(store: Path, sql: str, *params: object) -> list[tuple]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def refused(store: Path, batch: dict, *expected: str, **kw: object) -> None:
    before = digest(store)
    with pytest.raises(ImportValidationError) as info:
        import_kostra(batch, store, **kw)
    for text in expected:
        assert text in str(info.value), str(info.value)
    assert digest(store) == before


# --------------------------------------------------------------------------------------------
def test_a_dense_table_gives_reference_series_and_the_kommunes_own_measurement(
        store, mapping, fixture_file):
    report = import_kostra({"kostra_mapping": [mapping],
                            "kostra": [fixture_file("12134_grunnskole_dense.json")]},
                           store, kommune_nr=OWN)
    expected = cells("12134_grunnskole_dense.json")
    refs = {(r, p): v for r, p, v in rows(
        store, "SELECT region, period, value FROM reference_value WHERE indicator_id = ?",
        "IND-GRUNNSKOLE")}
    want = {(r, t): v for (r, c, t), v in expected.items()
            if c == "KOSgrunnskolepoe0000" and r != OWN}
    assert refs == want
    assert {"EAK", "EAKUO", "EKG13", "3024"} == {r for r, _ in refs}
    own = dict(rows(store, "SELECT period, value FROM measurement WHERE indicator_id = ? "
                           "AND unit_id = ?", "IND-GRUNNSKOLE", ROOT))
    assert own == {t: v for (r, c, t), v in expected.items()
                   if c == "KOSgrunnskolepoe0000" and r == OWN}
    names = dict(rows(store, "SELECT DISTINCT region, region_name FROM reference_value"))
    assert names["EAK"] == "Landet" and names["3024"] == "Bærum"
    assert any("KOSandelspesund0000" in n and "ikke koblet" in n for n in report.notes)
    assert rows(store, "SELECT value FROM meta WHERE key = 'kommune_nr'") == [(OWN,)]


def test_status_symbols_and_nulls_are_skipped_and_counted(store, mapping, fixture_file):
    report = import_kostra({"kostra_mapping": [mapping],
                            "kostra": [fixture_file("12063_kultur_status.json")]},
                           store, kommune_nr=OWN)
    expected = {(r, t): v for (r, a, _c, t), v in cells("12063_kultur_status.json").items()
                if a == "006-015" and r != OWN and v is not None}
    got = {(r, p): v for r, p, v in rows(
        store, "SELECT region, period, value FROM reference_value WHERE indicator_id = ?",
        "IND-KULTURSKOLE")}
    assert got == expected  # the filter picked 6–15 år; nulls gave no rows
    assert "3203" not in {r for r, _ in got}
    note = next(n for n in report.notes if "uten tall" in n)
    d = json.loads((FIXTURES / "12063_kultur_status.json").read_text(encoding="utf-8"))
    keys = list(cells("12063_kultur_status.json"))
    symbols = Counter(sym for pos, sym in d["status"].items() if keys[int(pos)][1] == "006-015")
    assert len(symbols) >= 3
    for sym, n in symbols.items():
        assert f"{n} «{sym}»" in note, note
    # egen_måling = nei: the own figure is neither a measurement nor a reference
    assert rows(store, "SELECT count(*) FROM measurement WHERE indicator_id = ?",
                "IND-KULTURSKOLE") == [(0,)]


def test_a_sparse_value_object_is_read_by_position(store, mapping, fixture_file):
    import_kostra({"kostra_mapping": [mapping],
                   "kostra": [fixture_file("12294_vann_sparse.json")]}, store, kommune_nr=OWN)
    expected = {(r, t): v for (r, _c, t), v in cells("12294_vann_sparse.json").items()
                if r != OWN and v is not None}
    got = {(r, p): v for r, p, v in rows(
        store, "SELECT region, period, value FROM reference_value WHERE indicator_id = ?",
        "IND-LEKKASJE")}
    assert got == expected


@pytest.mark.parametrize("period", ["2022", "2023", "2024"])
def test_a_target_relative_to_the_national_average_gets_its_status_from_kostra(
        store, mapping, fixture_file, period):
    """«1 prosentpoeng under landsgjennomsnittet» for leakage, where lower is better."""
    import_kostra({"kostra_mapping": [mapping],
                   "kostra": [fixture_file("12294_vann_sparse.json")]}, store, kommune_nr=OWN)
    data = cells("12294_vann_sparse.json")
    own, national = data[(OWN, "KOSlekkasjeandel0000", period)], \
        data[("EAK", "KOSlekkasjeandel0000", period)]
    goal, limit = national - 1, national  # målverdi -1, grenseverdi 0 relative to EAK
    expected = "green" if own <= goal + 1e-9 else "yellow" if own <= limit + 1e-9 else "red"
    con = duckdb.connect(str(store), read_only=True)
    try:
        row = scorecard_status(con, ROOT, period).set_index("indicator_id").loc["IND-LEKKASJE"]
    finally:
        con.close()
    assert row["reference_value"] == national and row["value"] == own
    assert row["goal_applied"] == pytest.approx(goal)
    assert row["status"] == expected


def test_the_fixtures_cover_all_three_statuses():
    data = cells("12294_vann_sparse.json")
    seen = set()
    for t in ("2022", "2023", "2024"):
        own, nat = data[(OWN, "KOSlekkasjeandel0000", t)], data[("EAK", "KOSlekkasjeandel0000", t)]
        seen.add("green" if own <= nat - 1 else "yellow" if own <= nat else "red")
    assert seen == {"green", "yellow", "red"}


def test_reimporting_changes_nothing_and_stored_mappings_are_reused(store, mapping,
                                                                   fixture_file):
    files = [fixture_file("12134_grunnskole_dense.json"),
             fixture_file("12294_vann_sparse.json")]
    import_kostra({"kostra_mapping": [mapping], "kostra": files}, store, kommune_nr=OWN)
    before = digest(store)
    report = import_kostra({"kostra": files}, store)  # mapping and kommune_nr from the store
    assert report.total_changed == 0
    assert digest(store) == before


# --------------------------------------------------------------------------------------------
def test_bad_wrong_sizes(store, mapping, fixture_file):
    path = fixture_file("12134_grunnskole_dense.json")
    d = json.loads(path.read_text(encoding="utf-8"))
    d["value"] = d["value"][:-1]
    path.write_text(json.dumps(d), encoding="utf-8")
    refused(store, {"kostra_mapping": [mapping], "kostra": [path]},
            "12134_grunnskole_dense.json, kolonne «value»",
            "«value» har 29 tall, men «size» (5 × 2 × 3) gir 30 celler", kommune_nr=OWN)


def test_bad_size_that_disagrees_with_the_categories(store, mapping, fixture_file):
    path = fixture_file("12134_grunnskole_dense.json")
    d = json.loads(path.read_text(encoding="utf-8"))
    d["size"][0] = 4
    path.write_text(json.dumps(d), encoding="utf-8")
    refused(store, {"kostra_mapping": [mapping], "kostra": [path]},
            "Dimensjonen «KOKkommuneregion0000» har 5 kategorier, men «size» sier 4")


def test_bad_unknown_dimension_without_a_filter(store, fixture_file, tmp_path):
    unfiltered = write_csv(tmp_path / "kobling.csv", MAPPING_HEADER,
                           [["12063", "KOSandelkulturs0000", "IND-KULTURSKOLE", "", "nei"]])
    refused(store, {"kostra_mapping": [unfiltered],
                    "kostra": [fixture_file("12063_kultur_status.json")]},
            "Ukjent dimensjon «KOKalder0000» i tabell 12063",
            "KOKalder0000=006-015")


def test_bad_tid(store, mapping, fixture_file):
    path = fixture_file("12134_grunnskole_dense.json")
    text = path.read_text(encoding="utf-8").replace('"2024"', '"2024-2025"')
    path.write_text(text, encoding="utf-8")
    refused(store, {"kostra_mapping": [mapping], "kostra": [path]},
            "kolonne «dimension/Tid»", "Ugyldig år «2024-2025»")


def test_bad_table_without_a_mapping(store, fixture_file):
    refused(store, {"kostra": [fixture_file("12134_grunnskole_dense.json")]},
            "Tabell 12134 er ikke koblet til noen indikator")


def test_bad_mapping_file(store, fixture_file, tmp_path):
    bad = write_csv(tmp_path / "kobling.csv", MAPPING_HEADER,
                    [["1213", "KOSgrunnskolepoe0000", "IND-FINNES-IKKE", "KOKalder0000", ""]])
    refused(store, {"kostra_mapping": [bad],
                    "kostra": [fixture_file("12134_grunnskole_dense.json")]},
            "kobling.csv, rad 2, kolonne «tabell»", "ikke et tabellnummer",
            "Ukjent indikator «IND-FINNES-IKKE»", "«KOKalder0000» er ikke et filter")


def test_bad_json_and_bad_kommune_number(store, mapping, tmp_path):
    broken = tmp_path / "12134.json"
    broken.write_text("<html>Too many requests</html>", encoding="utf-8")
    refused(store, {"kostra_mapping": [mapping], "kostra": [broken]}, "ikke gyldig JSON")
    refused(store, {"kostra_mapping": [mapping]}, "«30a5» er ikke et kommunenummer",
            kommune_nr="30a5")


def test_bad_same_series_from_two_files(store, mapping, fixture_file):
    a = fixture_file("12134_grunnskole_dense.json")
    b = fixture_file("12134_grunnskole_dense.json", "12134_igjen.json")
    refused(store, {"kostra_mapping": [mapping], "kostra": [a, b]},
            "IND-GRUNNSKOLE for", "kommer fra flere kilder", kommune_nr=OWN)


def test_bad_own_measurement_without_a_kommune_number(store, mapping, fixture_file):
    refused(store, {"kostra_mapping": [mapping],
                    "kostra": [fixture_file("12134_grunnskole_dense.json")]},
            "kommunenummeret eller rotenheten er ikke kjent")
