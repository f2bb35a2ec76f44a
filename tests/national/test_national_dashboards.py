"""The dashboards on a (small) national store show the statuses the status rules give.

Why: the dashboards read the national store per indicator and per parent unit instead of all
of it at once (``bmsdata.views.context``); these tests check that the lazily read pieces still
agree with :func:`bmsdata.scorecard.evaluate.scorecard_status` and ``add_status`` on a store
shaped like the national one (a country → KOSTRA groups → municipalities → units).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bmsdata import params, queries, ui
from bmsdata.demo.national import build_national
from bmsdata.demo.national_sources import ROOT, SMALL
from bmsdata.scorecard.evaluate import add_status, scorecard_status
from bmsdata.scorecard.periods import Period
from bmsdata.views.context import AUDIENCES


@pytest.fixture(scope="module")
def national_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_national(tmp_path_factory.mktemp("national-ui") / "national.duckdb",
                          SMALL).store


@pytest.fixture(scope="module")
def expected(national_store: Path) -> pd.DataFrame:
    con = duckdb.connect(str(national_store), read_only=True)
    try:
        return scorecard_status(con)
    finally:
        con.close()


def _ctx(page: str, store: Path) -> ui.Context:
    ctx = ui.prepare(page, store)
    assert isinstance(ctx, ui.Context), ctx
    return ctx


def _read(query: str) -> params.Parameters:
    return params.read(query, organ="kommunestyre", periode="", visning="standard",
                       fokus="", referanse="EAK", indikator="")


def _html(view) -> str:
    page = view.page
    return "".join([page.header.value, page.messages.value,
                    *(getattr(w, "value", "") for w in page.body.children)])


def _status_word(html: str, attr: str, key: str) -> str:
    """The status word of the first badge after the row/item marked ``attr="key"``."""
    block = html.split(f'{attr}="{key}"', 1)[1]
    return block.split('<span class="bms-status-word">', 1)[1].split("</span>", 1)[0]


def test_oversikt_shows_scorecard_status(national_store, expected):
    ctx = _ctx("oversikt", national_store)
    assert ctx.root_unit == ROOT
    html = _html(ui.oversikt(ctx, _read("organ=formannskap")))
    assert len(expected) == SMALL.indicators + 7  # the KOSTRA figures and the unit indicators
    for row in expected.to_dict("records"):
        assert _status_word(html, "data-indicator", row["indicator_id"]) == row["status_word"]
    # The unit table covers the root's own units: the KOSTRA groups, which have no results.
    assert "Enhetene" in html and "Ingen av enhetene rett under" in html


def test_fokusomrade_units_and_chart_follow_the_rules(national_store, expected):
    ctx = _ctx("fokusomrade", national_store)
    page = ui.fokusomrade(ctx, _read("organ=formannskap")).page
    overview, _heading, chart_controls, _chart, units_widget = page.body.children
    focus_dd, reference_dd = page.controls.children[0], chart_controls.children[1]
    con = duckdb.connect(str(national_store), read_only=True)
    try:
        for area in ctx.audience_focus_areas(AUDIENCES["formannskap"]):
            focus_dd.value = area["focus_area_id"]
            rows = expected[expected["focus_area_id"] == area["focus_area_id"]]
            assert len(rows) > 0 and page.state["fokus"] == area["focus_area_id"]
            for row in rows.to_dict("records"):
                assert _status_word(overview.value, "data-indicator",
                                    row["indicator_id"]) == row["status_word"]
            iid = page.state["indikator"]
            # The unit table: the same rows through add_status, straight from the query.
            direct = add_status(queries.frame(
                con, "unit_results", as_of=Period.parse(ctx.latest_period).end,
                indicator_id=iid, parent_id=None))
            units = units_widget.value
            assert len(direct) > 0
            for u in direct.to_dict("records"):
                assert _status_word(units, "data-unit", u["unit_id"]) == u["status_word"]
            # The chart's reference picker lists this indicator's regions, EAK first.
            regions = [v for _, v in reference_dd.options]
            refs = queries.frame(con, "reference_series",
                                 as_of=Period.parse(ctx.latest_period).end, indicator_id=iid)
            assert regions[:-1] == list(dict.fromkeys(refs["region"]))
    finally:
        con.close()


def test_reference_regions_and_lazy_references(national_store):
    ctx = _ctx("fokusomrade", national_store)
    p = ctx.latest_period
    con = duckdb.connect(str(national_store), read_only=True)
    try:
        every = queries.frame(con, "reference_series", as_of=Period.parse(p).end,
                              indicator_id=None)
    finally:
        con.close()
    assert [r for r, _ in ctx.regions(p)][:2] == ["EAK", "EAKUO"]
    assert {r for r, _ in ctx.regions(p)} == set(every["region"])
    iid = every["indicator_id"].iloc[0]
    one = every[every["indicator_id"] == iid]
    series = ctx.references(p).get(iid)
    assert sum(len(s["points"]) for s in series.values()) == len(one)
    assert ctx.references(p).get("NO-SUCH-INDICATOR", {}) == {}
