"""PDF and PPTX of the meeting presentation, printed by Debian's Chromium.

A person checks that the PDF has one page per slide, with the indicator names, the status
words and the rådmann's comment (escaped, as typed); that the PPTX has the same slide titles,
a chart picture on every indicator slide with a trend, and the comment as text. The CLI
``bms report presentasjon`` writes the same files from the journal.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from deckkit import COMMENT, SCRIPT, make_loop
from reportkit import pdf_pages, pdf_text

from bmsdata.loop.journal import open_journal
from bmsdata.reports.deck import deck_for_loop
from bmsdata.reports.deck_export import export_command, export_deck
from bmsdata.reports.printing import Printer
from bmsdata.scorecard.status import STATUS_LOOK, Status

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def exported(demo_store_master: Path, tmp_path_factory: pytest.TempPathFactory, chromium):
    work = tmp_path_factory.mktemp("deck-export")
    loop_id = make_loop(work / "journal.sqlite")
    deck = deck_for_loop(loop_id, demo_store_master, open_journal(work / "journal.sqlite"))
    with Printer() as printer:
        pdf = export_deck(deck, work / "deck.pdf", printer=printer)
        pptx = export_deck(deck, work / "deck.pptx", printer=printer)
    return deck, pdf, pptx, loop_id, work


@pytest.mark.browser
def test_pdf_one_page_per_slide_with_names_statuses_and_escaped_comment(exported):
    deck, pdf, _pptx, _id, _work = exported
    assert pdf_pages(pdf) == len(deck.slides)
    text = pdf_text(pdf)
    for slide in deck.indicator_slides():
        assert slide.indicator.name in text
        assert f"{slide.indicator.symbol} {slide.indicator.word}" in text
    for status in ("green", "yellow", "red"):
        assert STATUS_LOOK[Status(status)].word in text
    assert " ".join(COMMENT.split()) in text  # the script shows as the text that was typed
    assert "Rådmann Rå" in text
    assert "Det samlede bildet" in text and "Enhet: Garderåsen barnehage" in text


@pytest.mark.browser
def test_pptx_titles_pictures_and_comment_text(exported):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck, _pdf, pptx, _id, _work = exported
    prs = Presentation(str(pptx))
    slides = list(prs.slides)
    titles = [next(s.text_frame.text for s in slide.shapes if s.name == "Tittel")
              for slide in slides]
    assert titles == deck.titles
    for slide, deck_slide in zip(slides, deck.slides, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if deck_slide.kind == "indicator" and deck_slide.figure:
            assert len(pictures) == 1
            assert pictures[0].image.content_type == "image/png"
            assert pictures[0].image.size[0] >= 960  # 2× scale: sharp on a projector
        else:
            assert not pictures
    text = "\n".join(shape.text_frame.text for slide in slides for shape in slide.shapes
                     if shape.has_text_frame)
    assert COMMENT in text  # python-pptx stores text, so the script is inert text here
    table_text = "\n".join(cell.text for slide in slides for shape in slide.shapes
                           if shape.has_table for row in shape.table.rows for cell in row.cells)
    for status in ("green", "yellow", "red"):
        look = STATUS_LOOK[Status(status)]
        assert f"{look.symbol} {look.word}" in table_text


@pytest.mark.browser
def test_cli_writes_the_deck_from_the_journal(exported, demo_store_master, monkeypatch,
                                              capsys):
    deck, _pdf, _pptx, loop_id, work = exported
    monkeypatch.setenv("BMS_JOURNAL", str(work / "journal.sqlite"))
    out = work / "cli.html"
    args = argparse.Namespace(loop=loop_id, out=str(out), store=str(demo_store_master))
    assert export_command(args) == 0
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and SCRIPT not in html
    assert "Presentasjonen er lagret" in capsys.readouterr().out
    bad = argparse.Namespace(loop="finnes-ikke", out=str(work / "x.pdf"),
                             store=str(demo_store_master))
    assert export_command(bad) == 2
    assert "Fant ingen resultatsløyfe" in capsys.readouterr().err
    assert not (work / "x.pdf").exists()
