"""Fuzzing every importer: whatever a file holds, the only way out is the documented error.

For each import kind – the five core kinds as CSV and XLSX, the three survey kinds, the KOSTRA
mapping and JSON-stat – hypothesis feeds the real importer:

* arbitrary bytes;
* a valid file of the kind, mutated (bytes flipped, inserted, deleted, lines duplicated or cut,
  separators swapped, the file truncated);
* the kind's own header with random cells (text, numbers in every notation, formulas, Excel
  errors, control characters, huge and tiny numbers), as CSV and as XLSX;
* for JSON-stat, the valid cube with its members replaced by random JSON.

Each import either succeeds, or raises :class:`ImportValidationError` with at least one issue
naming the file – and then the store is byte-identical, with no file added beside it. Anything
else escaping (a ``KeyError``, a DuckDB error, a ``MemoryError``) is a bug.

Bounded for CI: ``max_examples`` per importer is set below and ``deadline`` is off (a slow
example is not a failure). Under ``CI`` the profile is derandomized, so CI runs the same
examples every time; locally each run explores new ones.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest
from _reliability_support import (
    CORE_KINDS,
    KOSTRA_KINDS,
    SURVEY_KINDS,
    fingerprint,
    run_import,
    sha256,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from bmsdata.importers import ImportValidationError

settings.register_profile("reliability-ci", derandomize=True, deadline=None, database=None,
                          print_blob=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.register_profile("reliability-dev", deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
PROFILE = "reliability-ci" if os.environ.get("CI") else "reliability-dev"
EXAMPLES = int(os.environ.get("BMS_FUZZ_EXAMPLES", "50"))

TABLE_KINDS = CORE_KINDS + SURVEY_KINDS + ("kostra_mapping",)

# Cells that have tripped spreadsheets and parsers: numbers in every notation, dates, formulas,
# Excel error texts, periods, yes/no, scales, control characters and long text.
NASTY = [
    "", " ", "0", "-0", "1e308", "1e-308", "-1e309", "NaN", "nan", "inf", "-Infinity", "1,5",
    "1.5", "1 234,5", "1.234,5", "1,234.5", "−3", "12 %", "%", "1e5", "0x10", "١٢", "²",
    "2024", "2024T1", "2024T4", "2024M00", "2024K5", "1899", "9999", "2024-02-30",
    "31.12.2025", "00.00.0000", "=1+1", "=HYPERLINK(\"x\")", "#N/A", "#DIV/0!", "ja", "nei",
    "1–6", "6–1", "1-1", "0–100", "A=Ja|B=Nei", "A=|=B", "|||", "KOKfunksjon0000=202",
    "=x;;", "K", "BHG-A", "IND-TILFREDS", "BU-T", "Q1", "Q4", "R1", "EAK", "0301", "12134",
    "høyere er bedre", "lavere", "politisk", "bruker", "\x00", "\ufeff", "\u202e", "\r\n",
    "\"", "'", ";", ",", "\t", "a" * 300, "<script>", "'; DROP TABLE measurement; --",
]
cell = st.one_of(st.sampled_from(NASTY), st.text(max_size=12),
                 st.integers(-10**20, 10**20).map(str),
                 st.floats(allow_nan=True, allow_infinity=True).map(str))


def _refused_or_loaded(kind: str, file: Path, store: Path) -> None:
    before = fingerprint(store)
    try:
        run_import(kind, [file], store)
    except ImportValidationError as exc:
        assert exc.issues, "an ImportValidationError without issues tells nobody anything"
        assert str(exc).startswith("Importen ble stoppet")
        assert fingerprint(store) == before, "a refused import changed the store"


def _with_store(master: Path, kind: str, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="bms-fuzz-") as d:
        folder = Path(d)
        store = folder / "store" / "bms.duckdb"
        store.parent.mkdir()
        # A hard link, not a copy: a write never touches the store file in place (it swaps a
        # new file in), so the master's bytes stay as they were unless that rule breaks – and
        # then this example's fingerprint check fails.
        try:
            os.link(master, store)
        except OSError:
            shutil.copyfile(master, store)
        file = folder / name
        file.write_bytes(data)
        _refused_or_loaded(kind, file, store)


def _mutate(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    """Apply (operation, position, byte) triples: flip, insert, delete, duplicate or drop a
    line, swap separators, truncate."""
    b = bytearray(data)
    for op, pos, byte in ops:
        if not b:
            b.extend(bytes([byte]))
            continue
        i = pos % len(b)
        if op == 0:
            b[i] = byte
        elif op == 1:
            b.insert(i, byte)
        elif op == 2:
            del b[i]
        elif op in (3, 4):
            lines = bytes(b).split(b"\n")
            k = pos % len(lines)
            if op == 3:
                lines.insert(k, lines[k])
            else:
                del lines[k]
            b = bytearray(b"\n".join(lines))
        elif op == 5:
            b = bytearray(bytes(b).replace(b";", b",") if byte % 2 else
                          bytes(b).replace(b",", b";", 1 + byte % 5))
        else:
            del b[i:]
    return bytes(b)


mutations = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 10**6), st.integers(0, 255)),
                     min_size=1, max_size=8)


def _header(path: Path) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))


def _csv_bytes(header: list[str], rows: list[list[str]], delimiter: str) -> bytes:
    out = io.StringIO(newline="")
    w = csv.writer(out, delimiter=delimiter)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx_bytes(header: list[str], rows: list[list[object]], sheet: str | None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if sheet:
        ws.title = sheet
    ws.append(header)
    for r in rows:
        # Excel cannot hold control characters; openpyxl refuses to write them.
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


xlsx_cell = st.one_of(cell, st.integers(-10**15, 10**15),
                      st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
                      st.dates(), st.none())


def fuzz_settings(examples: int = EXAMPLES):
    return settings(settings.get_profile(PROFILE), max_examples=examples)


@pytest.mark.parametrize("kind", TABLE_KINDS)
@fuzz_settings()
@given(data=st.data())
def test_fuzzed_table_files_raise_only_the_documented_error(kind, data, small_store_master,
                                                            valid_sources):
    valid = valid_sources[kind]
    header = _header(valid)
    shape = data.draw(st.sampled_from(["bytes", "mutated", "cells", "cells-xlsx"]))
    if shape == "bytes":
        suffix = data.draw(st.sampled_from([".csv", ".xlsx", ".txt"]))
        payload = data.draw(st.binary(max_size=400))
    elif shape == "mutated":
        suffix = ".csv"
        payload = _mutate(valid.read_bytes(), data.draw(mutations))
    elif shape == "cells":
        suffix = ".csv"
        rows = data.draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 2),
                                  min_size=0, max_size=6))
        payload = _csv_bytes(header, rows, data.draw(st.sampled_from([";", ",", "\t"])))
    else:
        suffix = ".xlsx"
        rows = data.draw(st.lists(st.lists(xlsx_cell, min_size=0, max_size=len(header) + 1),
                                  min_size=0, max_size=5))
        payload = _xlsx_bytes(header, rows, data.draw(st.sampled_from([None, "Ark1", "svar",
                                                                      "resultater"])))
    _with_store(small_store_master, kind, f"fuzz{suffix}", payload)


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                      st.floats(allow_nan=False), st.text(max_size=8))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=12)
MEMBERS = ["class", "id", "size", "dimension", "value", "status", "label", "extension",
           "version"]


@fuzz_settings()
@given(data=st.data())
def test_fuzzed_jsonstat_files_raise_only_the_documented_error(data, small_store_master,
                                                               valid_sources):
    valid = valid_sources["kostra"]
    shape = data.draw(st.sampled_from(["bytes", "mutated", "members", "dimension", "sizes"]))
    if shape == "bytes":
        payload = data.draw(st.binary(max_size=300))
    elif shape == "mutated":
        payload = _mutate(valid.read_bytes(), data.draw(mutations))
    else:
        cube = json.loads(valid.read_text("utf-8"))
        if shape == "members":
            for member in data.draw(st.lists(st.sampled_from(MEMBERS), min_size=1,
                                             max_size=3)):
                if data.draw(st.booleans()):
                    cube.pop(member, None)
                else:
                    cube[member] = data.draw(json_value)
        elif shape == "dimension":
            dim = data.draw(st.sampled_from(list(cube["dimension"])))
            part = data.draw(st.sampled_from(["category", "index", "label", "whole"]))
            new = data.draw(json_value)
            if part == "whole":
                cube["dimension"][dim] = new
            elif part == "category":
                cube["dimension"][dim]["category"] = new
            else:
                cube["dimension"][dim]["category"][part] = new
        else:
            # sizes that disagree with the values or the categories, or are absurdly large
            cube["size"] = data.draw(st.lists(
                st.one_of(st.integers(-2, 12), st.sampled_from([10**9, 2**40, 2**63])),
                min_size=len(cube["size"]), max_size=len(cube["size"])))
            if data.draw(st.booleans()):
                cube["value"] = {str(k): 1.0 for k in data.draw(
                    st.lists(st.integers(0, 2**40), max_size=3))}
        payload = json.dumps(cube).encode("utf-8")
    _with_store(small_store_master, "kostra", "12134_fuzz.json", payload)


@pytest.fixture(scope="module")
def master_sha(small_store_master: Path) -> str:
    """The master's sha256 before this module's first example (the fixture runs once)."""
    return sha256(small_store_master)


@pytest.fixture(autouse=True)
def _record_master(master_sha: str) -> None:
    """Autouse, so the sha is taken before the first fuzz test links the master."""


def test_the_master_store_was_never_written_in_place(small_store_master, master_sha):
    """Runs after the fuzz tests (file order): every example hard-linked the master, and
    none of the hundreds of imports – refused or loaded – changed its bytes."""
    assert sha256(small_store_master) == master_sha


def test_the_fuzz_profile_is_deterministic_under_ci():
    """CI must run the same examples every time, so a failure there can be reproduced."""
    profile = settings.get_profile("reliability-ci")
    assert profile.derandomize and profile.deadline is None and profile.database is None
    assert set(KOSTRA_KINDS) <= {*TABLE_KINDS, "kostra"}


def test_kostra_regions_may_share_a_name(small_store, valid_sources):
    """Labels are names, not keys (Norway has two Herøy): such a cube loads, under its codes."""
    cube = json.loads(valid_sources["kostra"].read_text("utf-8"))
    labels = cube["dimension"]["KOKkommuneregion0000"]["category"]["label"]
    for code in labels:
        labels[code] = "Samme navn"
    path = small_store.parent.parent / "12134_same_region_label.json"
    path.write_text(json.dumps(cube), encoding="utf-8")
    run_import("kostra", [path], small_store)
    con = duckdb.connect(str(small_store), read_only=True)
    try:
        names = con.execute("SELECT DISTINCT region_name FROM reference_value WHERE region IN "
                            "(SELECT unnest($codes))", {"codes": list(labels)}).fetchall()
    finally:
        con.close()
    assert names == [("Samme navn",)]


def test_kostra_two_codes_for_one_year_are_refused_with_both_named(small_store, valid_sources):
    cube = json.loads(valid_sources["kostra"].read_text("utf-8"))
    index = cube["dimension"]["Tid"]["category"]["index"]
    cube["dimension"]["Tid"]["category"]["index"] = {
        ("2023.0" if code == "2022" else code): pos for code, pos in index.items()}
    path = small_store.parent.parent / "12134_two_codes_one_year.json"
    path.write_text(json.dumps(cube), encoding="utf-8")
    before = fingerprint(small_store)
    with pytest.raises(ImportValidationError) as refused:
        run_import("kostra", [path], small_store)
    text = refused.value.message
    assert "2023.0" in text and "Tid" in text and "Hent filen på nytt" in text
    assert fingerprint(small_store) == before
