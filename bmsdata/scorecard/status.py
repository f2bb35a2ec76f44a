"""The status (traffic-light) and trend rules, in one place.

Every view, report and CLI table takes its status from :func:`evaluate`, so a number can never
be green on the dashboard and red in the PDF. Status is never shown by colour alone: each one
carries a symbol and a Norwegian word as well (WCAG 2.1 AA, grey printers).

An ambisjonsnivå comes in three forms (DOMAIN.md):

* **range** "5,0–4,0": the goal and the lowest acceptable value. Green at or beyond the goal,
  yellow between the two (the limit itself is acceptable), red beyond the limit.
* **value**: one number, green when met, red otherwise.
* **relative**: goal (and optional limit) given as offsets from a reference series, e.g. sick
  leave 1 percentage point below the national average: ``goal = reference - 1``.

"Beyond" follows the indicator's direction: for lower-is-better indicators (sick leave, budget
deviation) the goal is met at or *below* the goal value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)

# Values are compared after rounding away float noise, so "exactly on the limit" behaves as
# a person reading the numbers expects (5.3 - 1.0 must equal 4.3).
_PLACES = 9


class Status(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    MISSING = "missing"
    NO_TARGET = "no_target"


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    UNCHANGED = "unchanged"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Look:
    """How a status or trend is shown: symbol, Norwegian word, text colour and background.

    Text colours have at least 4.5:1 contrast on white and on their own background.
    """

    symbol: str
    word: str
    colour: str
    background: str


STATUS_LOOK: dict[Status, Look] = {
    Status.GREEN: Look("✔", "Mål nådd", "#14692f", "#dcf2e3"),
    Status.YELLOW: Look("▲", "Akseptabelt", "#7a4a00", "#fdf0c4"),
    Status.RED: Look("✖", "Ikke akseptabelt", "#a4161a", "#fbe0e0"),
    Status.MISSING: Look("?", "Mangler", "#4a4a4a", "#ececec"),
    Status.NO_TARGET: Look("–", "Uten mål", "#4a4a4a", "#f6f6f6"),
}

TREND_LOOK: dict[Trend, Look] = {
    Trend.BETTER: Look("↗", "Bedre", "#14692f", "#ffffff"),
    Trend.WORSE: Look("↘", "Dårligere", "#a4161a", "#ffffff"),
    Trend.UNCHANGED: Look("→", "Uendret", "#4a4a4a", "#ffffff"),
    Trend.UNKNOWN: Look("", "", "#4a4a4a", "#ffffff"),
}

#: Order in which statuses are listed and counted (worst first draws the eye to what matters).
STATUS_ORDER = [Status.RED, Status.YELLOW, Status.GREEN, Status.MISSING, Status.NO_TARGET]

TARGET_FORMS = ("range", "value", "relative")


@dataclass(frozen=True)
class Target:
    """An ambisjonsnivå. For ``relative``, goal and limit are offsets from the reference."""

    form: str
    goal: float
    limit: float | None = None
    reference_region: str | None = None

    def __post_init__(self) -> None:
        if self.form not in TARGET_FORMS:
            raise ValueError(f"unknown target form {self.form!r}")
        if self.form == "relative" and not self.reference_region:
            raise ValueError("a relative target needs a reference region")


@dataclass(frozen=True)
class Assessment:
    """The outcome of :func:`evaluate`: status, the limits actually applied, and why."""

    status: Status
    goal: float | None = None
    limit: float | None = None
    reason: str = ""

    @property
    def look(self) -> Look:
        return STATUS_LOOK[self.status]


def _clean(x: float | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return None
    return round(x, _PLACES)


def _at_least_as_good(value: float, bound: float, direction: str) -> bool:
    return value >= bound if direction == HIGHER else value <= bound


def limit_on_wrong_side(goal: float, limit: float, direction: str) -> bool:
    """True when the acceptable limit is better than the goal, which makes no sense.

    For higher-is-better the limit must not exceed the goal; for lower-is-better it must not
    be below it. Equal values are allowed (a range of zero width).
    """
    return limit > goal if direction == HIGHER else limit < goal


def evaluate(
    value: float | None,
    target: Target | None,
    direction: str,
    reference_value: float | None = None,
) -> Assessment:
    """Decide the status of one measured value against its target."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'higher' or 'lower', not {direction!r}")
    value = _clean(value)
    if target is None:
        return Assessment(Status.NO_TARGET, reason="Ingen ambisjonsnivå er satt.")
    goal, limit = target.goal, target.limit
    if target.form == "relative":
        ref = _clean(reference_value)
        if ref is None:
            return Assessment(
                Status.MISSING,
                reason=f"Referanseverdien ({target.reference_region}) mangler for perioden.",
            )
        goal = ref + goal
        limit = None if limit is None else ref + limit
    goal = _clean(goal)
    limit = _clean(limit)
    if value is None:
        return Assessment(Status.MISSING, goal, limit, "Ingen måling for perioden.")
    assert goal is not None
    if _at_least_as_good(value, goal, direction):
        return Assessment(Status.GREEN, goal, limit)
    if limit is not None and _at_least_as_good(value, limit, direction):
        return Assessment(Status.YELLOW, goal, limit)
    return Assessment(Status.RED, goal, limit)


def trend(value: float | None, previous: float | None, direction: str) -> Trend:
    """Better, worse or unchanged against the previous period, in the indicator's direction."""
    value, previous = _clean(value), _clean(previous)
    if value is None or previous is None:
        return Trend.UNKNOWN
    if value == previous:
        return Trend.UNCHANGED
    improved = value > previous if direction == HIGHER else value < previous
    return Trend.BETTER if improved else Trend.WORSE
