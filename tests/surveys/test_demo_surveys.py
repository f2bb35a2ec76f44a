"""The demo municipality's surveys and KOSTRA data, as a viewer of the demo meets them."""

from __future__ import annotations

import duckdb
import pytest

from bmsdata import queries
from bmsdata.demo.surveys import (
    KOMMUNE_NR,
    SMALL_UNIT,
    SPREAD_UNIT,
    write_kostra_sources,
    write_survey_sources,
)
from bmsdata.surveys import analysis

PUBLIC = (analysis.question_results, analysis.dimension_results, analysis.distribution,
          analysis.multi_response)


@pytest.fixture(scope="module")
def con(demo_store_master):
    c = duckdb.connect(str(demo_store_master), read_only=True)
    yield c
    c.close()


def test_the_demo_has_all_three_kinds_of_survey_and_fets_groups(con):
    surveys = analysis.survey_list(con)
    assert set(surveys["kind"]) == {"bruker", "medarbeider", "innbygger"}
    citizen = surveys.loc[surveys["kind"] == "innbygger", "survey_id"].iloc[0]
    dims = set(queries.frame(con, "survey_questions", survey_id=citizen)["dimension"])
    assert {"Grønn kommune", "Levende samfunn", "Lokaldemokrati", "Barn og unge",
            "Kultur"} <= dims
    assert len(analysis.multi_response(con, citizen)) > 0


def test_the_unit_with_three_respondents_is_hidden_everywhere(con):
    seen = 0
    for survey_id in analysis.survey_list(con)["survey_id"]:
        for fn in PUBLIC:
            frame = fn(con, survey_id, unit_id=SMALL_UNIT)
            seen += len(frame)
            assert frame["suppressed"].all(), (survey_id, fn.__name__)
            numbers = frame.drop(columns=["suppressed", "is_total"]).select_dtypes("number")
            assert numbers.isna().all().all()
    assert seen > 0
    fed = con.execute(
        "SELECT count(*), count(m.value) FROM measurement m JOIN survey_dimension d "
        "ON d.indicator_id = m.indicator_id WHERE m.unit_id = ?", [SMALL_UNIT]).fetchone()
    assert fed[0] > 0 and fed[1] == 0
    markers = queries.frame(con, "suppressed_measurements", unit_id=SMALL_UNIT)
    assert set(markers["reason"]) == {"skjult (færre enn 5 svar)"}


def test_the_nursing_home_whose_users_disagree_more_is_flagged_in_the_latest_year(con):
    d = analysis.dimension_results(con, "BU-PLO", unit_id=SPREAD_UNIT)
    latest = d[d["period"] == d["period"].max()]
    assert latest["spread_grew"].any()
    assert not d[d["period"] == d["period"].min()]["spread_grew"].any()


def test_kostra_series_and_the_kommune_number_are_in_the_demo(con):
    assert dict(queries.rows(con, "meta"))["kommune_nr"] == KOMMUNE_NR
    regions = {r for r, in con.execute("SELECT DISTINCT region FROM reference_value").fetchall()}
    assert {"EAK", "EAKUO", "EKG07", "9991", "9992"} <= regions
    assert KOMMUNE_NR not in regions
    assert len(queries.frame(con, "kostra_mappings")) >= 5


def test_survey_and_kostra_sources_are_deterministic(tmp_path, demo_store_master):
    a = write_survey_sources(tmp_path / "a")
    b = write_survey_sources(tmp_path / "b")
    for kind in ("survey_responses", "survey_aggregates"):
        for fa, fb in zip(a[kind], b[kind], strict=True):
            assert fa.read_bytes() == fb.read_bytes()
    demo_dir = demo_store_master.parent / "demo"
    ka = write_kostra_sources(tmp_path / "ka", demo_dir)
    kb = write_kostra_sources(tmp_path / "kb", demo_dir)
    for fa, fb in zip(ka["kostra"], kb["kostra"], strict=True):
        assert fa.read_bytes() == fb.read_bytes()
