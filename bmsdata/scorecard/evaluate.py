"""Scorecard rows with their status: the query result plus the rules from :mod:`status`.

Views, reports and the CLI all call :func:`scorecard_status`, so they show the same status for
the same number.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from bmsdata import queries
from bmsdata.scorecard.periods import Period
from bmsdata.scorecard.status import (
    STATUS_LOOK,
    STATUS_ORDER,
    TREND_LOOK,
    Status,
    Target,
    evaluate,
    trend,
)


def _num(x: object) -> float | None:
    if x is None:
        return None
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def latest_period(con: duckdb.DuckDBPyConnection) -> Period | None:
    found = queries.rows(con, "latest_period")
    return Period.parse(found[0][0]) if found else None


def root_unit(con: duckdb.DuckDBPyConnection) -> str:
    facts = dict(queries.rows(con, "meta"))
    if "root_unit" in facts:
        return facts["root_unit"]
    roots = [u for u, _n, parent, *_ in queries.rows(con, "units") if parent is None]
    if not roots:
        raise LookupError("the store has no org units")
    return roots[0]


def target_of(row: pd.Series | dict) -> Target | None:
    form = row.get("target_form")
    if not isinstance(form, str) or _num(row.get("goal")) is None:
        return None
    return Target(form, _num(row["goal"]), _num(row.get("lower_limit")),  # type: ignore[arg-type]
                  row.get("reference_region") or None)


# The columns add_status reads; the rest of the frame is passed through untouched.
_STATUS_INPUTS = ("value", "direction", "target_form", "goal", "lower_limit", "reference_region",
                  "reference_value", "previous_value")


def add_status(frame: pd.DataFrame) -> pd.DataFrame:
    """Add status, trend and the goal/limit actually applied to rows shaped like the query's.

    Needs columns value, direction, target_form, goal, lower_limit, reference_region,
    reference_value and (optionally) previous_value.

    Only those columns are turned into Python objects, and the new columns are added in one
    concat: converting every column of a 407-row national status (``to_dict("records")``) and
    inserting nine columns one by one cost more than the status rules themselves (issue #7).
    """
    if len(frame) and "direction" not in frame.columns:
        raise KeyError("direction")
    present = [c for c in _STATUS_INPUTS if c in frame.columns]
    columns = [frame[c].tolist() for c in present]
    statuses, words, symbols, reasons, goals, limits = [], [], [], [], [], []
    trends, trend_words, trend_symbols = [], [], []
    for values in zip(*columns, strict=True):
        row = dict(zip(present, values, strict=True))
        a = evaluate(_num(row.get("value")), target_of(row), row["direction"],
                     _num(row.get("reference_value")))
        statuses.append(a.status.value)
        words.append(a.look.word)
        symbols.append(a.look.symbol)
        reasons.append(a.reason)
        goals.append(a.goal)
        limits.append(a.limit)
        t = trend(_num(row.get("value")), _num(row.get("previous_value")), row["direction"])
        trends.append(t.value)
        trend_words.append(TREND_LOOK[t].word)
        trend_symbols.append(TREND_LOOK[t].symbol)
    new: dict[str, list | pd.api.extensions.ExtensionArray] = {
        "status": statuses, "status_word": words, "status_symbol": symbols,
        "status_reason": reasons,
        "goal_applied": pd.array(goals, dtype="Float64"),
        "limit_applied": pd.array(limits, dtype="Float64"),
        "trend": trends, "trend_word": trend_words, "trend_symbol": trend_symbols,
    }
    # Columns added earlier (add_status run twice) are replaced in place, and an empty frame
    # gets the dtypes plain assignment gives it, so callers see what they always saw.
    if not len(frame) or any(c in frame.columns for c in new):
        out = frame.copy()
        for name, column in new.items():
            out[name] = column
        return out
    added = pd.DataFrame({name: pd.Series(column, index=frame.index)
                          for name, column in new.items()}, index=frame.index)
    return pd.concat([frame, added], axis=1)


def scorecard_status(
    con: duckdb.DuckDBPyConnection,
    unit_id: str | None = None,
    period: str | Period | None = None,
    scorecard_id: str | None = None,
) -> pd.DataFrame:
    """The målekart for one unit as of a period, one row per indicator, with status."""
    unit = unit_id or root_unit(con)
    p = Period.parse(period) if period else latest_period(con)
    as_of = p.end if p else pd.Timestamp.today().date()
    frame = queries.frame(con, "scorecard_status", unit_id=unit, as_of=as_of,
                          scorecard_id=scorecard_id)
    return add_status(frame)


def concerns_unit(row: pd.Series | dict) -> bool:
    """Whether a unit's view shows this scorecard row: the unit has a result or its own target.

    The Enhet dashboard, the unit sheets, unit reports, decks and the CLI all filter with this,
    so a target set for a unit but not yet measured is listed as missing everywhere, never
    dropped in one view and shown in another.
    """
    return bool(row.get("measured_for_unit")) or bool(row.get("unit_target"))


def status_counts(frame: pd.DataFrame) -> dict[Status, int]:
    """How many indicators have each status, in the order they are shown (worst first)."""
    counts = frame["status"].value_counts()
    return {s: int(counts.get(s.value, 0)) for s in STATUS_ORDER}


__all__ = ["STATUS_LOOK", "add_status", "latest_period", "root_unit", "scorecard_status",
           "status_counts", "target_of"]
