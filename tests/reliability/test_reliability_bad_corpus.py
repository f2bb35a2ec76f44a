"""The bad-input corpus across all importers: each file is refused with a Norwegian message
that names the file, row and column and says what to do, and the store stays byte-identical.

``tests/fixtures/bad_imports/`` (35 files, core kinds, demo store) is checked file by file in
``tests/importers/test_import_bad_files.py``. This module adds ``bad_imports_more/`` – survey
definitions, answers and aggregates, the KOSTRA mapping, JSON-stat with wrong sizes, CSV with
mixed separators – and Excel layouts made at test time by ``make_bad_imports_more.py``
(formulas without saved values, merged cells, data on an extra sheet), against the small base
store. Together they are well over 40 files; a test below counts them.

Last, a 200 MB file written at test time (never committed): it is refused before it is read,
in a subprocess whose peak memory is measured and printed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from _reliability_support import fingerprint, run_import

from bmsdata.importers import ImportValidationError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MORE = FIXTURES / "bad_imports_more"
sys.path.insert(0, str(FIXTURES))

from make_bad_imports_more import WORKBOOKS, write_workbooks  # noqa: E402

# "Says what to do": an imperative a person can follow.
IMPERATIVE = re.compile(r"\b(Skriv|Rett|Bruk|Legg|Fjern|Fyll|Importer|Sjekk|Lagre|bytt|La|Hent|"
                        r"Del|Gi|Åpne|Oppgi|Velg)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Bad:
    file: str
    kind: str
    row: int | None
    column: str | None
    says: str
    issues: int = 1


CORPUS = [
    # CSV separators
    Bad("blandet_skilletegn.csv", "measurements", 3, None,
        "Raden er skilt med komma, men overskriften med semikolon"),
    Bad("blandet_skilletegn_komma_forst.csv", "measurements", 4, None,
        "Raden er skilt med semikolon, men overskriften med komma"),
    # Excel layouts (made at test time)
    Bad("formel_uten_verdi.xlsx", "measurements", 3, "verdi",
        "Cellen har formelen «=D2-0.4», men ingen lagret verdi"),
    Bad("svar_formel_uten_verdi.xlsx", "survey_responses", 3, "Q1",
        "Cellen har formelen «=E2», men ingen lagret verdi"),
    Bad("sammenslatte_celler.xlsx", "scorecard", 2, "fokusområde",
        "Cellene C2:C4 er slått sammen", issues=3),
    Bad("sammenslatt_overskrift.xlsx", "measurements", 1, "verdi",
        "Cellene D1:E1 er slått sammen"),
    Bad("ekstra_ark_data_bakerst.xlsx", "measurements", 1, "indikator_id",
        "Arket «Forside» ble lest; arbeidsboken har også «Data». Gi arket med dataene navnet "
        "«resultater»", issues=5),
    # survey answers
    Bad("svar_ukjent_enhet.csv", "survey_responses", 3, "enhet_id", "Ukjent enhet «BHG-X»"),
    Bad("svar_utenfor_skala.csv", "survey_responses", 3, "svar",
        "Svaret 7 ligger utenfor skalaen for spørsmål «Q1»"),
    Bad("svar_to_ganger.csv", "survey_responses", 4, "respondent_id",
        "respondenten «R1» har allerede svart på spørsmålet «Q1» på rad 2"),
    Bad("svar_ukjent_undersokelse.csv", "survey_responses", 2, "undersøkelse_id",
        "Ukjent undersøkelse «BU-X»"),
    Bad("svar_bredt_ukjent_sporsmal.csv", "survey_responses", None, "Q9",
        "Kolonnen «Q9» er ikke et spørsmål i undersøkelsen «BU-T»"),
    # survey definitions
    Bad("definisjon_skala_baklengs.csv", "survey_definitions", 2, "skala",
        "«6–1» er ikke en skala"),
    Bad("definisjon_ukjent_type.csv", "survey_definitions", 2, "type",
        "«elev» er ikke en type undersøkelse", issues=2),
    Bad("definisjon_vet_ikke_pa_skala.csv", "survey_definitions", 2, "vet_ikke",
        "Koden for «vet ikke» (3) er allerede en verdi på skalaen"),
    Bad("definisjon_mangler_sporsmal.csv", "survey_definitions", 2, "spørsmål",
        "«spørsmål» mangler verdi"),
    # aggregated results
    Bad("svarfordeling_feil_sum.csv", "survey_aggregates", 2, "n",
        "summerer seg til 37, men n er oppgitt som 40"),
    Bad("svarfordeling_ukjent_sporsmal.csv", "survey_aggregates", 2, "spørsmål_id",
        "Ukjent spørsmål «Q7» i undersøkelsen «BU-T»"),
    # KOSTRA mapping
    Bad("kobling_ugyldig_tabell.csv", "kostra_mapping", 2, "tabell",
        "«1213» er ikke et tabellnummer fra SSB"),
    Bad("kobling_ugyldig_filter.csv", "kostra_mapping", 2, "filter",
        "«KOKalder0000» er ikke et filter"),
    Bad("kobling_ukjent_indikator.csv", "kostra_mapping", 2, "indikator_id",
        "Ukjent indikator «IND-FINNES-IKKE»"),
    Bad("kobling_egen_maling_kanskje.csv", "kostra_mapping", 2, "egen_måling",
        "«kanskje» er verken ja eller nei"),
    # JSON-stat
    Bad("12134_size_produkt.json", "kostra", None, "value",
        "«value» har 29 tall, men «size» (5 × 2 × 3) gir 30 celler"),
    Bad("12134_size_kategorier.json", "kostra", None, "size",
        "Dimensjonen «KOKkommuneregion0000» har 5 kategorier, men «size» sier 4"),
    Bad("12134_id_og_size_ulik_lengde.json", "kostra", None, "size",
        "«id» har 3 dimensjoner, men «size» har 2 tall"),
    Bad("12134_kjempekube.json", "kostra", None, "size",
        "gir 30000000000 celler; mer enn 20000000 kan ikke leses", issues=3),
    Bad("12134_posisjon_som_tekst.json", "kostra", None, "dimension/ContentsCode",
        "Kategoriene i «ContentsCode» har posisjoner som ikke er hele tall"),
    Bad("12134_tekst_som_verdi.json", "kostra", None, "value[3]", "«abc» er ikke et tall"),
    Bad("12134_ugyldig_aar.json", "kostra", None, "dimension/Tid",
        "Ugyldig år «2022-2023» i «Tid»"),
    Bad("12134_avbrutt_nedlasting.json", "kostra", None, None, "Filen er ikke gyldig JSON"),
    Bad("12134_ikke_datasett.json", "kostra", None, "class",
        "Filen er ikke et JSON-stat-datasett"),
    Bad("99999_ukoblet_tabell.json", "kostra", None, None,
        "Tabell 99999 er ikke koblet til noen indikator"),
]
KINDS_COVERED = {"measurements", "scorecard", "survey_responses", "survey_definitions",
                 "survey_aggregates", "kostra_mapping", "kostra"}


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_workbooks(tmp_path_factory.mktemp("bad_workbooks"))


def _path(bad: Bad, workbooks: dict[str, Path]) -> Path:
    return workbooks[bad.file] if bad.file in WORKBOOKS else MORE / bad.file


def test_every_file_is_in_the_table_and_the_corpus_spans_every_importer(workbooks):
    on_disk = {p.name for p in MORE.iterdir()} | set(workbooks)
    assert on_disk == {b.file for b in CORPUS}
    assert {b.kind for b in CORPUS} == KINDS_COVERED
    core = list((FIXTURES / "bad_imports").iterdir())
    assert len(CORPUS) >= 30
    assert len(core) + len(CORPUS) >= 40


@pytest.mark.parametrize("bad", CORPUS, ids=[b.file for b in CORPUS])
def test_bad_file_is_refused_where_the_error_is_and_the_store_is_untouched(
        bad: Bad, workbooks, small_store: Path) -> None:
    before = fingerprint(small_store)
    with pytest.raises(ImportValidationError) as info:
        run_import(bad.kind, [_path(bad, workbooks)], small_store)
    assert fingerprint(small_store) == before, "a refused import changed the store"
    issues = info.value.issues
    assert len(issues) == bad.issues, [str(i) for i in issues]
    assert all(i.file == bad.file for i in issues)
    match = [i for i in issues if bad.says in i.message]
    assert match, f"expected «{bad.says}» in {[i.message for i in issues]}"
    issue = match[0]
    assert (issue.row, issue.column) == (bad.row, bad.column)
    assert IMPERATIVE.search(issue.message), issue.message
    assert issue.english and issue.english != issue.message
    where = ", ".join([bad.file] + ([f"rad {bad.row}"] if bad.row is not None else [])
                      + ([f"kolonne «{bad.column}»"] if bad.column else []))
    assert str(issue).startswith(f"{where}: ")
    assert str(info.value).startswith("Importen ble stoppet")


def test_formula_cells_with_a_saved_value_are_read_as_that_value(small_store, tmp_path):
    """The other half of the formula rule: Excel saves each formula's last value, and that
    value is what is imported (no error, no recalculation)."""
    import zipfile

    from openpyxl import Workbook

    from bmsdata.importers.reading import read_table

    wb = Workbook()
    ws = wb.active
    ws.title = "resultater"
    ws.append(["indikator_id", "enhet_id", "periode", "verdi"])
    ws.append(["IND-TILFREDS", "BHG-A", 2024, "=2+2.5"])
    path = tmp_path / "med_verdi.xlsx"
    wb.save(path)
    # Put in the cached value Excel would have saved: <c r="D2"><f>2+2.5</f><v>4.5</v></c>.
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    assert b"<f>2+2.5</f><v></v>" in parts[sheet] or b"<f>2+2.5</f><v />" in parts[sheet]
    parts[sheet] = (parts[sheet].replace(b"<f>2+2.5</f><v></v>", b"<f>2+2.5</f><v>4.5</v>")
                    .replace(b"<f>2+2.5</f><v />", b"<f>2+2.5</f><v>4.5</v>"))
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    table = read_table(path, sheet_hint="resultater")
    assert [cells["verdi"] for _, cells in table.rows] == ["4.5"]
    report = run_import("measurements", [path], small_store)
    assert report.changed["measurement"] == 1


BIG_MB = 200
MEASURE = r"""
import json, sys, time
from bmsdata.importers import ImportValidationError
sys.path.insert(0, sys.argv[3])
from _reliability_support import run_import
t = time.monotonic()
try:
    run_import(sys.argv[1], [sys.argv[2]], sys.argv[4])
    result = {"loaded": True}
except ImportValidationError as exc:
    result = {"loaded": False, "issues": [[i.file, i.row, i.column, i.message]
                                          for i in exc.issues]}
result["seconds"] = time.monotonic() - t
# VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over from the forked parent (here
# pytest, hundreds of MB in a full run) across exec, while VmHWM belongs to this process alone.
with open("/proc/self/status", encoding="ascii") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
result["peak_rss_mb"] = int(hwm.split()[1]) / 1024
print(json.dumps(result))
"""


def _write_big(path: Path, header: bytes, row: bytes, size_mb: int) -> None:
    """Written in 1 MB chunks of whole rows, so generation is fast and memory flat."""
    chunk = row * (1_000_000 // len(row))
    with open(path, "wb") as fh:
        fh.write(header)
        for _ in range(size_mb + 1):
            fh.write(chunk)


@pytest.mark.parametrize("kind,name,header,row", [
    ("measurements", "resultater_200mb.csv", b"indikator_id;enhet_id;periode;verdi;n\n",
     b"IND-TILFREDS;BHG-A;2024;4,5;30\n"),
    ("kostra", "12134_200mb.json", b'{"class": "dataset", "value": [',
     b"1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, "),
])
def test_a_200_mb_file_is_refused_unread_with_a_clear_message(kind, name, header, row,
                                                             small_store, tmp_path):
    big = tmp_path / name
    _write_big(big, header, row, BIG_MB)
    assert big.stat().st_size > BIG_MB * 1_000_000
    before = fingerprint(small_store)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, kind, str(big), str(Path(__file__).parent),
         str(small_store)], capture_output=True, text=True, check=True,
        env={**os.environ, "BMS_MAX_IMPORT_MB": ""})
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\n{name}: {big.stat().st_size / 1e6:.0f} MB, refused={not result['loaded']}, "
          f"peak RSS {result['peak_rss_mb']:.0f} MB, {result['seconds']:.2f} s")
    assert not result["loaded"]
    (issue,) = result["issues"]
    assert issue[0] == name and issue[1] is None
    assert "største fil som kan importeres er 50 MB" in issue[3]
    assert "Del den opp" in issue[3]
    assert fingerprint(small_store) == before  # nothing half-loaded
    # Refused before reading: the interpreter with pandas and DuckDB loaded is about 170 MB;
    # reading the file at all would add its 200 MB, parsing it some 10 GB.
    assert result["peak_rss_mb"] < 1.5 * BIG_MB


def test_the_size_limit_can_be_raised_for_a_big_municipality(small_store, tmp_path,
                                                             monkeypatch):
    """``BMS_MAX_IMPORT_MB`` moves the limit: the same small file is refused under a tiny
    limit and loads under the default."""
    f = tmp_path / "resultater.csv"
    f.write_text("indikator_id;enhet_id;periode;verdi\nIND-TILFREDS;BHG-A;2024;4,5\n",
                 encoding="utf-8")
    monkeypatch.setenv("BMS_MAX_IMPORT_MB", "0.00001")
    with pytest.raises(ImportValidationError, match="største fil som kan importeres"):
        run_import("measurements", [f], small_store)
    monkeypatch.delenv("BMS_MAX_IMPORT_MB")
    assert run_import("measurements", [f], small_store).changed["measurement"] == 1
