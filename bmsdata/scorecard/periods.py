"""Reporting periods: years, tertials, quarters and months.

Municipal results arrive per year (``2024``), tertial (``2024T1``), quarter (``2024K2``) and
month (``2024M03``). Every period knows its calendar span, so periods of different kinds can
be compared by date ("the latest result as of the end of 2024T2"), and its predecessor of the
same kind, which the trend arrow compares against.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:([TtKkMmQq])\s*(\d{1,2}))?\s*$")

#: Kind letter → (periods per year, Norwegian name).
KINDS: dict[str, tuple[int, str]] = {
    "Å": (1, "år"),
    "T": (3, "tertial"),
    "K": (4, "kvartal"),
    "M": (12, "måned"),
}

_MONTHS_NB = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]


class PeriodError(ValueError):
    """A period text that cannot be read. ``str()`` is a Norwegian sentence for users."""


@dataclass(frozen=True)
class Period:
    """One reporting period. ``kind`` is Å (year), T, K or M; ``number`` is 1 for a year."""

    year: int
    kind: str
    number: int

    @classmethod
    def parse(cls, text: object) -> Period:
        """Read ``2024``, ``2024T1``, ``2024K2`` or ``2024M03`` (Q is accepted for K)."""
        if isinstance(text, Period):
            return text
        return _parse_text("" if text is None else str(text))

    @classmethod
    def _parse_raw(cls, raw: str) -> Period:
        # Excel hands years back as floats ("2024.0").
        if re.fullmatch(r"\s*\d{4}\.0+\s*", raw):
            raw = raw.strip().split(".")[0]
        m = _PATTERN.match(raw)
        if not m:
            raise PeriodError(
                f"«{raw}» er ikke en gyldig periode. Skriv år (2024), tertial (2024T1), "
                "kvartal (2024K2) eller måned (2024M03)."
            )
        year = int(m.group(1))
        letter = (m.group(2) or "Å").upper()
        letter = "K" if letter == "Q" else letter
        number = int(m.group(3) or 1)
        per_year = KINDS[letter][0]
        if not 1 <= number <= per_year:
            raise PeriodError(
                f"«{raw}» er ikke en gyldig periode: {KINDS[letter][1]} må være mellom 1 og "
                f"{per_year}."
            )
        if not 1900 <= year <= 2200:
            raise PeriodError(f"«{raw}» har et urimelig årstall.")
        return cls(year, letter, number)

    def __str__(self) -> str:
        if self.kind == "Å":
            return str(self.year)
        if self.kind == "M":
            return f"{self.year}M{self.number:02d}"
        return f"{self.year}{self.kind}{self.number}"

    @property
    def code(self) -> str:
        return str(self)

    @property
    def months(self) -> int:
        return 12 // KINDS[self.kind][0]

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period."""
        month_after = (self.number - 1) * self.months + 1 + self.months
        year = self.year + (month_after - 1) // 12
        first_after = date(year, (month_after - 1) % 12 + 1, 1)
        return first_after - timedelta(days=1)

    def previous(self) -> Period:
        """The period before, of the same kind (2024T1 → 2023T3)."""
        if self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        return Period(self.year - 1, self.kind, KINDS[self.kind][0])

    def next(self) -> Period:
        if self.number < KINDS[self.kind][0]:
            return Period(self.year, self.kind, self.number + 1)
        return Period(self.year + 1, self.kind, 1)

    def _key(self) -> tuple[date, int]:
        # By end date, then shorter first: 2024T3 sorts before 2024, which ends the same day.
        return (self.end, -self.start.toordinal())

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self == other or self < other

    def __gt__(self, other: Period) -> bool:
        return other < self

    def __ge__(self, other: Period) -> bool:
        return self == other or other < self

    def label(self) -> str:
        """Norwegian label for people: «2. tertial 2024», «mars 2024», «2024»."""
        if self.kind == "Å":
            return str(self.year)
        if self.kind == "M":
            return f"{_MONTHS_NB[self.number - 1]} {self.year}"
        return f"{self.number}. {KINDS[self.kind][1]} {self.year}"


@functools.lru_cache(maxsize=4096)
def _parse_text(raw: str) -> Period:
    """Parse once per distinct text: an import has few periods but hundreds of thousands of rows
    (a quarter of a large import's time went here). Period is frozen, so sharing is safe; errors
    are not cached and are raised again for every bad row."""
    return Period._parse_raw(raw)


def parse_period(text: object) -> Period:
    return Period.parse(text)


def period_range(first: Period, last: Period) -> list[Period]:
    """All periods of ``first``'s kind from ``first`` to ``last`` inclusive."""
    if first.kind != last.kind:
        raise ValueError("period_range needs two periods of the same kind")
    out, p = [], first
    while p <= last:
        out.append(p)
        p = p.next()
    return out
