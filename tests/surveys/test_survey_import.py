"""Survey import: good files load; every bad file is refused with a Norwegian sentence that
names file, row and column, and the store stays byte-identical."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from _survey_files import DEFINITION, DEFINITION_HEADER, LONG_HEADER, digest, write_csv

from bmsdata.importers import ImportValidationError
from bmsdata.importers.surveys import import_surveys


def answers_long(period: str, unit: str, people: dict[str, dict[str, str]]) -> list[list[str]]:
    return [["BU-T", period, unit, rid, q, a] for rid, qa in people.items() for q, a in qa.items()]


def six_people(prefix: str, q1: str = "5") -> dict[str, dict[str, str]]:
    return {f"{prefix}{i}": {"Q1": q1, "Q2": "4", "Q3": "6", "Q4": "A|B"} for i in range(6)}


@pytest.fixture
def loaded(store: Path, definition: Path, tmp_path: Path) -> Path:
    """The test survey with one period of answers for two units."""
    rows = answers_long("2024", "BHG-A", six_people("A")) + \
        answers_long("2024", "BHG-B", six_people("B", "3"))
    data = write_csv(tmp_path / "svar2024.csv", LONG_HEADER, rows)
    import_surveys({"survey_definitions": [definition], "survey_responses": [data]}, store)
    return store


def table(store: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def refused(store: Path, batch: dict, *expected: str) -> ImportValidationError:
    """Import must fail with every expected text in its message, leaving the store as it was."""
    before = digest(store)
    with pytest.raises(ImportValidationError) as info:
        import_surveys(batch, store)
    message = str(info.value)
    for text in expected:
        assert text in message, message
    assert digest(store) == before
    return info.value


# --------------------------------------------------------------------------------------------
def test_definition_long_wide_and_aggregated_files_load_in_one_batch(store, definition,
                                                                     tmp_path):
    long = write_csv(tmp_path / "lang.csv", LONG_HEADER,
                     answers_long("2023", "BHG-A", six_people("L")))
    wide = write_csv(tmp_path / "bred.csv",
                     ["undersøkelse_id", "periode", "enhet_id", "respondent_id", "Q1", "Q2",
                      "Q3", "Q4"],
                     [["BU-T", "2024", "BHG-B", f"W{i}", "6", "9", "", "C"] for i in range(7)])
    agg = write_csv(tmp_path / "fordeling.csv",
                    ["undersøkelse_id", "periode", "enhet_id", "spørsmål_id", "svar", "antall",
                     "n"],
                    [["BU-T", "2025", "SKO-A", "Q1", "5", "10", "12"],
                     ["BU-T", "2025", "SKO-A", "Q1", "9", "2", "12"]])
    report = import_surveys({"survey_definitions": [definition], "survey_responses": [long, wide],
                             "survey_aggregates": [agg]}, store)
    assert report.changed["survey"] == 1
    assert report.changed["survey_question"] == len(DEFINITION)
    # long: 6 people × (3 scale answers + 2 ticks); wide: 7 × (Q1, Q2 «vet ikke», one tick)
    assert report.changed["survey_response"] == 6 * 5 + 7 * 3
    assert table(store, "SELECT count(*) FROM survey_count")[0][0] == 2
    assert {p for p, in table(store, "SELECT period FROM period")} >= {"2023", "2024", "2025"}
    assert "Importert" in report.message


def test_reimporting_the_same_files_changes_nothing(loaded, definition, tmp_path):
    before = digest(loaded)
    data = sorted(tmp_path.glob("svar2024.csv"))
    report = import_surveys({"survey_definitions": [definition], "survey_responses": data},
                            loaded)
    assert report.total_changed == 0
    assert report.message.startswith("Ingen endringer")
    assert digest(loaded) == before


def test_a_corrected_export_replaces_the_units_answers_instead_of_adding(loaded, tmp_path):
    people = six_people("A")
    del people["A0"]
    people["A9"] = {"Q1": "2"}
    fixed = write_csv(tmp_path / "rettet.csv", LONG_HEADER, answers_long("2024", "BHG-A", people))
    import_surveys({"survey_responses": [fixed]}, loaded)
    ids = {r for r, in table(loaded, "SELECT DISTINCT respondent_id FROM survey_response "
                                     "WHERE unit_id = 'BHG-A'")}
    assert ids == {"A1", "A2", "A3", "A4", "A5", "A9"}
    # the other unit's answers were not touched
    assert table(loaded, "SELECT count(DISTINCT respondent_id) FROM survey_response "
                         "WHERE unit_id = 'BHG-B'")[0][0] == 6


def test_definition_as_xlsx_with_a_custom_scale(store, tmp_path):
    path = tmp_path / "definisjon.xlsx"
    frame = pd.DataFrame([["NPS", "Anbefaling", "innbygger", "Anbefaling", "N1",
                           "Vil du anbefale kommunen?", "0–10", "", "", ""]],
                         columns=["undersøkelse_id", "undersøkelse", "type", "dimensjon",
                                  "spørsmål_id", "spørsmål", "skala", "lav_til", "høy_fra",
                                  "vet_ikke"])
    frame.to_excel(path, sheet_name="undersøkelser", index=False)
    import_surveys({"survey_definitions": [path]}, store)
    assert table(store, "SELECT scale_min, scale_max, low_max, high_min FROM survey_question"
                 ) == [(0.0, 10.0, 1.0, 9.0)]
    assert table(store, "SELECT count(*) FROM survey_option WHERE role = 'skala'")[0][0] == 11


# --------------------------------------------------------------------------------------------
def test_bad_value_outside_the_scale(loaded, tmp_path):
    bad = write_csv(tmp_path / "svar.csv", LONG_HEADER,
                    [["BU-T", "2025", "BHG-A", "X1", "Q1", "7"]])
    err = refused(loaded, {"survey_responses": [bad]}, "svar.csv, rad 2, kolonne «svar»",
                  "Svaret 7 ligger utenfor skalaen", "skalaen er 1–6", "9 (vet ikke)")
    assert len(err.issues) == 1


def test_bad_unknown_question_in_a_long_file(loaded, tmp_path):
    bad = write_csv(tmp_path / "svar.csv", LONG_HEADER,
                    [["BU-T", "2025", "BHG-A", "X1", "Q1", "5"],
                     ["BU-T", "2025", "BHG-A", "X1", "Q99", "5"]])
    refused(loaded, {"survey_responses": [bad]}, "rad 3, kolonne «spørsmål_id»",
            "Ukjent spørsmål «Q99» i undersøkelsen «BU-T»")


def test_bad_unknown_question_column_in_a_wide_file(loaded, tmp_path):
    bad = write_csv(tmp_path / "bred.csv", ["undersøkelse_id", "periode", "enhet_id",
                                            "respondent_id", "Q1", "Spm 5"],
                    [["BU-T", "2025", "BHG-A", "X1", "5", "3"]])
    refused(loaded, {"survey_responses": [bad]}, "kolonne «Spm 5»",
            "er ikke et spørsmål i undersøkelsen «BU-T»")


def test_bad_duplicated_respondent_in_a_wide_file(loaded, tmp_path):
    bad = write_csv(tmp_path / "bred.csv", ["undersøkelse_id", "periode", "enhet_id",
                                            "respondent_id", "Q1"],
                    [["BU-T", "2025", "BHG-A", "R1", "5"], ["BU-T", "2025", "BHG-A", "R2", "5"],
                     ["BU-T", "2025", "BHG-A", "R1", "4"]])
    refused(loaded, {"survey_responses": [bad]}, "bred.csv, rad 4, kolonne «respondent_id»",
            "Duplikat: respondenten «R1» har allerede en rad (rad 2)")


def test_bad_two_answers_to_one_question_in_a_long_file(loaded, tmp_path):
    bad = write_csv(tmp_path / "svar.csv", LONG_HEADER,
                    [["BU-T", "2025", "BHG-A", "R1", "Q1", "5"],
                     ["BU-T", "2025", "BHG-A", "R1", "Q1", "3"]])
    refused(loaded, {"survey_responses": [bad]}, "rad 3",
            "respondenten «R1» har allerede svart på spørsmålet «Q1» på rad 2")


def test_bad_same_respondent_in_two_units_across_files(loaded, tmp_path):
    a = write_csv(tmp_path / "a.csv", LONG_HEADER, [["BU-T", "2025", "BHG-A", "R1", "Q1", "5"]])
    b = write_csv(tmp_path / "b.csv", LONG_HEADER, [["BU-T", "2025", "BHG-B", "R1", "Q1", "4"]])
    refused(loaded, {"survey_responses": [a, b]}, "b.csv, rad 2",
            "Respondenten «R1» finnes allerede (a.csv, rad 2, enhet BHG-A)")


def test_bad_respondent_stored_under_another_unit(loaded, tmp_path):
    moved = write_csv(tmp_path / "flyttet.csv", LONG_HEADER,
                      [["BU-T", "2024", "BHG-C", "A1", "Q1", "5"]])
    refused(loaded, {"survey_responses": [moved]},
            "Respondenten «A1» (BU-T, 2024) er allerede lagret for enhet «BHG-A»")


def test_bad_counts_that_do_not_add_up_to_n(loaded, tmp_path):
    bad = write_csv(tmp_path / "fordeling.csv",
                    ["undersøkelse_id", "periode", "enhet_id", "spørsmål_id", "svar", "antall",
                     "n"],
                    [["BU-T", "2025", "SKO-A", "Q1", "5", "30", "40"],
                     ["BU-T", "2025", "SKO-A", "Q1", "6", "7", "40"]])
    refused(loaded, {"survey_aggregates": [bad]}, "fordeling.csv, rad 2, kolonne «n»",
            "summerer seg til 37, men n er oppgitt som 40")


def test_bad_multi_response_counts_larger_than_n(loaded, tmp_path):
    bad = write_csv(tmp_path / "fordeling.csv",
                    ["undersøkelse_id", "periode", "enhet_id", "spørsmål_id", "svar", "antall",
                     "n"],
                    [["BU-T", "2025", "SKO-A", "Q4", "A", "12", "10"],
                     ["BU-T", "2025", "SKO-A", "Q4", "B", "3", "10"]])
    refused(loaded, {"survey_aggregates": [bad]}, "flervalgsspørsmålet «Q4»", "går ikke opp")


def test_bad_unknown_survey_unit_and_period_are_all_reported_together(loaded, tmp_path):
    bad = write_csv(tmp_path / "svar.csv", LONG_HEADER,
                    [["BU-X", "2025", "BHG-A", "R1", "Q1", "5"],
                     ["BU-T", "2025", "BHG-Z", "R2", "Q1", "5"],
                     ["BU-T", "2025T4", "BHG-A", "R3", "Q1", "5"]])
    err = refused(loaded, {"survey_responses": [bad]}, "Ukjent undersøkelse «BU-X»",
                  "Ukjent enhet «BHG-Z»", "tertial må være mellom 1 og 3")
    assert sorted(i.row for i in err.issues) == [2, 3, 4]


def test_bad_unknown_option_in_a_multi_response_cell(loaded, tmp_path):
    bad = write_csv(tmp_path / "bred.csv", ["undersøkelse_id", "periode", "enhet_id",
                                            "respondent_id", "Q4"],
                    [["BU-T", "2025", "BHG-A", "R1", "A|D"]])
    refused(loaded, {"survey_responses": [bad]}, "kolonne «Q4»", "Ukjent svarkode «D»",
            "gyldige koder: A, B, C")


def test_bad_definition_dont_know_code_on_the_scale(store, tmp_path):
    rows = [r[:] for r in DEFINITION]
    rows[0][8] = "3"
    bad = write_csv(tmp_path / "definisjon.csv", DEFINITION_HEADER, rows)
    refused(store, {"survey_definitions": [bad]}, "rad 2, kolonne «vet_ikke»",
            "Koden for «vet ikke» (3) er allerede en verdi på skalaen")


def test_bad_definition_that_would_orphan_stored_answers(loaded, tmp_path):
    shorter = write_csv(tmp_path / "definisjon.csv", DEFINITION_HEADER,
                        [r for r in DEFINITION if r[5] != "Q3"])
    refused(loaded, {"survey_definitions": [shorter]},
            "Spørsmålet «Q3» i «BU-T» har svar i databasen")


def test_bad_definition_mapped_to_an_unknown_indicator_and_a_narrower_scale(store, tmp_path):
    rows = [r[:] for r in DEFINITION]
    rows[0][11] = "IND-FINNES-IKKE"
    rows[2][11] = "IND-SMAL"  # 1–5 indicator fed by a 1–6 dimension
    bad = write_csv(tmp_path / "definisjon.csv", DEFINITION_HEADER, rows)
    refused(store, {"survey_definitions": [bad]}, "Ukjent indikator «IND-FINNES-IKKE»",
            "bruker skalaen 1–6, men indikatoren «Smal skala» har skalaen 1–5")


def test_bad_mixing_aggregated_results_into_a_period_with_answers(loaded, tmp_path):
    agg = write_csv(tmp_path / "fordeling.csv",
                    ["undersøkelse_id", "periode", "enhet_id", "spørsmål_id", "snitt", "n"],
                    [["BU-T", "2024", "BHG-C", "Q1", "4,5", "20"]])
    refused(loaded, {"survey_aggregates": [agg]}, "fordeling.csv",
            "kan ikke blande enkeltsvar og aggregerte tall")


def test_one_bad_file_stops_the_whole_batch(loaded, tmp_path):
    good = write_csv(tmp_path / "god.csv", LONG_HEADER,
                     answers_long("2025", "BHG-C", six_people("C")))
    bad = write_csv(tmp_path / "feil.csv", LONG_HEADER, [["BU-T", "2025", "BHG-A", "R1", "Q1",
                                                         "0"]])
    refused(loaded, {"survey_responses": [good, bad]}, "feil.csv")
    assert table(loaded, "SELECT count(*) FROM survey_response WHERE unit_id = 'BHG-C'"
                 )[0][0] == 0


def test_a_file_with_many_bad_rows_lists_some_and_counts_the_rest(loaded, tmp_path):
    bad = write_csv(tmp_path / "svar.csv", LONG_HEADER,
                    [["BU-T", "2025", "BHG-A", f"R{i}", "Q1", "8"] for i in range(40)])
    err = refused(loaded, {"survey_responses": [bad]}, "Samme feil gjelder 30 rader til")
    assert len(err.issues) == 11
