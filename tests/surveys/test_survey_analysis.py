"""Survey analysis as an analyst checks it: means without «vet ikke», distributions that round
like published tables, multi-response bases, the spread flag, and small groups hidden in every
public result (including from subtraction)."""

from __future__ import annotations

import statistics
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from _survey_files import LONG_HEADER, ROOT, write_csv

from bmsdata.importers.surveys import import_surveys
from bmsdata.surveys import analysis

TICKS = ["A|B", "A", "A|C", "B", "A", "C"]
# period → unit → (Q1 answers, Q2 answers); everyone answers Q3 = 5 and ticks Q4 from TICKS
DATA = {
    "2023": {"BHG-A": ([4, 5, 4, 5, 4, 5], [4] * 6),
             "BHG-B": ([1] + [6] * 7 + [5] * 8, [4] * 15 + [5]),
             "SKO-A": ([3] * 2 + [5] * 38, [4] * 40)},
    "2024": {"BHG-A": ([1, 2, 5, 6, 6, 9, 9], [4] * 7),
             "BHG-B": ([1] + [6] * 7 + [5] * 8, [4] * 14 + [5] * 2),
             "BHG-C": ([2] + [5] * 7, [4] * 8),
             "SKO-A": ([3] * 3 + [5] * 37, [4] * 40)},
    "2025": {"BHG-A": ([5] * 10, [4] * 10), "BHG-B": ([4] * 20, [4] * 20),
             "BHG-C": ([6, 6, 1], [4] * 3), "SKO-A": ([5] * 40, [4] * 40)},
}


def rows() -> list[list[str]]:
    out = []
    for period, units in DATA.items():
        for unit, (q1, q2) in units.items():
            for i, (a1, a2) in enumerate(zip(q1, q2, strict=True)):
                rid = f"{period}-{unit}-{i}"
                out += [["BU-T", period, unit, rid, "Q1", str(a1)],
                        ["BU-T", period, unit, rid, "Q2", str(a2)],
                        ["BU-T", period, unit, rid, "Q3", "5"],
                        ["BU-T", period, unit, rid, "Q4", TICKS[i % len(TICKS)]]]
    return out


@pytest.fixture
def con(store: Path, definition: Path, tmp_path: Path):
    data = write_csv(tmp_path / "svar.csv", LONG_HEADER, rows())
    import_surveys({"survey_definitions": [definition], "survey_responses": [data]}, store)
    c = duckdb.connect(str(store), read_only=True)
    yield c
    c.close()


def pct(part: int, whole: int) -> float:
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def test_means_leave_out_dont_know_but_count_it(con):
    q = analysis.question_results(con, "BU-T", period="2024", unit_id="BHG-A")
    row = q[q["question_id"] == "Q1"].iloc[0]
    answers = DATA["2024"]["BHG-A"][0]
    valid = [a for a in answers if a != 9]
    assert row["n"] == len(valid) and row["answered"] == len(answers)
    assert row["vet_ikke"] == answers.count(9)
    assert row["mean"] == pytest.approx(statistics.mean(valid))
    assert row["sd"] == pytest.approx(statistics.stdev(valid))
    assert row["share_low"] == pct(sum(a <= 2 for a in valid), len(valid))
    assert row["share_high"] == pct(sum(a >= 5 for a in valid), len(valid))


def test_the_municipality_total_pools_every_unit(con):
    q = analysis.question_results(con, "BU-T", period="2024")
    total = q[(q["question_id"] == "Q1") & q["is_total"]].iloc[0]
    everyone = [a for q1, _q2 in DATA["2024"].values() for a in q1 if a != 9]
    assert total["unit_id"] == ROOT and total["n"] == len(everyone)
    assert total["mean"] == pytest.approx(statistics.mean(everyone))


@pytest.mark.parametrize(("unit", "code"), [("BHG-B", "1"), ("BHG-B", "6"), ("BHG-C", "2"),
                                             ("SKO-A", "3"), ("BHG-B", "5")])
def test_distribution_percentages_round_half_up_at_the_boundary(con, unit, code):
    d = analysis.distribution(con, "BU-T", period="2024", unit_id=unit)
    row = d[(d["question_id"] == "Q1") & (d["code"] == code)].iloc[0]
    answers = DATA["2024"][unit][0]
    assert row["count"] == answers.count(int(code))
    assert row["pct"] == pct(answers.count(int(code)), len(answers))


def test_boundary_cases_from_published_tables_show_up_as_expected(con):
    d = analysis.distribution(con, "BU-T", period="2024")
    shown = {(r.unit_id, r.code): r.pct for r in d[d["question_id"] == "Q1"].itertuples()}
    assert shown[("BHG-B", "1")] == 6.3    # 1/16 = 6.25
    assert shown[("BHG-B", "6")] == 43.8   # 7/16 = 43.75
    assert shown[("BHG-C", "2")] == 12.5   # 1/8
    assert shown[("SKO-A", "3")] == 7.5    # 3/40


def test_dimension_mean_is_the_mean_of_its_question_means_and_n_counts_respondents(con):
    d = analysis.dimension_results(con, "BU-T", period="2024", unit_id="BHG-B")
    helhet = d[d["dimension_id"] == "HELHET"].iloc[0]
    q1, q2 = DATA["2024"]["BHG-B"]
    assert helhet["mean"] == pytest.approx((statistics.mean(q1) + statistics.mean(q2)) / 2)
    assert helhet["n"] == len(q1)
    scores = [(a + b) / 2 for a, b in zip(q1, q2, strict=True)]
    assert helhet["sd"] == pytest.approx(statistics.stdev(scores))
    assert helhet["indicator_id"] == "IND-TILFREDS"


def test_multi_response_shares_of_answers_and_of_respondents(con):
    m = analysis.multi_response(con, "BU-T", period="2024", unit_id="SKO-A")
    people = len(DATA["2024"]["SKO-A"][0])
    ticks = Counter(c for i in range(people) for c in TICKS[i % len(TICKS)].split("|"))
    for r in m.itertuples():
        assert r.respondents == people and r.answers == sum(ticks.values())
        assert r.share_of_answers == pct(ticks[r.code], sum(ticks.values()))
        assert r.share_of_respondents == pct(ticks[r.code], people)
    assert sum(m["share_of_respondents"]) > 100  # several answers per person


def test_spread_flag_follows_the_documented_rule(con):
    q = analysis.question_results(con, "BU-T")
    q = q[~q["suppressed"] & q["sd_previous"].notna()]
    for r in q.itertuples():
        expected = r.sd >= 1.25 * r.sd_previous and r.sd - r.sd_previous >= 0.06 * 5
        assert bool(r.spread_grew) == expected, r
    flag = {(r.unit_id, r.question_id, r.period): bool(r.spread_grew) for r in q.itertuples()}
    assert flag[("BHG-A", "Q1", "2024")] is True           # 4/5 answers became 1–6
    assert flag[("BHG-B", "Q2", "2024")] is False          # +37 % of a tiny sd: noise
    assert flag[("SKO-A", "Q1", "2024")] is False          # +0.09 on 0.44: not marked


def test_a_group_with_three_respondents_is_hidden_in_every_public_result(con):
    hidden_unit = "BHG-C"
    assert len(DATA["2025"][hidden_unit][0]) == 3
    for frame in (analysis.question_results(con, "BU-T", period="2025"),
                  analysis.dimension_results(con, "BU-T", period="2025"),
                  analysis.distribution(con, "BU-T", period="2025"),
                  analysis.multi_response(con, "BU-T", period="2025")):
        mine = frame[frame["unit_id"] == hidden_unit]
        assert len(mine) and mine["suppressed"].all()
        assert set(mine["note"]) == {"skjult (færre enn 5 svar)"}
        numbers = mine.drop(columns=["suppressed", "note", "is_total"]).select_dtypes(
            include="number")
        assert numbers.isna().all().all(), numbers


def test_the_small_group_cannot_be_recovered_by_subtraction(con):
    q = analysis.question_results(con, "BU-T", period="2025")
    for _qid, g in q.groupby("question_id"):
        total = g[g["is_total"]].iloc[0]
        assert not total["suppressed"]  # the municipality's figure stays
        units = g[~g["is_total"]]
        secondary = units[units["note"].str.contains("beskytter", na=False)]
        assert len(secondary) >= 1
        shown = units[~units["suppressed"]]
        left = total["n"] - shown["n"].sum()
        assert left >= 5  # what subtraction leaves is never a small group
        assert (units["suppressed"].sum()) >= 2
    d = analysis.distribution(con, "BU-T", period="2025")
    q1 = d[d["question_id"] == "Q1"]
    total = q1[q1["is_total"]].set_index("code")["count"]
    shown = q1[~q1["is_total"] & ~q1["suppressed"]].groupby("code")["count"].sum()
    assert (total - shown).sum() >= 5


def test_minimum_group_size_is_configurable_per_call_and_per_store(con, store, tmp_path):
    q = analysis.question_results(con, "BU-T", period="2025", unit_id="BHG-C", min_n=3)
    assert not q["suppressed"].any() and (q["n"] == 3).all()
    assert q["few"].all() and set(q["note"]) == {"usikkert (færre enn 30 svar)"}
    con.close()
    import_surveys({}, store, min_n=3)
    c = duckdb.connect(str(store), read_only=True)
    try:
        assert not analysis.question_results(c, "BU-T", period="2025", unit_id="BHG-C")[
            "suppressed"].any()
    finally:
        c.close()


def test_unknown_survey_is_a_norwegian_error(con):
    with pytest.raises(analysis.SurveyError, match="Fant ingen undersøkelse «NEI»"):
        analysis.question_results(con, "NEI")
