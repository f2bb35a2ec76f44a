"""Attacks over the widget protocol on a real Voila server behind a login header (issue #11).

The deployment sets ``BMS_AUTHOR_HEADER=X-Forwarded-User`` and a roles file (``ola`` and
``kari`` write; everyone else reads). The client (``tests/widgetkit.py``) does what a script in
the browser could: list every widget model in the kernel, set any value, press any button.

* A signed-in writer has no name form in the kernel at all, cannot write under another name,
  and a note or comment saved over the protocol carries the login name.
* A ``leser`` has no write widgets in the kernel and sees no write button in Chromium; pressing
  every button there is leaves the journal as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, chromium_or_skip
from widgetkit import Model, WidgetPage, html_of, texts_of

if TYPE_CHECKING:  # the conftest module is on sys.path only while this folder is collected
    from conftest import Deployment

pytestmark = [pytest.mark.slow]

HEADER = "X-Forwarded-User"
FORGED = "mallory"
NAME_FORM = {"Navnet ditt", "Bruk navnet"}
WRITE_INPUTS = {"TextModel", "TextareaModel", "DatePickerModel", "CheckboxModel",
                "DropdownModel", "SelectMultipleModel", "RadioButtonsModel", "BoundedIntTextModel"}
EXPORTS = {"Lag HTML-fil", "Lag PDF", "Lag PPTX"}


@pytest.fixture(scope="module")
def site(deploy: Callable[[Mapping[str, str]], Deployment]) -> Deployment:
    return deploy({"BMS_AUTHOR_HEADER": HEADER})


@pytest.fixture
def open_page(site: Deployment) -> Iterator[Callable[..., WidgetPage]]:
    pages: list[WidgetPage] = []

    def make(notebook: str, user: str, **params: str) -> WidgetPage:
        page = WidgetPage.open(site.server.url(notebook, **params), headers={HEADER: user})
        pages.append(page)
        return page

    yield make
    for page in pages:
        with contextlib.suppress(Exception):
            page.close()


def _forge_everything(page: WidgetPage, models: list[Model], skip: set[str] = EXPORTS) -> None:
    """Type the forged name into every text field, then press every button."""
    for m in models:
        if m.name in {"TextModel", "TextareaModel"}:
            page.update(m, value=FORGED)
    for m in models:
        if m.name == "ButtonModel" and m.description not in skip:
            page.click(m)


def _authors(site: Deployment) -> set[str]:
    return {e.author for e in site.entries()}


def test_loop_page_login_has_no_name_form_and_cannot_forge_the_author(site, open_page):
    page = open_page("resultatsloyfe", "ola", loop=site.loop_id)
    models = page.models()
    assert not [m for m in models if m.description in NAME_FORM]
    assert "Du skriver som «ola» (fra innloggingen) · rolle: skriver" in html_of(models)

    # A legitimate note, typed and saved over the protocol, is recorded under the login.
    (text,) = [m for m in models if m.name == "TextareaModel" and m.description == "Tekst"]
    (save,) = [m for m in models if m.name == "ButtonModel" and m.description == "Lagre notatet"]
    page.update(text, value="Tilfredsheten faller for andre år på rad.")
    page.click(save)
    last = site.entries()[-1]
    assert (last.kind, last.author) == ("note", "ola")
    assert "Tilfredsheten faller" in str(last.payload)

    _forge_everything(page, models)
    assert FORGED not in _authors(site)
    assert _authors(site) <= {"kari", "ola"}


def test_presentation_login_has_no_name_form_and_comments_carry_the_login(site, open_page):
    page = open_page("presentasjon", "ola", loyfe=site.loop_id)
    models = page.models()
    assert not [m for m in models if m.description in NAME_FORM]
    assert "Du skriver som «ola» (fra innloggingen) · rolle: skriver" in html_of(models)
    comment = next(m for m in models if m.name == "TextareaModel"
                   and m.description.startswith("Kommentar til"))
    save = next(m for m in models if m.description == "Lagre kommentaren")
    page.update(comment, value="Rådmannen følger dette tett.")
    page.click(save)
    last = site.entries()[-1]
    assert (last.kind, last.author) == ("comment", "ola")

    _forge_everything(page, models)
    assert FORGED not in _authors(site)
    assert _authors(site) <= {"kari", "ola"}


@pytest.mark.parametrize("notebook, param", [("resultatsloyfe", "loop"),
                                             ("presentasjon", "loyfe")])
def test_a_leser_has_no_write_widgets_and_every_click_writes_nothing(
    site, open_page, notebook, param
):
    before = site.entries()
    page = open_page(notebook, "per", **{param: site.loop_id})
    models = page.models()
    assert [m for m in models if m.name in WRITE_INPUTS] == []
    buttons = [m for m in models if m.name == "ButtonModel"]
    assert {m.description for m in buttons} <= EXPORTS  # exporting files is reading
    assert "du kan lese alt her, men ikke skrive" in html_of(models)
    replies = []
    for m in buttons:
        if m.description != "Lag PDF":  # PDF is Chromium printing: slow, and reads the same
            replies += page.click(m)
    assert "Traceback" not in texts_of(replies)
    assert site.entries() == before


@pytest.mark.browser
def test_a_leser_sees_no_write_button_in_chromium(site):
    chromium_or_skip()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="nb-NO", extra_http_headers={HEADER: "per"})
            pg = context.new_page()
            pg.set_default_timeout(90_000)
            pg.goto(site.server.url("resultatsloyfe", loop=site.loop_id), wait_until="commit")
            pg.wait_for_selector(".bms-loop-page", state="visible", timeout=150_000)
            expect(pg.get_by_role("button", name="Registrer møtet")).to_have_count(0)
            assert pg.get_by_role("button").filter(visible=True).count() == 0
            assert pg.get_by_role("textbox").count() == 0
            expect(pg.get_by_text("du kan lese alt her, men ikke skrive", exact=False)
                   ).to_be_visible()
            with contextlib.suppress(Exception):
                pg.goto("about:blank", timeout=5_000)
            context.close()
        finally:
            browser.close()
