"""Periods: parsing every form, ordering across kinds, previous period, calendar span."""

from datetime import date

import pytest

from bmsdata.scorecard.periods import Period, PeriodError, period_range


@pytest.mark.parametrize(
    ("text", "kind", "number", "start", "end"),
    [
        ("2024", "Å", 1, date(2024, 1, 1), date(2024, 12, 31)),
        ("2024T1", "T", 1, date(2024, 1, 1), date(2024, 4, 30)),
        ("2024T3", "T", 3, date(2024, 9, 1), date(2024, 12, 31)),
        ("2024K2", "K", 2, date(2024, 4, 1), date(2024, 6, 30)),
        ("2024Q4", "K", 4, date(2024, 10, 1), date(2024, 12, 31)),
        ("2024M02", "M", 2, date(2024, 2, 1), date(2024, 2, 29)),
        ("2023M2", "M", 2, date(2023, 2, 1), date(2023, 2, 28)),
        (" 2024t2 ", "T", 2, date(2024, 5, 1), date(2024, 8, 31)),
        ("2024.0", "Å", 1, date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_parse_gives_kind_and_calendar_span(text, kind, number, start, end):
    p = Period.parse(text)
    assert (p.kind, p.number, p.start, p.end) == (kind, number, start, end)


@pytest.mark.parametrize("text", ["", "24", "2024T4", "2024T0", "2024K5", "2024M13", "2024X1",
                                  "T1 2024", "2024-01", None])
def test_bad_period_is_a_norwegian_error(text):
    with pytest.raises(PeriodError) as err:
        Period.parse(text)
    assert "periode" in str(err.value)


def test_canonical_text_round_trips():
    for text in ["2024", "2024T2", "2024K3", "2024M03", "2024M11"]:
        assert str(Period.parse(text)) == text


@pytest.mark.parametrize(
    ("text", "previous"),
    [("2024", "2023"), ("2024T1", "2023T3"), ("2024T3", "2024T2"), ("2024K1", "2023K4"),
     ("2024M01", "2023M12"), ("2024M07", "2024M06")],
)
def test_previous_period_of_same_kind(text, previous):
    assert str(Period.parse(text).previous()) == previous
    assert Period.parse(previous).next() == Period.parse(text)


def test_ordering_across_kinds_follows_the_calendar():
    texts = ["2024", "2024T3", "2024T1", "2023", "2024M05", "2024K2"]
    ordered = [str(p) for p in sorted(Period.parse(t) for t in texts)]
    # By end date; a tertial ending the same day as the year sorts before the year.
    assert ordered == ["2023", "2024T1", "2024M05", "2024K2", "2024T3", "2024"]


def test_labels_are_norwegian():
    assert Period.parse("2024T2").label() == "2. tertial 2024"
    assert Period.parse("2024M03").label() == "mars 2024"
    assert Period.parse("2024K4").label() == "4. kvartal 2024"


def test_range_of_tertials_crosses_years():
    got = [str(p) for p in period_range(Period.parse("2023T2"), Period.parse("2024T1"))]
    assert got == ["2023T2", "2023T3", "2024T1"]
