"""Small HTML builders for the dashboards. Every text from the store or the URL is escaped here.

The views build HTML strings for ``ipywidgets.HTML``; these helpers are the only place that
turns data into markup, and each one runs its text through :func:`esc`.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date

from bmsdata import formatting
from bmsdata.scorecard.status import STATUS_LOOK, TREND_LOOK, Status, Trend

NOTEBOOKS = {
    "oversikt": "oversikt.ipynb",
    "fokusomrade": "fokusomrade.ipynb",
    "enhet": "enhet.ipynb",
    "arshjul": "arshjul.ipynb",
    "resultatsloyfe": "resultatsloyfe.ipynb",
    "undersokelser": "undersokelser.ipynb",
    "presentasjon": "presentasjon.ipynb",
    "lysbilder": "lysbilder.ipynb",
}


def esc(value: Any) -> str:
    """Text → HTML-safe text (quotes too, so it is safe inside attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return x is None


def url(page: str, **params: Any) -> str:
    """A relative link to another dashboard, carrying the parameters (blank ones left out)."""
    query = urlencode({k: str(v) for k, v in params.items() if v not in (None, "")})
    return NOTEBOOKS[page] + (f"?{query}" if query else "")


def link(href: str, text: Any, *, current: bool = False, cls: str = "") -> str:
    attrs = f' class="{esc(cls)}"' if cls else ""
    if current:
        attrs += ' aria-current="page"'
    return f'<a href="{esc(href)}"{attrs}>{esc(text)}</a>'


def status_badge(status: str | Status, *, count: int | None = None) -> str:
    """Symbol + word + colour (never colour alone). ``count`` adds «: 3»."""
    look = STATUS_LOOK[Status(status)]
    tail = f'<span class="bms-count">:&nbsp;{count}</span>' if count is not None else ""
    return (f'<span class="bms-status bms-status-{esc(Status(status).value)}" '
            f'style="color:{look.colour};background:{look.background}">'
            f'<span class="bms-status-symbol" aria-hidden="true">{esc(look.symbol)}</span>'
            f'<span class="bms-status-word">{esc(look.word)}</span>{tail}</span>')


def status_count(status: str | Status, count: int) -> str:
    """Compact «✖ 7» for tables whose column already names the status (word for readers)."""
    look = STATUS_LOOK[Status(status)]
    return (f'<span class="bms-status bms-count-only" title="{esc(look.word)}" '
            f'style="color:{look.colour};background:{look.background}">'
            f'<span class="bms-status-symbol" aria-hidden="true">{esc(look.symbol)}</span>'
            f'<span class="bms-count">{count}</span>'
            f'<span class="bms-sr-only"> {esc(look.word)}</span></span>')


def trend_text(trend: str | None) -> str:
    if not trend:
        return ""
    look = TREND_LOOK[Trend(trend)]
    if not look.word:
        return ""
    return (f'<span class="bms-trend" style="color:{look.colour}">'
            f'<span aria-hidden="true">{esc(look.symbol)}</span> {esc(look.word)}</span>')


def counts_list(counts: Mapping[Status, int], label: str) -> str:
    items = "".join(f"<li>{status_badge(s, count=n)}</li>" for s, n in counts.items() if n)
    return f'<ul class="bms-counts" aria-label="{esc(label)}">{items}</ul>'


def number(value: Any, decimals: Any = 1, unit_of_measure: Any = None) -> str:
    """Babel nb_NO number, with «%» glued on when that is the unit."""
    text = formatting.number(value, decimals)
    if text != formatting.MISSING and unit_of_measure == "%":
        return text + " %"
    return text


def long_date(d: date) -> str:
    """«31. desember 2024»."""
    return format_date(d, format="long", locale=formatting.LOCALE)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "",
          numeric: Iterable[int] = (), row_attrs: Sequence[str] | None = None,
          cls: str = "bms-table") -> str:
    """A table whose cells are already HTML (built with the helpers above)."""
    num = set(numeric)
    numcls = ' class="bms-num"'
    head = "".join(f'<th scope="col"{numcls if i in num else ""}>{esc(h)}</th>'
                   for i, h in enumerate(headers))
    body = []
    for r, row in enumerate(rows):
        attrs = row_attrs[r] if row_attrs else ""
        cells = "".join(f'<td{numcls if i in num else ""}>{c}</td>'
                        for i, c in enumerate(row))
        body.append(f"<tr{attrs}>{cells}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<table class="{esc(cls)}">{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def message(text: str, choices: Sequence[tuple[str, str]] = (), *, notice: bool = False) -> str:
    """A Norwegian message box; ``choices`` are (href, label) links to valid values."""
    items = "".join(f"<li>{link(href, label)}</li>" for href, label in choices)
    listing = f"<ul>{items}</ul>" if items else ""
    cls = "bms-message bms-notice" if notice else "bms-message"
    role = "status" if notice else "alert"
    return f'<div class="{cls}" role="{role}"><p>{esc(text)}</p>{listing}</div>'


def json_for_script(data: Any) -> str:
    """JSON that is safe inside <script type="application/json"> (like Jinja's tojson)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def value_html(value: Any, decimals: Any = 1, unit_of_measure: Any = None) -> str:
    """The result as shown: ``<span class="bms-value">4,5</span>`` (plus « %» for percent)."""
    text = formatting.number(value, decimals)
    tail = " %" if text != formatting.MISSING and unit_of_measure == "%" else ""
    return f'<span class="bms-value">{esc(text)}</span>{tail}'
