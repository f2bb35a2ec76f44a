"""An executed dashboard notebook → one static, self-contained HTML file for the case archive.

Why not nbconvert's HTML exporter: it embeds the widget state and loads the widget manager from
a CDN, so the file shows nothing without the network (and nothing once that CDN is gone). A case
archive must open the copy in ten years, offline and without Jupyter. So the widget tree that
nbclient stores in the notebook's metadata (``store_widget_state``) is turned into plain HTML
here, widget by widget:

* HTML/HTMLMath values are our ``bmsdata.ui`` markup, already escaped there: kept as they are.
  Text widgets (Label, Text, Textarea) are escaped here.
* Boxes become ``div``s with the widget's classes, so the template's CSS (inlined) applies;
  Tab/Accordion children are all shown, each under its title.
* Choices (Dropdown, ToggleButtons, …) become «Etikett: valgt verdi»; buttons are left out.
* Charts (``script.bms-figure`` inside a ``.bms-chart``, see :mod:`bmsdata.ui.chart`) are drawn
  by plotly.js, inlined once in the file; their data table stays beside them (opened).
* Anything unknown becomes a short visible note, never nothing.

The page carries a Content-Security-Policy that forbids every network request, and tags that
would load something from outside (``<img src="https://…">`` in a notebook's own output) are
neutralised, so the file is the whole record.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment
from markupsafe import Markup

from bmsdata import formatting, resources
from bmsdata.archive import texts

log = logging.getLogger("bmsdata.archive")

TEMPLATE_DIR = resources.jupyter_data_dir() / "voila" / "templates" / "bms" / "static"
BMS_CSS = TEMPLATE_DIR / "bms.css"
#: The plotly.js bundle the dashboards draw with (scatter, bar, pie): a quarter of the full one.
BASIC_BUNDLE = TEMPLATE_DIR / "plotly-basic.min.js"
BASIC_TRACES = frozenset({"scatter", "bar", "pie"})

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FIGURE_RE = re.compile(r'<script type="application/json" class="bms-figure">(.*?)</script>',
                       re.DOTALL)

_BOXES = {"VBoxModel": "widget-vbox", "HBoxModel": "widget-hbox", "BoxModel": "widget-box",
          "GridBoxModel": "widget-gridbox"}
_TABBED = {"TabModel", "AccordionModel"}
_SINGLE_CHOICE = {"DropdownModel", "SelectModel", "ToggleButtonsModel", "RadioButtonsModel",
                  "SelectionSliderModel"}
_MULTI_CHOICE = {"SelectMultipleModel", "SelectionRangeSliderModel"}
_TEXT = {"TextModel", "TextareaModel", "ComboboxModel"}
_NUMBER = {"IntTextModel", "FloatTextModel", "BoundedIntTextModel", "BoundedFloatTextModel",
           "IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "IntProgressModel",
           "FloatProgressModel", "IntRangeSliderModel", "FloatRangeSliderModel"}
_BOOL = {"CheckboxModel", "ToggleButtonModel", "ValidModel"}
_OMITTED = {"ButtonModel", "FileUploadModel", "PlayModel", "ControllerModel"}
_MEDIA = {"VideoModel", "AudioModel"}

#: Layout traits copied to inline CSS (the live page applies them the same way).
_LAYOUT_CSS = ("width", "height", "max_width", "max_height", "min_width", "min_height", "flex",
               "flex_flow", "align_items", "align_content", "align_self", "justify_content",
               "justify_items", "grid_template_columns", "grid_template_rows",
               "grid_template_areas", "grid_gap", "grid_area", "grid_row", "grid_column",
               "grid_auto_columns", "grid_auto_rows", "grid_auto_flow", "margin", "padding",
               "overflow", "order", "border_top", "border_right", "border_bottom",
               "border_left")
#: No «:», «;» or «url(» can pass: a layout value cannot smuggle in a rule or a request.
_SAFE_CSS_VALUE = re.compile(r"^[\w\s%.,#()'\"/+-]*$")

_LOADING_TAGS = re.compile(
    r"<(script|link|img|iframe|frame|embed|object|source|video|audio|track|input|image)\b"
    r"[^>]*>", re.IGNORECASE)
_LOADING_ATTR = re.compile(
    r"""\b(src|href|data|poster|srcset|xlink:href)(\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""",
    re.IGNORECASE)
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//|^\s*(?:https?|ftp|wss?):", re.IGNORECASE)


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# ---------------------------------------------------------------------------------------------
# widgets → HTML
@dataclass
class Rendered:
    """The notebook's visible output as HTML, and what the document needs to know about it."""

    body: str
    charts: int = 0
    trace_types: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    removed_external: int = 0


class _Widgets:
    """Renders widget models from the stored state (``{model_id: {model_name, state, …}}``)."""

    def __init__(self, models: Mapping[str, Any]) -> None:
        self.models = models
        self.unknown: list[str] = []
        self._stack: list[str] = []

    def model(self, ref: Any) -> tuple[str, Mapping[str, Any]] | None:
        model_id = str(ref or "").removeprefix("IPY_MODEL_")
        found = self.models.get(model_id)
        return (model_id, found) if isinstance(found, Mapping) else None

    def render(self, ref: Any) -> str:
        found = self.model(ref)
        if found is None:
            log.warning("widget %s is not in the stored widget state", ref)
            return _note(texts.MISSING_WIDGET)
        model_id, entry = found
        if model_id in self._stack:  # a box that contains itself: draw it once
            return ""
        self._stack.append(model_id)
        try:
            return self._render(entry)
        finally:
            self._stack.pop()

    # -- helpers -----------------------------------------------------------------------------
    def _layout(self, state: Mapping[str, Any]) -> tuple[str, bool]:
        """(inline CSS, visible) from the widget's Layout model."""
        found = self.model(state.get("layout"))
        if found is None:
            return "", True
        layout = found[1].get("state", {})
        if layout.get("display") == "none" or layout.get("visibility") == "hidden":
            return "", False
        rules = []
        for name in _LAYOUT_CSS:
            value = layout.get(name)
            if value in (None, "") or not _SAFE_CSS_VALUE.match(str(value)):
                continue
            rules.append(f"{name.replace('_', '-')}:{value}")
        return ";".join(rules), True

    def _open(self, state: Mapping[str, Any], kind: str, tag: str = "div") -> str | None:
        style, visible = self._layout(state)
        if not visible:
            return None
        classes = " ".join([kind, *(str(c) for c in state.get("_dom_classes") or [])])
        style_attr = f' style="{esc(style)}"' if style else ""
        return f'<{tag} class="{esc(classes)}"{style_attr}>'

    def _label(self, state: Mapping[str, Any]) -> str:
        text = str(state.get("description") or "").rstrip().removesuffix(":")
        if not text:
            return ""
        inner = str(text) if state.get("description_allow_html") else esc(text)
        return f'<span class="bms-archive-label">{inner}:</span> '

    def _control(self, state: Mapping[str, Any], kind: str, value_html: str) -> str:
        opened = self._open(state, f"bms-archive-control {kind}")
        if opened is None:
            return ""
        return (f'{opened}{self._label(state)}'
                f'<span class="bms-archive-value">{value_html}</span></div>')

    # -- one widget --------------------------------------------------------------------------
    def _render(self, entry: Mapping[str, Any]) -> str:
        name = str(entry.get("model_name", ""))
        state: Mapping[str, Any] = entry.get("state") or {}
        if name in _BOXES:
            opened = self._open(state, _BOXES[name])
            if opened is None:
                return ""
            inner = "".join(self.render(c) for c in state.get("children") or [])
            return f"{opened}{inner}</div>"
        if name in _TABBED:
            return self._tabbed(name, state)
        if name == "StackModel":
            children = list(state.get("children") or [])
            index = state.get("selected_index")
            if isinstance(index, int) and 0 <= index < len(children):
                return self.render(children[index])
            return ""
        if name in ("HTMLModel", "HTMLMathModel"):
            opened = self._open(state, "widget-html" if name == "HTMLModel" else "widget-htmlmath")
            if opened is None:
                return ""
            return (f'{opened}{self._label(state)}<div class="widget-html-content">'
                    f'{_open_data_tables(str(state.get("value") or ""))}</div></div>')
        if name == "LabelModel":
            opened = self._open(state, "widget-label")
            return "" if opened is None else f"{opened}{esc(state.get('value'))}</div>"
        if name in _SINGLE_CHOICE:
            labels = list(state.get("_options_labels") or [])
            index = state.get("index")
            chosen = (labels[index] if isinstance(index, int) and 0 <= index < len(labels)
                      else texts.NOTHING_CHOSEN)
            return self._control(state, "widget-choice", esc(chosen))
        if name in _MULTI_CHOICE:
            labels = list(state.get("_options_labels") or [])
            picked = [labels[i] for i in state.get("index") or [] if 0 <= i < len(labels)]
            sep = " – " if name == "SelectionRangeSliderModel" else ", "
            return self._control(state, "widget-choice",
                                 esc(sep.join(picked) if picked else texts.NOTHING_CHOSEN))
        if name in _TEXT:
            value = esc(state.get("value"))
            if name == "TextareaModel":
                value = f'<span class="bms-archive-text">{value}</span>'
            return self._control(state, "widget-text", value)
        if name == "PasswordModel":
            return self._control(state, "widget-text", esc(texts.HIDDEN_VALUE))
        if name in _NUMBER:
            return self._control(state, "widget-number", esc(_number_text(state.get("value"))))
        if name in _BOOL:
            return self._control(state, "widget-bool",
                                 esc(texts.YES if state.get("value") else texts.NO))
        if name in ("DatePickerModel", "NaiveDatetimeModel", "DatetimeModel", "TimeModel"):
            return self._control(state, "widget-date", esc(_date_text(state.get("value"))))
        if name == "ColorPickerModel":
            return self._control(state, "widget-color", esc(state.get("value")))
        if name == "ImageModel":
            return self._image(entry, state)
        if name == "OutputModel":
            opened = self._open(state, "widget-output")
            if opened is None:
                return ""
            return opened + "".join(render_output(o, self) for o in state.get("outputs") or []) \
                + "</div>"
        if name in _OMITTED or name.endswith("StyleModel") or name == "LayoutModel":
            return ""
        if name in _MEDIA:
            return _note(texts.NOT_ARCHIVED_MEDIA.format(kind=name.removesuffix("Model")))
        kind = name.removesuffix("Model") or "ukjent"
        self.unknown.append(f"{entry.get('model_module', '?')}/{name}")
        return _note(texts.UNKNOWN_WIDGET.format(kind=kind))

    def _tabbed(self, name: str, state: Mapping[str, Any]) -> str:
        opened = self._open(state, "widget-tab" if name == "TabModel" else "widget-accordion")
        if opened is None:
            return ""
        titles = state.get("titles")
        if titles is None:  # ipywidgets 7 kept a dict {"0": "title"}
            old = state.get("_titles") or {}
            titles = [old.get(str(i), "") for i in range(len(state.get("children") or []))]
        parts = [opened]
        for i, child in enumerate(state.get("children") or []):
            title = titles[i] if i < len(titles) and titles[i] else texts.TAB.format(n=i + 1)
            parts.append(f'<section class="bms-archive-tab"><h2 class="bms-archive-tab-title">'
                         f"{esc(title)}</h2>{self.render(child)}</section>")
        parts.append("</div>")
        return "".join(parts)

    def _image(self, entry: Mapping[str, Any], state: Mapping[str, Any]) -> str:
        data = next((b.get("data") for b in entry.get("buffers") or []
                     if b.get("path") == ["value"] and b.get("encoding") == "base64"), None)
        fmt = str(state.get("format") or "png").lower()
        if not data or not re.fullmatch(r"[a-z0-9+.-]+", fmt):
            return _note(texts.UNKNOWN_WIDGET.format(kind="Image"))
        mime = "image/svg+xml" if fmt == "svg" else f"image/{fmt}"
        alt = esc(state.get("description") or "")
        return f'<img class="widget-image" alt="{alt}" src="data:{mime};base64,{esc(data)}">'


def _note(text: str) -> str:
    return f'<p class="bms-archive-note" role="note">{esc(text)}</p>'


def _number_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " – ".join(_number_text(v) for v in value)
    if isinstance(value, bool) or value is None:
        return formatting.MISSING if value is None else (texts.YES if value else texts.NO)
    if isinstance(value, int):  # as the widget shows it: a year stays «2026», not «2 026»
        return str(value)
    try:
        return format_decimal(float(value), locale=formatting.LOCALE)
    except (TypeError, ValueError):
        return str(value)


def _date_text(value: Any) -> str:
    """ipywidgets sends dates as ``{"year", "month" (0-based), "date"}``."""
    from datetime import date

    if isinstance(value, Mapping) and {"year", "month", "date"} <= set(value):
        try:
            d = date(int(value["year"]), int(value["month"]) + 1, int(value["date"]))
        except (TypeError, ValueError):
            return str(value)
        text = format_date(d, format="long", locale=formatting.LOCALE)
        if "hours" in value:
            text += f" kl. {int(value['hours']):02d}:{int(value.get('minutes', 0)):02d}"
        return text
    return formatting.MISSING if value is None else str(value)


def _open_data_tables(value: str) -> str:
    """A chart's numbers sit in a closed ``<details>`` on screen; in the archive (and on
    paper) they must be readable without a click."""
    return value.replace('<details class="bms-data">', '<details class="bms-data" open>')


# ---------------------------------------------------------------------------------------------
# cell outputs → HTML
def render_output(output: Mapping[str, Any], widgets: _Widgets) -> str:
    """One nbformat output as the page would show it (stderr is diagnostics: logged, not shown)."""
    kind = output.get("output_type")
    if kind == "stream":
        text = "".join(output.get("text") or "")
        if output.get("name") == "stderr":
            log.debug("notebook stderr: %s", text.strip())
            return ""
        return f'<pre class="bms-archive-stream">{esc(text)}</pre>' if text.strip() else ""
    if kind in ("display_data", "execute_result"):
        data: Mapping[str, Any] = output.get("data") or {}
        view = data.get(WIDGET_VIEW)
        if isinstance(view, Mapping) and view.get("model_id"):
            return widgets.render(view["model_id"])
        if "text/html" in data:
            return _joined(data["text/html"])
        for mime in ("image/png", "image/jpeg", "image/gif"):
            if mime in data:
                return (f'<img class="bms-archive-image" alt="" '
                        f'src="data:{mime};base64,{esc(_joined(data[mime]).strip())}">')
        if "image/svg+xml" in data:
            svg = base64.b64encode(_joined(data["image/svg+xml"]).encode("utf-8")).decode()
            return f'<img class="bms-archive-image" alt="" src="data:image/svg+xml;base64,{svg}">'
        for mime in ("text/markdown", "text/plain"):
            if mime in data:
                return f'<pre class="bms-archive-stream">{esc(_joined(data[mime]))}</pre>'
        return _note(texts.UNKNOWN_WIDGET.format(kind=", ".join(data) or kind))
    if kind == "error":  # the command stops before rendering a failed notebook; never hide one
        return _note(f"{output.get('ename')}: {output.get('evalue')}")
    return ""


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def render_notebook(nb: Mapping[str, Any]) -> Rendered:
    """What Voila would show: every code cell's outputs and every markdown cell, no code."""
    state = ((nb.get("metadata") or {}).get("widgets") or {}).get(WIDGET_STATE) or {}
    widgets = _Widgets(state.get("state") or {})
    parts = []
    for cell in nb.get("cells") or []:
        if cell.get("cell_type") == "markdown":
            if "papermill-error-cell-tag" in (cell.get("metadata") or {}).get("tags", []):
                continue
            from nbconvert.filters.markdown import markdown2html

            parts.append(f'<div class="bms-archive-markdown">'
                         f'{markdown2html(_joined(cell.get("source") or ""))}</div>')
        elif cell.get("cell_type") == "code":
            parts.extend(render_output(o, widgets) for o in cell.get("outputs") or [])
    body, removed = neutralise_external("".join(parts))
    figures = FIGURE_RE.findall(body)
    trace_types: set[str] = set()
    for text in figures:
        try:
            figure = json.loads(text)
        except ValueError:
            continue
        trace_types.update(str(t.get("type") or "scatter") for t in figure.get("data") or [])
    if widgets.unknown:
        log.warning("widgets without an archive form (shown as a note): %s",
                    ", ".join(sorted(set(widgets.unknown))))
    return Rendered(body, len(figures), trace_types, widgets.unknown, removed)


def neutralise_external(body: str) -> tuple[str, int]:
    """Rename ``src``/``href``/… attributes that point outside the file on tags that would load
    them (``<img>``, ``<script>``, ``<link>``, …); links (``<a href>``) stay. Returns the count."""
    removed = 0

    def fix_attr(m: re.Match[str]) -> str:
        nonlocal removed
        value = m.group(3).strip("'\"")
        if not _EXTERNAL.match(html.unescape(value)):
            return m.group(0)
        removed += 1
        return f"data-bms-removed-{m.group(1).replace(':', '-')}{m.group(2)}{m.group(3)}"

    def fix_tag(m: re.Match[str]) -> str:
        return _LOADING_ATTR.sub(fix_attr, m.group(0))

    out = _LOADING_TAGS.sub(fix_tag, body)
    if removed:
        log.warning("removed %d reference(s) to resources outside the archive file", removed)
    return out, removed


# ---------------------------------------------------------------------------------------------
# messages the page showed (bad parameter values, no store, errors)
@dataclass
class PageMessage:
    """A ``bms-message`` box from :func:`bmsdata.views.markup.message`."""

    text: str
    links: list[tuple[str, str]]  # (href, label): the valid choices the page offered
    notice: bool


class _MessageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[PageMessage] = []
        self._depth = 0          # div depth inside the current message (0 = outside)
        self._text: list[str] = []
        self._links: list[tuple[str, str]] = []
        self._notice = False
        self._href: str | None = None
        self._label: list[str] = []
        self._in_list = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._depth == 0:
            if tag == "div" and "bms-message" in classes:
                self._depth = 1
                self._text, self._links, self._label = [], [], []
                self._notice = "bms-notice" in classes
            return
        if tag == "div":
            self._depth += 1
        elif tag in ("ul", "ol"):
            self._in_list += 1
        elif tag == "a" and self._in_list:
            self._href = dict(attrs).get("href") or ""
            self._label = []

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0:
            return
        if tag == "a" and self._href is not None:
            self._links.append((self._href, "".join(self._label).strip()))
            self._href = None
        elif tag in ("ul", "ol"):
            self._in_list = max(0, self._in_list - 1)
        elif tag == "div":
            self._depth -= 1
            if self._depth == 0:
                text = " ".join("".join(self._text).split())
                self.found.append(PageMessage(text, self._links, self._notice))
        elif tag == "p":
            self._text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._depth == 0:
            return
        if self._href is not None:
            self._label.append(data)
        elif not self._in_list:
            self._text.append(data)


def page_messages(body: str) -> list[PageMessage]:
    """The message boxes in the rendered page, in order."""
    parser = _MessageParser()
    parser.feed(body)
    parser.close()
    return parser.found


# ---------------------------------------------------------------------------------------------
# the document
@dataclass
class ArchiveInfo:
    """What the header says about the copy: which page, which values, when, from which data."""

    title: str
    notebook: str
    parameters: Sequence[tuple[str, str, bool, str]]  # (name, value, given, explanation)
    made_text: str
    made_iso: str
    municipality: str = ""
    kommune_nr: str = ""
    fictional: bool = False
    store_name: str = ""
    store_changed_text: str = ""
    store_changed_iso: str = ""
    store_sha256: str = ""
    latest_period: str = ""
    software: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


ARCHIVE_CSS = """
body.bms-archive { overflow: visible; }
.bms-archive main { display: block; }
.bms-archive .widget-vbox { display: flex; flex-direction: column; }
.bms-archive .widget-hbox { display: flex; flex-direction: row; flex-wrap: wrap; }
.bms-archive .widget-box { display: flex; }
.bms-archive .widget-gridbox { display: grid; }
.bms-archive .widget-html.bms-chart { display: flex; }
.bms-archive .bms-controls { gap: .35rem 1.5rem; align-items: baseline; }
.bms-archive-control { margin: .1rem 0; }
.bms-archive-label { font-weight: 600; }
.bms-archive-text { white-space: pre-wrap; }
.bms-archive-note { margin: .5rem 0; padding: .4rem .7rem; border: 1px dashed #7a4a00;
                    background: #fdf0c4; color: #3b2600; border-radius: .25rem; }
.bms-archive-stream { white-space: pre-wrap; font-size: .95rem; }
.bms-archive-tab { margin: 1rem 0; }
.bms-archive-info { max-width: 1280px; margin: 1rem auto 0; padding: .9rem 1.5rem;
                    box-sizing: border-box; border-bottom: 1px solid var(--bms-line); }
.bms-archive-badge { display: inline-block; margin: 0 0 .5rem; padding: .2rem .7rem;
                     border: 2px solid var(--bms-accent); color: var(--bms-accent);
                     border-radius: .25rem; font-weight: 700; font-size: 1.05rem; }
.bms-archive-info dl { display: grid; grid-template-columns: max-content 1fr;
                       gap: .2rem 1rem; margin: .5rem 0; }
.bms-archive-info dt { font-weight: 600; }
.bms-archive-info dd { margin: 0; overflow-wrap: anywhere; }
.bms-archive-info table.bms-table { width: auto; min-width: 50%; }
.bms-archive-info code { font-size: .9em; }
/* Navigation and «Lenke til denne visningen» lead to the live dashboards, not in an archive. */
.bms-archive .bms-nav, .bms-archive p.bms-muted:has(> .bms-url) { display: none; }
.bms-archive-footer { max-width: 1280px; margin: 0 auto 2rem; padding: 0 1.5rem;
                      color: var(--bms-muted); font-size: .9rem; }
@media print { .bms-archive .bms-controls { display: flex; background: none; } }
"""

DRAW_JS = """
(function () {
  "use strict";
  var failed = %(failed)s;
  var charts = document.querySelectorAll(".bms-chart");
  for (var i = 0; i < charts.length; i++) {
    var el = charts[i];
    var script = el.querySelector("script.bms-figure");
    if (!script || el.querySelector(".bms-plot")) { continue; }
    var div = document.createElement("div");
    div.className = "bms-plot";
    div.setAttribute("role", "img");
    el.appendChild(div);
    try {
      var fig = JSON.parse(script.textContent);
      div.setAttribute("aria-label", (fig.meta && fig.meta.description) || "Diagram");
      window.Plotly.newPlot(div, fig.data, fig.layout, fig.config || {});
      div.setAttribute("data-bms-figure-id", (fig.meta && fig.meta.id) || "");
    } catch (e) {
      div.textContent = failed;
    }
  }
})();
"""

CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:")

_DOCUMENT = """<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="{{ info.software }}">
<title>{{ info.title }}{% if info.municipality %} – {{ info.municipality }}{% endif %} – \
{{ T.BADGE }}</title>
<style>
{{ bms_css }}
</style>
<style>
{{ archive_css }}
</style>
<script type="application/json" id="bms-archive-meta">{{ meta_json }}</script>
</head>
<body class="bms bms-archive">
<header class="bms-topbar" role="banner">
  <span class="bms-topbar-name">{{ info.municipality or "Kommunen" }}</span>
  <span class="bms-topbar-app">{{ T.APP }}</span>
</header>
<section class="bms-archive-info" aria-labelledby="bms-archive-badge">
  <p class="bms-archive-badge" id="bms-archive-badge">{{ T.BADGE }}</p>
  <p class="bms-muted">{{ T.BADGE_LEAD }}</p>
  <dl>
    <dt>{{ T.DASHBOARD }}</dt><dd>{{ info.title }} (<code>{{ info.notebook }}</code>)</dd>
    <dt>{{ T.MADE }}</dt><dd><time datetime="{{ info.made_iso }}">{{ info.made_text }}</time></dd>
    {%- if info.municipality %}
    <dt>{{ T.MUNICIPALITY }}</dt><dd>{{ info.municipality }}
      {%- if info.kommune_nr %} ({{ T.KOMMUNE_NR.format(nr=info.kommune_nr) }}){% endif %}
      {%- if info.fictional %} – <span class="bms-fictional">{{ T.FICTIONAL }}</span>{% endif %}
    </dd>
    {%- endif %}
    {%- if info.latest_period %}
    <dt>{{ T.LATEST_PERIOD }}</dt><dd>{{ info.latest_period }}</dd>
    {%- endif %}
    {%- if info.store_name %}
    <dt>{{ T.DATABASE }}</dt><dd><time datetime="{{ info.store_changed_iso }}">\
{{ T.DATABASE_CHANGED.format(name=info.store_name, when=info.store_changed_text) }}</time></dd>
    {%- endif %}
    {%- if info.store_sha256 %}
    <dt>{{ T.CHECKSUM }}</dt><dd><code>{{ info.store_sha256 }}</code></dd>
    {%- endif %}
    <dt>{{ T.SOFTWARE }}</dt><dd>{{ info.software }}</dd>
  </dl>
  {%- if info.parameters %}
  <table class="bms-table bms-archive-params">
    <caption>{{ T.PARAMETERS }}</caption>
    <thead><tr><th scope="col">{{ T.PARAM_NAME }}</th><th scope="col">{{ T.PARAM_VALUE }}</th>
      <th scope="col">{{ T.PARAM_NOTE }}</th></tr></thead>
    <tbody>
    {%- for name, value, given, note in info.parameters %}
      <tr><th scope="row"><code>{{ name }}</code></th>
        <td>{% if value %}<code>{{ value }}</code>{% else %}{{ T.BLANK }}{% endif %}
          ({{ T.PARAM_GIVEN if given else T.PARAM_DEFAULT }})</td>
        <td>{{ note }}</td></tr>
    {%- endfor %}
    </tbody>
  </table>
  {%- else %}
  <p>{{ T.NO_PARAMETERS }}</p>
  {%- endif %}
</section>
<main id="bms-main">
{{ body }}
</main>
<footer class="bms-archive-footer"><p>{{ T.FOOTER }}\
{% if plotly_js %} {{ T.FOOTER_CHARTS }}{% endif %}</p></footer>
{%- if plotly_js %}
<script>{{ plotly_js }}</script>
<script>{{ draw_js }}</script>
{%- endif %}
</body>
</html>
"""


def _script_text(js: str) -> str:
    """Inline JavaScript cannot end its ``<script>`` early or open a comment state."""
    return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def plotly_bundle(trace_types: Iterable[str]) -> str:
    """The dashboards' own "basic" bundle when it can draw every trace; else plotly's full one."""
    if set(trace_types) <= BASIC_TRACES and BASIC_BUNDLE.is_file():
        return BASIC_BUNDLE.read_text(encoding="utf-8")
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def document(rendered: Rendered, info: ArchiveInfo) -> str:
    """The whole archive file: header about the copy, the page, and plotly.js when needed."""
    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(_DOCUMENT)
    meta = {
        "kind": "bms-archive-snapshot",
        "dashboard": info.notebook,
        "title": info.title,
        "parameters": {name: value for name, value, _given, _note in info.parameters},
        "given": [name for name, _value, given, _note in info.parameters if given],
        "made": info.made_iso,
        "municipality": info.municipality,
        "kommune_nr": info.kommune_nr,
        "fictional": info.fictional,
        "store": {"name": info.store_name, "changed": info.store_changed_iso,
                  "sha256": info.store_sha256},
        "latest_period": info.latest_period,
        "software": info.software,
        **info.extra,
    }
    plotly_js = ""
    if rendered.charts:
        plotly_js = _script_text(plotly_bundle(rendered.trace_types))
    draw_js = DRAW_JS % {"failed": json_for_script(texts.CHART_DRAW_FAILED)}
    return template.render(
        T=texts, info=info, csp=CSP,
        bms_css=Markup(BMS_CSS.read_text(encoding="utf-8")) if BMS_CSS.is_file() else "",
        archive_css=Markup(ARCHIVE_CSS),
        meta_json=Markup(json_for_script(meta)),
        body=Markup(rendered.body),
        plotly_js=Markup(plotly_js), draw_js=Markup(_script_text(draw_js)),
    )
