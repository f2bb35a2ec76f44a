"""Result sheets per unit: the Garderåsen slide, one A4 landscape page per unit.

Fet's slide for Garderåsen barnehage after RS 1 showed user results, employee results, the
latest economy figure, sick leave and the response rate together, so nobody reads one number
without the others (DOMAIN.md, "Every report is balanced"). A sheet is the printed twin of the
Enhet dashboard (:mod:`bmsdata.ui.enhet`): the same rows (indicators measured for the unit, plus
any target set for the unit itself), the same status from
:func:`bmsdata.scorecard.evaluate.scorecard_status`, each status as symbol, word and colour.

Charts are small inline SVG sparklines drawn here, not plotly: a sheet must print in a fraction
of a second, so a whole municipality prints in well under a minute on a small server
(``benchmarks/reports.py``). One :class:`~bmsdata.reports.printing.Printer` prints them all.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup
from tqdm import tqdm

from bmsdata.reports.common import file_stem, open_context, page_context, resolve_period
from bmsdata.reports.printing import Printer, ReportError
from bmsdata.reports.profile import Profile, ReportTemplate, load_profile
from bmsdata.reports.result_report import count_statuses
from bmsdata.scorecard.evaluate import concerns_unit
from bmsdata.scorecard.periods import Period
from bmsdata.scorecard.status import STATUS_LOOK, STATUS_ORDER, Status
from bmsdata.views.context import Context, Row

log = logging.getLogger(__name__)

TEMPLATE = "unit_sheet.html.j2"
#: Periods in a sparkline.
SPARK_POINTS = 8
SPARK_W, SPARK_H = 120, 30


@dataclass
class AreaCard:
    scorecard: str
    name: str
    rows: list[tuple[Row, Markup]]

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses([r for r, _ in self.rows])


def sparkline(points: list[Row], direction: str) -> Markup:
    """A tiny SVG of the last results; the last point carries the status colour. Decorative
    (``aria-hidden``): the number, status word and trend are in the text beside it."""
    values = [(i, float(p["value"])) for i, p in enumerate(points) if p.get("value") is not None]
    if len(values) < 2:
        return Markup("")
    goals = [float(p["goal_applied"]) for p in points if p.get("goal_applied") is not None]
    lo = min([v for _, v in values] + goals[-1:])
    hi = max([v for _, v in values] + goals[-1:])
    span = (hi - lo) or 1.0
    n = max(len(points) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return (2 + i * (SPARK_W - 8) / n, 3 + (SPARK_H - 6) * (1 - (v - lo) / span))

    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in values))
    parts = [f'<svg class="spark" width="{SPARK_W}" height="{SPARK_H}" '
             f'viewBox="0 0 {SPARK_W} {SPARK_H}" aria-hidden="true" focusable="false">']
    if goals:
        _, gy = xy(0, goals[-1])
        parts.append(f'<line x1="0" x2="{SPARK_W}" y1="{gy:.1f}" y2="{gy:.1f}" '
                     f'stroke="{STATUS_LOOK[Status.GREEN].colour}" stroke-dasharray="3 2" '
                     'stroke-width="1"/>')
    parts.append(f'<polyline points="{line}" fill="none" stroke="#0b3a66" stroke-width="1.6"/>')
    last_i, last_v = values[-1]
    x, y = xy(last_i, last_v)
    status = Status(points[last_i].get("status") or Status.MISSING)
    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" '
                 f'fill="{STATUS_LOOK[status].colour}"/></svg>')
    return Markup("".join(parts))


def unit_rows(ctx: Context, period: str, unit_id: str) -> list[Row]:
    """The rows the Enhet dashboard shows, plus targets set for the unit without a result."""
    return [r for r in ctx.status(period, unit_id)
            if concerns_unit(r)]


def default_units(ctx: Context, period: str) -> list[str]:
    """Every unit open at the end of the period that has something to show, in the order the
    dashboard lists them; the whole municipality is the result report's job."""
    end = Period.parse(period).end
    out = []
    for u in sorted(ctx.units, key=lambda u: (str(u.get("unit_type") or ""), str(u["name"]))):
        if u["unit_id"] == ctx.root_unit:
            continue
        closed = u.get("valid_to")
        if closed is not None and _day(closed) < end:
            continue
        if unit_rows(ctx, period, u["unit_id"]):
            out.append(str(u["unit_id"]))
    return out


def _day(d: Any) -> date:
    return d.date() if hasattr(d, "date") else d


def build_sheet(ctx: Context, period: str, unit_id: str, profile: Profile,
                generated_at: datetime | None = None) -> dict[str, Any]:
    unit = ctx.unit(unit_id)
    if unit is None:
        raise ReportError(f"Enheten «{unit_id}» finnes ikke i databasen. Se enhetene i "
                          "dashboardet Enhet.", f"unknown unit {unit_id!r}")
    rows = unit_rows(ctx, period, unit_id)
    cards: dict[tuple[str, str], AreaCard] = {}
    for r in rows:
        key = (str(r["scorecard_id"]), str(r["focus_area_id"]))
        card = cards.setdefault(key, AreaCard(str(r["scorecard"]), str(r["focus_area"]), []))
        points = ctx.trend(r["indicator_id"], period, unit_id)[-SPARK_POINTS:]
        card.rows.append((r, sparkline(points, str(r["direction"]))))
    period_label = ctx.period_label(period)
    closed = unit.get("valid_to")
    data = page_context(ctx, profile, str(unit["name"]), generated_at)
    data.update({
        "subtitle": " · ".join(x for x in [str(unit.get("unit_type") or "").capitalize(),
                                           f"Status per {period_label}"] if x),
        "unit": unit,
        "closed": _day(closed) if closed is not None else None,
        "period": period,
        "period_label": period_label,
        "cards": list(cards.values()),
        "total": count_statuses(rows),
        "statuses": [s.value for s in STATUS_ORDER],
    })
    return data


def render_unit_sheet(ctx: Context, period: str, unit_id: str, profile: Profile,
                      generated_at: datetime | None = None) -> str:
    return ReportTemplate(profile, TEMPLATE).render(**build_sheet(ctx, period, unit_id, profile,
                                                                  generated_at))


def write_unit_sheets(
    store: str | Path | None,
    period: str | None,
    out_dir: Path,
    *,
    formats: tuple[str, ...] | list[str] = ("pdf", "html"),
    units: list[str] | None = None,
    progress: bool = False,
    profile: Profile | str | os.PathLike[str] | None = None,
) -> list[Path]:
    """One sheet per unit (``units``, else every open unit with results) as PDF and/or HTML
    in ``out_dir``; returns the paths written."""
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    ctx = open_context(store)
    out_dir = Path(out_dir)
    written: list[Path] = []
    try:
        p = resolve_period(ctx, period)
        wanted = [u.strip().upper() for u in units] if units else default_units(ctx, p)
        unknown = [u for u in wanted if ctx.unit(u) is None]
        if unknown:
            known = ", ".join(str(u["unit_id"]) for u in ctx.units)
            raise ReportError(f"Ukjent enhet: {', '.join(unknown)}. Kjente enheter: {known}.",
                              f"unknown units {unknown}")
        if not wanted:
            raise ReportError(f"Ingen enheter har resultater per {ctx.period_label(p)}.",
                              "no unit has results")
        out_dir.mkdir(parents=True, exist_ok=True)
        template = ReportTemplate(prof, TEMPLATE)
        printer = Printer() if "pdf" in formats else None
        bar = tqdm(wanted, desc="Skriver resultatark", unit="enhet", disable=not progress)
        try:
            if printer is not None:
                printer.__enter__()
            for unit_id in bar:
                html = template.render(**build_sheet(ctx, p, unit_id, prof))
                stem = file_stem("resultatark", p, unit_id)
                if "pdf" in formats and printer is not None:
                    written.append(printer.pdf(html, out_dir / f"{stem}.pdf", landscape=True,
                                                one_page=True))
                if "html" in formats:
                    path = out_dir / f"{stem}.html"
                    path.write_text(html, encoding="utf-8")
                    written.append(path)
        finally:
            bar.close()
            if printer is not None:
                printer.close()
    finally:
        ctx.reader.close()
    return written


__all__ = ["build_sheet", "default_units", "render_unit_sheet", "sparkline", "unit_rows",
           "write_unit_sheets"]
