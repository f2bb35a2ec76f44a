"""``bms report units``: one A4 landscape sheet per unit, every focus area side by side, in the
municipality's look, as PDF and HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportkit import (
    NEW_INDICATOR,
    NEW_INDICATOR_NAME,
    PAYLOAD,
    TARGET_UNIT,
    Page,
    pdf_pages,
    pdf_text,
)

from bmsdata import cli, store
from bmsdata.reports.unit_sheets import default_units, unit_rows
from bmsdata.scorecard.status import STATUS_LOOK, Status
from bmsdata.views.context import Context

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def profile_dir(tmp_path_factory) -> Path:
    """The example profile, with a contact text that is a script (texts are typed by people)."""
    folder = tmp_path_factory.mktemp("profil") / "profil"
    shutil.copytree(REPO / "data" / "profil-eksempel", folder)
    toml = folder / "profil.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'kontakt = "', f'kontakt = "{PAYLOAD} '), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sheets(chromium, report_store: Path, profile_dir: Path, tmp_path_factory):
    out = tmp_path_factory.mktemp("units")
    code = cli.main(["--store", str(report_store), "report", "units", "--out", str(out),
                     "--profil", str(profile_dir)])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def ctx(report_store: Path):
    c = Context(report_store)
    yield c
    c.reader.close()


@pytest.mark.browser
def test_cli_writes_one_pdf_and_one_html_per_unit(sheets: Path, ctx: Context):
    period = ctx.latest_period
    units = default_units(ctx, period)
    assert TARGET_UNIT in units and ctx.root_unit not in units
    pdfs = sorted(p.name for p in sheets.glob("*.pdf"))
    htmls = sorted(p.name for p in sheets.glob("*.html"))
    assert pdfs == sorted(f"resultatark-{period}-{u}.pdf" for u in units)
    assert [h.removesuffix(".html") for h in htmls] == [p.removesuffix(".pdf") for p in pdfs]
    for pdf in sheets.glob("*.pdf"):
        assert pdf_pages(pdf) == 1, pdf.name  # one A4 page per unit


@pytest.mark.browser
def test_garderasen_sheet_is_balanced_with_status_words(sheets: Path, ctx: Context):
    period = ctx.latest_period
    rows = unit_rows(ctx, period, TARGET_UNIT)
    text = pdf_text(sheets / f"resultatark-{period}-{TARGET_UNIT}.pdf")
    assert "Garderåsen barnehage" in text
    for r in rows:
        assert r["indicator"] in text, r["indicator"]
        assert r["focus_area"] in text
    for status in {r["status"] for r in rows}:
        look = STATUS_LOOK[Status(status)]
        assert f"{look.symbol} {look.word}" in text  # symbol and word, not colour alone
    # The unit's own target without a result is on the sheet, as «Mangler».
    new = next(r for r in rows if r["indicator_id"] == NEW_INDICATOR)
    assert new["status"] == Status.MISSING and NEW_INDICATOR_NAME in text
    # Sick leave and the response rate sit beside the user and employee results.
    areas = {r["focus_area"] for r in rows}
    assert len(areas) >= 3


@pytest.mark.browser
def test_sheet_html_has_the_profile_look_and_escapes_its_texts(sheets: Path, ctx: Context,
                                                               profile_dir: Path):
    html = (sheets / f"resultatark-{ctx.latest_period}-{TARGET_UNIT}.html").read_text("utf-8")
    page = Page(html)
    assert "--primary: #1b4d3e" in html  # the profile's colour
    assert any(str(a.get("src", "")).startswith("data:image/svg+xml;base64,")
               for t, a in page.elements if t == "img")  # its logo, embedded
    assert page.with_attr("data-profile-template", "eksempel")  # its own footer template
    assert PAYLOAD in page.text and page.live_scripts_containing("alert(1)") == []
    statuses = {a["data-indicator"]: a["data-status"] for a in page.with_attr("data-status")}
    assert statuses == {r["indicator_id"]: r["status"]
                        for r in unit_rows(ctx, ctx.latest_period, TARGET_UNIT)}


@pytest.mark.browser
def test_sheet_pdf_prints_the_profile_text_escaped(sheets: Path, ctx: Context):
    text = pdf_text(sheets / f"resultatark-{ctx.latest_period}-{TARGET_UNIT}.pdf")
    assert PAYLOAD in text and "Eksempel kommune · Balansert målstyring" in text


def test_cli_unit_option_html_only_and_unknown_unit(report_store: Path, tmp_path: Path,
                                                    capsys):
    code = cli.main(["--store", str(report_store), "report", "units", "--out", str(tmp_path),
                     "--unit", "bhg-gar", "--format", "html"])
    assert code == 0
    written = capsys.readouterr().out.split()
    assert [Path(p).name for p in written] == [f"resultatark-{_latest(report_store)}-BHG-GAR.html"]
    code = cli.main(["--store", str(report_store), "report", "units", "--out", str(tmp_path),
                     "--unit", "NOPE", "--format", "html"])
    assert code == 2
    assert "Ukjent enhet: NOPE" in capsys.readouterr().err


def test_cli_refuses_a_low_contrast_profile(report_store: Path, tmp_path: Path, capsys):
    folder = tmp_path / "profil"
    folder.mkdir()
    (folder / "profil.toml").write_text('[farger]\ntekstfarge = "#aaaaaa"\n', encoding="utf-8")
    code = cli.main(["--store", str(report_store), "report", "fokus", "--out", str(tmp_path),
                     "--format", "html", "--profil", str(folder)])
    assert code == 2
    err = capsys.readouterr().err
    assert "farger.tekstfarge" in err and "4,5:1" in err


def _latest(path: Path) -> str:
    con = store.open_readonly(path)
    try:
        from bmsdata.scorecard.evaluate import latest_period

        return str(latest_period(con))
    finally:
        con.close()
