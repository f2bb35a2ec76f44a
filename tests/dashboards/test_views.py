"""bmsdata.ui without a kernel: the views' content, escaping, switching, the årshjul rules."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bmsdata import annual_cycle, formatting, params, ui
from bmsdata.scorecard.evaluate import scorecard_status
from bmsdata.views import markup


@pytest.fixture(scope="module")
def ctx(demo_store_master: Path):
    c = ui.prepare("fokusomrade", demo_store_master)
    assert isinstance(c, ui.Context)
    return c


def _read(query: str, **defaults: str) -> params.Parameters:
    base = {"organ": "kommunestyre", "periode": "", "visning": "standard"}
    return params.read(query, **{**base, **defaults})


def _html(view) -> str:
    page = view.page
    parts = [page.header.value, page.messages.value]
    for w in page.body.children:
        parts.append(getattr(w, "value", ""))
    return "".join(parts)


def test_oversikt_numbers_equal_scorecard_status(ctx, demo_store_master):
    view = ui.oversikt(ctx, _read("organ=formannskap"))
    html = _html(view)
    con = duckdb.connect(str(demo_store_master), read_only=True)
    expected = scorecard_status(con)
    con.close()
    for row in expected.to_dict("records"):
        block = html.split(f'data-indicator="{row["indicator_id"]}"', 1)[1].split("</li>", 1)[0]
        assert f'<span class="bms-status-word">{row["status_word"]}</span>' in block
        number = formatting.number(row["value"], row["decimals"])
        assert f'<span class="bms-value">{number}</span>' in block
    assert "Fiktive tall – demokommune" in html


def test_audience_changes_what_is_shown(ctx):
    ks = _html(ui.oversikt(ctx, _read("")))
    fs = _html(ui.oversikt(ctx, _read("organ=formannskap")))
    assert "Administrativt målekart" not in ks and "Administrativt målekart" in fs
    assert "Enhetene" in fs and "Enhetene" not in ks
    assert ks.index("Samlet bilde") < ks.index("Politisk målekart")


def test_focus_links_carry_the_parameters(ctx):
    html = _html(ui.oversikt(ctx, _read("periode=2025&visning=presentasjon")))
    assert 'href="fokusomrade.ipynb?organ=kommunestyre&amp;periode=2025&amp;visning=' \
           'presentasjon&amp;fokus=pol.det_gode_bosted"' in html


def test_switching_focus_area_changes_the_chart(ctx):
    view = ui.fokusomrade(ctx, _read("", fokus="", indikator="", referanse="EAK"))
    page = view.page
    fav = next(w for w in page.body.children if "bms-chart" in w._dom_classes)
    before = fav.value
    focus_dd = page.controls.children[0]
    focus_dd.value = "pol.kompetanse"
    assert fav.value != before
    figure = json.loads(fav.value.split('class="bms-figure">', 1)[1].split("</script>")[0]
                        .replace("\\u003c", "<").replace("\\u003e", ">")
                        .replace("\\u0026", "&"))
    assert figure["layout"]["title"]["text"].startswith("Grunnskolepoeng")
    assert page.state["fokus"] == "pol.kompetanse"
    assert "fokus=pol.kompetanse" in page.header.value  # the deep link
    # The chart's indicator picker now offers exactly the new focus area's indicators.
    indicator_dd = page.body.children[2].children[0]
    offered = [value for _label, value in indicator_dd.options]
    assert offered == [r["indicator_id"] for r in ctx.status(ctx.latest_period)
                       if r["focus_area_id"] == "pol.kompetanse"]
    assert indicator_dd.value == "POL-GRUNNSKOLEPOENG"


def test_relative_target_band_follows_the_reference(ctx):
    points = ctx.trend("ADM-SYKEFRAVAER", ctx.latest_period)
    refs = ctx.references(ctx.latest_period)["ADM-SYKEFRAVAER"]["EAK"]["points"]
    for p in points:
        if p["reference_value"] is not None:
            assert p["goal_applied"] == pytest.approx(refs[p["period"]] - 1.0)
            assert p["limit_applied"] == pytest.approx(refs[p["period"]])


def test_hostile_url_text_is_escaped(ctx):
    view = ui.enhet(ctx, _read("enhet=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", enhet=""))
    html = view.page.messages.value
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_missing_store_is_a_norwegian_message(tmp_path):
    c = ui.prepare("oversikt", tmp_path / "finnes-ikke.duckdb")
    view = ui.oversikt(c, _read(""))
    assert view.page is None and "Fant ingen database" in view.widget.value


def test_markup_json_cannot_close_the_script_tag():
    assert "</script>" not in markup.json_for_script({"t": "</script><b>"})


def test_annual_cycle_default_and_position():
    releases = annual_cycle.load()
    assert [r.id for r in releases] == ["RS1", "RS2", "RS3", "RS4"]
    assert annual_cycle.position(releases, date(2026, 4, 2)).current.id == "RS1"
    pos = annual_cycle.position(releases, date(2026, 7, 15))
    assert pos.current is None and pos.latest.id == "RS2" and pos.upcoming.id == "RS3"
    assert annual_cycle.position(releases, date(2026, 1, 10)).upcoming.id == "RS1"
    rs2 = releases[1]
    assert rs2.feeds({"method": "Statistikk", "frequency": "tertial"})
    assert not rs2.feeds({"method": "KOSTRA", "frequency": "år"})


def test_annual_cycle_from_env_and_bad_file(tmp_path, monkeypatch):
    own = tmp_path / "hjul.json"
    own.write_text(json.dumps({"releases": [{"id": "X", "months": [2], "arrives": "KOSTRA",
                                             "match": {"focus_areas": ["pol.kompetanse"]}}]}),
                   encoding="utf-8")
    monkeypatch.setenv("BMS_ANNUAL_CYCLE", str(own))
    (x,) = annual_cycle.load()
    assert x.feeds({"focus_area_id": "pol.kompetanse"}) and x.when == "februar"
    own.write_text('{"releases": [{"id": "X", "months": [13], "arrives": "a"}]}',
                   encoding="utf-8")
    with pytest.raises(annual_cycle.AnnualCycleError, match="måneder 1–12"):
        annual_cycle.load()
