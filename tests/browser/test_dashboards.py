"""The dashboards as a politician meets them: Chromium against a real ``bms serve``.

Expectations come from the same store through :func:`scorecard_status`, never hard-coded, so a
new demo or new rules cannot make these tests pass by accident. Screenshots go to
``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest
from browserkit import open_dashboard, screenshot

from bmsdata import formatting, queries
from bmsdata.scorecard.evaluate import latest_period, scorecard_status, status_counts
from bmsdata.scorecard.status import STATUS_LOOK

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def truth(demo_store_master: Path) -> dict:
    con = duckdb.connect(str(demo_store_master), read_only=True)
    try:
        period = latest_period(con)
        return {
            "period": period,
            "status": scorecard_status(con, None, period),
            "focus_areas": queries.frame(con, "focus_areas"),
            "garderasen": scorecard_status(con, "BHG-GAR", period),
        }
    finally:
        con.close()


def _dropdown(page, label: str):
    return page.locator(f".widget-dropdown:has(label:text-is('{label}')) select")


def test_oversikt_shows_what_scorecard_status_returns(page, voila_server, truth):
    open_dashboard(page, voila_server.url("oversikt", organ="formannskap"))
    screenshot(page, "oversikt-formannskap")
    expected = truth["status"]
    assert page.get_by_text("Fiktive tall – demokommune").first.is_visible()
    assert f"Status per {truth['period'].label()}" in page.locator(".bms-lead").inner_text()
    shown = page.eval_on_selector_all(
        "li[data-indicator]",
        """els => els.map(e => ({id: e.dataset.indicator,
              word: e.querySelector('.bms-status-word').textContent,
              value: e.querySelector('.bms-value').textContent}))""")
    assert len(shown) == len(expected)
    by_id = {s["id"]: s for s in shown}
    for row in expected.to_dict("records"):
        s = by_id[row["indicator_id"]]
        assert s["word"] == row["status_word"], row["indicator"]
        assert s["value"] == formatting.number(row["value"], row["decimals"]), row["indicator"]
    # counts per focus area: symbol + word + number, per status
    for area_id, group in expected.groupby("focus_area_id"):
        badges = page.eval_on_selector_all(
            f'section[data-focus-area="{area_id}"] .bms-counts .bms-status',
            """els => els.map(e => [e.querySelector('.bms-status-symbol').textContent,
                                   e.querySelector('.bms-status-word').textContent,
                                   e.querySelector('.bms-count').textContent])""")
        want = [[STATUS_LOOK[s].symbol, STATUS_LOOK[s].word, f":\xa0{n}"]
                for s, n in status_counts(group).items() if n]
        assert badges == want, area_id


def test_kommunestyret_sees_the_political_scorecard_first(page, voila_server, truth):
    open_dashboard(page, voila_server.url("oversikt"))
    screenshot(page, "oversikt-kommunestyre")
    headings = page.locator("h2.bms-scorecard-name").all_inner_texts()
    political = truth["focus_areas"].query("scorecard_kind == 'politisk'")["scorecard"].iloc[0]
    assert headings == [political]
    links = page.locator("a.bms-focus-link")
    assert links.count() == len(truth["focus_areas"].query("scorecard_kind == 'politisk'"))
    href = links.first.get_attribute("href")
    query = parse_qs(urlparse(href).query)
    assert query["organ"] == ["kommunestyre"] and "fokus" in query and "periode" in query


def test_switching_focus_area_updates_the_chart_in_place(page, voila_server, truth):
    open_dashboard(page, voila_server.url("fokusomrade"))
    page.wait_for_selector(".bms-plot .main-svg")
    title = page.locator(".bms-plot .gtitle")
    first_title = title.text_content()
    plot_handle = page.locator(".bms-plot").element_handle()
    areas = truth["focus_areas"].query("scorecard_kind == 'politisk'")
    target = areas.iloc[2]
    select = _dropdown(page, "Fokusområde")
    label = next(t for t in select.locator("option").all_inner_texts()
                 if t.startswith(target["name"]))
    select.select_option(label=label)
    page.wait_for_function(
        "t => document.querySelector('.bms-plot .gtitle')?.textContent !== t", arg=first_title)
    new_rows = truth["status"].query("focus_area_id == @target.focus_area_id")
    assert title.text_content().startswith(new_rows.iloc[0]["indicator"])
    assert page.locator("h1").inner_text() == target["name"]
    # the same plot element was updated (Plotly.react), not replaced
    assert page.evaluate("el => el.isConnected", plot_handle)
    # the address bar carries the new state (a deep link for e-mail)
    page.wait_for_function("f => location.search.includes('fokus=' + f)",
                           arg=target["focus_area_id"])
    # switching the reference series changes the chart's traces
    legend = lambda: page.locator(".bms-plot .legendtext").all_inner_texts()  # noqa: E731
    before = legend()
    ref = _dropdown(page, "Sammenlign med")
    options = ref.locator("option").all_inner_texts()
    if len(options) > 1:
        ref.select_option(index=len(options) - 1)  # "Ingen sammenligning"
        page.wait_for_function("n => document.querySelectorAll('.bms-plot .legendtext')"
                               ".length !== n", arg=len(before))
        assert legend() != before
    screenshot(page, "fokusomrade-etter-bytte")


def test_unknown_focus_area_gets_a_norwegian_message(page, voila_server, truth):
    open_dashboard(page, voila_server.url("fokusomrade", fokus="finnes-ikke"))
    alert = page.locator("[role=alert]")
    assert "Fant ikke fokusområdet «finnes-ikke»" in alert.inner_text()
    assert alert.locator("a").count() == len(truth["focus_areas"])
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Error" not in body
    screenshot(page, "fokusomrade-ukjent")


def test_tab_reaches_the_focus_area_links_with_visible_focus(page, voila_server):
    open_dashboard(page, voila_server.url("oversikt"))
    reached = False
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.classList.contains('bms-focus-link')"):
            reached = True
            break
    assert reached, "Tab never reached a focus-area link"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    screenshot(page, "oversikt-tastatur", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"fokusomrade\.ipynb\?.*fokus="))
    page.wait_for_selector(".bms-page h1")


def test_enhet_is_balanced_and_closed_units_get_a_note(page, voila_server, truth):
    open_dashboard(page, voila_server.url("enhet", enhet="BHG-GAR"))
    screenshot(page, "enhet-garderasen")
    expected = truth["garderasen"].query("measured_for_unit")
    shown = page.eval_on_selector_all(
        "li[data-indicator]", "els => els.map(e => [e.dataset.indicator, "
        "e.querySelector('.bms-status-word').textContent])")
    assert dict(shown) == dict(zip(expected["indicator_id"], expected["status_word"],
                                   strict=True))
    # one click away: switch to a merged unit without reloading
    _dropdown(page, "Enhet").select_option(label="Hjemmetjenesten nord (nedlagt)")
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('nord')")
    assert "slått sammen med" in page.locator(".bms-note").inner_text()


def test_arshjul_marks_the_current_release(page, voila_server):
    open_dashboard(page, voila_server.url("arshjul", dato="2026-05-20"))
    current = page.locator("[data-release][aria-current=date]")
    assert current.count() == 1
    assert "RS 2" in current.inner_text() and "● Nå" in current.inner_text()
    screenshot(page, "arshjul")


def test_presentation_mode_button_enlarges_text(page, voila_server):
    open_dashboard(page, voila_server.url("oversikt"))
    size = lambda: page.evaluate(  # noqa: E731
        "() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    normal = size()
    page.get_by_role("button", name="Presentasjonsmodus").click()
    page.wait_for_function("n => parseFloat(getComputedStyle(document.documentElement)"
                           ".fontSize) > n", arg=normal)
    page.wait_for_function("() => location.search.includes('visning=presentasjon')")
    screenshot(page, "oversikt-presentasjon", full_page=False)
