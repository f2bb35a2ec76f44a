"""What an import may refer to: the indicators and units already in the store or in the batch.

Measurements name indicators and units; targets need an indicator's direction to check that the
lower limit is on the right side. Files imported together in one batch see each other's ids,
so a municipality can load its whole målekart, units and results in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bmsdata import queries


@dataclass(frozen=True)
class IndicatorInfo:
    name: str
    direction: str
    scale_min: float | None = None
    scale_max: float | None = None


@dataclass
class Known:
    indicators: dict[str, IndicatorInfo] = field(default_factory=dict)
    units: dict[str, str | None] = field(default_factory=dict)  # unit_id → parent_id

    @classmethod
    def from_store(cls, path: Path) -> Known:
        known = cls()
        if not path.is_file():
            return known
        con = duckdb.connect(str(path), read_only=True)
        try:
            for ind, name, direction, lo, hi in queries.rows(con, "known_indicators"):
                known.indicators[ind] = IndicatorInfo(name, direction, lo, hi)
            for unit, parent in queries.rows(con, "known_units"):
                known.units[unit] = parent
        except duckdb.CatalogException:
            pass  # a store without tables yet
        finally:
            con.close()
        return known
