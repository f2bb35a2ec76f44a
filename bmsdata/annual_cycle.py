"""The årshjul: when results arrive, and which result loop (RS) each arrival starts.

The default is the guide's typical cycle (DOMAIN.md): RS 1 in March/April (brukerundersøkelsen),
RS 2 in May/June (økonomi 1. tertial + sykefravær), RS 3 in September/October (økonomi 2. tertial
+ sykefravær) and RS 4 in November/December (medarbeiderundersøkelsen). A municipality with
another cycle points ``BMS_ANNUAL_CYCLE`` to its own JSON file in the same format as the shipped
``annual_cycle.json``::

    {"releases": [{"id": "RS1", "name": "RS 1", "months": [3, 4],
                   "arrives": "Brukerundersøkelsen",
                   "match": {"methods": ["Brukerundersøkelse"], "frequencies": [],
                             "indicators": [], "focus_areas": []}}]}

An indicator feeds a release when its målemetode is in ``methods``, its frequency in
``frequencies``, its id in ``indicators`` or its focus area in ``focus_areas``: any match
counts. Methods and frequencies compare without regard to case.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_FILE = Path(__file__).with_name("annual_cycle.json")
ENV = "BMS_ANNUAL_CYCLE"

MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember"]


class AnnualCycleError(ValueError):
    """The årshjul file cannot be used. ``str()`` is a Norwegian sentence saying what to fix."""


@dataclass(frozen=True)
class Release:
    id: str
    name: str
    months: tuple[int, ...]
    arrives: str
    methods: tuple[str, ...] = ()
    frequencies: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    focus_areas: tuple[str, ...] = ()

    @property
    def when(self) -> str:
        """«mars/april»."""
        return "/".join(MONTHS_NB[m - 1] for m in self.months)

    def feeds(self, indicator: Mapping[str, Any]) -> bool:
        """Does this release bring new results for the indicator (a row with indicator_id,
        method, frequency and focus_area_id)?"""
        method = str(indicator.get("method") or "").casefold()
        frequency = str(indicator.get("frequency") or "").casefold()
        return (
            method in {m.casefold() for m in self.methods}
            or frequency in {f.casefold() for f in self.frequencies}
            or indicator.get("indicator_id") in self.indicators
            or indicator.get("focus_area_id") in self.focus_areas
        )


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnnualCycleError(f"{where} må være en liste med tekster.")
    return tuple(value)


def parse(data: Any, source: str = "årshjulet") -> list[Release]:
    """Releases from the JSON structure; every problem is a Norwegian sentence."""
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
        raise AnnualCycleError(f"{source}: fila må ha en liste «releases».")
    out: list[Release] = []
    seen: set[str] = set()
    for i, item in enumerate(data["releases"], start=1):
        where = f"{source}, løyfe nr. {i}"
        if not isinstance(item, dict):
            raise AnnualCycleError(f"{where}: må være et objekt.")
        rid, name = item.get("id"), item.get("name") or item.get("id")
        if not isinstance(rid, str) or not rid.strip():
            raise AnnualCycleError(f"{where}: mangler «id» (f.eks. «RS1»).")
        if rid in seen:
            raise AnnualCycleError(f"{where}: «{rid}» finnes to ganger.")
        seen.add(rid)
        months = item.get("months")
        if (not isinstance(months, list) or not months
                or not all(isinstance(m, int) and 1 <= m <= 12 for m in months)):
            raise AnnualCycleError(f"{where}: «months» må være en liste med måneder 1–12.")
        arrives = item.get("arrives")
        if not isinstance(arrives, str) or not arrives.strip():
            raise AnnualCycleError(f"{where}: mangler «arrives» (hva som kommer).")
        match = item.get("match") or {}
        if not isinstance(match, dict):
            raise AnnualCycleError(f"{where}: «match» må være et objekt.")
        out.append(Release(
            rid, str(name), tuple(months), arrives,
            _strings(match.get("methods"), f"{where}: match.methods"),
            _strings(match.get("frequencies"), f"{where}: match.frequencies"),
            _strings(match.get("indicators"), f"{where}: match.indicators"),
            _strings(match.get("focus_areas"), f"{where}: match.focus_areas"),
        ))
    if not out:
        raise AnnualCycleError(f"{source}: årshjulet har ingen resultatsløyfer.")
    return out


def config_path(path: str | os.PathLike[str] | None = None) -> Path:
    """``path``, else ``BMS_ANNUAL_CYCLE``, else the default shipped with the package."""
    return Path(path or os.environ.get(ENV) or DEFAULT_FILE)


def load(path: str | os.PathLike[str] | None = None) -> list[Release]:
    p = config_path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnnualCycleError(f"Fant ikke årshjulet {p}. Sjekk {ENV}.") from None
    except json.JSONDecodeError as exc:
        raise AnnualCycleError(
            f"Årshjulet {p} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno})."
        ) from None
    return parse(data, p.name)


@dataclass(frozen=True)
class Position:
    """Where today is in the cycle: the release under way now (if any), the last one that
    started, and the next one to come."""

    current: Release | None
    latest: Release
    upcoming: Release


def position(releases: Sequence[Release], today: date) -> Position:
    """Which release is current on ``today`` (its months include today's month)."""
    current = next((r for r in releases if today.month in r.months), None)

    def starts(r: Release) -> int:
        return min(r.months)

    started = [r for r in releases if starts(r) <= today.month]
    latest = max(started, key=starts) if started else max(releases, key=starts)
    later = [r for r in releases if starts(r) > today.month]
    upcoming = min(later, key=starts) if later else min(releases, key=starts)
    return Position(current, latest, upcoming)


def feeding(release: Release, indicators: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The indicators (rows) that get new results from ``release``."""
    return [row for row in indicators if release.feeds(row)]
