"""One political result loop, walked in Debian's Chromium against a real Voila server.

Stage I (formannskapet: meeting and a reflection), II (kommunestyret: meeting and the four
decisions), III (a committee: meeting and a request for more analysis), a proposal, IV skipped
with a reason, and V: the same-meeting rule refuses a vedtak in a meeting on the day the
results were presented, and the vedtak is made in a later meeting. Then the minutes are
downloaded and must contain the decided tiltak. Screenshots go to artifacts/screenshots/.

Everything is found the way a person finds it: by label, by button text, by role.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import VoilaServer, screenshot, start_server, stop_server

from bmsdata.loop.journal import ensure_journal

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "resultatsloyfe"
TITLE = "Faste kontaktpersoner for nye innbyggere"


@pytest.fixture(scope="module")
def loop_server(demo_store_master: Path, tmp_path_factory: pytest.TempPathFactory,
                ) -> Iterator[VoilaServer]:
    """``bms serve`` (the shared ``browserkit`` helpers) with a journal of its own.

    The journal is the one thing this page writes, so the test gets a fresh one (and a private
    copy of the store beside it) instead of writing wherever the shared server points.
    """
    work = tmp_path_factory.mktemp("loop-browser")
    store = work / "bms.duckdb"
    shutil.copyfile(demo_store_master, store)
    ensure_journal(work / "journal.sqlite")  # as bms serve does; reading never creates one
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
        yield server
    finally:
        stop_server(server)


def _shot(page, name: str) -> None:
    screenshot(page, f"resultatsloyfe-{name}")


def _form(page, button: str):
    """The form box that holds the button with this text (also once the button is hidden)."""
    return page.locator(f'.bms-form:has(button:text-is("{button}"))')


def _ok(form, text: str) -> None:
    from playwright.sync_api import expect

    expect(form.locator('[role="status"]')).to_contain_text(text)


def _radio(form, question: str, answer: str) -> None:
    group = form.locator(".widget-radio", has=form.page.get_by_text(question, exact=True))
    group.get_by_label(answer, exact=True).check()


def _set_name(page) -> None:
    page.get_by_label("Navnet ditt").fill("Kari Nordmann")
    page.get_by_role("button", name="Bruk navnet").click()
    page.get_by_text("Du skriver som «Kari Nordmann».").wait_for()


def _meeting(page, day: str, stage_label: str, sak: str = "") -> None:
    form = _form(page, "Registrer møtet")
    form.get_by_label("Trinn").select_option(label=stage_label)
    form.get_by_label("Møtedato").fill(day)
    form.get_by_label("Saksnummer").fill(sak)
    form.get_by_role("button", name="Registrer møtet").click()
    _ok(form, "er registrert")


def _note(page, text: str, kind: str) -> None:
    form = _form(page, "Lagre notatet")
    form.get_by_label("Type").select_option(label=kind)
    form.get_by_label("Tekst").fill(text)
    form.get_by_role("button", name="Lagre notatet").click()
    _ok(form, "Notatet er lagret")


def test_one_political_loop_from_results_to_a_decided_tiltak(page, loop_server):
    from playwright.sync_api import expect

    page.goto(loop_server.url(PAGE))
    page.get_by_role("heading", name="Resultatsløyfer", exact=True).wait_for()
    _set_name(page)

    # Open a political loop for RS1 on the focus area «Det gode bosted».
    new = _form(page, "Åpne resultatsløyfen")
    new.get_by_label("Tittel").fill("RS1 2025: innbyggerundersøkelsen")
    new.get_by_label("Resultater").select_option(label="RS1 – mars/april: brukerundersøkelsen")
    new.get_by_label("År").fill("2025")
    new.get_by_label("Indikatorer").select_option(
        label="Tilfredshet med kommunen som bosted – Det gode bosted")
    _shot(page, "01-ny-loyfe")
    new.get_by_role("button", name="Åpne resultatsløyfen").click()
    link = page.get_by_role("link", name="Lenke til løyfen (for bokmerke og deling)")
    href = link.get_attribute("href")
    assert href and href.startswith("?loop=")

    # The loop's own address: a new session, so the name is asked for again.
    page.goto(loop_server.url(PAGE) + href)
    page.get_by_role("heading", name=re.compile("^Resultatsløyfe: RS1 2025")).wait_for()
    expect(page.locator(".bms-next")).to_contain_text("Registrer det første møtet")
    _set_name(page)
    day = "2025-03-10"

    # I Formannskapet: meeting + reflection.
    _meeting(page, day, "I Formannskapet: resultatene legges fram", "12/25")
    expect(page.locator('[aria-current="step"]')).to_contain_text("► Nåværende trinn")
    expect(page.locator('[aria-current="step"]')).to_contain_text("I · Formannskapet")
    # The reflection with the keyboard only: type, Tab to the button, Enter.
    notes = _form(page, "Lagre notatet")
    notes.get_by_label("Tekst").focus()
    page.keyboard.type("Tilfredsheten faller for andre år på rad, mest blant de unge.")
    page.keyboard.press("Tab")
    expect(notes.get_by_role("button", name="Lagre notatet")).to_be_focused()
    page.keyboard.press("Enter")
    _ok(notes, "Notatet er lagret (refleksjon, trinn I)")
    _shot(page, "02-trinn-I")

    # II Kommunestyret: meeting + the four decisions.
    _meeting(page, day, "II Kommunestyret: refleksjon og fire avklaringer", "20/25")
    council = _form(page, "Registrer avklaringene")
    _radio(council, "1. Skal andre delta i analysen og tolkningen?", "Ja")
    council.get_by_label("Hvem", exact=True).fill("Ungdomsrådet")
    council.get_by_label("2. Hvordan følger vi opp resultatene?").fill(
        "Levekårsutvalget analyserer resultatene sammen med ungdomsrådet.")
    _radio(council, "3. Trenger vi å iverksette tiltak?", "Ja")
    _radio(council, "4. Hvem skal utarbeide forslag til tiltak?",
           "Bestilling til rådmannen om kostnadsberegnede forslag")
    council.get_by_role("button", name="Registrer avklaringene").click()
    _ok(council, "Kommunestyrets avklaringer er registrert")
    expect(council).to_contain_text("Ungdomsrådet")
    _shot(page, "03-trinn-II-avklaringer")

    # III Komiteer/utvalg: meeting + a request for more analysis.
    _meeting(page, day, "III Komiteer og utvalg (og lokale medier): analyse og tolkning")
    _note(page, "Utvalget ber om svarene fordelt på aldersgrupper.", "Ønske om mer analyse")

    # The rådmann's costed proposal.
    proposal = _form(page, "Registrer forslaget")
    proposal.get_by_label("Tittel").fill(TITLE)
    proposal.get_by_label("Beskrivelse").fill("Hver ny innbygger får en kontaktperson i ett år.")
    proposal.get_by_label("Fokusområde").select_option(label="Det gode bosted")
    proposal.get_by_label("Indikatorer tiltaket skal påvirke").select_option(
        label="Tilfredshet med kommunen som bosted – Det gode bosted")
    proposal.get_by_label("Ansvarlig enhet").select_option(label="Servicetorget")
    proposal.get_by_label("Ansvarlig person").fill("Lise Leder")
    proposal.get_by_label("Frist").fill("2025-12-01")
    proposal.get_by_label("Kostnad (kr)").fill("250 000")
    proposal.get_by_role("button", name="Registrer forslaget").click()
    _ok(proposal, "er registrert")
    expect(proposal).to_contain_text("kr 250 000")

    # IV skipped on purpose, with a reason that goes into the minutes.
    skip = _form(page, "Gå videre til trinnet")
    skip.get_by_label("Gå videre til").select_option(
        label="V Kommunestyret: standpunkt og vedtak om tiltak")
    skip.get_by_label("Begrunnelse").fill("Dialogen med ledere og ansatte tas i neste løyfe.")
    skip.get_by_role("button", name="Gå videre til trinnet").click()
    _ok(skip, "Løyfen har gått videre til trinn V")

    # V: a meeting on the day the results were presented – the rule refuses the vedtak.
    _meeting(page, day, "V Kommunestyret: standpunkt og vedtak om tiltak", "31/25")
    vedtak = _form(page, "Vedta valgte tiltak")
    vedtak.get_by_label(TITLE).check()
    vedtak.get_by_role("button", name="Vedta valgte tiltak").click()
    alert = vedtak.locator('[role="alert"]')
    expect(alert).to_contain_text("Tiltak kan ikke vedtas i samme møte som resultatene ble lagt")
    expect(vedtak.get_by_label("Kommunestyret overstyrer regelen")).to_be_visible()
    expect(vedtak.get_by_role("button", name="Vedta med unntak fra regelen")).to_be_visible()
    alert.scroll_into_view_if_needed()
    _shot(page, "04-samme-mote-avvist")

    # …so the council decides in a later meeting.
    _meeting(page, "2025-04-24", "V Kommunestyret: standpunkt og vedtak om tiltak", "44/25")
    expect(vedtak.locator('[role="alert"]')).to_have_count(0)
    expect(vedtak.get_by_label("Kommunestyret overstyrer regelen")).to_be_hidden()
    expect(vedtak.get_by_label("Møtet der vedtaket ble fattet")).to_have_value(re.compile(r"\d"))
    assert "24.04.2025" in vedtak.get_by_label("Møtet der vedtaket ble fattet").evaluate(
        "el => el.options[el.selectedIndex].text")
    vedtak.get_by_label(TITLE).check()
    vedtak.get_by_role("button", name="Vedta valgte tiltak").click()
    _ok(vedtak, "Vedtaket er registrert")
    expect(vedtak.locator('[role="alert"]')).to_have_count(0)
    register = page.locator("table").filter(has_text="Historikk").filter(has_text=TITLE)
    expect(register).to_contain_text("○ Planlagt")
    # The trend chart marks the vedtak.
    expect(page.locator(".bms-plot").filter(has_text="Vedtak 24.04.2025")).to_have_count(1)
    expect(page.locator(".bms-next")).to_contain_text("Tiltakene er vedtatt")
    page.locator("#loop-stages").scroll_into_view_if_needed()
    _shot(page, "05-vedtatt")

    # The minutes, as HTML and Markdown, contain the decided tiltak.
    for label, marker in (("Last ned protokollen (HTML)", "<html"),
                          ("Last ned protokollen (Markdown)", "# ")):
        with page.expect_download() as info:
            page.get_by_role("link", name=label).click()
        text = Path(info.value.path()).read_text(encoding="utf-8")
        assert marker in text
        assert TITLE in text
        assert "Dialogen med ledere og ansatte tas i neste løyfe" in text
    no_traceback = page.locator("text=Traceback")
    expect(no_traceback).to_have_count(0)
