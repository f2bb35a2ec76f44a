"""The results a loop discusses: the målekart's indicators with status, and their trends.

Read from the DuckDB store (read-only, through ``store.Reader``). Status comes from
``scorecard.evaluate.scorecard_status`` – the one place it is decided – and the trend series
from ``queries/indicator_trend.sql``, drawn with the dashboards' trend chart
(``bmsdata.ui.chart``). The charts mark the date of every vedtak whose tiltak should move the
indicator, so the council can see whether it worked.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from bmsdata import formatting, queries
from bmsdata.loop.state import LoopState, Tiltak
from bmsdata.scorecard.evaluate import add_status, root_unit, scorecard_status
from bmsdata.store import Reader, StoreError
from bmsdata.ui.resultatsloyfe import texts
from bmsdata.views import chart, markup
from bmsdata.views.context import records

#: The vedtak line's colour: dark orange, 6.4:1 on white, apart from the result and goal lines.
VEDTAK_COLOUR = "#7a2e00"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndicatorInfo:
    """One indicator of the målekart with its latest status for the whole municipality."""

    indicator_id: str
    name: str
    focus_area_id: str
    focus_area: str
    scorecard_id: str
    scorecard: str
    scorecard_kind: str
    row: dict[str, Any]

    @property
    def status_label(self) -> str:
        return f"{self.row.get('status_symbol', '')} {self.row.get('status_word', '')}".strip()

    @property
    def trend_label(self) -> str:
        return f"{self.row.get('trend_symbol', '')} {self.row.get('trend_word', '')}".strip()

    @property
    def value_text(self) -> str:
        value = formatting.number(self.row.get("value"), self.row.get("decimals"))
        unit = self.row.get("unit_of_measure")
        if value == formatting.MISSING or not isinstance(unit, str) or not unit:
            return value
        return f"{value} {unit}" if unit != "%" else f"{value} %"

    @property
    def period_text(self) -> str:
        label = self.row.get("period_label")
        return label if isinstance(label, str) and label else formatting.MISSING

    @property
    def ambition_text(self) -> str:
        return formatting.ambition(self.row)


@dataclass
class Catalog:
    """The målekart as the loop dashboard needs it: focus areas, indicators, units.

    ``error`` holds a Norwegian sentence when the store cannot be read; the loop still works
    (meetings and notes do not need the store), the results panel shows the sentence instead.
    """

    indicators: dict[str, IndicatorInfo] = field(default_factory=dict)
    #: (id, name, scorecard name, scorecard kind) in målekart order
    focus_areas: list[tuple[str, str, str, str]] = field(default_factory=list)
    units: list[tuple[str, str]] = field(default_factory=list)  # id, name
    root_unit: str | None = None
    error: str | None = None
    reader: Reader | None = None

    @classmethod
    def load(cls, reader: Reader | None) -> Catalog:
        if reader is None:
            return cls(error=texts.STORE_PROBLEM.format(message="ingen database er valgt."))
        try:
            con = reader.con
            root = root_unit(con)
            frame = scorecard_status(con, root)
            units = queries.frame(con, "units")
        except StoreError as exc:
            return cls(error=texts.STORE_PROBLEM.format(message=str(exc)), reader=reader)
        except Exception:  # a damaged store must not stop the meeting from being recorded
            log.exception("cannot read the store for the loop dashboard")
            return cls(
                error=texts.STORE_PROBLEM.format(message="databasen kunne ikke leses."),
                reader=reader,
            )
        catalog = cls(root_unit=root, reader=reader)
        for row in records(frame):
            info = IndicatorInfo(
                str(row["indicator_id"]), str(row["indicator"]), str(row["focus_area_id"]),
                str(row["focus_area"]), str(row["scorecard_id"]), str(row["scorecard"]),
                str(row["scorecard_kind"]), row,
            )
            catalog.indicators[info.indicator_id] = info
            key = (info.focus_area_id, info.focus_area, info.scorecard, info.scorecard_kind)
            if key not in catalog.focus_areas:
                catalog.focus_areas.append(key)
        today = date.today()
        for row in records(units):
            valid_to = row.get("valid_to")
            if valid_to is not None and _as_date(valid_to) < today:
                continue  # closed units cannot own a new tiltak
            catalog.units.append((str(row["unit_id"]), str(row["name"])))
        catalog.units.sort(key=lambda u: (u[0] != root, u[1]))
        return catalog

    # -- names -----------------------------------------------------------------------------

    def indicator_name(self, indicator_id: str) -> str:
        info = self.indicators.get(indicator_id)
        return info.name if info else indicator_id

    def focus_area_name(self, focus_area_id: str | None) -> str | None:
        if focus_area_id is None:
            return None
        for fid, name, _, _ in self.focus_areas:
            if fid == focus_area_id:
                return name
        return focus_area_id

    def unit_name(self, unit_id: str | None) -> str | None:
        if unit_id is None:
            return None
        return dict(self.units).get(unit_id, unit_id)

    # -- the loop's results ----------------------------------------------------------------

    def loop_indicators(self, state: LoopState) -> list[str]:
        """The loop's indicators: those chosen, else every indicator of its focus areas.

        Focus areas are matched by id or by name, so a loop opened outside the dashboard with
        plain names still finds its results.
        """
        if state.indicators:
            return list(state.indicators)
        wanted = set(state.focus_areas)
        return [
            i.indicator_id for i in self.indicators.values()
            if i.focus_area_id in wanted or i.focus_area in wanted
        ]

    def focus_area_options(self, kind: str | None = None) -> list[tuple[str, str]]:
        """(label, id); the målekart of the loop's ``kind`` (politisk/administrativ) first."""
        rows = sorted(self.focus_areas, key=lambda f: f[3] != kind)
        return [(f"{name} ({scorecard})", fid) for fid, name, scorecard, _ in rows]

    def indicator_options(self, first: Sequence[str] = (),
                          kind: str | None = None) -> list[tuple[str, str]]:
        """(label, id) for pickers; ``first`` (the loop's own indicators) come first, then
        the målekart of ``kind``."""
        ordered = [i for i in first if i in self.indicators]
        ordered += sorted((i for i in self.indicators if i not in ordered),
                          key=lambda i: self.indicators[i].scorecard_kind != kind)
        return [(f"{self.indicators[i].name} – {self.indicators[i].focus_area}", i)
                for i in ordered]

    # -- trends ----------------------------------------------------------------------------

    def trend(self, indicator_id: str) -> list[dict[str, Any]]:
        """The indicator's results for the whole municipality, oldest first, with status and
        the goal and limit applied in each period (``queries/indicator_trend.sql``)."""
        if self.reader is None or self.root_unit is None:
            return []
        frame = queries.frame(self.reader.con, "indicator_trend", indicator_id=indicator_id,
                              unit_id=self.root_unit, as_of=date(9999, 12, 31))
        return records(add_status(frame)) if len(frame) else []


@dataclass(frozen=True)
class VedtakMark:
    """A vertical line on a trend chart: the date a tiltak aimed at the indicator was decided."""

    day: date
    title: str
    loop_title: str


def vedtak_marks(
    tiltak: Iterable[Tiltak], decided_on: dict[int, date], indicator_id: str
) -> list[VedtakMark]:
    """Marks for the tiltak that target ``indicator_id``; ``decided_on``: tiltak id → date."""
    marks = [
        VedtakMark(decided_on[t.id], t.title, t.loop_title)
        for t in tiltak
        if indicator_id in t.proposal.indicators and t.id in decided_on
    ]
    return sorted(marks, key=lambda m: (m.day, m.title))


def mark_position(points: Sequence[dict[str, Any]], day: date) -> float:
    """Where ``day`` falls on the chart's category axis (one category per period).

    The line goes between the last period that ended before the vedtak and the next one, so
    every point right of it was measured after the decision.
    """
    ended = sum(1 for p in points if _as_date(p.get("end_date")) < day)
    return ended - 0.5


def loop_trend_figure(info: IndicatorInfo | None, name: str, points: Sequence[dict[str, Any]],
                      marks: Sequence[VedtakMark]) -> dict[str, Any]:
    """The dashboards' trend chart (``bmsdata.ui.chart``) with a dashed vertical line and a
    label at each vedtak whose tiltak should move the indicator.

    Plotly renders a small subset of HTML in labels, so titles typed by people are escaped.
    """
    decimals = int((info.row.get("decimals") if info else None) or 1)
    unit = info.row.get("unit_of_measure") if info else None
    description = chart_summary(name, points, marks, decimals)
    figure = chart.trend_figure(
        figure_id=f"loop-trend-{info.indicator_id if info else name}", title=html.escape(name),
        points=points, decimals=decimals, unit_of_measure=unit, reference=None,
        description=description,
    )
    layout = figure["layout"]
    shapes = list(layout.get("shapes", []))
    annotations = list(layout.get("annotations", []))
    for i, mark in enumerate(marks):
        x = mark_position(points, mark.day)
        shapes.append({
            "type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
            "line": {"color": VEDTAK_COLOUR, "width": 2, "dash": "dash"},
        })
        right_half = x > (len(points) - 1) / 2
        annotations.append({
            "x": x, "xref": "x", "y": 1 - 0.12 * (i % 3), "yref": "paper", "yanchor": "top",
            # labels in the right half grow leftwards, so they stay inside the chart
            "xanchor": "right" if right_half else "left", "showarrow": False,
            "align": "right" if right_half else "left",
            "text": html.escape(texts.CHART_VEDTAK.format(title=_short(mark.title),
                                                      day=f"{mark.day:%d.%m.%Y}")),
            "hovertext": html.escape(f"{mark.title} ({mark.loop_title})"),
            "font": {"color": VEDTAK_COLOUR, "size": 12},
            "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": VEDTAK_COLOUR,
        })
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    return figure


def data_table(name: str, points: Sequence[dict[str, Any]], marks: Sequence[VedtakMark],
               decimals: Any, unit: Any) -> str:
    """The chart's numbers as a table, vedtak rows in their place in time."""
    rows: list[tuple[date, list[str]]] = []
    for p in points:
        rows.append((_as_date(p.get("end_date")), [
            markup.esc(p.get("period_label")), markup.value_html(p.get("value"), decimals, unit),
            markup.status_badge(p.get("status") or "missing"),
        ]))
    for m in marks:
        rows.append((m.day, [
            markup.esc(f"{m.day:%d.%m.%Y}"), "",
            f"<strong>{markup.esc(texts.CHART_VEDTAK_ROW.format(title=m.title))}</strong>"
            f" ({markup.esc(m.loop_title)})",
        ]))
    rows.sort(key=lambda r: r[0])
    return markup.table([texts.COL_PERIOD, texts.COL_RESULT, texts.COL_STATUS], [r for _,
                                                                                 r in rows],
                        caption=name, numeric=[1])


def chart_summary(name: str, points: Sequence[dict[str, Any]], marks: Sequence[VedtakMark],
                  decimals: Any = 1) -> str:
    """The chart's text alternative (plain text; escape before putting it in HTML)."""
    if not points:
        return f"{name}: {texts.CHARTS_NONE}"
    tiltak = "; ".join(f"«{m.title}» {m.day:%d.%m.%Y}" for m in marks) or texts.CHART_NO_TILTAK
    return texts.CHART_ALT.format(
        indicator=name, count=len(points), first=points[0].get("period_label"),
        last=points[-1].get("period_label"),
        value=formatting.number(points[-1].get("value"), decimals), tiltak=tiltak,
    )


def _as_date(value: Any) -> date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
