"""The målekart model: periods, targets and the status rules every view shares."""

from bmsdata.scorecard.periods import Period, PeriodError, parse_period
from bmsdata.scorecard.status import (
    STATUS_LOOK,
    STATUS_ORDER,
    TREND_LOOK,
    Assessment,
    Status,
    Target,
    Trend,
    evaluate,
    trend,
)

__all__ = [
    "Assessment", "Period", "PeriodError", "STATUS_LOOK", "STATUS_ORDER", "Status",
    "TREND_LOOK", "Target", "Trend", "evaluate", "parse_period", "trend",
]
