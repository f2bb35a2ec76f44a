"""The presentation builder (``dashboards/presentasjon.ipynb``), driven by ipywidgets.

Staff prepare the meeting of a result loop here, in the guide's order:

1. **what to show**: focus areas, indicators, units (each gets a balanced slide) and the
   period — saved to the loop's journal (``LoopService.save_presentation``), so the CLI export
   and a colleague build the same deck;
2. **the rådmann's comment per indicator** — saved to the journal with the author
   (``LoopService.comment``); a changed comment is a new entry, the old ones stay;
3. **preview**: every slide in order, as the files and the meeting will show it;
4. **export**: download links for HTML (self-contained), PDF (Chromium) and PPTX, and a link
   that opens the slides (``lysbilder.ipynb``, Voila's reveal template) for the meeting.

Who may write is handled as on the loop page (``bmsdata.loop.identity``): a login name is never
asked for, a ``leser`` gets the preview and the exports (reading) but no selection form and no
comment form, and every write goes through the guarded service.
Every refusal is the service's Norwegian sentence; nothing typed reaches the page
unescaped; no traceback reaches the page.
"""

from __future__ import annotations

import base64
import logging
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as W

from bmsdata import formatting, queries
from bmsdata.loop.errors import LoopError, NotFoundError
from bmsdata.loop.identity import Identity, resolve_identity
from bmsdata.loop.state import LoopState
from bmsdata.params import Parameters
from bmsdata.reports import deck_text as DT
from bmsdata.reports.deck import Deck, DeckError, build_deck, selection_of
from bmsdata.reports.printing import Printer, ReportError
from bmsdata.ui.page import PAGES
from bmsdata.ui.presentasjon import render as R
from bmsdata.ui.presentasjon import texts as T
from bmsdata.ui.resultatsloyfe import forms as F
from bmsdata.ui.resultatsloyfe.results import Catalog
from bmsdata.ui.resultatsloyfe.view import Session, UserError, _Writer, open_session
from bmsdata.views import markup

log = logging.getLogger(__name__)

__all__ = ["PresentationIndex", "PresentationView", "open_session", "page"]

#: (label, suffix, MIME type) of the three export formats.
FORMATS = {
    "html": ("HTML", ".html", "text/html"),
    "pdf": ("PDF", ".pdf", "application/pdf"),
    "pptx": ("PPTX", ".pptx",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}

CSS = """<style>
.bms-pres { font-size: 15px; line-height: 1.45; max-width: 80rem; color: #1a1a1a; }
.bms-pres h1 { font-size: 1.6rem; margin: .2rem 0 .3rem; }
.bms-pres h2 { font-size: 1.25rem; margin: 1.2rem 0 .4rem; border-bottom: 2px solid #c9ced6; }
.bms-pres .bms-nav { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .8em; }
.bms-preview { border: 1px solid #c9ced6; padding: .4rem .8rem; max-height: 48rem; overflow: auto; }
.bms-preview section { border-bottom: 1px dashed #c9ced6; padding: .3rem 0 .6rem; }
.bms-preview .bms-slide h1 { font-size: 1.4rem; }
.bms-preview .bms-slide h2 { font-size: 1.15rem; }
.bms-preview .bms-slide h3 { font-size: 1rem; }
.bms-preview .bms-comment { border-left: 4px solid #1d5f99; background: #f4f6f9;
                            padding: .2rem .6rem; }
.bms-preview .bms-comment-text { white-space: pre-line; }
.bms-preview .bms-facts dl { display: grid; grid-template-columns: auto 1fr; gap: 0 .8em; }
.bms-preview .bms-facts dd { margin: 0; }
.bms-preview .bms-deck-overview ul { list-style: none; padding: 0; }
.bms-pres .bms-open-slides { font-size: 1.15rem; font-weight: 600; }
.bms-pres .bms-download { display: inline-block; margin: .2rem 1rem .2rem 0; font-weight: 600; }
</style>"""


def _wrap(inner: str) -> str:
    return f'<div class="bms-pres">{inner}</div>'


def _nav(current: str = "presentasjon") -> str:
    items = "".join(
        "<li>" + markup.link(markup.NOTEBOOKS[name], label, current=name == current) + "</li>"
        for name, label in PAGES if name in markup.NOTEBOOKS)
    return f'<nav aria-label="Dashboardene"><ul class="bms-nav">{items}</ul></nav>'


def _when(ts: Any) -> str:
    from bmsdata.reports.deck import _when as deck_when

    return deck_when(ts)


def _size(n: int) -> str:
    return f"{formatting.number(n / 1024, 0)} kB" if n < 1024 * 1024 else \
        f"{formatting.number(n / 1024 / 1024, 1)} MB"


class CommentForm:
    """One indicator's comment: a text area, a save button, who wrote it, and a message."""

    def __init__(self, indicator_id: str, name: str) -> None:
        self.indicator_id = indicator_id
        self.name = name
        self.text = F.textarea(T.COMMENT_LABEL.format(indicator=name), rows=3)
        self.info = F.html()
        self.submit = F.button(T.COMMENT_SAVE, "")
        self.message = F.message()
        self.box = F.form_box([self.text, self.info, self.submit, self.message])


class PresentationView(_Writer):
    """One loop's presentation: selection, comments, preview, export. ``widget`` is the page."""

    def __init__(self, session: Session, loop_id: str, author: str | None = None,
                 today: date | None = None, identity: Identity | None = None) -> None:
        assert session.service is not None
        self.session = session
        self.loop_id = loop_id
        self.today = today
        self._setup_identity(identity, author)
        self.state: LoopState = self.service.state(loop_id, today)  # NotFoundError: page()
        self.catalog = Catalog.load(session.reader)
        self.deck: Deck | None = None
        self.deck_error = ""
        self.comment_forms: dict[str, CommentForm] = {}
        self.downloads: dict[str, str] = {}
        self._build()
        self.refresh()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = F.html()
        self.selection_info = F.html()
        if self.can_write:
            self._build_selection()
        else:  # a leser: who chose what, no form
            self.selection = W.VBox([self.selection_info], layout=W.Layout(width="100%"))
        self._build_rest()

    def _build_selection(self) -> None:
        self.focus_areas = F.select_multiple(T.FOCUS_AREAS, rows=6)
        self.indicators = F.select_multiple(T.INDICATORS, rows=10)
        self.units = F.select_multiple(T.UNITS, rows=8)
        self.period = F.dropdown(T.PERIOD, width=F.SHORT_WIDTH)
        self.title = F.text(T.DECK_TITLE)
        self.save = F.button(T.SAVE_SELECTION)
        self.selection_message = F.message()
        self.selection = F.form_box([self.focus_areas, self.indicators, self.units,
                                     self.period, self.title, self.selection_info, self.save,
                                     self.selection_message])
        self.save.on_click(lambda _b: self.on_save_selection())
        self._fill_options()

    def _build_rest(self) -> None:
        self.comments = W.VBox([], layout=W.Layout(width="100%"))
        self.preview = F.html()
        self.open_slides = F.html()
        self.export_buttons = {fmt: F.button(T.EXPORT_HTML if fmt == "html" else
                                             T.EXPORT_PDF if fmt == "pdf" else T.EXPORT_PPTX,
                                             "" if fmt != "pdf" else "primary")
                               for fmt in FORMATS}
        for fmt, button in self.export_buttons.items():
            button.on_click(lambda _b, fmt=fmt: self.on_export(fmt))
        self.export_message = F.message()
        self.export_links = F.html()
        export_row = W.HBox(list(self.export_buttons.values()),
                            layout=W.Layout(flex_flow="row wrap"))
        self.export = F.form_box([self.open_slides, export_row, self.export_message,
                                  self.export_links])

        def section(title: str, lead: str, *children: W.Widget) -> W.VBox:
            return W.VBox([F.html(_wrap(f"<h2>{markup.esc(title)}</h2><p>{markup.esc(lead)}"
                                        "</p>")), *children], layout=W.Layout(width="100%"))

        self.widget = W.VBox([
            F.html(CSS), self.header, self.identity_box,
            section(T.SECTION_SELECTION, T.SELECTION_LEAD, self.selection),
            section(T.SECTION_COMMENTS, T.COMMENTS_LEAD, self.comments),
            section(T.SECTION_PREVIEW, T.PREVIEW_LEAD, self.preview),
            section(T.SECTION_EXPORT, T.EXPORT_LEAD, self.export),
        ], layout=W.Layout(width="100%", padding="0 0.5em"))
        self.widget.add_class("bms-page")
        self.widget.add_class("bms-presentation-page")

    def _fill_options(self) -> None:
        self.focus_areas.options = self.catalog.focus_area_options(self.state.kind)
        self.indicators.options = self.catalog.indicator_options(self.state.indicators,
                                                                 self.state.kind)
        root = self.catalog.root_unit
        self.units.options = [(name, uid) for uid, name in self.catalog.units if uid != root]
        periods: list[tuple[str, str]] = []
        if self.session.reader is not None and self.catalog.error is None:
            periods = [(str(label), str(code)) for code, _kind, label, *_ in
                       queries.rows(self.session.reader.con, "periods")]
        self.period.options = periods
        sel = selection_of(self.state)
        known_fa = {v for _, v in self.focus_areas.options}
        self.focus_areas.value = tuple(f for f in sel.focus_areas if f in known_fa)
        known_ind = {v for _, v in self.indicators.options}
        self.indicators.value = tuple(i for i in sel.indicators if i in known_ind)
        known_units = {v for _, v in self.units.options}
        self.units.value = tuple(u for u in sel.units if u in known_units)
        self.period.value = sel.period if sel.period in {v for _, v in periods} else \
            (periods[0][1] if periods else None)
        self.title.value = sel.title

    # -- refresh -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the loop from the journal; rebuild the deck, comments and preview."""
        state = self.state = self.service.state(self.loop_id, self.today)
        loop_href = markup.url("resultatsloyfe", loop=self.loop_id)
        self.header.value = _wrap(
            _nav() + f"<h1>{markup.esc(T.PAGE_TITLE)}: {markup.esc(state.title)}</h1>"
            f"<p>{markup.esc(T.PAGE_LEAD)}</p>"
            f"<p>{markup.link(loop_href, T.LOOP_LINK)}</p>")
        chosen = state.presentation
        self.selection_info.value = _wrap("<p class=\"bms-muted\">" + markup.esc(
            T.SELECTION_BY.format(author=chosen.author, when=_when(chosen.ts)) if chosen
            else T.SELECTION_NONE) + "</p>")
        try:
            if self.session.reader is None or self.catalog.error:
                raise DeckError(self.catalog.error or T.UNEXPECTED, "no store")
            self.deck = build_deck(self.session.reader.con, state,
                                   tiltak=self.service.tiltak_register(self.today))
            self.deck_error = ""
        except DeckError as exc:
            self.deck, self.deck_error = None, str(exc)
        self._fill_comments()
        self._fill_preview()
        slides = markup.url("lysbilder", loyfe=self.loop_id)
        self.open_slides.value = _wrap(
            f'<p>{markup.link(slides, T.OPEN_SLIDES, cls="bms-open-slides")}</p>')

    def _fill_comments(self) -> None:
        if self.deck is None:
            self.comments.children = [F.html(R_message(self.deck_error))]
            self.comment_forms = {}
            return
        if not self.can_write:
            self._fill_comments_read_only()
            return
        wanted = [(s.indicator.indicator_id, s.indicator.name)
                  for s in self.deck.indicator_slides() if s.indicator is not None]
        if [k for k, _ in wanted] != list(self.comment_forms):
            forms = {}
            for ind, name in wanted:
                form = self.comment_forms.get(ind) or CommentForm(ind, name)
                if ind not in self.comment_forms:
                    form.submit.on_click(lambda _b, ind=ind: self.on_comment(ind))
                forms[ind] = form
            self.comment_forms = forms
            self.comments.children = [f.box for f in forms.values()]
        history = self.state.comment_history
        for ind, form in self.comment_forms.items():
            versions = history.get(ind, [])
            latest = versions[-1] if versions else None
            form.text.value = latest.text if latest else ""
            if latest is None:
                form.info.value = ""
                continue
            older = "".join(
                f"<li>{markup.esc(c.text) or '–'} <span class=\"bms-muted\">("
                f"{markup.esc(c.author)}, {markup.esc(_when(c.ts))})</span></li>"
                for c in reversed(versions[:-1]))
            details = (f"<details><summary>{markup.esc(T.COMMENT_HISTORY.format(n=len(versions) - 1))}"  # noqa: E501
                       f"</summary><ul>{older}</ul></details>" if older else "")
            form.info.value = _wrap(
                f'<p class="bms-muted">{markup.esc(T.COMMENT_BY.format(author=latest.author, when=_when(latest.ts)))}</p>'  # noqa: E501
                + details)

    def _fill_comments_read_only(self) -> None:
        """A leser sees each indicator's latest comment and who wrote it; no text area."""
        assert self.deck is not None
        history = self.state.comment_history
        items = []
        for s in self.deck.indicator_slides():
            if s.indicator is None:
                continue
            versions = history.get(s.indicator.indicator_id, [])
            latest = versions[-1] if versions else None
            body = (f'<p class="bms-comment-text">{markup.esc(latest.text)}</p>'
                    f'<p class="bms-muted">{markup.esc(T.COMMENT_BY.format(author=latest.author, when=_when(latest.ts)))}</p>'  # noqa: E501
                    if latest is not None and latest.text else
                    f'<p class="bms-muted">{markup.esc(T.COMMENT_NONE)}</p>')
            items.append(f"<h3>{markup.esc(s.indicator.name)}</h3>{body}")
        html = _wrap("".join(items))
        if len(self.comments.children) != 1 or self.comments.children[0].value != html:
            self.comments.children = [F.html(html)]

    def _fill_preview(self) -> None:
        if self.deck is None:
            self.preview.value = R_message(self.deck_error)
            return
        deck = self.deck
        parts = []
        for n, s in enumerate(deck.slides, start=1):
            parts.append(f'<section aria-label="{markup.esc(DT.SLIDE_OF.format(n=n, total=len(deck.slides)))}">'  # noqa: E501
                         f'<p class="bms-muted">{markup.esc(DT.SLIDE_OF.format(n=n, total=len(deck.slides)))}</p>'  # noqa: E501
                         f"{R.slide_html(s, deck.municipality, deck.fictional)}</section>")
        self.preview.value = _wrap(f'<div class="bms-preview">{"".join(parts)}</div>')

    def _messages(self) -> list[F.Message]:
        found = [self.export_message, *(f.message for f in self.comment_forms.values())]
        if self.can_write:
            found.append(self.selection_message)
        if self.author_form is not None:
            found.append(self.author_form.message)
        return found

    # -- actions -----------------------------------------------------------------------------

    def on_save_selection(self) -> bool:
        def action() -> str:
            author = self._require_author()
            entry = self.service.save_presentation(
                self.loop_id, author, focus_areas=list(self.focus_areas.value),
                indicators=list(self.indicators.value), units=list(self.units.value),
                period=self.period.value, title=self.title.value)
            areas = set(entry.payload["focus_areas"]) or set(self.state.focus_areas)
            n = len(entry.payload["indicators"]) or sum(
                1 for i in self.catalog.indicators.values() if i.focus_area_id in areas)
            return T.SELECTION_SAVED.format(n=n, u=len(entry.payload["units"]))
        return self._guard(self.selection_message, action)

    def on_comment(self, indicator_id: str) -> bool:
        form = self.comment_forms[indicator_id]

        def action() -> str:
            author = self._require_author()
            self._ensure_selection(author)
            entry = self.service.comment(self.loop_id, indicator_id, form.text.value, author)
            template = T.COMMENT_SAVED if entry.payload["text"] else T.COMMENT_REMOVED
            return template.format(indicator=form.name)
        return self._guard(form.message, action)

    def _ensure_selection(self, author: str) -> None:
        """A comment belongs to an indicator of the presentation: save the selection shown
        (the loop's own, when nobody saved one) so the service can check that."""
        if self.state.presentation is None and self.deck is not None:
            ids = [s.indicator.indicator_id for s in self.deck.indicator_slides()
                   if s.indicator is not None]
            self.service.save_presentation(self.loop_id, author, indicators=ids,
                                           period=self.deck.period)

    def on_export(self, fmt: str) -> bool:
        label, suffix, mime = FORMATS[fmt]

        def action() -> str:
            if self.deck is None:
                raise UserError(self.deck_error or T.UNEXPECTED)
            from bmsdata.reports.deck_export import export_deck

            self.export_message.info(T.EXPORTING.format(fmt=label))
            started = time.perf_counter()
            with tempfile.TemporaryDirectory(prefix="bms-deck-") as tmp:
                out = Path(tmp) / f"presentasjon{suffix}"
                try:
                    if fmt == "html":
                        export_deck(self.deck, out)
                    else:
                        with Printer() as printer:
                            export_deck(self.deck, out, printer=printer)
                except ReportError as exc:
                    log.warning("presentation export failed: %s", exc.english)
                    raise UserError(str(exc)) from exc
                data = out.read_bytes()
            name = f"presentasjon-{self.loop_id}{suffix}"
            self.downloads[fmt] = (
                f'<a class="bms-download" download="{markup.esc(name)}" '
                f'href="data:{mime};base64,{base64.b64encode(data).decode("ascii")}">'
                f"{markup.esc(T.DOWNLOAD.format(fmt=label, size=_size(len(data))))}</a>")
            self.export_links.value = _wrap(
                "<p>" + "".join(self.downloads[f] for f in FORMATS if f in self.downloads)
                + "</p>")
            return T.EXPORTED.format(fmt=label, seconds=formatting.number(
                time.perf_counter() - started, 1))
        return self._guard(self.export_message, action)


def R_message(text: str) -> str:  # noqa: N802 - reads like the loop page's render.message
    from bmsdata.ui.resultatsloyfe import render

    return render.message("error", text)


class PresentationIndex:
    """Without ``?loyfe=``: the loops to choose from, each a link to its presentation."""

    def __init__(self, session: Session, today: date | None = None) -> None:
        assert session.service is not None
        loops = session.service.list_loops(today)
        if loops:
            items = "".join(
                f"<li>{markup.link(markup.url('presentasjon', loyfe=s.loop_id), s.title)} "
                f'<span class="bms-muted">({markup.esc(s.release)} {s.year})</span></li>'
                for s in loops)
            body = f"<h2>{markup.esc(T.LOOP_CHOOSE)}</h2><ul>{items}</ul>"
        else:
            body = f'<div class="bms-message" role="status"><p>{markup.esc(T.NO_LOOPS)}</p></div>'
        self.widget = W.HTML(CSS + _wrap(_nav() + f"<h1>{markup.esc(T.PAGE_TITLE)}</h1>"
                                         f"<p>{markup.esc(T.PAGE_LEAD)}</p>{body}"))
        self.widget.add_class("bms-page")


def page(session: Session, parameters: Parameters | str | None = None,
         author: str | None = None, today: date | None = None,
         identity: Identity | None = None) -> W.Widget:
    """The builder for the loop in ``?loyfe=``, or the list of loops.

    The identity is resolved here, after the request arrived (see ``loop_view.page``);
    ``author`` only pre-fills the local user's name when no login is configured.
    """
    loop_id = ""
    try:
        loop_id = ((parameters.get("loyfe") if isinstance(parameters, Parameters)
                    else parameters) or "").strip()
        if session.service is None:
            return _error(session.error or T.UNEXPECTED)
        if not loop_id:
            return PresentationIndex(session, today).widget
        identity = identity if identity is not None else resolve_identity()
        try:
            return PresentationView(session, loop_id, author=author, today=today,
                                    identity=identity).widget
        except NotFoundError:
            return _error(T.LOOP_UNKNOWN.format(loop=loop_id))
    except LoopError as exc:
        return _error(str(exc))
    except Exception:
        log.exception("the presentation page failed")
        return _error(T.UNEXPECTED)


def _error(text: str) -> W.Widget:
    w = W.HTML(CSS + _wrap(_nav() + f"<h1>{markup.esc(T.PAGE_TITLE)}</h1>") + R_message(text)
               + _wrap(f'<p>{markup.link("presentasjon.ipynb", T.LOOP_CHOOSE)}</p>'))
    w.add_class("bms-page")
    return w
