"""Small-group protection and the rounding published Norwegian tables use.

A unit with three respondents identifies people (DOMAIN.md), so no public survey function
returns numbers for a group with fewer than ``min_n`` respondents (default 5). Hiding the small
group alone is not enough: the municipality total minus the other units gives it back. So
hiding is done for a whole *family* of cells at once (one question or dimension, one period,
every unit of the org tree) with **secondary suppression**:

1. *Primary*: a cell with 0 < n < ``min_n`` is hidden.
2. *Secondary*: under every parent, the hidden cells (with the parent's own respondents that
   belong to no child, if any) must not be recoverable by subtraction. They are safe when they
   hold at least ``min_n`` respondents together **and** are not a single cell that needs
   protection (a small cell, or a hidden cell with hidden cells below it). Until that holds,
   the smallest shown child is hidden as well; when no child is left to hide, the parent
   itself is hidden (and then protected the same way one level up).
3. Repeat from the bottom of the tree up until nothing changes.

The rule prefers hiding a small unit to hiding the municipality total, which the
styringsrolle needs most. Tests in ``tests/surveys/test_suppression.py`` try the attacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_MIN_N = 5
#: Below this many respondents a result is shown with a warning («usikkert»).
FEW_N = 30
#: meta key that sets a store's minimum group size.
META_MIN_N = "survey_min_n"

PRIMARY = "primær"
SECONDARY = "sekundær"


def _decimal(x: float | int | Decimal) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    # repr() is the shortest text that reads back as the same float, so 4.45 stays 4.45
    # instead of becoming 4.4500000000000001776…; round(…, 9) removes float noise from sums.
    return Decimal(repr(round(float(x), 9)))


def half_up(x: float | int | Decimal | None, places: int = 1) -> Decimal | None:
    """Round half away from zero, as published tables do (Python's ``round`` rounds to even)."""
    if x is None:
        return None
    if isinstance(x, float) and x != x:  # NaN
        return None
    return _decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(part: int | float | Decimal, whole: int | float | Decimal,
            places: int = 1) -> Decimal | None:
    """``part / whole`` in percent, rounded half-up: 1 of 16 → 6.3, 7 of 16 → 43.8."""
    if whole is None or part is None or _decimal(whole) == 0:
        return None
    return half_up(_decimal(part) * 100 / _decimal(whole), places)


@dataclass(frozen=True)
class Protection:
    """The minimum group size and the Norwegian markers shown instead of numbers."""

    min_n: int = DEFAULT_MIN_N

    def __post_init__(self) -> None:
        if not isinstance(self.min_n, int) or self.min_n < 1:
            raise ValueError(
                f"Minste gruppestørrelse må være et helt tall på minst 1, ikke {self.min_n!r}.")

    @property
    def marker(self) -> str:
        return f"skjult (færre enn {self.min_n} svar)"

    @property
    def marker_secondary(self) -> str:
        return f"skjult (beskytter en gruppe med færre enn {self.min_n} svar)"

    def note(self, reason: str | None) -> str | None:
        if reason == PRIMARY:
            return self.marker
        if reason == SECONDARY:
            return self.marker_secondary
        return None


def _depth(unit: str, parent: Mapping[str, str | None]) -> int:
    d, seen = 0, {unit}
    p = parent.get(unit)
    while p:
        if p in seen:  # a cycle would be an import bug; never loop forever over it
            break
        seen.add(p)
        d += 1
        p = parent.get(p)
    return d


def suppress(sizes: Mapping[str, int], parent: Mapping[str, str | None],
             min_n: int = DEFAULT_MIN_N) -> dict[str, str]:
    """Which cells of one family to hide, and why (``PRIMARY`` or ``SECONDARY``).

    ``sizes`` holds every cell that has data (unit → respondents, pooled over the unit's
    subtree); ``parent`` is the org tree. Cells with size 0 carry no respondent and are never
    hidden. Returns only the hidden cells.
    """
    hidden: dict[str, str] = {u: PRIMARY for u, n in sizes.items() if 0 < n < min_n}
    children: dict[str, list[str]] = {}
    for u in sizes:
        p = parent.get(u)
        if p is not None and p in sizes:
            children.setdefault(p, []).append(u)
    parents = sorted(children, key=lambda u: (-_depth(u, parent), u))

    def has_hidden_below(u: str) -> bool:
        return any(c in hidden or has_hidden_below(c) for c in children.get(u, []))

    changed = True
    while changed:
        changed = False
        for p in parents:
            kids = children[p]
            residual = sizes[p] - sum(sizes[c] for c in kids)
            cells = [(sizes[c], c in hidden and (sizes[c] < min_n or has_hidden_below(c)))
                     for c in kids if c in hidden]
            if residual > 0:
                cells.append((residual, residual < min_n))

            def unsafe(cells: list[tuple[int, bool]] = cells) -> bool:
                if not cells:
                    return False
                if sum(size for size, _ in cells) < min_n:
                    return True
                return len(cells) == 1 and cells[0][1]

            while unsafe():
                shown = sorted((sizes[c], c) for c in kids if c not in hidden and sizes[c] > 0)
                if shown:
                    size, c = shown[0]
                    hidden[c] = SECONDARY
                    cells.append((size, has_hidden_below(c)))
                    changed = True
                    continue
                if p not in hidden:
                    hidden[p] = SECONDARY
                    changed = True
                break
    return hidden
