"""The presentation builder and the meeting slides, in Debian's Chromium against real Voila.

A new user builds the presentation for a demo loop: gives a name, writes the rådmann's
comment (with a script in it), exports a PDF and gets a download link, then opens the slides
(Voila's reveal template, ``bms-reveal``), moves with the keyboard, reads the slide titles and
a status word, and steps to the commented indicator, where the script shows as text.
Screenshots: artifacts/screenshots/presentasjon-*.png.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import VoilaServer, screenshot, start_server, stop_server

from bmsdata.loop.journal import open_journal
from bmsdata.loop.model import LoopService

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCRIPT = "<script>alert(1)</script>"
COMMENT = f"Bedre enn i fjor. {SCRIPT}"


@pytest.fixture(scope="module")
def deck_server(demo_store_master: Path, tmp_path_factory: pytest.TempPathFactory,
                ) -> Iterator[tuple[VoilaServer, str]]:
    work = tmp_path_factory.mktemp("deck-browser")
    store = work / "bms.duckdb"
    shutil.copyfile(demo_store_master, store)
    journal = open_journal(work / "journal.sqlite")
    loop_id = LoopService(journal).open_loop(
        "RS1 2026: innbyggerundersøkelsen", "politisk", "RS1", 2026, author="Kari Nordmann",
        focus_areas=["pol.det_gode_bosted", "pol.lokaldemokrati"])
    journal.close()
    before = os.environ.get("BMS_JOURNAL")
    os.environ["BMS_JOURNAL"] = str(work / "journal.sqlite")
    try:
        server = start_server(store, work / "voila.log")
    finally:
        if before is None:
            os.environ.pop("BMS_JOURNAL", None)
        else:
            os.environ["BMS_JOURNAL"] = before
    try:
        yield server, loop_id
    finally:
        stop_server(server)


def test_build_export_and_show_slides(deck_server, page):
    from playwright.sync_api import expect

    server, loop_id = deck_server
    page.goto(server.url("presentasjon", loyfe=loop_id), wait_until="commit")
    page.get_by_role("heading", name="Presentasjon: RS1 2026: innbyggerundersøkelsen").wait_for()
    page.get_by_label("Navnet ditt").fill("Rådmann Rå")
    page.get_by_role("button", name="Bruk navnet").click()
    page.get_by_text("Du skriver som «Rådmann Rå».").wait_for()

    box = page.get_by_label("Kommentar til «Tilfredshet med kommunen som bosted»")
    box.fill(COMMENT)
    form = page.locator(".bms-form", has=box)
    form.get_by_role("button", name="Lagre kommentaren").click()
    expect(form.locator('[role="status"]')).to_contain_text("Kommentaren til «Tilfredshet")
    expect(form).to_contain_text("Sist skrevet av Rådmann Rå")
    preview = page.locator(".bms-preview")
    expect(preview).to_contain_text("Det samlede bildet")
    expect(preview).to_contain_text(COMMENT)  # shown as the text that was typed
    assert page.evaluate("() => window.__alerted === undefined")

    page.get_by_role("button", name="Lag PDF").click()
    expect(page.get_by_text("PDF er klar")).to_be_visible(timeout=90_000)
    link = page.locator("a.bms-download", has_text="Last ned PDF")
    expect(link).to_have_attribute("download", f"presentasjon-{loop_id}.pdf")
    screenshot(page, "presentasjon-bygger")

    slides_href = page.get_by_role("link", name="▶ Åpne lysbildene for møtet")
    assert slides_href.get_attribute("href") == f"lysbilder.ipynb?loyfe={loop_id}"
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    page.goto(server.url("lysbilder", loyfe=loop_id), wait_until="commit")
    present = page.locator(".reveal .slides > section.present > section.present")
    expect(present.locator(".bms-slide h1")).to_have_text("RS1 2026: innbyggerundersøkelsen",
                                                          timeout=90_000)
    screenshot(page, "presentasjon-lysbilde-tittel", full_page=False)
    page.keyboard.press("ArrowRight")
    expect(present.locator("h2")).to_have_text("Det samlede bildet")
    expect(present).to_contain_text("Ikke akseptabelt")  # status as a word, not colour only
    page.keyboard.press("ArrowRight")
    expect(present).to_contain_text("Fokusområde: Det gode bosted")
    page.keyboard.press("ArrowRight")
    expect(present.locator("h2")).to_have_text("Befolkningsvekst")
    expect(present.locator(".bms-plot .main-svg").first).to_be_visible(timeout=30_000)
    present.get_by_role("button", name="Neste ▶").click()
    expect(present.locator("h2")).to_have_text("Tilfredshet med kommunen som bosted")
    expect(present.locator(".bms-comment")).to_contain_text(COMMENT)
    expect(present.locator(".bms-comment")).to_contain_text("Rådmann Rå")
    screenshot(page, "presentasjon-lysbilde-indikator", full_page=False)
