"""Surveys feed the scorecard: a dimension's mean becomes an indicator's measurement.

A survey definition ties a dimension to an indicator (column ``indikator_id``). After every
survey import the measurements of all such indicators are computed again from the stored
answers, per unit and for every group above it up to the municipality, with ``n`` =
respondents:

* a unit's value is its dimension mean; when several surveys feed one indicator (one user
  survey per service), a group's value is the n-weighted mean of its surveys' means;
* values are rounded half-up to the indicator's decimals (2 when not set), so status is
  decided on the number people see;
* **small groups get no value**: the same protection as every survey view (primary and
  secondary suppression) is applied per indicator and period, and a hidden cell is written
  with value and n empty, plus a row in ``suppressed_measurement`` with the marker, so
  a value from an earlier import or a hand-typed file cannot linger and views can show
  «skjult» instead of «mangler».
"""

from __future__ import annotations

import duckdb
import pandas as pd

from bmsdata import queries
from bmsdata.surveys.analysis import Tree, indicator_cells
from bmsdata.surveys.suppression import Protection, half_up, suppress

MEASUREMENT_COLUMNS = ["indicator_id", "unit_id", "period", "value", "n"]
MARKER_COLUMNS = ["indicator_id", "unit_id", "period", "reason"]


def measurements(con: duckdb.DuckDBPyConnection, protection: Protection
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Measurement rows and «skjult» markers for every survey-fed indicator."""
    mapping = queries.rows(con, "survey_indicator_map")
    by_indicator: dict[str, list[tuple[str, str]]] = {}
    decimals: dict[str, int] = {}
    for indicator_id, survey_id, dimension_id, dec, *_ in mapping:
        by_indicator.setdefault(indicator_id, []).append((survey_id, dimension_id))
        decimals[indicator_id] = 2 if dec is None else int(dec)
    if not by_indicator:
        return (pd.DataFrame(columns=MEASUREMENT_COLUMNS), pd.DataFrame(columns=MARKER_COLUMNS))
    tree = Tree.load(con)
    cache: dict = {}
    rows, markers = [], []
    for indicator_id, pairs in by_indicator.items():
        cells = indicator_cells(con, pairs, tree, cache)
        for period, fam in cells.groupby("period", sort=True):
            hidden = suppress(dict(zip(fam["group_id"], fam["n"], strict=True)), tree.parent,
                              protection.min_n)
            for unit_id, value, n in zip(fam["group_id"], fam["value"], fam["n"], strict=True):
                if unit_id in hidden:
                    rows.append([indicator_id, unit_id, period, None, None])
                    markers.append([indicator_id, unit_id, period,
                                    protection.note(hidden[unit_id])])
                else:
                    rounded = half_up(value, decimals[indicator_id])
                    rows.append([indicator_id, unit_id, period, float(rounded), int(n)])
    return (pd.DataFrame(rows, columns=MEASUREMENT_COLUMNS),
            pd.DataFrame(markers, columns=MARKER_COLUMNS))
