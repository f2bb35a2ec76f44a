"""Malformed files: each is refused with a Norwegian message at the right row and column, and the
store is left exactly as it was.

The corpus lives in ``tests/fixtures/bad_imports/`` (CSV written by hand, so their bytes and
encodings are the test; workbooks from ``tests/fixtures/make_bad_xlsx.py``). Each file has one
deliberate error unless the table says otherwise. The store is a private copy of the demo
municipality, whose indicators and units the files refer to.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bmsdata.importers import ImportIssue, ImportValidationError, import_files
from bmsdata.importers.reading import ReadProblem, read_table

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad_imports"

# A message "says what to do" when it tells the person to act: one of these imperatives.
IMPERATIVE = re.compile(
    r"\b(Skriv|Rett|Bruk|Legg|Fjern|Fyll|Importer|Sjekk|Lagre|bytt|La)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Bad:
    file: str
    kind: str
    row: int | None
    column: str | None
    says: str  # a distinctive part of the Norwegian message
    issues: int = 1  # how many issues the file produces in all


CORPUS = [
    Bad("ukjent_indikator.csv", "measurements", 3, "indikator_id",
        "Ukjent indikator «ADM-SYKEFRAVÆR»"),
    Bad("ukjent_enhet.csv", "measurements", 2, "enhet_id", "Ukjent enhet «BHG-GARDERASEN»"),
    Bad("periode_2024T4.csv", "measurements", 2, "periode",
        "tertial må være mellom 1 og 3"),
    Bad("periode_24-1.csv", "measurements", 3, "periode", "«24-1» er ikke en gyldig periode"),
    Bad("periode_2024M13.csv", "measurements", 2, "periode", "måned må være mellom 1 og 12"),
    Bad("verdi_fire.csv", "measurements", 4, "verdi", "«fire» er ikke et tall"),
    Bad("dobbel_rad.csv", "measurements", 4, "periode",
        "Duplikat: en måling for samme indikator, enhet og periode finnes allerede på rad 2"),
    Bad("utenfor_skala.csv", "measurements", 2, "verdi",
        "Verdien 6,5 ligger utenfor skalaen for «Brukertilfredshet» (1–6)"),
    Bad("negativ_n.csv", "measurements", 2, "n", "Antall (n) kan ikke være negativt"),
    Bad("mangler_kolonne_periode.csv", "measurements", 1, "periode",
        "Kolonnen «periode» mangler"),
    Bad("tom.csv", "measurements", None, None, "Filen er tom"),
    Bad("bare_overskrift.csv", "measurements", None, None,
        "Filen har en overskriftsrad, men ingen datarader"),
    Bad("for_mange_felt.csv", "measurements", 3, None,
        "Raden har 6 felt, men overskriften har 5"),
    Bad("utf8_bom_resultater.csv", "measurements", 3, "enhet_id",
        "«enhet_id» mangler verdi"),
    Bad("gammel_excel.xls", "measurements", None, None, "Gamle .xls-filer støttes ikke"),
    Bad("resultater.pdf", "measurements", None, None, "Ukjent filtype «.pdf»"),
    # .txt is read as CSV (Excel's "Tekst (tabulatordelt)"); nonsense has none of the columns.
    Bad("tull.txt", "measurements", 1, "indikator_id", "Kolonnen «indikator_id» mangler",
        issues=4),
    Bad("feil_pa_excelrad_7.xlsx", "measurements", 7, "enhet_id",
        "Ukjent enhet «Solsikken barnehage»"),
    Bad("na_celle.xlsx", "measurements", 3, "verdi", "Cellen viser Excel-feilen «#N/A»",
        issues=2),
    Bad("skadet.xlsx", "measurements", None, None, "Excel-filen kan ikke åpnes"),
    Bad("windows1252_enheter.csv", "units", 4, "overordnet_id",
        "Ukjent overordnet enhet «Økonomiavdelingen»"),
    Bad("ukjent_overordnet.csv", "units", 3, "overordnet_id",
        "Ukjent overordnet enhet «SKOLE»"),
    Bad("gyldig_til_for_gyldig_fra.csv", "units", 2, "gyldig_til",
        "«gyldig_til» er før «gyldig_fra»"),
    Bad("ugyldig_dato.csv", "units", 2, "gyldig_fra", "«31.13.2026» er ikke en dato"),
    Bad("enhetssirkel.csv", "units", 2, "overordnet_id",
        "Enheten «SKO-A» ligger i en sirkel av overordnede enheter", issues=2),
    Bad("ugyldig_retning.csv", "scorecard", 3, "retning",
        "«oppover» er ikke en gyldig retning"),
    Bad("ugyldig_type.csv", "scorecard", 2, "type", "«kommunal» er ikke en gyldig type"),
    Bad("fokusomrade_navnekonflikt.csv", "scorecard", 3, "fokusområde",
        "Fokusområdet «okonomi» har en annen verdi her («Økonomistyring») enn på rad 2"),
    Bad("grense_feil_side_hoyere.csv", "targets", 2, "ambisjonsnivå",
        "Grenseverdien (5) ligger over målverdien (4), men for «Brukertilfredshet» er høyere "
        "bedre"),
    Bad("grense_feil_side_lavere.csv", "targets", 3, "grenseverdi",
        "Grenseverdien (5) ligger under målverdien (6), men for «Sykefravær» er lavere bedre"),
    Bad("ambisjonsniva_ulesbar.csv", "targets", 2, "ambisjonsnivå",
        "«5,0 til 4,5» er ikke et ambisjonsnivå"),
    Bad("ambisjonsniva_gyldig_til_for_gyldig_fra.csv", "targets", 2, "gyldig_til",
        "«gyldig_til» er før «gyldig_fra»"),
    Bad("mal_og_ambisjon_uenige.csv", "targets", 2, "ambisjonsnivå",
        "Både «målverdi» og «ambisjonsnivå» er fylt inn"),
    Bad("referanse_dobbel.csv", "references", 4, "periode",
        "Duplikat: en referanseverdi for samme indikator, region og periode"),
]


def fingerprint(store: Path) -> tuple[str, int, list[str]]:
    """What "the store is untouched" means: same bytes, same mtime, no new files beside it."""
    return (hashlib.sha256(store.read_bytes()).hexdigest(), os.stat(store).st_mtime_ns,
            sorted(os.listdir(store.parent)))


def refused(batch: dict[str, list[Path]], store: Path) -> list[ImportIssue]:
    before = fingerprint(store)
    with pytest.raises(ImportValidationError) as info:
        import_files(batch, store)
    assert fingerprint(store) == before, "a refused import changed the store"
    return info.value.issues


def test_the_corpus_is_complete_and_every_file_is_in_the_table():
    on_disk = {p.name for p in BAD.iterdir()}
    in_table = {b.file for b in CORPUS} | {"mange_feil.csv"}
    assert on_disk == in_table
    assert len(CORPUS) >= 18


@pytest.mark.parametrize("bad", CORPUS, ids=[b.file for b in CORPUS])
def test_bad_file_is_refused_where_the_error_is_and_the_store_is_untouched(bad, demo_store):
    issues = refused({bad.kind: [BAD / bad.file]}, demo_store)

    assert len(issues) == bad.issues, [str(i) for i in issues]
    assert all(i.file == bad.file for i in issues)
    match = [i for i in issues if bad.says in i.message]
    assert match, f"expected «{bad.says}» in {[i.message for i in issues]}"
    issue = match[0]
    assert (issue.row, issue.column) == (bad.row, bad.column)
    # Norwegian, and tells the person what to do; English is kept apart for the log.
    assert IMPERATIVE.search(issue.message), issue.message
    assert issue.english and issue.english != issue.message
    # How a person reads it: file, row and column, as the CLI and dashboards print it.
    where = ", ".join([bad.file]
                      + ([f"rad {bad.row}"] if bad.row is not None else [])
                      + ([f"kolonne «{bad.column}»"] if bad.column else []))
    assert str(issue).startswith(f"{where}: ")


def test_windows_1252_message_shows_the_norwegian_letters(demo_store):
    (issue,) = refused({"units": [BAD / "windows1252_enheter.csv"]}, demo_store)
    assert "«Økonomiavdelingen»" in issue.message
    assert "Ã" not in issue.message and "\ufffd" not in issue.message


def test_all_errors_in_one_file_are_reported_in_one_exception(demo_store):
    issues = refused({"measurements": [BAD / "mange_feil.csv"]}, demo_store)
    found = {(i.row, i.column) for i in issues}
    assert found == {
        (2, "indikator_id"),  # ADM-SYKEFRAVÆR
        (3, "periode"),  # 2026T4
        (4, "verdi"),  # fire
        (6, "periode"),  # duplicate of row 5
        (7, "verdi"),  # 7,2 on a 1–6 scale
        (8, "enhet_id"),  # BHG-XXX
        (9, None),  # six fields under a five-column header
    }
    assert len(issues) == len(found)


def test_excel_error_in_an_optional_column_is_refused_not_read_as_blank(demo_store):
    issues = refused({"measurements": [BAD / "na_celle.xlsx"]}, demo_store)
    by_place = {(i.row, i.column): i.message for i in issues}
    assert "Excel-feilen «#DIV/0!»" in by_place[(4, "n")]


def test_one_bad_file_stops_the_whole_batch_and_every_file_is_reported(demo_store, tmp_path):
    good_units = tmp_path / "nye_enheter.csv"
    good_units.write_text("enhet_id;navn;overordnet_id\nSKO-NYE;Nyeng skole;K0000\n",
                          encoding="utf-8")
    issues = refused({"units": [good_units, BAD / "ukjent_overordnet.csv"],
                      "measurements": [BAD / "verdi_fire.csv", BAD / "ukjent_enhet.csv"]},
                     demo_store)
    assert {i.file for i in issues} == {"ukjent_overordnet.csv", "verdi_fire.csv",
                                        "ukjent_enhet.csv"}


def test_the_exception_text_is_the_norwegian_list_a_person_reads(demo_store):
    with pytest.raises(ImportValidationError) as info:
        import_files({"measurements": [BAD / "verdi_fire.csv"]}, demo_store)
    text = str(info.value)
    assert text.startswith("Importen ble stoppet: 1 feil funnet. Ingenting er lastet inn")
    assert "verdi_fire.csv, rad 4, kolonne «verdi»: «fire» er ikke et tall" in text


def test_read_table_stops_at_an_unreadable_row_unless_told_to_keep_going():
    """Callers without a Checker keep the old contract; the import loader collects them all."""
    with pytest.raises(ReadProblem) as info:
        read_table(BAD / "mange_feil.csv")
    assert (info.value.issue.row, info.value.issue.column) == (9, None)
    table = read_table(BAD / "mange_feil.csv", keep_going=True)
    assert [(i.row, i.column) for i in table.issues] == [(9, None)]
    assert [n for n, _ in table.rows] == [2, 3, 4, 5, 6, 7, 8]
