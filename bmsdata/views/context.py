"""One viewer's view of the store: a read-only connection plus what the pages ask for, cached.

A Voila kernel is one person's session. :func:`prepare` runs in a notebook's first cell, which a
preheated kernel executes before anyone asks for the page, so the store is open and the default
view's numbers are computed by the time the request arrives. Switching focus area, period or
unit afterwards reads from these caches; a new store snapshot (an import) empties them.

All status comes from :func:`bmsdata.scorecard.evaluate.add_status` — the one place the rules
live — applied to rows from ``queries/*.sql``.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from bmsdata import store
from bmsdata.scorecard.evaluate import add_status, scorecard_status
from bmsdata.scorecard.periods import Period

log = logging.getLogger(__name__)
#: Writes to the kernel's real stderr, which Voila's log shows (a cell's stderr would reach
#: the browser).
ready_log = logging.getLogger("bmsdata.ui.ready")
if not ready_log.handlers:
    _h = logging.StreamHandler(sys.__stderr__)
    _h.setFormatter(logging.Formatter("[bmsdata] %(message)s"))
    ready_log.addHandler(_h)
    ready_log.setLevel(logging.INFO)
    ready_log.propagate = False

Row = dict[str, Any]


def records(frame: pd.DataFrame) -> list[Row]:
    """DataFrame rows as dicts with None for every kind of missing value."""
    out = []
    for row in frame.to_dict("records"):
        out.append({k: (None if _isna(v) else v) for k, v in row.items()})
    return out


def _isna(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Audience:
    """Who the page is for: kommunestyret sees the political målekart and the whole picture;
    formannskapet also the administrative målekart and the units."""

    id: str
    kinds: tuple[str, ...]
    unit_detail: bool


AUDIENCES = {
    "kommunestyre": Audience("kommunestyre", ("politisk",), False),
    "formannskap": Audience("formannskap", ("politisk", "administrativ"), True),
}
DEFAULT_AUDIENCE = "kommunestyre"
#: Unit rows worst first: red, yellow, missing, no target, green.
UNIT_ORDER = {"red": 0, "yellow": 1, "missing": 2, "no_target": 3, "green": 4}
#: Up to this many indicators, warming draws every chart (the demo's ~20); beyond, only the
#: first of each focus area.
WARM_ALL_TRENDS = 60


class Context:
    """The store as the dashboards need it. Create with :func:`prepare`."""

    def __init__(self, store_file: str | os.PathLike[str] | None = None) -> None:
        self.reader = store.Reader(store_file)
        self._ino: int | None = None
        self._cache: dict[tuple, Any] = {}
        self._load()

    # -- the store's shape ---------------------------------------------------------------
    def _load(self) -> None:
        r = self.reader
        self.meta = dict(r.rows("meta"))
        self.municipality = self.meta.get("municipality", "Kommunen")
        self.fictional = self.meta.get("fictional") == "true"
        self.scorecards = records(r.frame("scorecards"))
        self.focus_areas = records(r.frame("focus_areas"))
        self.units = records(r.frame("units"))
        self.periods = records(r.frame("periods"))
        roots = [u["unit_id"] for u in self.units if u["parent_id"] is None]
        self.root_unit = self.meta.get("root_unit") or (roots[0] if roots else "")
        self.latest_period = self.periods[0]["period"] if self.periods else None
        self._ino = self._inode()
        self._cache.clear()

    def _inode(self) -> int | None:
        try:
            return self.reader.path.stat().st_ino
        except FileNotFoundError:
            return None

    def fresh(self) -> Context:
        """Reload when an import has swapped in a new snapshot; cheap when nothing changed."""
        if self._inode() != self._ino:
            log.info("store changed; reloading dashboard caches")
            self._load()
        return self

    def _cached(self, key: tuple, make: Any) -> Any:
        self.fresh()
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    # -- lookups -------------------------------------------------------------------------
    def focus_area(self, focus_area_id: str) -> Row | None:
        return next((f for f in self.focus_areas if f["focus_area_id"] == focus_area_id), None)

    def unit(self, unit_id: str) -> Row | None:
        return next((u for u in self.units if u["unit_id"] == unit_id), None)

    def period_label(self, period: str | None) -> str:
        return Period.parse(period).label() if period else "–"

    def audience_focus_areas(self, audience: Audience) -> list[Row]:
        """Focus areas of the scorecards this audience sees (all, if it sees none)."""
        chosen = [f for f in self.focus_areas if f["scorecard_kind"] in audience.kinds]
        return chosen or list(self.focus_areas)

    def audience_scorecards(self, audience: Audience) -> list[Row]:
        chosen = [s for s in self.scorecards if s["kind"] in audience.kinds]
        return chosen or list(self.scorecards)

    # -- numbers -------------------------------------------------------------------------
    def status(self, period: str, unit_id: str | None = None) -> list[Row]:
        """The målekart with status for a unit (default: the whole municipality)."""
        unit = unit_id or self.root_unit
        return self._cached(("status", unit, period), lambda: records(
            scorecard_status(self.reader.con, unit, period)))

    def _unit_rows(self, period: str, indicator_id: str | None,
                   parent_id: str | None) -> list[Row]:
        frame = self.reader.frame("unit_results", as_of=Period.parse(period).end,
                                  indicator_id=indicator_id, parent_id=parent_id)
        rows = records(add_status(frame)) if len(frame) else []
        return sorted(rows, key=lambda r: (UNIT_ORDER.get(r["status"], 9), r["unit_name"]))

    def indicator_units(self, period: str, indicator_id: str) -> list[Row]:
        """One indicator: every active unit's latest result with status, worst first.

        Per indicator, computed when first asked for: a national store has 21 795 units, and
        all of them for all indicators would take minutes and hundreds of MB in a kernel.
        """
        return self._cached(("indicator_units", indicator_id, period),
                            lambda: self._unit_rows(period, indicator_id, None))

    def unit_overview(self, period: str) -> list[Row]:
        """The units directly under the root (the municipality's own units), every indicator
        they are measured on, with status, worst first.

        Only the root's children: in a municipality those are its units; in a national store
        they are the KOSTRA groups, and every unit below them would be 300 000 rows.
        """
        return self._cached(("unit_overview", self.root_unit, period),
                            lambda: self._unit_rows(period, None, self.root_unit))

    def trend(self, indicator_id: str, period: str, unit_id: str | None = None) -> list[Row]:
        """An indicator's series for a unit, with the goal and limit applied in each period."""
        unit = unit_id or self.root_unit

        def make() -> list[Row]:
            frame = self.reader.frame("indicator_trend", indicator_id=indicator_id,
                                      unit_id=unit, as_of=Period.parse(period).end)
            return records(add_status(frame)) if len(frame) else []
        return self._cached(("trend", indicator_id, unit, period), make)

    def reference(self, period: str, indicator_id: str) -> dict[str, dict[str, Any]]:
        """One indicator's reference series: region → {"name": ..., "points": {period: value}},
        EAK and EAKUO first. Per indicator: a national store holds 2,2 million values."""
        def make() -> dict[str, dict[str, Any]]:
            out: dict[str, dict[str, Any]] = {}
            frame = self.reader.frame("reference_series", as_of=Period.parse(period).end,
                                      indicator_id=indicator_id)
            columns = (frame[c].tolist() for c in ("region", "region_name", "period", "value"))
            for region, name, point, value in zip(*columns, strict=True):
                series = out.setdefault(region, {"name": name, "points": {}})
                series["points"][point] = None if _isna(value) else value
            return out
        return self._cached(("reference", indicator_id, period), make)

    def references(self, period: str) -> References:
        """indicator_id → region → {"name": ..., "points": {period: value}}, read lazily per
        indicator (``.get(indicator_id)``, ``[indicator_id]``)."""
        return References(self, period)

    def regions(self, period: str) -> list[tuple[str, str]]:
        """(region, name) of every region with a reference series, EAK and EAKUO first."""
        return self._cached(("regions", period), lambda: [
            (str(r), str(n)) for r, n in self.reader.rows(
                "reference_regions", as_of=Period.parse(period).end)])

    def catalogue(self) -> list[Row]:
        return self._cached(("catalogue",), lambda: records(self.reader.frame(
            "indicator_catalogue")))

    def warm(self, page: str) -> None:
        """Compute what ``page`` shows by default, so a preheated kernel has it ready.

        Only the default view (kommunestyret, the latest period, the first focus area) and
        what one click away needs first: each focus area's first indicator. Nothing here
        grows with the number of units or reference values, so a national store warms in
        seconds, not minutes.
        """
        if not self.latest_period:
            return
        p = self.latest_period
        rows = self.status(p)
        if page == "oversikt":
            self.unit_overview(p)  # formannskapet's unit table: the root's children only
        if page == "fokusomrade":
            self.regions(p)
            # Every chart of a small målekart (as before); of a large one, each area's first.
            for row in rows if len(rows) <= WARM_ALL_TRENDS else []:
                self.trend(row["indicator_id"], p)
            for area in self.audience_focus_areas(AUDIENCES[DEFAULT_AUDIENCE]):
                first = next((r["indicator_id"] for r in rows
                              if r["focus_area_id"] == area["focus_area_id"]), None)
                if first:  # what opening or switching to the area draws
                    self.trend(first, p)
                    self.reference(p, first)
                    self.indicator_units(p, first)
        if page == "arshjul":
            self.catalogue()


class References:
    """``Context.references(period)``: looks like the old all-indicator dict for ``.get`` and
    ``[]``, but reads one indicator's series when asked (result reports and charts need one
    at a time; the whole table is 2,2 million rows at national scale)."""

    def __init__(self, ctx: Context, period: str) -> None:
        self.ctx, self.period = ctx, period

    def get(self, indicator_id: str, default: Any = None) -> dict[str, dict[str, Any]] | Any:
        series = self.ctx.reference(self.period, indicator_id)
        return series if series else default

    def __getitem__(self, indicator_id: str) -> dict[str, dict[str, Any]]:
        series = self.ctx.reference(self.period, indicator_id)
        if not series:
            raise KeyError(indicator_id)
        return series

    def __contains__(self, indicator_id: object) -> bool:
        return isinstance(indicator_id, str) and bool(
            self.ctx.reference(self.period, indicator_id))


def prepare(page: str, store_file: str | os.PathLike[str] | None = None) -> Context | Exception:
    """Open the store and compute the page's default view. For a notebook's first cell.

    Returns the exception (not raises it) when the store cannot be read, so the page can say
    so in Norwegian after the request arrives instead of failing before it.
    """
    started = time.perf_counter()
    try:
        ctx = Context(store_file)
        ctx.warm(page)
        # Operators (and the benchmark) read this in Voila's log: the kernel is ready.
        ready_log.info("bmsdata.ui prepared %s in %.2f s", page, time.perf_counter() - started)
        return ctx
    except store.StoreError as exc:
        return exc
    except Exception as exc:  # shown as a Norwegian message by the page, logged for operators
        log.exception("could not prepare the %s dashboard", page)
        return exc


def today() -> date:
    return date.today()


def unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)
