"""WCAG 2.1 contrast between two colours, in one place.

The status colours (``scorecard/status.py``, checked by a test) and a municipality's own
profile colours (``reports/profile.py``, refused below AA) must be judged by the same formula.
"""

from __future__ import annotations


def luminance(hex_colour: str) -> float:
    """Relative luminance of a ``#rrggbb`` colour, as WCAG 2.1 defines it."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours (1 to 21); AA text needs 4.5."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
