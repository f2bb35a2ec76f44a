"""Helpers shared by the reliability suite: what "the store is unchanged" means, a logical
digest of a store, and valid source files of every import kind to damage.

Why a logical digest beside the sha256: DuckDB writes a random database identifier and salted
block checksums into every file it creates, so two uninterrupted imports of the same input give
files that differ in bytes but not in content. "Unchanged" is therefore checked by bytes
(sha256 of the file that must not have been touched), and "the new snapshot" by content.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
REPO = TESTS.parent
# The survey and KOSTRA tests keep their file writers and base store beside them.
for extra in (TESTS / "surveys", TESTS / "kostra"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from _kostra_files import FIXTURES as KOSTRA_FIXTURES  # noqa: E402
from _kostra_files import MAPPING, MAPPING_HEADER  # noqa: E402
from _survey_files import (  # noqa: E402
    DEFINITION,
    DEFINITION_HEADER,
    LONG_HEADER,
    build_base_store,
    write_csv,
)

__all__ = [
    "DEFINITION", "DEFINITION_HEADER", "KOSTRA_FIXTURES", "LONG_HEADER", "MAPPING",
    "MAPPING_HEADER", "build_base_store", "content_digest", "fingerprint", "sha256",
    "table_counts", "write_csv", "write_valid_sources",
]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fingerprint(store: Path) -> tuple[str, int, list[str]]:
    """Same bytes, same mtime, and no new files beside it (no stray snapshot, no WAL)."""
    return (sha256(store), os.stat(store).st_mtime_ns, sorted(os.listdir(store.parent)))


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name"
    ).fetchall()]


def content_digest(store: Path) -> str:
    """sha256 over every table's rows in a fixed order: equal for equal content.

    Reading every row of every table also makes DuckDB verify every block checksum, so a torn
    or half-written file cannot pass. Table names come from DuckDB's own catalogue.
    """
    h = hashlib.sha256()
    con = duckdb.connect(str(store), read_only=True)
    try:
        for table in _tables(con):
            quoted = '"' + table.replace('"', '""') + '"'
            rows = con.execute(f"SELECT * FROM {quoted}").fetchall()  # noqa: S608 - catalogue name
            h.update(table.encode())
            for row in sorted(rows, key=repr):
                h.update(repr(row).encode())
    finally:
        con.close()
    return h.hexdigest()


def table_counts(store: Path) -> dict[str, int]:
    """Rows per table: the tables are all still there and nothing was added or dropped."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        out = {}
        for table in _tables(con):
            quoted = '"' + table.replace('"', '""') + '"'
            out[table] = con.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]  # noqa: S608
        return out
    finally:
        con.close()


def write_rows(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]],
               delimiter: str = ";") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows([["" if c is None else c for c in r] for r in rows])
    return path


def write_valid_sources(folder: Path) -> dict[str, Path]:
    """One small valid file per import kind, for the survey/KOSTRA base store.

    Keys are the batch keys of the importers (``units`` … ``survey_definitions`` … ``kostra``).
    Each file imports cleanly into a fresh copy of ``build_base_store``'s store, so a fuzzed
    or damaged variant of it starts from something real.
    """
    folder.mkdir(parents=True, exist_ok=True)
    out = {
        "units": write_rows(folder / "enheter.csv", ["enhet_id", "navn", "overordnet_id", "type"],
                            [["SKO-B", "Skole B", "K", "skole"]]),
        "scorecard": write_rows(folder / "malekart.csv", [
            "målekart", "type", "fokusområde", "suksessfaktor", "indikator_id", "indikator",
            "retning", "frekvens", "skala_min", "skala_maks", "desimaler"], [
            ["Adm", "administrativ", "Brukere", "Kvalitet", "IND-NY", "Ny indikator",
             "høyere er bedre", "år", "1", "6", "1"]]),
        "targets": write_rows(folder / "ambisjonsniva.csv", [
            "indikator_id", "enhet_id", "målverdi", "grenseverdi", "gyldig_fra", "vedtak"], [
            ["IND-INFO", "", "5,0", "4,0", "2021", "K-sak 3/2021"]]),
        "measurements": write_rows(folder / "resultater.csv", [
            "indikator_id", "enhet_id", "periode", "verdi", "n"], [
            ["IND-TILFREDS", "BHG-A", "2024", "4,5", "30"],
            ["IND-INFO", "BHG-B", "2024T2", "3,9", ""],
            ["IND-LEKKASJE", "K", "2024", "21,5", ""]]),
        "references": write_rows(folder / "referanser.csv", [
            "indikator_id", "region", "regionnavn", "periode", "verdi"], [
            ["IND-LEKKASJE", "EAK", "Landet", "2024", "30,1"],
            ["IND-LEKKASJE", "0301", "Oslo", "2024", "22,0"]]),
        # BU-T itself is in the base store; a second survey is what changes it.
        "survey_definitions": write_csv(folder / "undersokelser.csv", DEFINITION_HEADER, [
            ["BU-N", *r[1:]] for r in DEFINITION]),
        "survey_responses": write_csv(folder / "svar.csv", LONG_HEADER, [
            ["BU-T", "2024", "BHG-A", f"R{i}", q, str(1 + (i + k) % 6)]
            for i in range(6) for k, q in enumerate(["Q1", "Q2", "Q3"])]),
        "survey_aggregates": write_csv(folder / "svarfordeling.csv", [
            "undersøkelse_id", "periode", "enhet_id", "spørsmål_id", "svar", "antall"], [
            ["BU-T", "2023", "BHG-B", "Q1", str(v), str(n)]
            for v, n in ((1, 1), (2, 2), (3, 3), (4, 5), (5, 6), (6, 4))]),
        # The base store has MAPPING; a changed egen_måling is what changes it.
        "kostra_mapping": write_csv(folder / "kostra_kobling.csv", MAPPING_HEADER, [
            [*r[:4], "nei" if r[4] == "ja" else "ja"] for r in MAPPING]),
    }
    dense = json.loads((KOSTRA_FIXTURES / "12134_grunnskole_dense.json").read_text("utf-8"))
    out["kostra"] = folder / "12134_grunnskole.json"
    out["kostra"].write_text(json.dumps(dense, ensure_ascii=False), encoding="utf-8")
    return out


CORE_KINDS = ("units", "scorecard", "targets", "measurements", "references")
SURVEY_KINDS = ("survey_definitions", "survey_responses", "survey_aggregates")
KOSTRA_KINDS = ("kostra_mapping", "kostra")
ALL_KINDS = CORE_KINDS + SURVEY_KINDS + KOSTRA_KINDS
KOMMUNE_NR = "3025"


def run_import(kind: str, files: Sequence[Path], store: Path) -> object:
    """Call the importer a person's file of ``kind`` goes to (as ``bms import`` does)."""
    from bmsdata.importers import import_files
    from bmsdata.importers.kostra import import_kostra
    from bmsdata.importers.surveys import import_surveys

    if kind in CORE_KINDS:
        return import_files({kind: list(files)}, store)
    if kind in SURVEY_KINDS:
        return import_surveys({kind: list(files)}, store)
    if kind in KOSTRA_KINDS:
        return import_kostra({kind: list(files)}, store)
    raise ValueError(kind)


def build_small_base(store: Path, src: Path) -> None:
    """The survey tests' base store, plus the survey BU-T, the KOSTRA mapping and the kommune
    number, so that an answer file or a JSON-stat file alone can be imported into it."""
    from bmsdata.importers.kostra import import_kostra
    from bmsdata.importers.surveys import import_surveys

    build_base_store(store, src)
    definition = write_csv(src / "undersokelser.csv", DEFINITION_HEADER, DEFINITION)
    import_surveys({"survey_definitions": [definition]}, store)
    mapping = write_csv(src / "kostra_kobling.csv", MAPPING_HEADER, MAPPING)
    import_kostra({"kostra_mapping": [mapping]}, store, kommune_nr=KOMMUNE_NR)
