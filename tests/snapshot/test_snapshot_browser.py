"""The archive copy in Debian's Chromium with every network request blocked: the page opens
from the file alone, the chart is drawn by the inlined plotly.js, and nothing is fetched.

As in tests/browser: ``/usr/bin/chromium`` only (never a downloaded browser); missing, the tests
fail under CI and skip elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from archivekit import CHROMIUM, CHROMIUM_ARGS, chromium_or_skip

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _open(browser: Any, path: Any) -> tuple[Any, Any, list[str], list[str]]:
    """Open the file offline; return (context, page, requests outside the file, errors)."""
    context = browser.new_context(offline=True, viewport={"width": 1366, "height": 900},
                                  locale="nb-NO", java_script_enabled=True)
    outside: list[str] = []
    errors: list[str] = []

    def block(route: Any) -> None:
        if route.request.url == path.as_uri():  # the archive file itself
            route.continue_()
            return
        outside.append(route.request.url)
        route.abort()

    context.route("**/*", block)  # every other request is refused and recorded
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:"))
            else outside.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return context, page, outside, errors


def test_chart_is_drawn_offline_from_the_file_alone(browser, snap_fokus):
    assert snap_fokus.run.code == 0, snap_fokus.run.stderr
    context, page, outside, errors = _open(browser, snap_fokus.run.out)
    try:
        page.wait_for_selector(".bms-chart .bms-plot svg.main-svg", state="attached")
        # the result line and its markers are there: plotly drew the figure, not an empty frame
        traces = page.locator(".bms-plot .scatterlayer .trace")
        assert traces.count() == len(_figure_traces(page))
        assert page.locator(".bms-plot .scatterlayer .point").count() > 0
        assert page.get_by_text("Arkivkopi – ikke interaktiv").first.is_visible()
        assert page.locator("h1").first.inner_text() == snap_fokus.expected["focus_area"].iloc[0]
        # the numbers stay readable below the chart
        assert page.locator("details.bms-data table").first.is_visible()
        assert "kunne ikke tegnes" not in page.inner_text("main")
    finally:
        context.close()
    assert outside == []
    assert errors == []


def test_pages_without_charts_open_cleanly(browser, snap_oversikt, snap_enhet):
    for snap in (snap_oversikt, snap_enhet):
        assert snap.run.code == 0, snap.run.stderr
        context, page, outside, errors = _open(browser, snap.run.out)
        try:
            page.wait_for_load_state("load")
            text = page.inner_text("main")
            for name in snap.expected["indicator"]:
                assert name in text
            # the navigation to live dashboards is hidden in the archive
            assert not page.locator(".bms-nav").first.is_visible()
        finally:
            context.close()
        assert outside == [] and errors == []


def _figure_traces(page: Any) -> list[Any]:
    return page.evaluate(
        "() => JSON.parse(document.querySelector('.bms-chart script.bms-figure').textContent)"
        ".data")
