"""The result report: whole picture first, every target (a missing result says «Mangler»),
trend charts drawn before printing, tiltak from the journal, all user text escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportkit import NEW_INDICATOR, NEW_INDICATOR_NAME, PAYLOAD, Page, pdf_pages, pdf_text

from bmsdata import store
from bmsdata.reports.result_report import write_result_report
from bmsdata.scorecard.evaluate import scorecard_status
from bmsdata.scorecard.status import STATUS_LOOK, Status
from bmsdata.ui import text as ui_text


@pytest.fixture(scope="module")
def expected(report_store: Path):
    """The målekart with status, as the dashboards compute it."""
    con = store.open_readonly(report_store)
    try:
        return scorecard_status(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def html_report(report_store: Path, report_journal: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fokus-html")
    # No journal argument: it must find journal.sqlite beside the store, as the dashboards do.
    (path,) = write_result_report(report_store, None, out, formats=("html",))
    return path


@pytest.fixture(scope="module")
def pdf_report(chromium, report_store: Path, report_journal: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fokus-pdf")
    paths = write_result_report(report_store, None, out, journal=report_journal,
                                formats=("pdf",), profile=Path("data/profil-eksempel"))
    assert [p.suffix for p in paths] == [".pdf"]
    return paths[0]


def test_html_parses_and_stands_alone(html_report: Path):
    html = html_report.read_text(encoding="utf-8")
    page = Page(html)
    assert page.stack == []
    # Nothing is fetched: no src/href to the network, plotly.js inlined.
    for _, attrs in page.elements:
        for name in ("src", "href"):
            assert not str(attrs.get(name) or "").startswith(("http:", "https:", "//")), attrs
    assert any("Plotly" in body and len(body) > 500_000 for _, body in page.scripts)


def test_every_target_is_reported_and_one_without_result_is_mangler(html_report: Path,
                                                                    expected):
    page = Page(html_report.read_text(encoding="utf-8"))
    rows = {a["data-indicator"]: a["data-status"] for a in page.with_attr("data-status")}
    assert set(rows) == set(expected["indicator_id"])  # every indicator of the målekart
    assert rows == dict(zip(expected["indicator_id"], expected["status"], strict=True))
    assert rows[NEW_INDICATOR] == Status.MISSING
    assert NEW_INDICATOR_NAME in page.text
    assert STATUS_LOOK[Status.MISSING].word in page.text


def test_whole_picture_comes_before_the_detail(html_report: Path, expected):
    page = Page(html_report.read_text(encoding="utf-8"))
    helhet = page.text.index("Helheten")
    for area in expected["focus_area"].unique():
        assert page.text.index(area) > helhet
    sections = [a["data-focus-area"] for a in page.with_attr("data-focus-area")]
    assert sections == list(dict.fromkeys(expected["focus_area_id"]))


def test_tiltak_from_the_journal_are_shown_escaped(html_report: Path):
    html = html_report.read_text(encoding="utf-8")
    page = Page(html)
    assert f"Lederprogram {PAYLOAD}" in page.text  # shown as text …
    assert f"Første samling holdt {PAYLOAD}" in page.text
    assert page.live_scripts_containing("alert(1)") == []  # … never run
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.browser
def test_pdf_shows_every_indicator_status_word_chart_and_escaped_tiltak(pdf_report: Path,
                                                                        expected):
    text = pdf_text(pdf_report)
    assert pdf_pages(pdf_report) >= 1 + expected["focus_area_id"].nunique()
    for name in expected["indicator"]:
        assert name in text, name
    for word in {STATUS_LOOK[Status(s)].word for s in expected["status"]}:
        assert word in text, word
    assert f"{NEW_INDICATOR_NAME}" in text and STATUS_LOOK[Status.MISSING].word in text
    # The charts were drawn before printing: plotly's legend is text in the PDF.
    assert ui_text.CHART_GOAL in text and ui_text.CHART_RESULT in text
    assert PAYLOAD in text  # printed as the characters typed
    assert "Eksempel kommune" in text and "analyse@eksempel.kommune.no" in text  # profile


def test_a_unit_report_and_a_single_scorecard(report_store: Path, report_journal: Path,
                                              tmp_path: Path):
    (path,) = write_result_report(report_store, None, tmp_path, unit_id="BHG-GAR",
                                  scorecard_id="adm", formats=("html",))
    page = Page(path.read_text(encoding="utf-8"))
    con = store.open_readonly(report_store)
    try:
        rows = scorecard_status(con, "BHG-GAR", scorecard_id="adm")
    finally:
        con.close()
    mine = rows[rows["measured_for_unit"] | rows["unit_target"]]
    shown = {a["data-indicator"] for a in page.with_attr("data-status")}
    assert shown == set(mine["indicator_id"])
    assert NEW_INDICATOR in shown  # Garderåsen's own target, no result yet
    assert "Garderåsen barnehage" in page.text


def test_unknown_period_unit_and_scorecard_are_norwegian_errors(report_store: Path,
                                                                tmp_path: Path):
    from bmsdata.reports.printing import ReportError

    with pytest.raises(ReportError, match="Perioden «1999» finnes ikke"):
        write_result_report(report_store, "1999", tmp_path, formats=("html",))
    with pytest.raises(ReportError, match="Enheten «NOPE» finnes ikke"):
        write_result_report(report_store, None, tmp_path, unit_id="NOPE", formats=("html",))
    with pytest.raises(ReportError, match="Målekartet «x» finnes ikke"):
        write_result_report(report_store, None, tmp_path, scorecard_id="x", formats=("html",))
