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

import ipywidgets as widgets

from bmsdata.loop.errors import LoopError
from bmsdata.params import Parameters
from bmsdata.reports.deck import Deck, DeckError, Slide, build_deck
from bmsdata.ui.chart import Chart
from bmsdata.ui.presentasjon import render, texts
from bmsdata.ui.resultatsloyfe.view import Session, open_session
from bmsdata.views import markup

log = logging.getLogger(__name__)

__all__ = ["SlideShow", "load", "open_session"]


def _html(value: str) -> widgets.HTML:
    return widgets.HTML(value=value, layout=widgets.Layout(width="100%"))


def _message(text: str) -> widgets.HTML:
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
        self.choice = widgets.Dropdown(options=options, value=0 if options else None,
                                 description=label, style={"description_width": "initial"},
                                 layout=widgets.Layout(width="auto", max_width="60%"))
        self.prev = widgets.Button(description=texts.STEPPER_PREV, tooltip=texts.STEPPER_HELP,
                             layout=widgets.Layout(width="auto"))
        self.next = widgets.Button(description=texts.STEPPER_NEXT, tooltip=texts.STEPPER_HELP,
                             layout=widgets.Layout(width="auto"))
        self.position = _html("")
        self.prev.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self.choice.observe(self._chosen, names="value")
        bar = widgets.HBox([self.prev, self.choice, self.next, self.position],
                      layout=widgets.Layout(align_items="center", flex_flow="row wrap"))
        bar.add_class("bms-slide-stepper")
        parts: list[widgets.Widget] = [self.title, bar]
        if self.chart is not None:
            row = widgets.HBox([self.chart.widget, self.body],
                         layout=widgets.Layout(width="100%", align_items="flex-start"))
            self.chart.widget.layout = widgets.Layout(width="58%")
            self.body.layout = widgets.Layout(width="42%")
            parts.append(row)
        else:
            parts.append(self.body)
        self.widget = widgets.VBox(parts, layout=widgets.Layout(width="100%"))
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
        self.position.value = markup.esc(texts.STEPPER_POS.format(n=self.index + 1,
                                                              total=len(self.slides)))
        self.prev.disabled = self.index == 0
        self.next.disabled = self.index == len(self.slides) - 1
        if self.chart is not None:
            self.body.value = f'<div class="bms-slide">{render.facts(s)}</div>'
            self.chart.show(s.figure, render.trend_table(s), texts.STEPPER_HELP if s.figure else "")
        else:
            inner = render.slide_html(s)
            # the title is shown above the stepper already
            self.body.value = inner.replace(f"<h2>{markup.esc(s.title)}</h2>", "", 1)


class SlideShow:
    """The deck as reveal slides: one method per notebook cell."""

    def __init__(self, deck: Deck | None, error: str | None = None) -> None:
        self.deck = deck
        self.error = error
        self.steppers: dict[str, Stepper] = {}

    def _guard(self, make: Callable[[], widgets.Widget]) -> widgets.Widget:
        if self.deck is None:
            return _html("")  # the title slide shows the error
        try:
            return make()
        except Exception:
            log.exception("a slide failed")
            return _message(texts.UNEXPECTED)

    def _kind(self, kind: str) -> list[Slide]:
        assert self.deck is not None
        return [s for s in self.deck.slides if s.kind == kind]

    def title(self) -> widgets.Widget:
        """The title slide (or the error, when the loop cannot be shown)."""
        if self.deck is None:
            return _message(self.error or texts.UNEXPECTED)
        deck = self.deck
        return _html(render.slide_html(deck.slides[0], deck.municipality, deck.fictional))

    def overview(self) -> widgets.Widget:
        return self._slides("overview")

    def focus_areas(self) -> widgets.Widget:
        """All focus areas' tables on one slide (they are short: few, relevant indicators)."""
        return self._slides("focus_area")

    def indicators(self) -> widgets.Widget:
        return self._stepper("indicator", texts.STEPPER_INDICATOR, with_chart=True)

    def units(self) -> widgets.Widget:
        if self.deck is not None and not self._kind("unit"):
            return _html(f'<div class="bms-slide"><h2>{markup.esc(texts.STEPPER_UNIT)}</h2>'
                         f'<p class="bms-lead">{markup.esc(texts.NO_UNITS)}</p></div>')
        return self._stepper("unit", texts.STEPPER_UNIT, with_chart=False)

    def tiltak(self) -> widgets.Widget:
        return self._slides("tiltak")

    def end(self) -> widgets.Widget:
        return self._slides("end")

    def _slides(self, kind: str) -> widgets.Widget:
        def make() -> widgets.Widget:
            return _html("".join(render.slide_html(s) for s in self._kind(kind)))
        return self._guard(make)

    def _stepper(self, kind: str, label: str, with_chart: bool) -> widgets.Widget:
        def make() -> widgets.Widget:
            stepper = Stepper(self._kind(kind), label, with_chart)
            self.steppers[kind] = stepper
            return stepper.widget
        return self._guard(make)


def load(session: Session, parameters: Parameters | str | None) -> SlideShow:
    """The slides of the loop in ``?loyfe=``, as saved by the presentation builder."""
    loop_id = ((parameters.get("loyfe") if isinstance(parameters, Parameters) else parameters)
               or "").strip()
    if session.service is None:
        return SlideShow(None, session.error or texts.UNEXPECTED)
    if not loop_id:
        return SlideShow(None, texts.SLIDES_NO_LOOP)
    if session.reader is None:
        return SlideShow(None, texts.UNEXPECTED)
    try:
        state = session.service.state(loop_id)
        deck = build_deck(session.reader.con, state, tiltak=session.service.tiltak_register())
    except LoopError as exc:
        log.info("slides for unknown loop %r: %s", loop_id, exc.english)
        return SlideShow(None, texts.LOOP_UNKNOWN.format(loop=loop_id))
    except DeckError as exc:
        return SlideShow(None, str(exc))
    except Exception:
        log.exception("could not build the slides for loop %r", loop_id)
        return SlideShow(None, texts.UNEXPECTED)
    return SlideShow(deck)
