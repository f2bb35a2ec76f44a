"""The meeting's slides in Voila's reveal template (``dashboards/lysbilder.ipynb``).

The notebook has one cell per slide (cell metadata ``slideshow.slide_type: slide``); each cell
calls one method here. The number of indicators and units differs from loop to loop, and a
notebook's cells are fixed, so the indicator slide and the unit slide are **steppers**: one
slide with «◀ Forrige / Neste ▶» and a list, which swap the chart and the facts in place. The
chart is the dashboards' (:class:`bmsdata.ui.chart.Chart`, drawn by ``bms.js``).

The deck (:func:`bmsdata.reports.deck.build_deck`) is the same one the PDF and PPTX are made
from, so the meeting sees exactly the statuses the files and the dashboards show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as W

from bmsdata.loop.errors import LoopError
from bmsdata.params import Parameters
from bmsdata.reports.deck import Deck, DeckError, Slide, build_deck
from bmsdata.ui import presentasjon_render as R
from bmsdata.ui import presentasjon_text as T
from bmsdata.ui.chart import Chart
from bmsdata.ui.loop_view import Session, open_session
from bmsdata.views import markup

log = logging.getLogger(__name__)

__all__ = ["SlideShow", "load", "open_session"]


def _html(value: str) -> W.HTML:
    return W.HTML(value=value, layout=W.Layout(width="100%"))


def _message(text: str) -> W.HTML:
    return _html(f'<div class="bms-slide">{markup.message(text)}</div>')


class Stepper:
    """One slide that steps through several deck slides (indicators or units)."""

    def __init__(self, slides: list[Slide], label: str, with_chart: bool) -> None:
        self.slides = slides
        self.index = 0
        self.chart = Chart() if with_chart else None
        self.body = _html("")
        self.title = _html("")
        options = [(s.title, i) for i, s in enumerate(slides)]
        self.choice = W.Dropdown(options=options, value=0 if options else None,
                                 description=label, style={"description_width": "initial"},
                                 layout=W.Layout(width="auto", max_width="60%"))
        self.prev = W.Button(description=T.STEPPER_PREV, tooltip=T.STEPPER_HELP,
                             layout=W.Layout(width="auto"))
        self.next = W.Button(description=T.STEPPER_NEXT, tooltip=T.STEPPER_HELP,
                             layout=W.Layout(width="auto"))
        self.position = _html("")
        self.prev.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self.choice.observe(self._chosen, names="value")
        bar = W.HBox([self.prev, self.choice, self.next, self.position],
                      layout=W.Layout(align_items="center", flex_flow="row wrap"))
        bar.add_class("bms-slide-stepper")
        parts: list[W.Widget] = [self.title, bar]
        if self.chart is not None:
            row = W.HBox([self.chart.widget, self.body],
                         layout=W.Layout(width="100%", align_items="flex-start"))
            self.chart.widget.layout = W.Layout(width="58%")
            self.body.layout = W.Layout(width="42%")
            parts.append(row)
        else:
            parts.append(self.body)
        self.widget = W.VBox(parts, layout=W.Layout(width="100%"))
        self.show()

    def _chosen(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self.go(change["new"])

    def go(self, index: int) -> None:
        if not self.slides:
            return
        self.index = max(0, min(len(self.slides) - 1, index))
        if self.choice.value != self.index:
            self.choice.value = self.index
        self.show()

    def show(self) -> None:
        if not self.slides:
            return
        s = self.slides[self.index]
        self.title.value = (f'<div class="bms-slide"><h2>{markup.esc(s.title)}</h2>'
                            f'<p class="bms-lead">{markup.esc(s.lead)}</p></div>')
        self.position.value = markup.esc(T.STEPPER_POS.format(n=self.index + 1,
                                                              total=len(self.slides)))
        self.prev.disabled = self.index == 0
        self.next.disabled = self.index == len(self.slides) - 1
        if self.chart is not None:
            self.body.value = f'<div class="bms-slide">{R.facts(s)}</div>'
            self.chart.show(s.figure, R.trend_table(s), T.STEPPER_HELP if s.figure else "")
        else:
            inner = R.slide_html(s)
            # the title is shown above the stepper already
            self.body.value = inner.replace(f"<h2>{markup.esc(s.title)}</h2>", "", 1)


class SlideShow:
    """The deck as reveal slides: one method per notebook cell."""

    def __init__(self, deck: Deck | None, error: str | None = None) -> None:
        self.deck = deck
        self.error = error
        self.steppers: dict[str, Stepper] = {}

    def _guard(self, make: Callable[[], W.Widget]) -> W.Widget:
        if self.deck is None:
            return _html("")  # the title slide shows the error
        try:
            return make()
        except Exception:
            log.exception("a slide failed")
            return _message(T.UNEXPECTED)

    def _kind(self, kind: str) -> list[Slide]:
        assert self.deck is not None
        return [s for s in self.deck.slides if s.kind == kind]

    def title(self) -> W.Widget:
        """The title slide (or the error, when the loop cannot be shown)."""
        if self.deck is None:
            return _message(self.error or T.UNEXPECTED)
        deck = self.deck
        return _html(R.slide_html(deck.slides[0], deck.municipality, deck.fictional))

    def overview(self) -> W.Widget:
        return self._slides("overview")

    def focus_areas(self) -> W.Widget:
        """All focus areas' tables on one slide (they are short: few, relevant indicators)."""
        return self._slides("focus_area")

    def indicators(self) -> W.Widget:
        return self._stepper("indicator", T.STEPPER_INDICATOR, with_chart=True)

    def units(self) -> W.Widget:
        if self.deck is not None and not self._kind("unit"):
            return _html(f'<div class="bms-slide"><h2>{markup.esc(T.STEPPER_UNIT)}</h2>'
                         f'<p class="bms-lead">{markup.esc(T.NO_UNITS)}</p></div>')
        return self._stepper("unit", T.STEPPER_UNIT, with_chart=False)

    def tiltak(self) -> W.Widget:
        return self._slides("tiltak")

    def end(self) -> W.Widget:
        return self._slides("end")

    def _slides(self, kind: str) -> W.Widget:
        def make() -> W.Widget:
            return _html("".join(R.slide_html(s) for s in self._kind(kind)))
        return self._guard(make)

    def _stepper(self, kind: str, label: str, with_chart: bool) -> W.Widget:
        def make() -> W.Widget:
            stepper = Stepper(self._kind(kind), label, with_chart)
            self.steppers[kind] = stepper
            return stepper.widget
        return self._guard(make)


def load(session: Session, parameters: Parameters | str | None) -> SlideShow:
    """The slides of the loop in ``?loyfe=``, as saved by the presentation builder."""
    loop_id = ((parameters.get("loyfe") if isinstance(parameters, Parameters) else parameters)
               or "").strip()
    if session.service is None:
        return SlideShow(None, session.error or T.UNEXPECTED)
    if not loop_id:
        return SlideShow(None, T.SLIDES_NO_LOOP)
    if session.reader is None:
        return SlideShow(None, T.UNEXPECTED)
    try:
        state = session.service.state(loop_id)
        deck = build_deck(session.reader.con, state, tiltak=session.service.tiltak_register())
    except LoopError as exc:
        log.info("slides for unknown loop %r: %s", loop_id, exc.message_en)
        return SlideShow(None, T.LOOP_UNKNOWN.format(loop=loop_id))
    except DeckError as exc:
        return SlideShow(None, str(exc))
    except Exception:
        log.exception("could not build the slides for loop %r", loop_id)
        return SlideShow(None, T.UNEXPECTED)
    return SlideShow(deck)
