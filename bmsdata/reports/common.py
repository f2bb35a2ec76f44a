"""What the result report and the unit sheets share: where things are, and the page frame.

* :func:`journal_location`: the same journal the dashboards use, decided in one place.
* :func:`plotly_js`: the plotly.js the dashboards draw with, inlined so a report file stands
  alone and prints offline.
* :func:`page_context`: the profile, the municipality's name and the print date every
  ``report_base.html.j2`` page needs.
* :func:`parse_formats` and :func:`file_stem`: CLI formats and safe file names.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from markupsafe import Markup

from bmsdata import resources
from bmsdata.loop.journal import journal_location
from bmsdata.reports.printing import DRAW_CHARTS_JS, ReportError
from bmsdata.reports.profile import Profile
from bmsdata.scorecard.periods import Period
from bmsdata.views.context import Context
from bmsdata.views.markup import json_for_script

#: The dashboards' own plotly.js bundle ("basic": scatter and bar), so charts look the same.
DASHBOARD_PLOTLY = (resources.jupyter_data_dir() / "voila" / "templates" / "bms" / "static"
                    / "plotly-basic.min.js")
FORMATS = ("html", "pdf")


@functools.cache
def plotly_js() -> Markup:
    """plotly.js to inline in a ``<script>``: the dashboards' bundle, else plotly's own."""
    if DASHBOARD_PLOTLY.is_file():
        source = DASHBOARD_PLOTLY.read_text(encoding="utf-8")
    else:
        import plotly.offline

        source = plotly.offline.get_plotlyjs()
    return Markup(source)


def draw_charts_js() -> Markup:
    return Markup(DRAW_CHARTS_JS)


def figure_json(figure: dict[str, Any]) -> Markup:
    """A figure as JSON that is safe inside ``<script type="application/json">``."""
    return Markup(json_for_script(figure))


def open_context(store_file: str | os.PathLike[str] | None) -> Context:
    """The store, read-only, as the dashboards see it (same queries, same status)."""
    return Context(store_file)


def resolve_period(ctx: Context, period: str | None) -> str:
    """``period`` checked against the store, or the latest period with data."""
    if not period:
        if not ctx.latest_period:
            raise ReportError("Databasen har ingen perioder med resultater ennå. Importer "
                              "resultater med «bms import resultater FIL» først.",
                              "the store has no periods")
        return str(ctx.latest_period)
    wanted = Period.parse(period).code  # PeriodError (a ValueError) says how to write one
    known = [str(p["period"]) for p in ctx.periods]
    if wanted in known:
        return wanted
    raise ReportError(
        f"Perioden «{period}» finnes ikke i databasen. Kjente perioder: "
        + ", ".join(known[:12]) + ("…" if len(known) > 12 else "") + ".",
        f"unknown period {period!r}")


def page_context(ctx: Context, profile: Profile, title: str,
                 generated_at: datetime | None = None) -> dict[str, Any]:
    return {
        "title": title,
        "municipality": profile.name or ctx.municipality,
        "fictional": ctx.fictional,
        "generated_at": generated_at or datetime.now().astimezone(),
    }


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"pdf,html"`` → ``("pdf", "html")``; anything else is a Norwegian error."""
    items = [t.strip().lower() for t in (text.split(",") if isinstance(text, str) else text)]
    items = [t for t in items if t]
    bad = [t for t in items if t not in FORMATS]
    if bad or not items:
        raise ReportError(
            f"Ukjent format «{', '.join(bad) or text}». Bruk pdf, html eller pdf,html.",
            f"unknown format(s) {bad or text!r}")
    return tuple(dict.fromkeys(items))


def file_stem(*parts: str) -> str:
    """A file name from ids and names: ASCII letters, digits and dashes (å → a, ø → o)."""
    text = "-".join(p for p in parts if p)
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "rapport"


__all__ = ["draw_charts_js", "figure_json", "file_stem", "journal_location", "open_context",
           "page_context", "parse_formats", "plotly_js", "resolve_period"]
