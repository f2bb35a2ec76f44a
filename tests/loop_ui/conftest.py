"""Fixtures for the result-loop dashboard: a session on the demo store and a fresh journal.

The widgets are driven in plain Python, as a person would in the browser: set a widget's
value, then ``button.click()`` runs the same handler a click does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from bmsdata.loop.journal import ensure_journal
from bmsdata.ui.resultatsloyfe import view as V

#: A fixed "today", so deadlines and overdue flags do not depend on when the tests run.
TODAY = date(2025, 6, 1)


@pytest.fixture
def session(demo_store_master: Path, tmp_path: Path) -> Iterator[V.Session]:
    # Reading never creates a journal (bms serve / bms demo do); make the empty one here.
    ensure_journal(tmp_path / "journal.sqlite")
    s = V.open_session(demo_store_master, tmp_path / "journal.sqlite")
    assert s.service is not None
    yield s
    s.service.journal.close()
    if s.reader is not None:
        s.reader.close()


@pytest.fixture
def open_view(session: V.Session) -> Callable[..., V.LoopView]:
    """Open a loop with the index page's form and return the loop's view."""

    def make(
        author: str | None = "Kari Nordmann",
        indicators: tuple[str, ...] = ("POL-BOSTED",),
        focus: tuple[str, ...] = ("pol.det_gode_bosted",),
        title: str = "RS1 2025: innbyggerundersøkelsen",
        today: date = TODAY,
    ) -> V.LoopView:
        index = V.LoopIndex(session, author=author, today=today)
        form = index.form
        form.title.value = title
        form.kind.value = "politisk"
        form.release.value = "RS1"
        form.year.value = 2025
        form.focus_areas.value = focus
        form.indicators.value = indicators
        form.submit.click()
        assert index.view is not None, form.message.value
        return index.view

    return make
