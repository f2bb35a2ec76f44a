"""Norwegian number and period formatting through Babel (nb_NO): decimal comma, thin spaces.

Every view, report and the CLI formats through here, so "4,5" looks the same everywhere.
"""

from __future__ import annotations

import math
from typing import Any

from babel.numbers import format_decimal

LOCALE = "nb_NO"
MISSING = "–"


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def number(x: Any, decimals: int | None = 1) -> str:
    """``4.5`` → ``4,5``; ``12345.6`` → ``12 345,6``; missing → ``–``."""
    if _is_missing(x):
        return MISSING
    d = 1 if decimals is None or _is_missing(decimals) else int(decimals)
    pattern = "#,##0" + ("." + "0" * d if d > 0 else "")
    return format_decimal(float(x), format=pattern, locale=LOCALE)


def signed(x: Any, decimals: int = 1) -> str:
    if _is_missing(x):
        return MISSING
    text = number(abs(float(x)), decimals)
    return ("+" if float(x) > 0 else "−" if float(x) < 0 else "±") + text


def ambition(row: dict[str, Any]) -> str:
    """The ambisjonsnivå as the guide writes it: «5,0–4,0», «0», or «EAK −1,0 / +0,0»."""
    form = row.get("target_form")
    if not isinstance(form, str):
        return "Ikke satt"
    dec = row.get("decimals")
    dec = 1 if _is_missing(dec) else int(dec)
    goal, limit = row.get("goal"), row.get("lower_limit")
    if form == "relative":
        text = f"{row.get('reference_region')} {signed(goal, dec)}"
        if not _is_missing(limit):
            text += f" (grense {signed(limit, dec)})"
        return text
    if form == "range" and not _is_missing(limit):
        return f"{number(goal, dec)}–{number(limit, dec)}"
    return number(goal, dec)
