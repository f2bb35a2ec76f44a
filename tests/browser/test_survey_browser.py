"""The survey page as a person meets it: Chromium against a real ``bms serve``.

Expectations come from :mod:`bmsdata.surveys.analysis` on the same store, never hard-coded.
Screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from browserkit import open_dashboard, screenshot

from bmsdata import formatting
from bmsdata.surveys import analysis

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def truth(demo_store_master: Path) -> dict:
    con = duckdb.connect(str(demo_store_master), read_only=True)
    try:
        return {"plo": analysis.dimension_results(con, "BU-PLO", period="2025"),
                "mu": analysis.dimension_results(con, "MU-10F", period="2025")}
    finally:
        con.close()


def _dropdown(page, label: str):
    return page.locator(f".widget-dropdown:has(label:text-is('{label}')) select")


def _unit_rows(page) -> dict[str, list[str]]:
    return page.eval_on_selector_all(
        "table.bms-survey-units tbody tr[data-unit]",
        """els => Object.fromEntries(els.map(e => [e.dataset.unit,
              Array.from(e.querySelectorAll('td')).map(td => td.innerText.trim())]))""")


def _wait_chart(page, name: str, contains: str) -> None:
    page.wait_for_function(
        """([n, c]) => Array.from(document.querySelectorAll('.bms-survey-chart .bms-plot'))
            .some(d => (d.dataset.bmsFigureId || '').startsWith(n) &&
                       d.dataset.bmsFigureId.includes(c))""", arg=[name, contains])


def test_survey_page_shows_what_surveys_compute(page, voila_server, truth):
    open_dashboard(page, voila_server.url("undersokelser", undersokelse="BU-PLO",
                                          dimensjon="HELHET", periode="2025"))
    _wait_chart(page, "fordeling", "HELHET")
    _wait_chart(page, "enheter", "HELHET")
    screenshot(page, "undersokelser-bu-plo")
    assert page.locator("h1").inner_text() == "Brukerundersøkelse i pleie og omsorg"
    rows = _unit_rows(page)
    want = truth["plo"][truth["plo"]["dimension_id"] == "HELHET"]
    assert set(rows) == set(want["unit_id"])
    for r in want.to_dict("records"):
        cells = rows[r["unit_id"]]
        assert cells[1] == formatting.number(r["mean"], 1), r["unit"]
        assert cells[2] == formatting.number(r["n"], 0), r["unit"]
    assert "Spredningen har økt" in rows["HO-SYK"][5]
    # a real diverging chart: bars on both sides of zero
    negative = page.eval_on_selector(
        ".bms-survey-chart .bms-plot[data-bms-figure-id^='fordeling']",
        "d => d.data.some(t => t.x.some(v => v !== null && v < 0))")
    assert negative


def test_switching_dimension_changes_the_chart_without_reload(page, voila_server):
    open_dashboard(page, voila_server.url("undersokelser", undersokelse="BU-PLO"))
    _wait_chart(page, "fordeling", "HELHET")
    page.evaluate("window.__same_page = true")
    _dropdown(page, "Dimensjon").select_option(label="Informasjon")
    _wait_chart(page, "fordeling", "INFORMASJON")
    assert page.evaluate("window.__same_page") is True  # no reload
    # the address bar is the deep link
    page.wait_for_function("() => location.search.includes('dimensjon=INFORMASJON')")
    assert "Svarfordeling: Informasjon" in page.locator(".bms-page").inner_text()
    screenshot(page, "undersokelser-informasjon")


def test_small_unit_shows_skjult_and_no_numbers(page, voila_server, truth):
    open_dashboard(page, voila_server.url("undersokelser", undersokelse="MU-10F",
                                          dimensjon="LEDELSE", periode="2025"))
    _wait_chart(page, "enheter", "LEDELSE")
    screenshot(page, "undersokelser-mu-skjult")
    rows = _unit_rows(page)
    assert rows["HO-HEL"][1].startswith("Skjult (færre enn 5 svar)")
    assert all(c == "" for c in rows["HO-HEL"][2:])
    # the data drawn in the browser never holds the small unit
    for blob in page.eval_on_selector_all(
            ".bms-survey-chart .bms-plot",
            "ds => ds.map(d => JSON.stringify(d.data || []))"):
        assert "Helsestasjon" not in blob and "HO-HEL" not in blob
    page.keyboard.press("Tab")  # the controls are reachable from the keyboard
    open_dashboard(page, voila_server.url("undersokelser", undersokelse="BU-HEL"))
    page.wait_for_selector("table.bms-survey-units")
    text = page.locator(".bms-page").inner_text()
    assert "Skjult (færre enn 5 svar)" in text
    screenshot(page, "undersokelser-bu-hel")


def test_one_click_from_indicator_to_distribution(page, voila_server):
    open_dashboard(page, voila_server.url("fokusomrade", fokus="pol.lokaldemokrati"))
    link = page.locator('tr[data-indicator="POL-INFORMERT"] a.bms-survey-link')
    assert link.inner_text() == "Se svarfordelingen bak tallet"
    link.click()
    page.wait_for_selector(".bms-page h1:text-is('Innbyggerundersøkelsen')")
    _wait_chart(page, "fordeling", "LOKALDEMOKRATI")
    assert "Svarfordeling: Lokaldemokrati" in page.locator(".bms-page").inner_text()
    screenshot(page, "undersokelser-fra-fokusomrade")
