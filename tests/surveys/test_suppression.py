"""Small-group protection as an attacker would test it, and half-up rounding at .x5."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from bmsdata.surveys.suppression import PRIMARY, SECONDARY, Protection, half_up, percent, suppress

TWO_LEVEL = {"K": None, "A": "K", "B": "K", "C": "K", "D": "K"}


def recoverable(sizes: dict[str, int], parent: dict, hidden: dict[str, str], min_n: int
                ) -> list[str]:
    """Hidden cells an attacker can pin down from shown numbers by subtraction.

    For every shown parent, the shown children are subtracted from it; what is left belongs
    to the hidden children (and the parent's own respondents). If that remainder is smaller
    than ``min_n`` or belongs to one hidden cell alone, a small group is exposed.
    """
    exposed = []
    for p in {parent[u] for u in sizes if parent.get(u)} | {u for u in sizes}:
        if p in hidden or p not in sizes:
            continue
        kids = [u for u in sizes if parent.get(u) == p]
        if not kids:
            continue
        rest = sizes[p] - sum(sizes[k] for k in kids if k not in hidden)
        hidden_kids = [k for k in kids if k in hidden]
        own = sizes[p] - sum(sizes[k] for k in kids)
        if hidden_kids or own:
            if 0 < rest < min_n:
                exposed.append(p)
            if len(hidden_kids) == 1 and own == 0 and sizes[hidden_kids[0]] < min_n:
                exposed.append(hidden_kids[0])
    return exposed


def test_a_small_unit_is_hidden_and_the_next_smallest_too_so_the_total_stays_shown():
    sizes = {"K": 3 + 20 + 25 + 40, "A": 3, "B": 20, "C": 25, "D": 40}
    hidden = suppress(sizes, TWO_LEVEL, 5)
    assert hidden == {"A": PRIMARY, "B": SECONDARY}
    assert "K" not in hidden
    # The subtraction attack: total minus every shown unit leaves A and B together.
    shown = sum(n for u, n in sizes.items() if u not in hidden and u != "K")
    assert sizes["K"] - shown == sizes["A"] + sizes["B"] >= 5


def test_when_no_sibling_is_left_to_hide_the_parent_is_hidden():
    sizes = {"K": 3 + 30, "A": 3, "B": 30}
    hidden = suppress(sizes, {"K": None, "A": "K", "B": "K"}, 5)
    assert hidden["A"] == PRIMARY
    # Hiding B leaves K = A + B: two cells, 33 people; K may stay.
    assert hidden.get("B") == SECONDARY and "K" not in hidden
    sizes = {"K": 3, "A": 3}
    assert suppress(sizes, {"K": None, "A": "K"}, 5) == {"K": PRIMARY, "A": PRIMARY}


def test_two_small_units_that_together_are_still_small_pull_in_a_third():
    sizes = {"K": 1 + 2 + 10 + 50, "A": 1, "B": 2, "C": 10, "D": 50}
    hidden = suppress(sizes, TWO_LEVEL, 5)
    assert hidden["A"] == hidden["B"] == PRIMARY
    assert hidden["C"] == SECONDARY and "D" not in hidden
    assert recoverable(sizes, TWO_LEVEL, hidden, 5) == []


def test_respondents_attached_to_the_parent_itself_are_protected_like_a_child():
    # 2 respondents answered for the municipality directly, the units are large.
    sizes = {"K": 2 + 30 + 40, "A": 30, "B": 40}
    hidden = suppress(sizes, {"K": None, "A": "K", "B": "K"}, 5)
    assert hidden == {"A": SECONDARY}


def test_deeper_trees_are_protected_at_every_level():
    parent = {"K": None, "S1": "K", "S2": "K", "A": "S1", "B": "S1", "C": "S2", "D": "S2"}
    sizes = {"A": 3, "B": 40, "C": 30, "D": 35}
    sizes |= {"S1": 43, "S2": 65}
    sizes["K"] = sizes["S1"] + sizes["S2"]
    hidden = suppress(sizes, parent, 5)
    assert hidden["A"] == PRIMARY
    assert recoverable(sizes, parent, hidden, 5) == []
    # S1 hides B; then S1 itself is recoverable from K − S2 but reveals only A+B (43).
    assert "K" not in hidden


@pytest.mark.parametrize("sizes_", [
    (1, 2, 3, 4), (3, 30, 30, 30), (4, 4, 40, 40), (0, 3, 50, 7), (6, 7, 8, 9), (2, 100, 5, 5)])
def test_no_small_group_is_ever_recoverable_by_subtraction(sizes_):
    for min_n in (3, 5, 10):
        sizes = dict(zip("ABCD", sizes_, strict=True))
        sizes["K"] = sum(sizes.values())
        hidden = suppress(sizes, TWO_LEVEL, min_n)
        assert recoverable(sizes, TWO_LEVEL, hidden, min_n) == []
        for u, n in sizes.items():
            if 0 < n < min_n:
                assert u in hidden


def test_brute_force_over_small_trees_leaves_nothing_to_subtract():
    """Every combination of unit sizes 1–12: total minus shown units never isolates < 5."""
    parent = {"K": None, "A": "K", "B": "K", "C": "K"}
    for a, b, c in itertools.product((1, 2, 3, 4, 5, 6, 12), repeat=3):
        sizes = {"A": a, "B": b, "C": c, "K": a + b + c}
        hidden = suppress(sizes, parent, 5)
        assert {u for u in "ABC" if sizes[u] < 5} <= set(hidden)
        if "K" not in hidden:
            hidden_units = [u for u in "ABC" if u in hidden]
            left = sizes["K"] - sum(sizes[u] for u in "ABC" if u not in hidden)
            assert left == 0 or left >= 5, (sizes, hidden)
            assert len(hidden_units) != 1, (sizes, hidden)


def test_protection_markers_say_why_and_refuse_nonsense():
    p = Protection(5)
    assert p.note(PRIMARY) == "skjult (færre enn 5 svar)"
    assert "beskytter" in p.note(SECONDARY)
    assert Protection(3).marker == "skjult (færre enn 3 svar)"
    with pytest.raises(ValueError):
        Protection(0)


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (1, 8, "12.5"), (3, 40, "7.5"), (1, 16, "6.3"), (7, 16, "43.8"), (1, 3, "33.3"),
    (2, 3, "66.7"), (5, 16, "31.3"), (3, 16, "18.8"), (0, 7, "0.0"), (7, 7, "100.0")])
def test_percent_rounds_half_up_like_published_tables(part, whole, expected):
    assert percent(part, whole) == Decimal(expected)


def test_half_up_differs_from_pythons_round_at_the_boundary():
    assert round(0.125, 2) == 0.12  # banker's rounding (and float noise) …
    assert half_up(0.125, 2) == Decimal("0.13")  # … is not what a table shows
    assert half_up(4.45, 1) == Decimal("4.5")
    assert half_up(2.675, 2) == Decimal("2.68")
    assert half_up(-1.25, 1) == Decimal("-1.3")
    assert percent(1, 0) is None
