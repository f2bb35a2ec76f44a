"""The status and trend rules: every target form, both directions, values on each limit."""

import pytest

from bmsdata.contrast import contrast_ratio
from bmsdata.scorecard.status import (
    STATUS_LOOK,
    TREND_LOOK,
    Status,
    Target,
    Trend,
    evaluate,
    limit_on_wrong_side,
    trend,
)

RANGE_HIGH = Target("range", 5.0, 4.0)  # brukertilfredshet "5,0–4,0"
RANGE_LOW = Target("range", 21.0, 35.0)  # saksbehandlingstid: 21 days goal, 35 acceptable
VALUE_LOW = Target("value", 0.0)  # budsjettavvik 0
REL_LOW = Target("relative", -1.0, 0.0, "EAK")  # sykefravær 1 pp under landet, landet = grense


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5.5, Status.GREEN), (5.0, Status.GREEN), (4.99, Status.YELLOW), (4.0, Status.YELLOW),
     (3.99, Status.RED), (1.0, Status.RED)],
)
def test_range_higher_is_better_including_both_limits(value, expected):
    assert evaluate(value, RANGE_HIGH, "higher").status is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10, Status.GREEN), (21, Status.GREEN), (21.5, Status.YELLOW), (35, Status.YELLOW),
     (35.01, Status.RED)],
)
def test_range_lower_is_better_including_both_limits(value, expected):
    assert evaluate(value, RANGE_LOW, "lower").status is expected


@pytest.mark.parametrize(
    ("value", "expected"), [(-0.5, Status.GREEN), (0.0, Status.GREEN), (0.1, Status.RED)]
)
def test_single_value_lower_is_better(value, expected):
    a = evaluate(value, VALUE_LOW, "lower")
    assert a.status is expected
    assert a.limit is None


def test_single_value_higher_is_better():
    target = Target("value", 50.0)
    assert evaluate(50.0, target, "higher").status is Status.GREEN
    assert evaluate(49.9, target, "higher").status is Status.RED


@pytest.mark.parametrize(
    ("value", "national", "expected"),
    [
        (8.3, 9.3, Status.GREEN),  # exactly 1 pp under the national average
        (8.4, 9.3, Status.YELLOW),
        (9.3, 9.3, Status.YELLOW),  # on the national average: the acceptable limit
        (9.31, 9.3, Status.RED),
        (5.0, 6.0, Status.GREEN),
    ],
)
def test_relative_to_reference_series(value, national, expected):
    a = evaluate(value, REL_LOW, "lower", reference_value=national)
    assert a.status is expected
    assert a.goal == pytest.approx(national - 1.0)
    assert a.limit == pytest.approx(national)


def test_relative_goal_exactly_on_limit_despite_float_noise():
    # 5.3 - 1.0 is 4.299999… in binary; a person reads it as 4,3 and expects green.
    a = evaluate(4.3, Target("relative", -1.0, None, "EAK"), "lower", reference_value=5.3)
    assert a.status is Status.GREEN


def test_relative_without_reference_value_is_missing_with_reason():
    a = evaluate(8.0, REL_LOW, "lower", reference_value=None)
    assert a.status is Status.MISSING
    assert "EAK" in a.reason
    a = evaluate(8.0, REL_LOW, "lower", reference_value=float("nan"))
    assert a.status is Status.MISSING


def test_relative_without_limit_is_green_or_red():
    target = Target("relative", 0.5, None, "EKG07")
    assert evaluate(41.5, target, "higher", 41.0).status is Status.GREEN
    assert evaluate(41.4, target, "higher", 41.0).status is Status.RED


def test_missing_measurement_and_missing_target():
    assert evaluate(None, RANGE_HIGH, "higher").status is Status.MISSING
    assert evaluate(float("nan"), RANGE_HIGH, "higher").status is Status.MISSING
    assert evaluate(4.5, None, "higher").status is Status.NO_TARGET
    assert evaluate(None, None, "higher").status is Status.NO_TARGET


def test_bad_direction_and_bad_target_are_refused():
    with pytest.raises(ValueError):
        evaluate(1.0, RANGE_HIGH, "up")
    with pytest.raises(ValueError):
        Target("relative", 1.0)
    with pytest.raises(ValueError):
        Target("percent", 1.0)


def test_limit_on_wrong_side():
    assert limit_on_wrong_side(4.0, 5.0, "higher")
    assert not limit_on_wrong_side(5.0, 4.0, "higher")
    assert limit_on_wrong_side(35.0, 21.0, "lower")
    assert not limit_on_wrong_side(21.0, 35.0, "lower")
    assert not limit_on_wrong_side(4.0, 4.0, "higher")


@pytest.mark.parametrize(
    ("value", "previous", "direction", "expected"),
    [(4.5, 4.2, "higher", Trend.BETTER), (4.2, 4.5, "higher", Trend.WORSE),
     (7.5, 8.1, "lower", Trend.BETTER), (8.1, 7.5, "lower", Trend.WORSE),
     (4.2, 4.2, "higher", Trend.UNCHANGED), (0.3, 0.1 + 0.2, "lower", Trend.UNCHANGED),
     (4.2, None, "higher", Trend.UNKNOWN), (None, 4.2, "lower", Trend.UNKNOWN)],
)
def test_trend_in_the_indicators_own_direction(value, previous, direction, expected):
    assert trend(value, previous, direction) is expected


def test_every_status_has_symbol_word_and_colour_never_colour_alone():
    symbols = {look.symbol for look in STATUS_LOOK.values()}
    words = {look.word for look in STATUS_LOOK.values()}
    assert len(symbols) == len(STATUS_LOOK) == len(words)  # each one distinguishable
    for status in Status:
        look = STATUS_LOOK[status]
        assert look.symbol and look.word and look.colour.startswith("#")
    for t in (Trend.BETTER, Trend.WORSE, Trend.UNCHANGED):
        assert TREND_LOOK[t].word and TREND_LOOK[t].symbol


def test_status_text_colours_meet_wcag_aa_on_white_and_their_badge():
    for look in list(STATUS_LOOK.values()) + list(TREND_LOOK.values()):
        assert contrast_ratio(look.colour, "#ffffff") >= 4.5, look
        assert contrast_ratio(look.colour, look.background) >= 4.5, look
