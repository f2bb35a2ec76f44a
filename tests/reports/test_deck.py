"""The meeting presentation without a browser: journal entries, deck order and statuses, HTML.

Statuses are compared with ``scorecard_status`` for the same unit and period, the one place the
dashboards take them from; comments come from the journal with their author, newest first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from deckkit import COMMENT, FOCUS, INDICATORS, SCRIPT, TILTAK, UNITS, make_loop
from reportkit import Page

from bmsdata import store
from bmsdata.loop.errors import LoopValidationError
from bmsdata.loop.journal import open_journal
from bmsdata.loop.model import COMMENT_MAX_LENGTH, LoopService
from bmsdata.reports.deck import DeckError, Selection, build_deck, deck_for_loop
from bmsdata.reports.deck_export import export_deck, render_deck_html
from bmsdata.reports.printing import ReportError
from bmsdata.scorecard.evaluate import scorecard_status
from bmsdata.scorecard.status import STATUS_LOOK, Status


@pytest.fixture
def loop(tmp_path: Path) -> tuple[Path, str]:
    journal = tmp_path / "journal.sqlite"
    return journal, make_loop(journal)


@pytest.fixture
def deck(loop, demo_store_master):
    journal, loop_id = loop
    return deck_for_loop(loop_id, demo_store_master, open_journal(journal))


def test_comments_are_journal_entries_newest_wins_history_kept(loop):
    journal, loop_id = loop
    service = LoopService(open_journal(journal))
    state = service.state(loop_id)
    assert state.comments["POL-BOSTED"].text == COMMENT
    assert state.comments["POL-BOSTED"].author == "Rådmann Rå"
    history = state.comment_history["POL-BOSTED"]
    assert [(c.text, c.author) for c in history] == [("Første utkast", "Sara Stab"),
                                                      (COMMENT, "Rådmann Rå")]
    kinds = [e.kind for e in service.history(loop_id)]
    assert kinds.count("comment") == 3 and kinds.count("presentation") == 1
    # withdrawing is a new entry too; the old text stays in the journal
    service.comment(loop_id, "POL-INFORMERT", "", "Rådmann Rå")
    state = service.state(loop_id)
    assert "POL-INFORMERT" not in state.comments
    assert [c.text for c in state.comment_history["POL-INFORMERT"]] == [
        "Vi må informere bedre.", ""]
    assert state.presentation is not None and state.presentation.author == "Sara Stab"
    assert state.presentation.units == UNITS


def test_a_comment_is_replaced_by_a_new_one_not_corrected(loop):
    journal, loop_id = loop
    service = LoopService(open_journal(journal))
    entry = next(e for e in service.history(loop_id) if e.kind == "comment")
    with pytest.raises(LoopValidationError) as refused:
        service.correct(entry.id, dict(entry.payload), "Sara Stab", "skrivefeil")
    assert "vedtak" not in refused.value.message.lower()
    assert "ny" in refused.value.message and "historikken beholdes" in refused.value.message


def test_comment_and_selection_refusals_are_norwegian(loop):
    journal, loop_id = loop
    service = LoopService(open_journal(journal))
    with pytest.raises(LoopValidationError, match="for lang"):
        service.comment(loop_id, "POL-BOSTED", "x" * (COMMENT_MAX_LENGTH + 1), "Rådmann Rå")
    with pytest.raises(LoopValidationError, match="ikke med i presentasjonen"):
        service.comment(loop_id, "ADM-TRIVSEL", "Hei", "Rådmann Rå")
    with pytest.raises(LoopValidationError, match="uendret"):
        service.comment(loop_id, "POL-BOSTED", COMMENT, "Rådmann Rå")
    with pytest.raises(LoopValidationError, match="Fant ingen resultatsløyfe"):
        service.comment("finnes-ikke", "POL-BOSTED", "Hei", "Rådmann Rå")
    with pytest.raises(ValueError):
        service.comment(loop_id, "POL-BOSTED", "Hei", "  ")  # an entry needs an author
    with pytest.raises(LoopValidationError, match="Enheter"):
        service.save_presentation(loop_id, "Sara", units=["x" * 300])
    assert LoopService(open_journal(journal)).state(loop_id).comments["POL-BOSTED"].text == COMMENT


def test_deck_follows_the_guide_whole_picture_first(deck):
    kinds = [s.kind for s in deck.slides]
    assert kinds[:2] == ["title", "overview"]
    assert kinds[-2:] == ["tiltak", "end"]
    # per focus area: its slide, then its indicators, in målekart order
    assert deck.titles[2:7] == [
        "Fokusområde: Det gode bosted", "Befolkningsvekst",
        "Tilfredshet med kommunen som bosted", "Fokusområde: Lokaldemokrati",
        "Tilfredshet med informasjon fra kommunen"]
    assert deck.titles[7:9] == ["Enhet: Garderåsen barnehage", "Enhet: Nordby skole"]
    overview = deck.slides[1]
    assert [b.focus_area_id for b in overview.blocks] == list(FOCUS)
    assert sorted(r.indicator_id for b in overview.blocks for r in b.rows) == sorted(INDICATORS)
    tiltak = deck.slides[-2]
    assert [t.title for t in tiltak.tiltak] == [TILTAK]
    assert "Tilfredshet med informasjon fra kommunen" in tiltak.tiltak[0].indicators


def test_statuses_are_the_dashboards(deck, demo_store_master):
    con = store.open_readonly(demo_store_master)
    try:
        whole = scorecard_status(con, None, deck.period).set_index("indicator_id")
        for slide in deck.indicator_slides():
            row = slide.indicator
            assert row.status == whole.loc[row.indicator_id, "status"]
            assert row.word == STATUS_LOOK[Status(row.status)].word
        for slide in (s for s in deck.slides if s.kind == "unit"):
            unit_id = {"Enhet: Garderåsen barnehage": "BHG-GAR",
                       "Enhet: Nordby skole": "SKO-NOR"}[slide.title]
            frame = scorecard_status(con, unit_id, deck.period)
            measured = frame[frame["measured_for_unit"]].set_index("indicator_id")["status"]
            shown = {r.indicator_id: r.status for b in slide.blocks for r in b.rows}
            assert shown == measured.to_dict() and shown
    finally:
        con.close()
    # the demo has all three statuses among these indicators, so colour alone would not do
    assert {s.indicator.status for s in deck.indicator_slides()} == {"green", "yellow", "red"}


def test_comment_with_author_on_its_slide(deck):
    by_id = {s.indicator.indicator_id: s for s in deck.indicator_slides()}
    assert by_id["POL-BOSTED"].comment.text == COMMENT
    assert by_id["POL-BOSTED"].comment.author == "Rådmann Rå"
    assert by_id["POL-BEFOLKNINGSVEKST"].comment is None


def test_html_is_self_contained_and_escapes_comments(deck, tmp_path):
    out = export_deck(deck, tmp_path / "deck.html")
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    for tag in page.with_attr("src") + page.with_attr("href"):
        value = tag.get("src") or tag.get("href") or ""
        assert not re.match(r"(https?:)?//", value), value
    assert not re.search(r"<link[^>]+href=\"https?:", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html
    assert page.live_scripts_containing("alert(1)") == []
    text = page.text
    for title in deck.titles:
        assert title in text
    assert "Rådmann Rå" in text
    assert "Lysbilde 1 av" in text
    # keyboard navigation and one chart per indicator slide with a trend
    assert "ArrowRight" in html and "PageDown" in html
    charts = sum(1 for s in deck.indicator_slides() if s.figure)
    assert charts and html.count("data-bms-chart data-indicator=") == charts
    assert "Plotly" in html  # plotly.js inline


def test_print_mode_has_one_page_per_slide_css(deck):
    html = render_deck_html(deck, "print")
    assert "break-after: page" in html and "A4 landscape" in html
    assert html.count('<section class="slide') == len(deck.slides)


def test_unknown_selection_is_refused_in_norwegian(demo_store_master):
    con = store.open_readonly(demo_store_master)
    try:
        with pytest.raises(DeckError, match="finnes ikke i målekartet"):
            build_deck(con, None, Selection(indicators=("FINNES-IKKE",)))
        with pytest.raises(DeckError, match="Velg minst ett fokusområde"):
            build_deck(con, None, Selection())
        with pytest.raises(DeckError, match="Perioden «1999»"):
            build_deck(con, None, Selection(indicators=("POL-BOSTED",), period="1999"))
        deck = build_deck(con, None, Selection(focus_areas=("pol.kompetanse",), period="2025"))
        assert deck.period_label == "2025"
        assert {s.indicator.indicator_id for s in deck.indicator_slides()} == {
            "POL-GRUNNSKOLEPOENG", "POL-BARNEHAGELAERERE"}
    finally:
        con.close()


def test_unknown_suffix_is_refused(deck, tmp_path):
    with pytest.raises(ReportError, match=r"\.html, \.pdf eller \.pptx"):
        export_deck(deck, tmp_path / "deck.docx")
    assert not (tmp_path / "deck.docx").exists()
