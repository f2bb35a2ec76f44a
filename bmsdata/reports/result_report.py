"""The result report (resultatrapport): the tertial or annual report, focus area by focus area.

Order, as the guide asks: first the whole picture (how many targets have each status, per focus
area), then, for each focus area, the status table, the trend charts and the status of the
tiltak from the journal's tiltak register.

* **Every target is reported.** For the whole municipality every indicator of the målekart is
  listed; one without a result for the period says «Mangler». For a single unit, the indicators
  measured for it or with a target set for it.
* **Status comes from** :func:`bmsdata.scorecard.evaluate.scorecard_status` (through the
  dashboards' :class:`~bmsdata.views.context.Context`), so the report and the dashboards agree.
* **Charts** are the dashboards' trend figures (:func:`bmsdata.views.chart.trend_figure`), drawn by
  plotly.js inlined in the file, so the HTML stands alone and the PDF prints offline.
* **Everything typed by people** (tiltak, comments) is escaped by jinja2's autoescaping.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from bmsdata.loop.journal import Journal, open_journal
from bmsdata.loop.model import LoopService
from bmsdata.loop.state import Tiltak
from bmsdata.reports.common import (
    draw_charts_js,
    figure_json,
    file_stem,
    journal_location,
    open_context,
    page_context,
    plotly_js,
    resolve_period,
)
from bmsdata.reports.printing import Printer, ReportError
from bmsdata.reports.profile import Profile, ReportTemplate, load_profile
from bmsdata.scorecard.evaluate import concerns_unit
from bmsdata.scorecard.status import STATUS_LOOK, STATUS_ORDER, Status
from bmsdata.views import markup
from bmsdata.views.chart import trend_figure
from bmsdata.views.context import Context, Row

log = logging.getLogger(__name__)

TEMPLATE = "result_report.html.j2"
#: The reference series a chart shows when the target names none (as the dashboards do).
PREFERRED_REGIONS = ("EAK", "EAKUO")
#: Periods a printed chart shows: enough for the trend, few enough to read the axis.
MAX_POINTS = 12


@dataclass
class IndicatorView:
    row: Row
    figure: Markup | None = None
    description: str = ""


@dataclass
class FocusView:
    scorecard: str
    focus_area_id: str
    name: str
    goal: str | None
    indicators: list[IndicatorView] = field(default_factory=list)
    tiltak: list[Tiltak] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses([i.row for i in self.indicators])


def count_statuses(rows: list[Row]) -> dict[str, int]:
    """Status value → how many rows have it, worst first (as the dashboards count)."""
    out = {s.value: 0 for s in STATUS_ORDER}
    for r in rows:
        out[r["status"]] = out.get(r["status"], 0) + 1
    return out


def _include(row: Row, whole_municipality: bool) -> bool:
    """Every indicator for the municipality; for a unit, those that concern it."""
    return whole_municipality or concerns_unit(row)


def _figure(ctx: Context, row: Row, period: str, unit_id: str, unit_name: str,
            ) -> tuple[Markup | None, str]:
    points = ctx.trend(row["indicator_id"], period, unit_id)[-MAX_POINTS:]
    if len(points) < 2:
        return None, ""
    dec = int(row["decimals"]) if row.get("decimals") is not None else 1
    reference = None
    refs = ctx.references(period).get(row["indicator_id"], {})
    region = row.get("reference_region") or next((r for r in PREFERRED_REGIONS if r in refs),
                                                 None)
    if region and region in refs:
        reference = (str(refs[region]["name"]), refs[region]["points"])
    last = points[-1]
    description = (
        f"{row['indicator']} – {unit_name}: resultater fra {points[0]['period_label']} til "
        f"{last['period_label']}. Siste resultat "
        f"{markup.number(last['value'], dec, row['unit_of_measure'])}, "
        f"{STATUS_LOOK[Status(last['status'])].word.lower()}.")
    figure = trend_figure(
        figure_id=f"{row['indicator_id']}|{period}", title=str(row["indicator"]),
        points=points, decimals=dec, unit_of_measure=row["unit_of_measure"],
        reference=reference, description=description)
    _print_size(figure)
    return figure_json(figure), description


def _print_size(figure: dict[str, Any]) -> None:
    """The dashboards' figure, with type sized for paper."""
    layout = figure["layout"]
    layout["font"] = {**layout["font"], "size": 11}
    layout["title"] = {**layout["title"], "font": {"size": 13}}
    layout["margin"] = {"l": 50, "r": 10, "t": 32, "b": 30}
    layout["legend"] = {**layout["legend"], "y": -0.2, "font": {"size": 10}}
    layout["xaxis"] = {**layout["xaxis"], "tickangle": "auto"}


def load_tiltak(journal: str | os.PathLike[str] | Journal | LoopService | None,
                store_file: str | os.PathLike[str] | None,
                today: date | None = None) -> tuple[list[Tiltak], str | None]:
    """Every decided tiltak in the journal, and a note when there is no journal to read.

    A journal file that does not exist is not created: a report only reads.
    """
    if isinstance(journal, LoopService):
        return journal.tiltak_register(today=today), None
    if isinstance(journal, Journal):
        return LoopService(journal).tiltak_register(today=today), None
    target = os.fspath(journal) if journal is not None else journal_location(store_file)
    if "://" not in target and not Path(target).is_file():
        log.info("no journal at %s; the report shows no tiltak", target)
        return [], (f"Fant ingen journal for resultatsløyfen ({target}), så rapporten viser "
                    "ingen tiltak.")
    opened = open_journal(target)
    try:
        return LoopService(opened).tiltak_register(today=today), None
    finally:
        close = getattr(opened, "close", None)
        if close is not None:
            close()


def build_context(ctx: Context, period: str, *, scorecard_id: str | None, unit_id: str | None,
                  tiltak: list[Tiltak], tiltak_note: str | None, profile: Profile,
                  generated_at: datetime | None = None) -> dict[str, Any]:
    """The template's data: summary per focus area, then the detail."""
    unit_id = unit_id or ctx.root_unit
    unit = ctx.unit(unit_id)
    if unit is None:
        raise ReportError(f"Enheten «{unit_id}» finnes ikke i databasen. Se enhetene med "
                          "«bms status» eller i dashboardet Enhet.", f"unknown unit {unit_id!r}")
    if scorecard_id and not any(s["scorecard_id"] == scorecard_id for s in ctx.scorecards):
        known = ", ".join(str(s["scorecard_id"]) for s in ctx.scorecards)
        raise ReportError(f"Målekartet «{scorecard_id}» finnes ikke. Kjente målekart: {known}.",
                          f"unknown scorecard {scorecard_id!r}")
    whole = unit_id == ctx.root_unit
    rows = [r for r in ctx.status(period, unit_id)
            if (scorecard_id is None or r["scorecard_id"] == scorecard_id)
            and _include(r, whole)]
    focus: dict[str, FocusView] = {}
    for r in rows:
        fv = focus.get(r["focus_area_id"])
        if fv is None:
            fv = focus[r["focus_area_id"]] = FocusView(
                str(r["scorecard"]), str(r["focus_area_id"]), str(r["focus_area"]),
                r.get("focus_goal"))
        figure, description = _figure(ctx, r, period, unit_id, str(unit["name"]))
        fv.indicators.append(IndicatorView(r, figure, description))

    indicator_area = {r["indicator_id"]: r["focus_area_id"] for r in rows}
    others: list[Tiltak] = []
    unit_names = {str(unit_id), str(unit["name"])}
    for t in tiltak:
        if not whole and t.proposal.responsible_unit not in unit_names:
            continue
        area = t.proposal.focus_area or next(
            (indicator_area[i] for i in t.proposal.indicators if i in indicator_area), None)
        if area in focus:
            focus[area].tiltak.append(t)
        elif scorecard_id is None and area is None:
            others.append(t)

    scorecards: dict[str, list[FocusView]] = {}
    for fv in focus.values():
        scorecards.setdefault(fv.scorecard, []).append(fv)
    period_label = ctx.period_label(period)
    scope = ("hele kommunen" if whole else str(unit["name"]))
    title = f"Resultatrapport {period_label}"
    page = page_context(ctx, profile, title, generated_at)
    page.update({
        "subtitle": f"{scope.capitalize() if whole else scope} · "
                    + (", ".join(scorecards) or "ingen målekart"),
        "period": period,
        "period_label": period_label,
        "unit": unit,
        "whole": whole,
        "scorecards": scorecards,
        "total": count_statuses(rows),
        "n_targets": len(rows),
        "other_tiltak": others,
        "tiltak_note": tiltak_note,
        "has_charts": any(i.figure is not None for fv in focus.values() for i in fv.indicators),
        "plotly_js": plotly_js(),
        "draw_charts_js": draw_charts_js(),
        "statuses": [s.value for s in STATUS_ORDER],
        "today": date.today(),
    })
    return page


def render_result_report(ctx: Context, period: str, *, profile: Profile,
                         scorecard_id: str | None = None, unit_id: str | None = None,
                         tiltak: list[Tiltak] | None = None, tiltak_note: str | None = None,
                         generated_at: datetime | None = None) -> str:
    """The report as one self-contained HTML document."""
    data = build_context(ctx, period, scorecard_id=scorecard_id, unit_id=unit_id,
                         tiltak=tiltak or [], tiltak_note=tiltak_note, profile=profile,
                         generated_at=generated_at)
    return ReportTemplate(profile, TEMPLATE).render(**data)


def write_result_report(
    store: str | Path | None,
    period: str | None,
    out_dir: Path,
    *,
    scorecard_id: str | None = None,
    unit_id: str | None = None,
    formats: tuple[str, ...] | list[str] = ("html", "pdf"),
    journal: str | os.PathLike[str] | Journal | LoopService | None = None,
    profile: Profile | str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write the result report as HTML and/or PDF into ``out_dir``; return the paths."""
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    ctx = open_context(store)
    try:
        p = resolve_period(ctx, period)
        tiltak, note = load_tiltak(journal, store)
        html = render_result_report(ctx, p, profile=prof, scorecard_id=scorecard_id,
                                    unit_id=unit_id, tiltak=tiltak, tiltak_note=note)
    finally:
        ctx.reader.close()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem("resultatrapport", p, scorecard_id or "", unit_id or "")
    written: list[Path] = []
    if "html" in formats:
        path = out_dir / f"{stem}.html"
        path.write_text(html, encoding="utf-8")
        written.append(path)
    if "pdf" in formats:
        with Printer() as printer:
            written.append(printer.pdf(html, out_dir / f"{stem}.pdf"))
    return written


__all__ = ["build_context", "count_statuses", "load_tiltak", "render_result_report",
           "write_result_report"]
