"""The survey page driven in Python: what it shows equals what bmsdata.surveys.analysis computes.

Expectations are computed here from the same store with the protected functions of
:mod:`bmsdata.surveys.analysis`, never hard-coded. The 3-respondent unit of the demo (HO-HEL)
must never show a number: not in a table, not in a widget value, not in the data sent to a chart.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from bmsdata import formatting
from bmsdata import params as P
from bmsdata.surveys import analysis
from bmsdata.surveys.suppression import percent
from bmsdata.ui.undersokelser import page as U
from bmsdata.views.context import Context

SMALL = "HO-HEL"
SMALL_NAME = "Helsestasjon og skolehelsetjeneste"
DEFAULTS = {"undersokelse": "", "dimensjon": "", "sporsmal": "", "enhet": "", "periode": "",
            "organ": "kommunestyre", "visning": "standard"}


@pytest.fixture(scope="module")
def ctx(demo_store_master: Path) -> Context:
    c = U.prepare(demo_store_master)
    assert isinstance(c, Context)
    return c


@pytest.fixture(scope="module")
def con(demo_store_master: Path):
    c = duckdb.connect(str(demo_store_master), read_only=True)
    yield c
    c.close()


# The page keeps its SurveyView on the Page so tests can drive the widgets.
def build(ctx: Context, **values: str):
    v = U.undersokelser(ctx, P.read("", **{**DEFAULTS, **values}))
    return v


def widgets_of(w):
    yield w
    for c in getattr(w, "children", ()) or ():
        yield from widgets_of(c)


def texts(root) -> list[str]:
    out = []
    for w in widgets_of(root):
        val = getattr(w, "value", None)
        if isinstance(val, str):
            out.append(val)
        for opt in getattr(w, "options", ()) or ():
            out.append(str(opt))
    return out


def strip(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def rows_of(html: str, attr: str) -> dict[str, list[str]]:
    """``<tr data-attr="key" …><td>…</td>…</tr>`` → {key: [cell text, …]}."""
    out = {}
    for m in re.finditer(rf'<tr {attr}="([^"]+)"[^>]*>(.*?)</tr>', html):
        out[m.group(1)] = [strip(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(2))]
    return out


def sv(v) -> U.SurveyView:
    return v.page.survey_view


def test_unit_comparison_equals_dimension_results(ctx, con):
    v = build(ctx, undersokelse="BU-PLO", dimensjon="HELHET", periode="2025")
    s = sv(v)
    truth = analysis.dimension_results(con, "BU-PLO", period="2025")
    truth = truth[truth["dimension_id"] == "HELHET"]
    shown = rows_of(s.units_table.value, "data-unit")
    assert set(shown) == set(truth["unit_id"])
    dec = s.decimals("HELHET")
    for r in truth.to_dict("records"):
        cells = shown[r["unit_id"]]
        assert cells[1] == formatting.number(r["mean"], dec)
        assert cells[2] == formatting.number(r["n"], 0)
        assert cells[3] == formatting.number(r["sd"], 2)
        assert ("Spredningen har økt" in cells[5]) == bool(r["spread_grew"])
    # sorted: the municipality first, then highest mean first
    order = list(shown)
    assert order[0] == "K0000"
    means = [float(truth.set_index("unit_id").loc[u, "mean"]) for u in order[1:]]
    assert means == sorted(means, reverse=True)
    # the spread flag is explained in words for Eksempel sykehjem
    assert "Eksempel sykehjem: spredningen har økt fra" in strip(s.spread.value)
    assert "minst 25 %" in s.spread.value


def test_distribution_equals_surveys_distribution(ctx, con):
    v = build(ctx, undersokelse="INN", dimensjon="KULTUR", periode="2024")
    s = sv(v)
    dist = analysis.distribution(con, "INN", period="2024", unit_id="K0000")
    dist = dist[dist["question_id"].str.startswith("KULTUR")]
    table = s.dist_table.value
    body = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
    qres = analysis.question_results(con, "INN", period="2024", unit_id="K0000").set_index(
        "question_id")
    fig = s.dist_chart.figure
    assert fig is not None and fig["layout"]["barmode"] == "relative"
    for i, (qid, d) in enumerate(dist.groupby("question_id", sort=False)):
        cells = [strip(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", body[i])]
        scale = d[d["role"] == "skala"]
        n = int(scale["count"].sum())
        want = [formatting.number(percent(int(c), n), 1) + " %" for c in scale["count"]]
        assert cells[1:1 + len(want)] == want, qid
        assert cells[1 + len(want)] == formatting.number(qres.loc[qid, "n"], 0)
        assert cells[2 + len(want)] == formatting.number(qres.loc[qid, "mean"], 1)
        vet = int(d.loc[d["role"] == "vet_ikke", "count"].sum())
        assert cells[3 + len(want)] == formatting.number(vet, 0)
        # the chart: low answers left of zero, high right, «vet ikke» in no bar
        xs = {t["name"]: t["x"][i] for t in fig["data"] if t.get("showlegend", True)}
        assert xs["1"] <= 0 and xs["6"] >= 0
        assert not any("vet ikke" in t["name"].lower() for t in fig["data"])


def test_multi_response_shows_both_bases(ctx, con):
    v = build(ctx, undersokelse="INN", dimensjon="KULTUR", periode="2025")
    s = sv(v)
    truth = analysis.multi_response(con, "INN", period="2025", unit_id="K0000")
    html = s.multi_table.value
    assert "Andel av svarene" in html and "Andel av respondentene" in html
    for r in truth.to_dict("records"):
        row = (f"{r['label']} {formatting.number(r['count'], 0)} "
               f"{formatting.number(r['share_of_answers'], 1)} % "
               f"{formatting.number(r['share_of_respondents'], 1)} %")
        assert row in strip(html)
    names = [t["name"] for t in s.multi_chart.figure["data"]]
    assert names == ["Andel av svarene", "Andel av respondentene"]


def test_citizen_survey_grouped_by_fets_groups(ctx):
    s = sv(build(ctx, undersokelse="INN"))
    text = strip(s.overview.value)
    assert "Fets grupper" in text
    for group in ("Grønn kommune", "Levende samfunn", "Lokaldemokrati", "Barn og unge",
                  "Kultur"):
        assert group in text
    assert s.dim_dd.description == "Gruppe"


def _no_numbers(cells: list[str]) -> bool:
    return all(not re.search(r"\d", c.replace("færre enn 5", "")) for c in cells)


@pytest.mark.parametrize("sid", ["BU-HEL", "MU-10F"])
def test_small_unit_never_has_numbers(ctx, con, sid):
    s = sv(build(ctx, undersokelse=sid))
    seen_small = False
    for dim in [d["dimension_id"] for d in s.data.dimensions(sid)]:
        s.dim_dd.value = dim
        for period in s.survey["periods"]:
            s.period_dd.value = period
            for unit in ["K0000", SMALL]:
                if unit not in [u for _, u in s.unit_dd.options]:
                    continue
                s.unit_dd.value = unit
                # every figure: no trace, label or hover text of the small unit
                for chart in s.charts.values():
                    blob = json.dumps(chart.figure or {}, ensure_ascii=False)
                    assert SMALL not in blob and SMALL_NAME not in blob
                rows = rows_of(s.units_table.value, "data-unit")
                if SMALL in rows:
                    seen_small = True
                    assert rows[SMALL][1].startswith("Skjult")
                    assert _no_numbers(rows[SMALL][1:])
                    _subtraction_is_safe(rows)
                if unit == SMALL:
                    for w in (s.dist_table, s.multi_table):
                        assert w.value == ""
                    for chart in (s.dist_chart, s.multi_chart):
                        assert chart.figure is None
                    assert "har for få svar" in s.dist_text.value
                    trend = rows_of(s.trend_table.value, "data-period")
                    assert trend and all(_no_numbers(c[1:]) for c in trend.values())
    assert seen_small
    for text in texts(s.page.root):
        # the small unit's name may appear (with «Skjult»), never beside a number
        for m in re.finditer(r'data-unit="HO-HEL"[^>]*>(.*?)</tr>', text):
            assert "Skjult" in m.group(1)


def _subtraction_is_safe(rows: dict[str, list[str]]) -> None:
    """total − shown units must not give back one small unit."""
    total = rows.get("K0000")
    hidden = [u for u, c in rows.items() if c[1].startswith("Skjult") and u != "K0000"]
    if total is None or total[1].startswith("Skjult") or not hidden:
        return
    n_total = int(total[2].replace("\xa0", "").replace(" ", ""))
    shown = sum(int(c[2].replace("\xa0", "").replace(" ", "")) for u, c in rows.items()
                if u != "K0000" and not c[1].startswith("Skjult"))
    assert n_total - shown >= 5
    assert len(hidden) >= 2


def test_switching_updates_charts_in_place_and_the_deep_link(ctx):
    v = build(ctx, undersokelse="BU-PLO")
    s = sv(v)
    chart_widget = s.dist_chart.widget
    before = s.dist_chart.figure["meta"]["id"]
    s.dim_dd.value = "INFORMASJON"
    assert s.dist_chart.widget is chart_widget
    after = s.dist_chart.figure["meta"]["id"]
    assert before != after and "INFORMASJON" in after
    assert "dimensjon=INFORMASJON" in v.page.header.value
    s.unit_dd.value = "HO-SYK"
    assert "enhet=HO-SYK" in v.page.header.value
    s.question_dd.value = "INFO2"
    assert "sporsmal=INFO2" in v.page.header.value
    assert "Er informasjonen du får lett å forstå?" in s.dist_text.value
    s.survey_dd.value = "INN"
    assert "undersokelse=INN" in v.page.header.value
    assert "sporsmal" not in v.page.header.value.split("data-query")[1]
    assert s.page.state["dimensjon"] == s.dim_dd.value


def test_few_respondents_warn(ctx, con):
    rows = analysis.dimension_results(con, "BU-PLO", period="2025")
    few = rows[(rows["dimension_id"] == "HELHET") & rows["few"] & ~rows["suppressed"]
               & ~rows["is_total"]]
    assert len(few), "the demo should have a unit with 5–29 answers in BU-PLO 2025"
    unit = few.iloc[0]
    s = sv(build(ctx, undersokelse="BU-PLO", dimensjon="HELHET", enhet=unit["unit_id"],
                 periode="2025"))
    assert f"Usikkert: {unit['unit']} har bare {int(unit['n'])} svar" in strip(s.dist_text.value)


def test_bad_parameters_give_norwegian_messages_with_links(ctx):
    v = build(ctx, undersokelse="finnes-ikke")
    text = "".join(texts(v.widget))
    assert "Fant ikke undersøkelsen «finnes-ikke»" in text
    assert 'href="undersokelser.ipynb?' in text and "undersokelse=BU-PLO" in text
    v = build(ctx, undersokelse="BU-PLO", dimensjon="X", enhet="Y", periode="1999")
    msg = v.page.messages.value
    for name in ("dimensjonen", "enheten", "perioden"):
        assert f"er ikke gyldig for {name}" in msg
    assert "dimensjon=MEDVIRKNING" in msg
    v = build(ctx, undersokelse="<script>alert(1)</script>")
    text = "".join(texts(v.widget))
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


def test_lowercase_ids_are_accepted(ctx):
    s = sv(build(ctx, undersokelse="bu-plo", dimensjon="helhet", enhet="ho-syk"))
    assert s.page.state["undersokelse"] == "BU-PLO"
    assert s.page.state["enhet"] == "HO-SYK"


def test_indicator_links_lead_to_the_distribution(ctx):
    html = U.indicator_link_html(ctx, "POL-INFORMERT", "2025")
    assert "Se svarfordelingen bak tallet" in html
    assert "undersokelse=INN" in html and "dimensjon=LOKALDEMOKRATI" in html
    assert U.indicator_link_html(ctx, "POL-GRUNNSKOLEPOENG") == ""
    links = U.indicator_links(ctx, "ADM-BRUKERTILFREDSHET")
    assert len(links) >= 3


def test_navigation_and_focus_area_link_to_the_survey_page(ctx):
    from bmsdata.ui.fokusomrade import fokusomrade

    v = fokusomrade(ctx, P.read("", fokus="pol.lokaldemokrati", periode="", organ="kommunestyre",
                                visning="standard", referanse="", indikator=""))
    assert 'href="undersokelser.ipynb?' in v.page.header.value  # in the navigation
    html = "".join(texts(v.widget))
    m = re.search(r'<tr data-indicator="POL-INFORMERT">.*?</tr>', html)
    assert m and "Se svarfordelingen bak tallet" in m.group(0)
    assert "undersokelse=INN&amp;dimensjon=LOKALDEMOKRATI" in m.group(0)


def test_a_scorecard_period_from_another_page_falls_back_quietly(ctx):
    v = build(ctx, undersokelse="BU-PLO", periode="2026T1")
    assert sv(v).page.state["periode"] == "2025"
    assert "er ikke gyldig" not in v.page.messages.value
