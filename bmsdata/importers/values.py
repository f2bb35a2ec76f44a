"""Reading cell values the way Norwegian spreadsheets write them.

Each parser returns the value or raises :class:`ValueProblem` whose text says, in Norwegian,
what was wrong and what to write instead; the caller adds file, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from babel.numbers import format_decimal

from bmsdata.errors import BmsError
from bmsdata.scorecard.periods import Period, PeriodError


class ValueProblem(BmsError, ValueError):
    """(``message`` Norwegian, ``english`` for logs; see :class:`bmsdata.errors.BmsError`.)"""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}( \d{3})+$")


def parse_number(text: str) -> float:
    """``4,5``, ``4.5``, ``1 234,5``, ``1.234,5``, ``1,234.5``, ``−3`` (Unicode minus), ``12 %``.

    One comma alone is a decimal comma (Norwegian); one point alone a decimal point (English
    exports). With both, the last mark is the decimal mark.
    """
    raw = text
    s = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    if s.endswith("%"):
        s = s[:-1]
    s = _SPACES.sub("", s)
    if "," in s and "." in s:
        # Both marks: the last one is the decimal mark ("1.234,5" and "1,234.5" are 1234.5), and
        # the other must group thousands ("1.2.3,4" is a typo, not 123.4).
        thousands = "." if s.rfind(",") > s.rfind(".") else ","
        decimal = "," if thousands == "." else "."
        whole = s.rpartition(decimal)[0].lstrip("+-")
        if _GROUPED.match(whole.replace(thousands, " ")):
            s = s.replace(thousands, "").replace(",", ".")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    if not _NUMBER.match(s):
        raise ValueProblem(
            f"«{raw}» er ikke et tall. Skriv et tall, for eksempel 4,5.",
            f"{raw!r} is not a number",
        )
    return float(s)


def show_number(x: float) -> str:
    """A number inside a Norwegian message, as the person wrote it: ``1234.5`` → ``1 234,5``."""
    return format_decimal(x, format="#,##0.######", locale="nb_NO")


def parse_int(text: str) -> int:
    x = parse_number(text)
    if x != int(x):
        raise ValueProblem(
            f"«{text}» må være et helt tall. Skriv et helt tall, for eksempel 42.",
            f"{text!r} is not a whole number",
        )
    return int(x)


def parse_date(text: str) -> date:
    """ISO ``2024-01-31``, Norwegian ``31.01.2024``, or an Excel datetime rendered as text."""
    s = text.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%d.%m.%y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueProblem(
        f"«{text}» er ikke en dato. Skriv datoen som 2024-01-31 eller 31.01.2024.",
        f"{text!r} is not a date",
    )


PERIOD_HELP = "Skriv år (2024), tertial (2024T1), kvartal (2024K2) eller måned (2024M03)."


def parse_period(text: str) -> Period:
    """A period cell. The period model's own error says what is wrong; a person importing a
    file also needs to be told how to write it, so the accepted forms are added when missing."""
    try:
        return Period.parse(text)
    except PeriodError as exc:
        message = str(exc)
        if PERIOD_HELP not in message:
            message = f"{message} {PERIOD_HELP}"
        raise ValueProblem(message, f"{text!r} is not a valid period") from exc


def fold(text: str) -> str:
    """Normalise a header or keyword: lower case, no accents, æ→ae, ø→o, å→a, underscores."""
    s = text.strip().lower()
    s = s.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\s\-./]+", "_", s).strip("_")


def slug(text: str) -> str:
    """A stable id made from a name, for rows that leave their id columns blank."""
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]+", "_", fold(text))).strip("_")
