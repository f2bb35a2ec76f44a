"""Plotly.js figures for the survey page, built as plain data (see :mod:`bmsdata.ui.chart`).

Every figure here gets only numbers the protected functions of :mod:`bmsdata.surveys.analysis`
returned for groups that are shown; a hidden group never reaches a figure (not even as a name).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from bmsdata.ui.undersokelser import texts
from bmsdata.views import markup
from bmsdata.views.chart import FONT, RESULT_COLOUR

#: Diverging palette (ColorBrewer RdBu, colour-blind safe), low → high; the middle is grey.
LOW = ["#b2182b", "#d6604d", "#f4a582", "#fddbc7"]
HIGH = ["#d1e5f0", "#92c5de", "#4393c3", "#2166ac"]
MIDDLE = "#e0e0e0"
DARK = {"#b2182b", "#d6604d", "#4393c3", "#2166ac"}
TOTAL_COLOUR = "#5b6270"
SD_COLOUR = "#7a4a00"
CONFIG = {"displayModeBar": False, "responsive": True, "displaylogo": False}


def wrap(label: str, width: int = 38) -> str:
    return "<br>".join(textwrap.wrap(str(label), width)) or str(label)


def colours(n_low: int, n_mid: int, n_high: int) -> list[str]:
    low = LOW[-n_low:] if 0 < n_low <= len(LOW) else (LOW * 3)[:n_low]
    high = HIGH[:n_high] if n_high <= len(HIGH) else (HIGH * 3)[:n_high]
    return [*low, *([MIDDLE] * n_mid), *high]


def _layout(title: str, height: int, **extra: Any) -> dict[str, Any]:
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        "font": {"family": FONT, "size": 14, "color": "#1f2328"},
        "separators": ", ",
        "margin": {"l": 20, "r": 20, "t": 50, "b": 40},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "height": height, "autosize": True, "hovermode": "closest",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    }
    layout.update(extra)
    return layout


def diverging_figure(*, figure_id: str, title: str, description: str,
                     questions: Sequence[str], codes: Sequence[dict[str, Any]],
                     shares: dict[str, list[float | None]]) -> dict[str, Any]:
    """Diverging stacked horizontal bars, one bar per question.

    ``codes`` are the scale's answer codes low → high, each ``{"code", "label", "side"}`` with
    side ``low`` (left of zero), ``mid`` (split half/half) or ``high``; ``shares[code]`` is the
    percent of the scale answers per question (in ``questions`` order).
    """
    n_low = sum(c["side"] == "low" for c in codes)
    n_mid = sum(c["side"] == "mid" for c in codes)
    n_high = sum(c["side"] == "high" for c in codes)
    palette = colours(n_low, n_mid, n_high)
    y = [wrap(q) for q in questions]
    data: list[dict[str, Any]] = []
    # In barmode "relative" the first trace sits next to zero, so the left side goes from the
    # middle outwards; legendrank keeps the legend in scale order.
    order = list(enumerate(codes))
    left = [(i, c) for i, c in order if c["side"] in ("low", "mid")][::-1]
    right = [(i, c) for i, c in order if c["side"] in ("mid", "high")]
    for side, items in (("low", left), ("high", right)):
        for i, c in items:
            vals = shares[c["code"]]
            half = c["side"] == "mid"
            factor = 0.5 if half else 1.0
            sign = -1.0 if side == "low" else 1.0
            x = [None if v is None else round(sign * factor * float(v), 2) for v in vals]
            colour = palette[i]
            text = [markup.number(v, 1) + " %" if v is not None and v >= 9 and not half
                    else "" for v in vals]
            data.append({
                "type": "bar", "orientation": "h", "name": str(c["label"]), "y": y, "x": x,
                "marker": {"color": colour, "line": {"color": "#ffffff", "width": 1}},
                "text": text, "textposition": "inside", "insidetextanchor": "middle",
                "textangle": 0, "constraintext": "none",
                "textfont": {"color": "#ffffff" if colour in DARK else "#1f2328"},
                "customdata": [f"{c['label']}: {markup.number(v, 1)} %" for v in vals],
                "hovertemplate": "%{customdata}<extra></extra>",
                "legendrank": i + 1, "showlegend": not (half and side == "high"),
                "legendgroup": str(c["code"]),
            })
    widest = 0.0
    for q in range(len(questions)):
        lo = sum(-(t["x"][q] or 0) for t in data if (t["x"][q] or 0) < 0)
        hi = sum(t["x"][q] or 0 for t in data if (t["x"][q] or 0) > 0)
        widest = max(widest, lo, hi)
    edge = min(100, max(50, int((widest + 9.99) // 10 * 10)))
    step = 25 if edge > 50 else 10
    ticks = [v for v in range(-100, 101, step) if -edge <= v <= edge]
    layout = _layout(title, 140 + 62 * max(1, len(questions)), barmode="relative", bargap=0.3,
                     xaxis={"range": [-edge, edge], "tickvals": ticks,
                            "ticktext": [f"{abs(v)} %" for v in ticks], "zeroline": True,
                            "zerolinecolor": "#1f2328", "zerolinewidth": 2,
                            "gridcolor": "#e3e6ea", "title": {"text": texts.SHARE_AXIS}},
                     yaxis={"autorange": "reversed", "automargin": True, "type": "category"})
    layout["legend"]["traceorder"] = "normal"
    return {"data": data, "layout": layout, "config": CONFIG,
            "meta": {"id": figure_id, "description": description}}


def units_figure(*, figure_id: str, title: str, description: str, rows: Sequence[dict[str, Any]],
                 scale: tuple[float, float], decimals: int = 1) -> dict[str, Any]:
    """Mean per shown group (hidden ones are left out by the caller), highest first."""
    y = [wrap(r["label"], 34) for r in rows]
    data = [{
        "type": "bar", "orientation": "h", "name": texts.MEAN, "y": y,
        "x": [round(float(r["mean"]), 4) for r in rows],
        "marker": {"color": [TOTAL_COLOUR if r.get("is_total") else RESULT_COLOUR
                             for r in rows]},
        "text": [f"{markup.number(r['mean'], decimals)} (n = {r['n']})" for r in rows],
        "textposition": "outside", "cliponaxis": False,
        "customdata": [f"{r['label']}: {markup.number(r['mean'], decimals)}, n = {r['n']}"
                       for r in rows],
        "hovertemplate": "%{customdata}<extra></extra>", "showlegend": False,
    }]
    lo, hi = scale
    layout = _layout(title, 120 + 36 * max(1, len(rows)), bargap=0.25,
                     xaxis={"range": [lo, hi + (hi - lo) * 0.22], "gridcolor": "#e3e6ea",
                            "title": {"text": f"{texts.MEAN} ({markup.number(lo, 0)}–"
                                              f"{markup.number(hi, 0)})"},
                            "tickvals": list(range(int(lo), int(hi) + 1))},
                     yaxis={"autorange": "reversed", "automargin": True, "type": "category"})
    return {"data": data, "layout": layout, "config": CONFIG,
            "meta": {"id": figure_id, "description": description}}


def trend_figure(*, figure_id: str, title: str, description: str,
                 series: Sequence[tuple[str, Sequence[dict[str, Any]], bool]],
                 periods: Sequence[str], labels: dict[str, str],
                 scale: tuple[float, float], decimals: int = 1) -> dict[str, Any]:
    """Mean (solid) and sd (dotted, right axis) per period for one or two groups.

    ``series``: (name, points, is_total) with points ``{"period", "mean", "sd", "n"}``;
    hidden periods have ``mean`` None and make a gap.
    """
    x = [labels[p] for p in periods]
    data: list[dict[str, Any]] = []
    for name, points, is_total in series:
        by = {p["period"]: p for p in points}
        colour = TOTAL_COLOUR if is_total and len(series) > 1 else RESULT_COLOUR
        means = [by.get(p, {}).get("mean") for p in periods]
        sds = [by.get(p, {}).get("sd") for p in periods]
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": f"{texts.MEAN} – {name}", "x": x,
            "y": [None if v is None else round(float(v), 4) for v in means],
            "line": {"color": colour, "width": 3, "dash": "solid"},
            "marker": {"size": 9, "symbol": "circle" if not is_total else "diamond"},
            "customdata": [f"{name}, {labels[p]}: {markup.number(v, decimals)}" for p, v in
                           zip(periods, means, strict=True)],
            "hovertemplate": "%{customdata}<extra></extra>", "connectgaps": False,
        })
        if any(v is not None for v in sds):
            data.append({
                "type": "scatter", "mode": "lines+markers", "name": f"{texts.SD} – {name}",
                "x": x, "y": [None if v is None else round(float(v), 4) for v in sds],
                "yaxis": "y2", "line": {"color": SD_COLOUR if not is_total or len(series) == 1
                                        else "#a08060", "width": 2, "dash": "dot"},
                "marker": {"size": 7, "symbol": "square"},
                "customdata": [f"{name}, {labels[p]}: sd {markup.number(v, 2)}" for p, v in
                               zip(periods, sds, strict=True)],
                "hovertemplate": "%{customdata}<extra></extra>", "connectgaps": False,
            })
    lo, hi = scale
    top_sd = max([float(v) for t in data if t.get("yaxis") == "y2" for v in t["y"]
                  if v is not None] or [1.0])
    layout = _layout(title, 380, margin={"l": 60, "r": 60, "t": 50, "b": 40},
                     xaxis={"type": "category", "gridcolor": "#e3e6ea"},
                     yaxis={"title": {"text": texts.MEAN}, "range": [lo, hi],
                            "gridcolor": "#e3e6ea", "zeroline": False},
                     yaxis2={"title": {"text": texts.SD}, "overlaying": "y", "side": "right",
                             "range": [0, round(top_sd * 1.4 + 0.1, 1)], "tickformat": ".1f",
                             "showgrid": False, "zeroline": False})
    layout["legend"]["y"] = -0.15
    return {"data": data, "layout": layout, "config": CONFIG,
            "meta": {"id": figure_id, "description": description}}


def multi_figure(*, figure_id: str, title: str, description: str,
                 rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    y = [wrap(r["label"], 30) for r in rows]
    data = []
    for key, name, colour in (("share_of_answers", texts.COL_SHARE_ANSWERS, "#4393c3"),
                              ("share_of_respondents", texts.COL_SHARE_RESPONDENTS, "#0b3a66")):
        vals = [r[key] for r in rows]
        data.append({
            "type": "bar", "orientation": "h", "name": name, "y": y,
            "x": [None if v is None else float(v) for v in vals],
            "marker": {"color": colour},
            "text": [markup.number(v, 1) + " %" for v in vals], "textposition": "outside",
            "cliponaxis": False,
            "customdata": [f"{name}: {markup.number(v, 1)} %" for v in vals],
            "hovertemplate": "%{customdata}<extra></extra>",
        })
    top = max([float(v) for t in data for v in t["x"] if v is not None] or [10])
    layout = _layout(title, 140 + 52 * max(1, len(rows)), barmode="group", bargap=0.25,
                     xaxis={"range": [0, min(115, top * 1.2 + 5)], "ticksuffix": " %",
                            "gridcolor": "#e3e6ea"},
                     yaxis={"autorange": "reversed", "automargin": True, "type": "category"})
    return {"data": data, "layout": layout, "config": CONFIG,
            "meta": {"id": figure_id, "description": description}}
