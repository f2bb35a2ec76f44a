"""``bms snapshot`` of the real dashboards: the archive copy shows what a person checks.

Expected values come from the store (``scorecard_status`` for the same unit and period), never
from this file.
"""

from __future__ import annotations

import json

import pytest
from archivekit import balance_problems, external_resources, parse, status_words, visible_text

from bmsdata.scorecard.status import STATUS_LOOK

SNAPSHOTS = ["snap_oversikt", "snap_fokus", "snap_enhet"]


@pytest.fixture(params=SNAPSHOTS)
def snap(request):
    return request.getfixturevalue(request.param)


def test_the_command_succeeds_and_says_so_in_norwegian(snap):
    run = snap.run
    assert run.code == 0, run.stderr
    assert "Lagret arkivkopien i" in run.stdout and str(run.out) in run.stdout
    assert "Kjører " in run.stdout
    assert "Traceback" not in run.stderr
    assert run.out.is_file()
    leftovers = [p.name for p in run.out.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_every_indicator_shows_the_status_the_rules_give(snap):
    """Names and status words exactly as ``scorecard_status`` gives them for the unit/period."""
    doc = parse(snap.run.html)
    shown = status_words(doc)
    expected = {r["indicator_id"]: r["status_word"] for r in snap.expected.to_dict("records")}
    assert expected, "the store gives this page no indicators; the test would prove nothing"
    assert set(shown) == set(expected)
    for indicator, word in expected.items():
        assert shown[indicator] == {word}, indicator
    text = visible_text(doc)
    for name in snap.expected["indicator"]:
        assert name in text
    # never colour alone: every badge carries the symbol that belongs to its word
    symbols = {look.word: look.symbol for look in STATUS_LOOK.values()}
    badges = doc.xpath(f'//*[@data-indicator]//*[{_cls("bms-status")}]')
    assert len(badges) >= len(expected)
    for badge in badges:
        word = badge.xpath(f'.//*[{_cls("bms-status-word")}]')[0].text_content()
        symbol = badge.xpath(f'.//*[{_cls("bms-status-symbol")}]')[0].text_content()
        assert symbol == symbols[word]


def test_header_names_the_page_the_values_the_time_and_the_data(snap):
    doc = parse(snap.run.html)
    info = doc.xpath('//section[contains(@class, "bms-archive-info")]')[0]
    text = " ".join(info.text_content().split())
    assert "Arkivkopi – ikke interaktiv" in text
    title = doc.xpath("//title")[0].text_content()
    assert "Arkivkopi" in title
    assert "Eksempel kommune" in text and "Fiktive tall – demokommune" in text
    assert "Laget" in text and " kl. " in text
    assert "Siste periode med resultater" in text and "SHA-256" in text
    for name, value in snap.params.items():
        row = info.xpath(f'.//table//tr[th/code="{name}"]')[0]
        assert value in row.text_content() and "oppgitt" in row.text_content()
    meta = json.loads(doc.xpath('//script[@id="bms-archive-meta"]')[0].text)
    assert meta["parameters"].items() >= snap.params.items()
    assert meta["made"][:4].isdigit()
    # the page's own title is there too (h1 of the dashboard)
    assert doc.xpath("//main//h1")


def test_the_file_parses_and_needs_nothing_from_outside(snap):
    html = snap.run.html
    assert balance_problems(html) == []
    doc = parse(html)
    assert external_resources(doc, html) == []
    assert not doc.xpath("//script[@src] | //link[@rel='stylesheet'] | //iframe")
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in csp
    # the dashboard's own look: the bms template's CSS is inside the file
    assert ".bms-status" in html and "--bms-accent" in html


def test_controls_become_text_and_buttons_leave(snap):
    doc = parse(snap.run.html)
    controls = doc.xpath(f'//*[{_cls("bms-controls")}]')[0]
    text = " ".join(controls.text_content().split())
    assert "Periode:" in text and "Vis for: Kommunestyret" in text
    assert not doc.xpath("//main//button | //main//select | //main//input")


def test_oversikt_shows_the_political_scorecard(snap_oversikt):
    text = visible_text(parse(snap_oversikt.run.html))
    assert "Målekartet" in text
    for name in set(snap_oversikt.expected["scorecard"]):
        assert name in text
    assert "Plotly" not in snap_oversikt.run.html  # no chart on this page: no 1 MB bundle


def test_fokusomrade_carries_its_chart_and_its_numbers(snap_fokus):
    html = snap_fokus.run.html
    doc = parse(html)
    charts = doc.xpath(f'//*[{_cls("bms-chart")}]')
    assert len(charts) == 1
    figure = json.loads(charts[0].xpath('.//script[@class="bms-figure"]')[0].text)
    assert figure["data"], "a chart without traces"
    assert html.count("Plotly.newPlot") == 1
    assert html.count("plotly.js (basic - minified)") == 1  # the bundle, inlined once
    # the numbers under the chart are open in the archive (readable on paper)
    details = doc.xpath('//details[@class="bms-data"]')
    assert details and all(d.get("open") is not None for d in details)
    text = visible_text(doc)
    area = snap_fokus.expected["focus_area"].iloc[0]
    assert area in text


def test_enhet_is_the_unit_asked_for(snap_enhet):
    doc = parse(snap_enhet.run.html)
    assert doc.xpath("//main//h1")[0].text_content() == "Garderåsen barnehage"
    controls = " ".join(doc.xpath(f'//*[{_cls("bms-controls")}]')[0].text_content().split())
    assert "Enhet: Garderåsen barnehage" in controls


def _cls(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'
