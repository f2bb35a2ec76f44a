"""What each identity gets on the loop page and the presentation builder, as widgets.

A login never gets a name form; a ``leser`` gets no write form and no button that writes (not
hidden: never built); the local user is told that anyone who opens the page can write.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import ipywidgets as W
import pytest

from bmsdata.loop import Identity, LoopService
from bmsdata.ui.presentasjon import page as P
from bmsdata.ui.resultatsloyfe import view as V

TODAY = date(2025, 6, 1)
WRITER = Identity("ola", "skriver", "login")
READER = Identity("per", "leser", "login")
INPUTS = (W.Text, W.Textarea, W.Button, W.Checkbox, W.Dropdown, W.SelectMultiple,
          W.DatePicker, W.RadioButtons, W.BoundedIntText)


def _all(widget: W.Widget) -> Iterator[W.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all(child)


def _html(widget: W.Widget) -> str:
    return "\n".join(w.value for w in _all(widget) if isinstance(w, W.HTML))


def _loop(session: V.Session) -> str:
    service: LoopService = session.service
    loop_id = service.open_loop("RS1 2025", "politisk", "RS1", 2025, "kari",
                                indicators=["POL-BOSTED"])
    service.hold_meeting(loop_id, 1, "2025-03-10", None, None, "kari")
    service.add_note(loop_id, "Tilfredsheten faller.", "kari", stage=1)
    return loop_id


@pytest.mark.parametrize("make", [
    lambda s, i: V.page(s, _loop(s), today=TODAY, identity=i),
    lambda s, i: V.page(s, "", today=TODAY, identity=i),
    lambda s, i: P.page(s, _loop(s), today=TODAY, identity=i),
], ids=["loop", "index", "presentation"])
def test_a_login_gets_no_name_form_and_sees_name_and_role(session, make):
    widget = make(session, WRITER)
    labels = {getattr(w, "description", "") for w in _all(widget)}
    assert "Navnet ditt" not in labels and "Bruk navnet" not in labels
    assert "Du skriver som «ola» (fra innloggingen) · rolle: skriver" in _html(widget)


@pytest.mark.parametrize("make", [
    lambda s, i: V.page(s, _loop(s), today=TODAY, identity=i),
    lambda s, i: V.page(s, "", today=TODAY, identity=i),
], ids=["loop", "index"])
def test_a_leser_gets_no_write_forms_on_the_loop_page(session, make):
    widget = make(session, READER)
    assert [type(w).__name__ for w in _all(widget) if isinstance(w, INPUTS)] == []
    html = _html(widget)
    assert "du kan lese alt her, men ikke skrive" in html and "rollen «skriver»" in html


def test_a_leser_still_reads_the_loop(session):
    loop_id = _loop(session)
    view = V.LoopView(session, loop_id, today=TODAY, identity=READER)
    assert "Tilfredsheten faller." in view.stage_details.value
    assert "protokoll-" in view.minutes.value  # the minutes can be downloaded
    assert "Tilfredshet med kommunen som bosted" in view.results.value


def test_a_leser_on_the_presentation_gets_preview_and_export_but_no_forms(session):
    loop_id = _loop(session)
    session.service.comment(loop_id, "POL-BOSTED", "Vi følger dette tett.", "kari")
    view = P.PresentationView(session, loop_id, today=TODAY, identity=READER)
    inputs = [w for w in _all(view.widget) if isinstance(w, INPUTS)]
    assert {w.description for w in inputs} == {"Lag HTML-fil", "Lag PDF", "Lag PPTX"}
    html = _html(view.widget)
    assert "Vi følger dette tett." in html and "kari" in html
    assert view.on_export("html") and "Last ned HTML" in view.export_links.value


def test_the_local_user_is_told_anyone_can_write(session, monkeypatch):
    monkeypatch.delenv("BMS_AUTHOR_HEADER", raising=False)
    monkeypatch.delenv("BMS_ROLES", raising=False)
    index = V.LoopIndex(session, today=TODAY)
    assert index.author_form is not None
    assert "Ingen innlogging er satt opp: alle som åpner siden, kan skrive." in \
        index.author_form.status.value
    index.author_form.name.value = "Kari Nordmann"
    index.author_form.submit.click()
    assert "Du skriver som «Kari Nordmann»." in index.author_form.status.value
    assert "Ingen innlogging er satt opp" in index.author_form.status.value


def test_a_missing_login_fails_closed_on_the_page(session, monkeypatch):
    loop_id = _loop(session)
    monkeypatch.setenv("BMS_AUTHOR_HEADER", "X-Forwarded-User")
    monkeypatch.delenv("HTTP_X_FORWARDED_USER", raising=False)
    widget = V.page(session, loop_id, today=TODAY)
    assert not any(isinstance(w, W.Button) for w in _all(widget))
    assert "Innloggingen nådde ikke fram til verktøyet" in _html(widget)


def test_a_write_from_a_leser_page_is_refused_by_the_service(session):
    loop_id = _loop(session)
    view = V.LoopView(session, loop_id, today=TODAY, identity=READER)
    before = len(session.service.history(loop_id))
    msg = V.F.message()
    assert not view._guard(msg, lambda: view.service.add_note(
        loop_id, "Smuglet inn", view._require_author(), stage=1) and "ok")
    assert "ikke skrive" in msg.value
    assert len(session.service.history(loop_id)) == before
