"""Valid files load, in the shapes municipal Excel produces, and re-imports behave.

Each test writes a small file the way a municipality would (encoding, separator, decimal comma,
workbook layout), imports it into a private copy of the demo store, and reads back what a user
would then see in the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from bmsdata.demo import write_sources
from bmsdata.importers import import_files
from bmsdata.scorecard.evaluate import scorecard_status

MEASUREMENT_HEADER = "indikator_id;enhet_id;periode;verdi;n"


def query(store: Path, sql: str, *params: object) -> list[tuple]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def values_of(store: Path, indicator: str, period: str) -> dict[str, float]:
    rows = query(store, "SELECT unit_id, value FROM measurement "
                        "WHERE indicator_id = ? AND period = ?", indicator, period)
    return dict(rows)


def fingerprint(store: Path) -> tuple[str, int]:
    return hashlib.sha256(store.read_bytes()).hexdigest(), os.stat(store).st_mtime_ns


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\r\n".join(lines + [""]).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_units_with_norwegian_letters_load_in_every_excel_encoding(encoding, demo_store,
                                                                    tmp_path):
    names = {"BHG-AER": "Ærfuglen barnehage", "SKO-OST": "Østre Åsen skole",
             "HO-BO": "Bø sykehjem – avdeling Sør"}
    f = write(tmp_path / "enheter.csv",
              ["enhet_id;navn;overordnet_id;type;gyldig_fra;gyldig_til;etterfølger_id"]
              + [f"{uid};{name};K0000;test;2026-01-01;;" for uid, name in names.items()],
              encoding)
    report = import_files({"units": [f]}, demo_store)
    assert report.changed["org_unit"] == 3
    stored = dict(query(demo_store, "SELECT unit_id, name FROM org_unit WHERE unit_type = 'test'"))
    assert stored == names


def test_norwegian_number_notations_load_as_numbers(demo_store, tmp_path):
    written = {"BHG-GAR": "4,5", "BHG-SOL": "1 234,5", "BHG-ASE": "1\u00a0234,5",
               "BHG-FJE": "1.234,5", "SKO-SEN": "−3", "SKO-NOR": "12 %", "SKO-VES": "-0,25",
               "SKO-UNG": "7"}
    f = write(tmp_path / "budsjettavvik.csv", [MEASUREMENT_HEADER] + [
        f"ADM-BUDSJETTAVVIK;{unit};2026T3;{text};" for unit, text in written.items()])
    import_files({"measurements": [f]}, demo_store)
    assert values_of(demo_store, "ADM-BUDSJETTAVVIK", "2026T3") == {
        "BHG-GAR": 4.5, "BHG-SOL": 1234.5, "BHG-ASE": 1234.5, "BHG-FJE": 1234.5,
        "SKO-SEN": -3.0, "SKO-NOR": 12.0, "SKO-VES": -0.25, "SKO-UNG": 7.0}


@pytest.mark.parametrize(("separator", "lines"), [
    ("semikolon", ["indikator_id;enhet_id;periode;verdi;n",
                   "ADM-SYKEFRAVAER;BHG-GAR;2026T3;4,5;",
                   "ADM-SYKEFRAVAER;BHG-SOL;2026T3;6;"]),
    ("komma", ["indikator_id,enhet_id,periode,verdi,n",
               'ADM-SYKEFRAVAER,BHG-GAR,2026T3,"4,5",',
               "ADM-SYKEFRAVAER,BHG-SOL,2026T3,6,"]),
    ("komma og punktum", ["indikator_id,enhet_id,periode,verdi,n",
                          "ADM-SYKEFRAVAER,BHG-GAR,2026T3,4.5,",
                          "ADM-SYKEFRAVAER,BHG-SOL,2026T3,6,"]),
    ("tabulator", ["indikator_id\tenhet_id\tperiode\tverdi\tn",
                   "ADM-SYKEFRAVAER\tBHG-GAR\t2026T3\t4,5\t",
                   "ADM-SYKEFRAVAER\tBHG-SOL\t2026T3\t6\t"]),
])
def test_semicolon_comma_and_tab_separated_files_load(separator, lines, demo_store, tmp_path):
    f = write(tmp_path / "sykefravaer.csv", lines)
    import_files({"measurements": [f]}, demo_store)
    assert values_of(demo_store, "ADM-SYKEFRAVAER", "2026T3") == {"BHG-GAR": 4.5,
                                                                   "BHG-SOL": 6.0}


def test_headers_match_without_case_or_norwegian_letters(demo_store, tmp_path):
    f = write(tmp_path / "mal.csv", ["Indikator_ID;Enhet ID;Malverdi;GRENSEVERDI;Gyldig-fra",
                                     "ADM-TRIVSEL;BHG-GAR;4,9;4,4;2026"])
    import_files({"targets": [f]}, demo_store)
    assert query(demo_store, "SELECT goal, lower_limit, form FROM target "
                             "WHERE indicator_id = 'ADM-TRIVSEL' AND unit_id = 'BHG-GAR'"
                 ) == [(4.9, 4.4, "range")]


def test_target_columns_are_found_under_their_aliases(demo_store, tmp_path):
    """«mål» is an accepted header for «målverdi»; the file must not be told it lacks one."""
    f = write(tmp_path / "mal.csv", ["indikator_id;mål;gyldig_fra", "ADM-TRIVSEL;4,8;2027"])
    import_files({"targets": [f]}, demo_store)
    assert query(demo_store, "SELECT form, goal FROM target "
                             "WHERE target_key = 'ADM-TRIVSEL|*|2027'") == [("value", 4.8)]


def test_every_period_notation_is_stored_in_its_normal_form(demo_store, tmp_path):
    written = {"BHG-GAR": "2030", "BHG-SOL": "2030T1", "BHG-ASE": "2030t2", "BHG-FJE": "2030K2",
               "SKO-SEN": "2030Q3", "SKO-NOR": "2030M03", "SKO-VES": "2030M3"}
    f = write(tmp_path / "perioder.csv", [MEASUREMENT_HEADER] + [
        f"ADM-BUDSJETTAVVIK;{unit};{period};1;" for unit, period in written.items()])
    import_files({"measurements": [f]}, demo_store)
    stored = dict(query(demo_store, "SELECT unit_id, period FROM measurement "
                                    "WHERE period LIKE '2030%'"))
    assert stored == {"BHG-GAR": "2030", "BHG-SOL": "2030T1", "BHG-ASE": "2030T2",
                      "BHG-FJE": "2030K2", "SKO-SEN": "2030K3", "SKO-NOR": "2030M03",
                      "SKO-VES": "2030M03"}
    labels = dict(query(demo_store, "SELECT period, label FROM period WHERE period IN "
                                    "('2030K3', '2030M03')"))
    assert labels == {"2030K3": "3. kvartal 2030", "2030M03": "mars 2030"}


def _results_sheet(ws, first_row: int = 1) -> None:
    for _ in range(first_row - 1):
        ws.append([])
    ws.append(["indikator_id", "enhet_id", "periode", "verdi", "n"])
    ws.append(["ADM-BRUKERTILFREDSHET", "BHG-GAR", 2026, 4.8, 31])
    ws.append(["ADM-BRUKERTILFREDSHET", "BHG-SOL", "2026", "4,2", None])


def test_xlsx_loads_from_its_first_sheet(demo_store, tmp_path):
    wb = Workbook()
    wb.active.title = "Ark1"
    _results_sheet(wb.active)
    wb.create_sheet("Notater")["A1"] = "Tall fra brukerundersøkelsen 2026"
    wb.save(tmp_path / "brukere.xlsx")
    import_files({"measurements": [tmp_path / "brukere.xlsx"]}, demo_store)
    assert values_of(demo_store, "ADM-BRUKERTILFREDSHET", "2026") == {"BHG-GAR": 4.8,
                                                                       "BHG-SOL": 4.2}
    assert query(demo_store, "SELECT n FROM measurement WHERE unit_id = 'BHG-GAR' "
                             "AND indicator_id = 'ADM-BRUKERTILFREDSHET' AND period = '2026'"
                 ) == [(31,)]


def test_xlsx_loads_from_the_sheet_named_after_the_kind_wherever_it_is(demo_store, tmp_path):
    wb = Workbook()
    cover = wb.active
    cover.title = "Forside"
    cover.append(["Dette arket er en forside og ingen tabell"])
    _results_sheet(wb.create_sheet("Resultater"), first_row=3)
    wb.save(tmp_path / "rapport.xlsx")
    import_files({"measurements": [tmp_path / "rapport.xlsx"]}, demo_store)
    assert values_of(demo_store, "ADM-BRUKERTILFREDSHET", "2026") == {"BHG-GAR": 4.8,
                                                                       "BHG-SOL": 4.2}


def test_xlsx_dates_and_norwegian_dates_load_as_dates(demo_store, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "enheter"
    ws.append(["enhet_id", "navn", "overordnet_id", "gyldig_fra", "gyldig_til"])
    ws.append(["SKO-NYE", "Nyeng skole", "K0000", dt.datetime(2026, 8, 1), None])
    ws.append(["SKO-GML", "Gamleng skole", "K0000", "01.01.1990", "31.07.2026"])
    wb.save(tmp_path / "enheter.xlsx")
    import_files({"units": [tmp_path / "enheter.xlsx"]}, demo_store)
    assert query(demo_store, "SELECT unit_id, valid_from, valid_to FROM org_unit "
                             "WHERE unit_id IN ('SKO-NYE', 'SKO-GML') ORDER BY unit_id") == [
        ("SKO-GML", dt.date(1990, 1, 1), dt.date(2026, 7, 31)),
        ("SKO-NYE", dt.date(2026, 8, 1), None)]


def test_scorecard_words_are_read_in_their_written_variants(demo_store, tmp_path):
    f = write(tmp_path / "malekart.csv", [
        "målekart;type;fokusområde;suksessfaktor;indikator_id;indikator;retning",
        "Helse og omsorg;Politisk;Brukere;Trygghet;HO-TRYGG;Trygghet i hjemmet;Høyere er bedre",
        "Helse og omsorg;politisk;Brukere;Trygghet;HO-FALL;Fallskader;lavere er bedre",
        "Stab;adm;Medarbeidere;Nærvær;AD-NAER;Nærvær;høyt er bra",
    ])
    import_files({"scorecard": [f]}, demo_store)
    assert dict(query(demo_store, "SELECT indicator_id, direction FROM indicator WHERE "
                                  "indicator_id IN ('HO-TRYGG', 'HO-FALL', 'AD-NAER')")) == {
        "HO-TRYGG": "higher", "HO-FALL": "lower", "AD-NAER": "higher"}
    cards = dict(query(demo_store, "SELECT name, kind FROM scorecard "
                                   "WHERE name IN ('Helse og omsorg', 'Stab')"))
    assert cards == {"Helse og omsorg": "politisk", "Stab": "administrativ"}
    # Ids left blank are made from the names, so a re-import finds the same rows.
    assert query(demo_store, "SELECT success_factor_id FROM indicator "
                             "WHERE indicator_id = 'HO-FALL'") == [
        ("helse_og_omsorg.brukere.trygghet",)]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(demo_store, tmp_path):
    f = write(tmp_path / "nye.csv", [MEASUREMENT_HEADER,
                                     "ADM-SYKEFRAVAER;BHG-GAR;2026T3;5,5;",
                                     "ADM-SYKEFRAVAER;BHG-SOL;2026T3;7,0;"])
    first = import_files({"measurements": [f]}, demo_store)
    assert first.changed["measurement"] == 2
    before = fingerprint(demo_store)
    second = import_files({"measurements": [f]}, demo_store)
    assert second.total_changed == 0
    assert second.rows_read == 2
    assert "Ingen endringer" in second.message
    assert fingerprint(demo_store) == before


def test_reimporting_a_full_batch_of_every_kind_changes_nothing(tmp_path):
    """The demo municipality's source files (CSV and XLSX, every kind), loaded twice."""
    batch = write_sources(tmp_path / "kilder")
    store = tmp_path / "bms.duckdb"
    first = import_files(batch, store)
    assert first.rows_read > 1000 and first.changed["measurement"] > 1000
    before = fingerprint(store)
    again = import_files(batch, store)
    assert again.rows_read == first.rows_read
    assert again.total_changed == 0, again.changed
    assert fingerprint(store) == before


def test_a_changed_value_updates_exactly_that_row(demo_store, tmp_path):
    rows = ["ADM-SYKEFRAVAER;BHG-GAR;2026T3;5,5;", "ADM-SYKEFRAVAER;BHG-SOL;2026T3;7,0;",
            "ADM-SYKEFRAVAER;BHG-ASE;2026T3;6,1;"]
    import_files({"measurements": [write(tmp_path / "a.csv", [MEASUREMENT_HEADER, *rows])]},
                 demo_store)
    everything = "SELECT * FROM measurement ORDER BY ALL"
    before = set(query(demo_store, everything))
    rows[1] = "ADM-SYKEFRAVAER;BHG-SOL;2026T3;6,8;"
    report = import_files(
        {"measurements": [write(tmp_path / "b.csv", [MEASUREMENT_HEADER, *rows])]}, demo_store)
    assert report.total_changed == 1 and report.changed["measurement"] == 1
    after = set(query(demo_store, everything))
    assert before - after == {("ADM-SYKEFRAVAER", "BHG-SOL", "2026T3", 7.0, None)}
    assert after - before == {("ADM-SYKEFRAVAER", "BHG-SOL", "2026T3", 6.8, None)}


def test_reimport_adds_and_updates_but_never_deletes(demo_store, tmp_path):
    count = "SELECT count(*) FROM measurement"
    (n_before,) = query(demo_store, count)[0]
    f = write(tmp_path / "en_rad.csv", [MEASUREMENT_HEADER, "ADM-SYKEFRAVAER;BHG-GAR;2026T3;5;"])
    import_files({"measurements": [f]}, demo_store)
    assert query(demo_store, count)[0][0] == n_before + 1


@pytest.mark.parametrize("written", ["5,0–4,0", "5,0 – 4,0", "5,0—4,0", "5-4", "5,0 - 4,0"])
def test_ambition_notation_gives_goal_and_lower_limit(written, demo_store, tmp_path):
    f = write(tmp_path / "ambisjon.csv", ["indikator_id;enhet_id;ambisjonsnivå;gyldig_fra;vedtak",
                                          f"ADM-TRIVSEL;BHG-GAR;{written};2026;K-sak 1/2026"])
    import_files({"targets": [f]}, demo_store)
    assert query(demo_store, "SELECT form, goal, lower_limit, reference_region, decision "
                             "FROM target WHERE target_key = 'ADM-TRIVSEL|BHG-GAR|2026'") == [
        ("range", 5.0, 4.0, None, "K-sak 1/2026")]


def test_single_value_target(demo_store, tmp_path):
    f = write(tmp_path / "ambisjon.csv", ["indikator_id;ambisjonsnivå;gyldig_fra",
                                          "ADM-BUDSJETTAVVIK;0;2027"])
    import_files({"targets": [f]}, demo_store)
    assert query(demo_store, "SELECT form, goal, lower_limit FROM target "
                             "WHERE target_key = 'ADM-BUDSJETTAVVIK|*|2027'") == [
        ("value", 0.0, None)]


def test_relative_target_is_applied_against_its_reference_series(demo_store, tmp_path):
    """Sick leave 2 percentage points below the national average without Oslo, from 2026."""
    f = write(tmp_path / "ambisjon.csv", [
        "indikator_id;enhet_id;målverdi;grenseverdi;referanse;gyldig_fra;vedtak",
        "ADM-SYKEFRAVAER;;-2;0;EAKUO;2026;K-sak 7/2026"])
    import_files({"targets": [f]}, demo_store)
    assert query(demo_store, "SELECT form, goal, lower_limit, reference_region FROM target "
                             "WHERE target_key = 'ADM-SYKEFRAVAER|*|2026'") == [
        ("relative", -2.0, 0.0, "EAKUO")]
    con = duckdb.connect(str(demo_store), read_only=True)
    try:
        status = scorecard_status(con, "K0000", "2026T2")
    finally:
        con.close()
    row = status.set_index("indicator_id").loc["ADM-SYKEFRAVAER"]
    assert row["reference_region"] == "EAKUO" and row["decision"] == "K-sak 7/2026"
    assert row["goal_applied"] == pytest.approx(row["reference_value"] - 2)
    assert row["limit_applied"] == pytest.approx(row["reference_value"])
