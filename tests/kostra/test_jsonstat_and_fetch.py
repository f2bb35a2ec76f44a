"""The JSON-stat reader against the format's rules, and downloading from SSB without a network
(a stand-in answers for SSB; the autouse fixture blocks real sockets)."""

from __future__ import annotations

import io
import json
import urllib.error
from pathlib import Path

import numpy as np
import pytest
from _kostra_files import FIXTURES

from bmsdata.importers import jsonstat
from bmsdata.importers.kostra import API, KostraFetchError, fetch_kostra


def cube(**over: object) -> dict:
    d = {"version": "2.0", "class": "dataset", "label": "99999: Test",
         "id": ["A", "B", "Tid"], "size": [2, 3, 2],
         "dimension": {
             "A": {"label": "a", "category": {"index": ["a0", "a1"]}},
             "B": {"label": "b", "category": {"index": {"b0": 0, "b1": 1, "b2": 2},
                                              "label": {"b0": "B null", "b1": "B en",
                                                        "b2": "B to"}}},
             "Tid": {"label": "år", "category": {"index": {"2023": 0, "2024": 1}}}},
         "value": [float(i) for i in range(12)]}
    d.update(over)
    return d


def test_the_last_dimension_varies_fastest():
    ds = jsonstat.parse(cube(), "t.json")
    a, b, t = ds.positions(np.arange(12))
    for i in range(12):
        assert i == a[i] * 6 + b[i] * 2 + t[i]  # row-major, as the format specifies
        assert ds.values[i] == i
    assert ds.dimensions["B"].labels == ["B null", "B en", "B to"]
    assert ds.dimensions["A"].labels == ["a0", "a1"]  # no label: the code
    assert ds.table_id == "99999"


def test_a_single_category_may_leave_out_the_index():
    d = cube(size=[1, 3, 2], value=list(range(6)))
    d["dimension"]["A"] = {"label": "a", "category": {"label": {"only": "Eneste"}}}
    ds = jsonstat.parse(d, "t.json")
    assert ds.dimensions["A"].codes == ["only"]


@pytest.mark.parametrize(("status", "expected_at_3"), [
    ("..", ".."), ([".."] * 12, ".."), ({"3": ":"}, ":"), ({"4": ":"}, None)])
def test_status_as_string_array_or_object(status, expected_at_3):
    values = list(range(12))
    values[3] = None
    ds = jsonstat.parse(cube(value=values, status=status), "t.json")
    assert np.isnan(ds.values[3])
    assert ds.status[3] == expected_at_3


def test_symbols_written_in_place_of_numbers_are_missing_values():
    values = [1.0] * 12
    values[5] = ".."
    ds = jsonstat.parse(cube(value=values), "t.json")
    assert np.isnan(ds.values[5]) and np.nansum(ds.values) == 11


@pytest.mark.parametrize(("over", "text"), [
    ({"class": "collection"}, "ikke et JSON-stat-datasett"),
    ({"size": [2, 3]}, "«id» har 3 dimensjoner, men «size» har 2 tall"),
    ({"value": list(range(11))}, "«value» har 11 tall, men «size» (2 × 3 × 2) gir 12 celler"),
    ({"value": {"12": 1.0}}, "Posisjonen «12» i «value» ligger utenfor kuben (0–11)"),
    ({"value": [1.0] * 11 + ["abc"]}, "«abc» er ikke et tall"),
])
def test_bad_datasets_are_explained(over, text):
    with pytest.raises(jsonstat.JsonStatProblem) as info:
        jsonstat.parse(cube(**over), "t.json")
    assert text in str(info.value)


def test_an_undescribed_dimension_is_refused():
    d = cube()
    del d["dimension"]["B"]
    with pytest.raises(jsonstat.JsonStatProblem, match="Dimensjonen «B» står i «id»"):
        jsonstat.parse(d, "t.json")


class FakeResponse(io.BytesIO):
    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def test_fetch_posts_a_json_stat2_query_and_saves_the_answer(tmp_path):
    answer = (FIXTURES / "12134_grunnskole_dense.json").read_bytes()
    seen = {}

    def urlopen(request, timeout):
        seen["url"], seen["method"] = request.full_url, request.get_method()
        seen["body"], seen["timeout"] = json.loads(request.data), timeout
        return FakeResponse(answer)

    out = fetch_kostra("12134", tmp_path / "ssb" / "12134.json", regions=["3025", "EAK"],
                       contents=["KOSgrunnskolepoe0000"], urlopen=urlopen, timeout=5)
    assert out.read_bytes() == answer
    assert seen["url"] == API.format(table="12134") == "https://data.ssb.no/api/v0/no/table/12134"
    assert seen["method"] == "POST" and seen["timeout"] == 5
    assert seen["body"]["response"] == {"format": "json-stat2"}
    query = {q["code"]: q["selection"] for q in seen["body"]["query"]}
    assert query["KOKkommuneregion0000"] == {"filter": "item", "values": ["3025", "EAK"]}
    assert query["ContentsCode"]["values"] == ["KOSgrunnskolepoe0000"]
    assert query["Tid"]["filter"] == "top"


def test_a_failed_download_leaves_no_file(tmp_path):
    target = tmp_path / "12134.json"
    target.write_text("old", encoding="utf-8")

    def offline(request, timeout):
        raise urllib.error.URLError("no route to host")

    with pytest.raises(KostraFetchError, match="Kunne ikke hente tabell 12134 fra SSB"):
        fetch_kostra("12134", target, urlopen=offline)

    def html(request, timeout):
        return FakeResponse(b"<html>503</html>")

    with pytest.raises(KostraFetchError, match="ikke med et JSON-stat-datasett"):
        fetch_kostra("12134", target, urlopen=html)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["12134.json"]
    with pytest.raises(KostraFetchError, match="ikke et tabellnummer"):
        fetch_kostra("12a34", target, urlopen=html)


def test_the_real_network_is_never_reached(tmp_path: Path):
    with pytest.raises(KostraFetchError):
        fetch_kostra("12134", tmp_path / "x.json", timeout=2)
    assert not (tmp_path / "x.json").exists()


def test_the_cli_entry_point_dispatches_each_kind(store, tmp_path):
    from _survey_files import DEFINITION, DEFINITION_HEADER, write_csv

    from bmsdata.importers.extra import EXTRA_KINDS, import_extra

    definition = write_csv(tmp_path / "def.csv", DEFINITION_HEADER, DEFINITION)
    report = import_extra("undersokelser", [definition], store)
    assert report.changed["survey"] == 1
    mapping = write_csv(tmp_path / "k.csv", ["tabell", "statistikkvariabel", "indikator_id"],
                        [["12134", "KOSgrunnskolepoe0000", "IND-GRUNNSKOLE"]])
    import_extra("kostra-kobling", [mapping], store)
    report = import_extra("kostra", [FIXTURES / "12134_grunnskole_dense.json"], store,
                          kommune_nr="3025")
    assert report.changed["reference_value"] > 0
    assert set(EXTRA_KINDS) == {"undersokelser", "svar", "svarfordeling", "kostra-kobling",
                                "kostra"}
    with pytest.raises(ValueError, match="Ukjent importtype"):
        import_extra("noe", [], store)
