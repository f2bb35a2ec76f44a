"""The templates in data/templates/ match the importer, and the examples load together.

An analyst starts from these files, so a template whose header the importer does not know, or
an example that does not load, is a bug a user meets on day one.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from bmsdata.importers import KINDS, ImportValidationError, import_files
from bmsdata.scorecard.evaluate import scorecard_status

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "templates"
# kind → file stem
STEMS = {"units": "enheter", "scorecard": "malekart", "targets": "ambisjonsniva",
         "measurements": "resultater", "references": "referanser"}


def expected_headers(kind: str) -> list[str]:
    module, _sheet = KINDS[kind]
    return [c.header for c in module.COLUMNS]


def examples() -> dict[str, list[Path]]:
    return {kind: [TEMPLATES / f"eksempel_{stem}.csv"] for kind, stem in STEMS.items()}


@pytest.mark.parametrize("kind", list(STEMS))
def test_blank_csv_template_is_excel_friendly_and_has_every_column(kind):
    raw = (TEMPLATES / f"{STEMS[kind]}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Norwegian Excel needs the BOM to read æøå"
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines == [";".join(expected_headers(kind))]


@pytest.mark.parametrize("kind", list(STEMS))
def test_blank_xlsx_template_has_the_kind_sheet_first_with_every_column(kind):
    wb = load_workbook(TEMPLATES / f"{STEMS[kind]}.xlsx")
    _module, sheet = KINDS[kind]
    assert wb.sheetnames[0] == sheet
    first_row = [c.value for c in next(wb[sheet].iter_rows(max_row=1))]
    assert first_row == expected_headers(kind)
    assert wb[sheet].max_row == 1
    # the guide sheet lists every column
    guide = {row[0] for row in wb["veiledning"].iter_rows(values_only=True) if row}
    assert set(expected_headers(kind)) <= guide


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("kind", list(STEMS))
def test_importer_recognises_every_template_column(kind, suffix, tmp_path):
    """A blank template fails only for having no rows, never for a column it does not know."""
    with pytest.raises(ImportValidationError) as info:
        import_files({kind: [TEMPLATES / f"{STEMS[kind]}{suffix}"]}, tmp_path / "bms.duckdb")
    assert [i.message for i in info.value.issues] == [
        "Filen har en overskriftsrad, men ingen datarader. Legg til dataradene under "
        "overskriften, eller ta filen ut av importen."]


@pytest.mark.parametrize("kind", list(STEMS))
def test_examples_are_small_bom_semicolon_files_with_the_template_header(kind):
    path = TEMPLATES / f"eksempel_{STEMS[kind]}.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == expected_headers(kind)
    assert 2 <= len(rows) - 1 <= 15


def test_all_examples_load_together_into_an_empty_store(tmp_path):
    store = tmp_path / "ny" / "bms.duckdb"
    report = import_files(examples(), store)

    def data_rows(kind: str) -> int:
        text = examples()[kind][0].read_text(encoding="utf-8-sig")
        return len(text.splitlines()) - 1

    assert report.rows_read == sum(data_rows(k) for k in STEMS)
    assert report.changed["org_unit"] == data_rows("units")
    assert report.changed["indicator"] == data_rows("scorecard")
    assert report.changed["target"] == data_rows("targets")
    assert report.changed["measurement"] == data_rows("measurements")
    assert report.changed["reference_value"] == data_rows("references")

    con = duckdb.connect(str(store), read_only=True)
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        whole = scorecard_status(con).set_index("indicator_id")
        home_care = scorecard_status(con, "HJT").set_index("indicator_id")
        n_bosted = con.execute("SELECT n FROM measurement WHERE indicator_id = 'BOSTED'"
                               ).fetchall()
    finally:
        con.close()
    assert meta["root_unit"] == "FJORDVIK" and meta["municipality"] == "Fjordvik kommune"
    assert set(whole["scorecard"]) == {"Administrativt målekart", "Politisk målekart"}
    assert n_bosted == [(1050,)]  # «1 050» with a thousands space

    # Latest period is 2025. Each status follows from DOMAIN.md's rules and the example rows:
    # budget deviation −0,4 against «0», lower is better → met.
    assert whole.loc["BUDSJETTAVVIK", ["value", "status"]].tolist() == [-0.4, "green"]
    assert whole.loc["BUDSJETTAVVIK", "trend"] == "better"  # from 0,8 in 2025T1
    # user satisfaction 4,6 against «5,0–4,0» → between goal and limit.
    assert whole.loc["BRUKERTILFREDSHET", ["value", "status"]].tolist() == [4.6, "yellow"]
    # sick leave 6,1 against EAK 6,6 − 1 = 5,6 (limit: the average itself, 6,6) → acceptable.
    sick = whole.loc["SYKEFRAVAER"]
    assert (sick["period"], sick["value"], sick["reference_value"]) == ("2025T2", 6.1, 6.6)
    assert sick["goal_applied"] == pytest.approx(5.6)
    assert sick["status"] == "yellow"
    # satisfaction with the municipality 4,2 against «4,8–4,3» → below the limit.
    assert whole.loc["BOSTED", "status"] == "red"
    # Home care has its own target «4,6–3,8»: 3,9 is acceptable there (red by the common one).
    assert home_care.loc["BRUKERTILFREDSHET", ["value", "status"]].tolist() == [3.9, "yellow"]
    assert home_care.loc["BRUKERTILFREDSHET", "goal_applied"] == pytest.approx(4.6)
    assert home_care.loc["SYKEFRAVAER", "status"] == "red"  # 9,8 is worse than the average


def test_reimporting_all_examples_changes_nothing(tmp_path):
    store = tmp_path / "bms.duckdb"
    import_files(examples(), store)
    before = hashlib.sha256(store.read_bytes()).hexdigest()
    again = import_files(examples(), store)
    assert again.total_changed == 0, again.changed
    assert hashlib.sha256(store.read_bytes()).hexdigest() == before


def test_examples_can_be_imported_kind_by_kind_in_the_documented_order(tmp_path):
    """docs/import-formats.md: enheter, målekart, ambisjonsnivå, resultater, referanser."""
    store = tmp_path / "bms.duckdb"
    for kind in ("units", "scorecard", "targets", "measurements", "references"):
        assert import_files({kind: examples()[kind]}, store).total_changed > 0


def test_results_before_the_scorecard_are_refused_with_the_order_to_follow(tmp_path):
    with pytest.raises(ImportValidationError) as info:
        import_files({"measurements": examples()["measurements"]}, tmp_path / "bms.duckdb")
    assert any("Importer målekartet først" in i.message for i in info.value.issues)
