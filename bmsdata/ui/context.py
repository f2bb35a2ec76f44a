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

    def unit_results(self, period: str) -> dict[str, list[Row]]:
        """Per indicator: every active unit's latest result with status, worst first."""
        def make() -> dict[str, list[Row]]:
            frame = self.reader.frame("unit_results", as_of=Period.parse(period).end,
                                      indicator_id=None)
            rows = records(add_status(frame)) if len(frame) else []
            order = {"red": 0, "yellow": 1, "missing": 2, "no_target": 3, "green": 4}
            out: dict[str, list[Row]] = {}
            for row in sorted(rows, key=lambda r: (order.get(r["status"], 9), r["unit_name"])):
                out.setdefault(row["indicator_id"], []).append(row)
            return out
        return self._cached(("unit_results", period), make)

    def trend(self, indicator_id: str, period: str, unit_id: str | None = None) -> list[Row]:
        """An indicator's series for a unit, with the goal and limit applied in each period."""
        unit = unit_id or self.root_unit

        def make() -> list[Row]:
            frame = self.reader.frame("indicator_trend", indicator_id=indicator_id,
                                      unit_id=unit, as_of=Period.parse(period).end)
            return records(add_status(frame)) if len(frame) else []
        return self._cached(("trend", indicator_id, unit, period), make)

    def references(self, period: str) -> dict[str, dict[str, dict[str, Any]]]:
        """indicator_id → region → {"name": ..., "points": {period: value}}."""
        def make() -> dict[str, dict[str, dict[str, Any]]]:
            out: dict[str, dict[str, dict[str, Any]]] = {}
            frame = self.reader.frame("reference_series", as_of=Period.parse(period).end)
            for row in records(frame):
                region = out.setdefault(row["indicator_id"], {}).setdefault(
                    row["region"], {"name": row["region_name"], "points": {}})
                region["points"][row["period"]] = row["value"]
            return out
        return self._cached(("references", period), make)

    def catalogue(self) -> list[Row]:
        return self._cached(("catalogue",), lambda: records(self.reader.frame(
            "indicator_catalogue")))

    def warm(self, page: str) -> None:
        """Compute what ``page`` shows by default, so a preheated kernel has it ready."""
        if not self.latest_period:
            return
        p = self.latest_period
        self.status(p)
        if page in ("oversikt", "fokusomrade"):
            self.unit_results(p)
        if page == "fokusomrade":
            self.references(p)
            for row in self.status(p):  # every chart of the latest period, ~20 small queries
                self.trend(row["indicator_id"], p)
        if page == "arshjul":
            self.catalogue()


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
