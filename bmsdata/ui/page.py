"""The frame every dashboard shares: title, navigation with deep links, controls, messages.

A page is one ``VBox`` (class ``bms-page``). Presentation mode adds the class
``bms-presentasjon``, and the template's CSS enlarges everything. The current parameters are
written into ``<span class="bms-url" data-query="…">`` so the address bar (and the «Lenke til
denne visningen» link) always opens the view on screen.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import ipywidgets as widgets

from bmsdata.ui import text
from bmsdata.ui.presentasjon import texts as presentasjon_texts
from bmsdata.ui.undersokelser import texts as survey_texts
from bmsdata.views import markup

log = logging.getLogger("bmsdata.ui")
if not log.handlers:
    # The kernel's sys.stderr is a cell output (it would reach the browser); the real stderr
    # goes to Voila's log, where operators look.
    _handler = logging.StreamHandler(sys.__stderr__)
    _handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

PAGES = [("oversikt", text.OVERSIKT), ("fokusomrade", text.FOKUSOMRADE),
         ("enhet", text.ENHET), ("arshjul", text.ARSHJUL),
         ("resultatsloyfe", text.RESULTATSLOYFE), ("undersokelser", survey_texts.PAGE),
         ("presentasjon", presentasjon_texts.PAGE_TITLE)]

#: Parameters every page carries to the others.
COMMON = ("organ", "periode", "visning")


def html_widget(value: str = "", cls: str = "") -> widgets.HTML:
    w = widgets.HTML(value=value, layout=widgets.Layout(width="100%"))
    if cls:
        w.add_class(cls)
    return w


def dropdown(label: str, options: list[tuple[str, str]], value: str | None,
             width: str = "auto") -> widgets.Dropdown:
    values = [v for _, v in options]
    w = widgets.Dropdown(
        options=options, value=value if value in values else (values[0] if values else None),
        description=label, style={"description_width": "initial"},
        layout=widgets.Layout(width=width, max_width="100%"),
    )
    return w


def error_html(exc: BaseException | None = None) -> str:
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    if exc is not None:
        log.error("dashboard error at %s", stamp, exc_info=exc)
    return markup.message(text.ERROR.format(time=stamp))


class Page:
    """Header + navigation + controls + body for one dashboard."""

    def __init__(self, page: str, ctx: Any, state: dict[str, str | None]) -> None:
        self.page = page
        self.ctx = ctx
        self.state = state  # the current parameter values (page-specific and common)
        self.header = html_widget(cls="bms-header")
        self.messages = html_widget(cls="bms-messages")
        self.controls = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.controls.add_class("bms-controls")
        self.body = widgets.VBox()
        self.root = widgets.VBox([self.header, self.messages, self.controls, self.body])
        self.root.add_class("bms-page")
        self.title = ""
        self.lead = ""
        self.presentation = widgets.ToggleButton(
            value=state.get("visning") == "presentasjon", description=text.PRESENTATION,
            tooltip=text.PRESENTATION_TIP, icon="", layout=widgets.Layout(width="auto"))
        self.presentation.observe(self.safe(self._on_presentation), "value")
        self._apply_presentation()

    # -- parameters and links ------------------------------------------------------------
    def carried(self, **extra: Any) -> dict[str, Any]:
        """The common parameters, for links to other pages."""
        out = {k: self.state.get(k) for k in COMMON}
        if out.get("visning") != "presentasjon":
            out.pop("visning", None)
        out.update(extra)
        return out

    def url(self, page: str, **extra: Any) -> str:
        return markup.url(page, **self.carried(**extra))

    def own_query(self) -> str:
        values = {k: v for k, v in self.state.items() if v not in (None, "")}
        if values.get("visning") != "presentasjon":
            values.pop("visning", None)
        return urlencode(values)

    # -- rendering -----------------------------------------------------------------------
    def render_header(self) -> None:
        nav = []
        for page, label in PAGES:
            nav.append("<li>" + markup.link(self.url(page), label, current=page == self.page)
                       + "</li>")
        fictional = (f'<p class="bms-fictional">{markup.esc(text.FICTIONAL)}</p>'
                     if getattr(self.ctx, "fictional", False) else "")
        query = self.own_query()
        here = markup.NOTEBOOKS[self.page] + (f"?{query}" if query else "")
        self.header.value = (
            f'<nav aria-label="{markup.esc(text.NAV_LABEL)}"><ul class="bms-nav">{"".join(nav)}'
            f"</ul></nav>"
            f"<h1>{markup.esc(self.title)}</h1>"
            f'<p class="bms-lead">{self.lead}</p>{fictional}'
            f'<p class="bms-muted"><a href="{markup.esc(here)}" title="'
            f'{markup.esc(text.LINK_HERE_TIP)}">{markup.esc(text.LINK_HERE)}</a>'
            f'<span class="bms-url" hidden data-query="{markup.esc(query)}"></span></p>'
        )

    def show_messages(self, html: str) -> None:
        self.messages.value = html

    def set_state(self, **values: str | None) -> None:
        self.state.update(values)
        self.render_header()

    def _apply_presentation(self) -> None:
        if self.presentation.value:
            self.root.add_class("bms-presentasjon")
        else:
            self.root.remove_class("bms-presentasjon")

    def _on_presentation(self, change: Mapping[str, Any]) -> None:
        self._apply_presentation()
        self.set_state(visning="presentasjon" if change["new"] else "standard")

    def safe(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap a widget callback: an error becomes a Norwegian message, never a traceback."""
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                self.show_messages(error_html(exc))
                return None
        return wrapper

    def audience_toggle(self) -> widgets.ToggleButtons:
        w = widgets.ToggleButtons(
            options=[(label, key) for key, label in text.AUDIENCES.items()],
            value=self.state.get("organ") or "kommunestyre", description=text.AUDIENCE,
            style={"description_width": "initial", "button_width": "auto"})
        return w
