"""The trend chart: a plotly figure built as plain data and drawn in place in the browser.

Why not ``go.FigureWidget``: in plotly ≥ 6 it needs anywidget and ships a 5 MB bundle on every
page, and building ``go.Figure`` objects validates every property (tens of milliseconds per
switch). Here the figure is a plain plotly.js dict, sent as JSON in an ``ipywidgets.HTML``
(:class:`bmsdata.ui.chart.Chart`); the
template's ``bms.js`` draws it with the small plotly.js "basic" bundle and calls
``Plotly.react`` on each new figure, which updates the chart in place. ``benchmarks/
dashboard_tti.py`` measures the result.

The chart is never the only way to read the numbers: a table with the same figures follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bmsdata.scorecard.status import STATUS_LOOK, Status
from bmsdata.views import markup

FONT = "Source Sans 3, Segoe UI, Roboto, Noto Sans, DejaVu Sans, Arial, sans-serif"
RESULT_COLOUR = "#0b3a66"
REFERENCE_COLOUR = "#5b6270"
GOAL_COLOUR = STATUS_LOOK[Status.GREEN].colour
LIMIT_COLOUR = STATUS_LOOK[Status.RED].colour
BAND_FILL = "rgba(253, 240, 196, 0.7)"
#: The legend's words (Norwegian): the same on a page, in a report and on a slide.
CHART_RESULT = "Resultat"
CHART_GOAL = "Mål (ambisjonsnivå)"
CHART_LIMIT = "Grense for akseptabelt"
#: Marker shape per status, so the status reads without colour (✔ ▲ ✖ ?).
MARKERS = {"green": "circle", "yellow": "triangle-up", "red": "x", "missing": "circle-open",
           "no_target": "circle"}


def _num(x: Any) -> float | None:
    return None if markup.missing(x) else float(x)


def trend_figure(
    *,
    figure_id: str,
    title: str,
    points: Sequence[dict[str, Any]],
    decimals: int,
    unit_of_measure: str | None,
    reference: tuple[str, dict[str, float]] | None,
    description: str,
) -> dict[str, Any]:
    """A plotly.js figure: the result line with status-shaped markers, the goal and limit
    actually applied in each period (the target band), and an optional reference series.

    ``points`` are rows from :meth:`Context.trend` (period, value, status, goal_applied,
    limit_applied, …). plotly.js reads text as a little HTML, so text from the store is escaped
    here too (it shows entities as the characters they stand for).
    """
    x = [p["period"] for p in points]
    data: list[dict[str, Any]] = []
    goals = [_num(p.get("goal_applied")) for p in points]
    limits = [_num(p.get("limit_applied")) for p in points]
    hover_line = "%{customdata}<extra>%{fullData.name}</extra>"
    if any(v is not None for v in limits):
        data.append({
            "type": "scatter", "mode": "lines", "name": CHART_LIMIT, "x": x, "y": limits,
            "line": {"color": LIMIT_COLOUR, "dash": "dot", "width": 2, "shape": "hv"},
            "customdata": [markup.number(v, decimals, unit_of_measure) for v in limits],
            "hovertemplate": hover_line, "connectgaps": False,
        })
    if any(v is not None for v in goals):
        band = any(v is not None for v in limits)
        data.append({
            "type": "scatter", "mode": "lines", "name": CHART_GOAL, "x": x, "y": goals,
            "line": {"color": GOAL_COLOUR, "dash": "dash", "width": 2, "shape": "hv"},
            "fill": "tonexty" if band else "none", "fillcolor": BAND_FILL,
            "customdata": [markup.number(v, decimals, unit_of_measure) for v in goals],
            "hovertemplate": hover_line, "connectgaps": False,
        })
    if reference is not None:
        name, series = reference
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": markup.esc(name), "x": x,
            "y": [_num(series.get(p)) for p in x],
            "line": {"color": REFERENCE_COLOUR, "width": 2},
            "marker": {"symbol": "diamond", "size": 7},
            "customdata": [markup.number(series.get(p), max(decimals, 1), unit_of_measure)
                           for p in x],
            "hovertemplate": hover_line,
        })
    statuses = [p.get("status") or "missing" for p in points]
    data.append({
        "type": "scatter", "mode": "lines+markers", "name": CHART_RESULT, "x": x,
        "y": [_num(p.get("value")) for p in points],
        "line": {"color": RESULT_COLOUR, "width": 3},
        "marker": {"size": 11, "symbol": [MARKERS.get(s, "circle") for s in statuses],
                   "color": [STATUS_LOOK[Status(s)].colour for s in statuses],
                   "line": {"width": 1, "color": "#ffffff"}},
        "customdata": [f"{markup.esc(p.get('period_label'))}: "
                       f"{markup.number(p.get('value'), decimals, unit_of_measure)} – "
                       f"{STATUS_LOOK[Status(s)].word}" for p, s in zip(points, statuses,
                                                                         strict=True)],
        "hovertemplate": "%{customdata}<extra></extra>",
    })
    layout = {
        "title": {"text": markup.esc(title), "x": 0, "xanchor": "left", "font": {"size": 17}},
        "font": {"family": FONT, "size": 14, "color": "#1f2328"},
        "separators": ", ",
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "xaxis": {"type": "category", "gridcolor": "#e3e6ea", "tickangle": 0,
                  "automargin": True},
        "yaxis": {"title": {"text": markup.esc(unit_of_measure or "")}, "gridcolor": "#e3e6ea",
                  "zeroline": False, "automargin": True},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0},
        "hovermode": "closest", "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "autosize": True,
    }
    config = {"displayModeBar": False, "responsive": True, "displaylogo": False}
    return {"data": data, "layout": layout, "config": config,
            "meta": {"id": figure_id, "description": description}}
