"""Export a meeting presentation (:class:`bmsdata.reports.deck.Deck`) as HTML, PDF or PPTX.

``export_deck(deck, out)`` chooses by the file's suffix:

* **.html**: one self-contained file (CSS, plotly.js and the figures inline; no network),
  one slide on screen, moved with the arrow keys, Page Up/Down, space, Home/End or the
  buttons; printing it gives one slide per page. For a meeting room without our server.
* **.pdf**: the same slides printed by headless Chromium (:mod:`bmsdata.reports.printing`),
  one per A4 landscape page, charts drawn static before printing.
* **.pptx**: python-pptx slides with the same titles, tables, statuses (symbol + word, in the
  status colour) and comments; the charts are PNG screenshots of the very same plotly figures
  (Chromium), because people edit and re-use PowerPoint slides.

Everything goes through one jinja2 template (``templates/deck.html.j2``, replaceable by a
municipal profile), so the three formats cannot drift apart. The profile (name, logo, colours)
comes from :func:`bmsdata.reports.profile.load_profile`.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bmsdata.reports import deck_text
from bmsdata.reports.common import draw_charts_js, figure_json, journal_location, plotly_js
from bmsdata.reports.deck import Deck, DeckError, Slide, deck_for_loop
from bmsdata.reports.printing import Printer, ReportError
from bmsdata.reports.profile import Profile, ReportTemplate, load_profile, plain_module

log = logging.getLogger(__name__)

SUFFIXES = (".html", ".pdf", ".pptx")
TEMPLATE = "deck.html.j2"
MODES = ("slides", "print", "charts")


# -- HTML ------------------------------------------------------------------------------------


def render_deck_html(deck: Deck, mode: str = "slides", profile: Profile | None = None) -> str:
    """The deck as one HTML document (``mode``: slides, print or charts; see the template)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    profile = profile or load_profile()
    template = ReportTemplate(profile, TEMPLATE, filters={"figure_json": figure_json})
    return template.render(
        deck=deck, mode=mode, T=plain_module(deck_text), profile=profile,
        municipality=profile.name or deck.municipality,
        plotly_js=plotly_js(), draw_charts_js=draw_charts_js(),
    )


# -- PPTX ------------------------------------------------------------------------------------


def chart_images(deck: Deck, printer: Printer, profile: Profile | None = None) -> list[bytes]:
    """One PNG per indicator slide with a chart, in slide order (960×540 CSS px, 2× scale)."""
    if not any(s.figure for s in deck.indicator_slides()):
        return []
    html = render_deck_html(deck, "charts", profile)
    return printer.screenshots(html, ".deck-chart .bms-plot", scale=2.0, viewport=(1000, 600))


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def render_pptx(deck: Deck, out: Path, images: list[bytes],
                profile: Profile | None = None) -> Path:
    """Write the deck as PPTX (16:9). ``images``: :func:`chart_images` in slide order."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    profile = profile or load_profile()
    primary = _rgb(profile.colours.get("primary", "#0b3a66"))
    municipality = profile.name or deck.municipality
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    pictures = iter(images)
    total = len(deck.slides)

    def text_box(slide: Any, left: float, top: float, width: float, height: float,
                 lines: list[tuple[str, int, bool, Any]]) -> Any:
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, (text, size, bold, colour) in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = para.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            if colour is not None:
                run.font.color.rgb = colour
        return box

    def new_slide(s: Slide, n: int) -> Any:
        slide = prs.slides.add_slide(blank)
        title_size = 40 if s.kind == "title" else 30
        top = 2.3 if s.kind == "title" else 0.35
        shape = text_box(slide, 0.6, top, 12.1, 1.0, [(s.title, title_size, True, primary)])
        shape.name = "Tittel"
        if s.lead:
            text_box(slide, 0.6, top + (1.2 if s.kind == "title" else 0.85), 12.1, 0.6,
                     [(s.lead, 20 if s.kind == "title" else 16, False, _rgb("#4a4a4a"))])
        text_box(slide, 0.6, 7.0, 12.1, 0.4,
                 [(f"{municipality} · {deck.title} · "
                   f"{deck_text.SLIDE_OF.format(n=n, total=total)}", 10, False, _rgb("#4a4a4a"))])
        return slide

    def table(slide: Any, top: float, headers: list[str], rows: list[list[Any]],
              widths: list[float], size: int = 14) -> None:
        height = min(5.6, 0.4 * (len(rows) + 1))
        shape = slide.shapes.add_table(len(rows) + 1, len(headers), Inches(0.6), Inches(top),
                                       Inches(sum(widths)), Inches(height))
        tbl = shape.table
        for j, w in enumerate(widths):
            tbl.columns[j].width = Inches(w)
        for j, h in enumerate(headers):
            cell = tbl.cell(0, j)
            cell.text = h
            cell.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
            cell.text_frame.paragraphs[0].runs[0].font.bold = True
            cell.fill.solid()
            cell.fill.fore_color.rgb = primary
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                cell = tbl.cell(i, j)
                colours = None
                if isinstance(value, tuple):  # (text, colour, background): a status
                    value, fg, bg = value
                    colours = (fg, bg)
                cell.text = str(value)
                run = cell.text_frame.paragraphs[0].runs[0] if value else None
                if run is not None:
                    run.font.size = Pt(size)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(colours[1] if colours else "#ffffff")
                if colours and run is not None:
                    run.font.color.rgb = _rgb(colours[0])
                    run.font.bold = True

    def status_cell(r: Any) -> tuple[str, str, str]:
        return (r.status_text, r.colour, r.background)

    for n, s in enumerate(deck.slides, start=1):
        slide = new_slide(s, n)
        if s.kind == "title":
            lines = [(municipality, 24, True, primary)]
            if deck.fictional:
                lines.append((deck_text.FICTIONAL, 16, True, _rgb("#7a4a00")))
            text_box(slide, 0.6, 1.2, 12.1, 1.0, lines)
            logo = _png_logo(profile)
            if logo is not None:
                slide.shapes.add_picture(io.BytesIO(logo), Inches(10.6), Inches(0.4),
                                         height=Inches(1.0))
        elif s.kind == "overview":
            rows = [[b.name, r.name, status_cell(r), r.value_text, r.ambition_text]
                    for b in s.blocks for r in b.rows]
            size = 14 if len(rows) <= 10 else 11
            table(slide, 1.4, [deck_text.COL_INDICATOR.replace("Indikator", "Fokusområde"),
                               deck_text.COL_INDICATOR, deck_text.COL_STATUS,
                               deck_text.COL_RESULT, deck_text.COL_AMBITION],
                  rows, [2.6, 4.3, 2.4, 1.4, 1.5], size)
        elif s.kind in ("focus_area", "unit"):
            rows = [[r.name, status_cell(r), r.value_text, r.ambition_text, r.period_label,
                     r.trend_text] for b in s.blocks for r in b.rows]
            if rows:
                table(slide, 1.4, [deck_text.COL_INDICATOR, deck_text.COL_STATUS,
                                   deck_text.COL_RESULT, deck_text.COL_AMBITION,
                                   deck_text.COL_PERIOD, deck_text.COL_TREND],
                      rows, [4.2, 2.4, 1.4, 1.5, 1.4, 1.2], 14 if len(rows) <= 10 else 11)
        elif s.kind == "indicator" and s.indicator is not None:
            r = s.indicator
            if s.figure is not None:
                png = next(pictures, None)
                if png is not None:
                    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(0.6), Inches(1.5),
                                                   width=Inches(7.4))
                    pic.name = f"Diagram {r.indicator_id}"
            facts = [(r.status_text, 26, True, _rgb(r.colour)),
                     (f"{deck_text.RESULT}: {r.value_text}", 18, False, None),
                     (f"{deck_text.AMBITION}: {r.ambition_text}", 18, False, None),
                     (f"{deck_text.PERIOD}: {r.period_label}", 18, False, None)]
            if r.trend_word:
                facts.append((f"{deck_text.TREND}: {r.trend_text}", 18, False, None))
            facts.append(("", 10, False, None))
            facts.append((deck_text.COMMENT_HEADING, 18, True, primary))
            if s.comment is not None:
                facts.append((s.comment.text, 16, False, None))
                facts.append((deck_text.COMMENT_BY.format(author=s.comment.author,
                                                  when=s.comment.when), 12, False,
                              _rgb("#4a4a4a")))
            else:
                facts.append((deck_text.NO_COMMENT, 16, False, _rgb("#4a4a4a")))
            text_box(slide, 8.3, 1.5, 4.5, 5.4, facts)
            if s.comment is not None:
                slide.notes_slide.notes_text_frame.text = (
                    f"{deck_text.COMMENT_HEADING}: {s.comment.text} "
                    f"{deck_text.COMMENT_BY.format(author=s.comment.author, when=s.comment.when)}")
        elif s.kind == "tiltak" and s.tiltak:
            rows = [[t.title, t.status_text + (f" {deck_text.OVERDUE}" if t.overdue else ""),
                     t.deadline_text, t.owner, t.indicators] for t in s.tiltak]
            table(slide, 1.4, [deck_text.COL_TILTAK, deck_text.COL_STATUS, deck_text.COL_DEADLINE,
                               deck_text.COL_OWNER, deck_text.COL_INDICATOR],
                  rows, [3.6, 2.4, 1.3, 2.2, 2.6], 13)
        elif s.kind == "end":
            text_box(slide, 0.9, 1.6, 11.5, 4.5, [(f"• {q}", 28, False, None) for q in s.prompts])
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    prs.save(str(part))
    os.replace(part, out)
    return out


def _png_logo(profile: Profile) -> bytes | None:
    """The profile's logo as PNG bytes (python-pptx cannot place SVG; then none)."""
    import base64

    uri = profile.logo_data_uri or ""
    prefix = "data:image/png;base64,"
    return base64.b64decode(uri[len(prefix):]) if uri.startswith(prefix) else None


# -- one entry point -------------------------------------------------------------------------


def export_deck(deck: Deck, out: Path, *, printer: Printer | None = None,
                profile: Profile | None = None) -> Path:
    """Write ``deck`` to ``out`` as .html, .pdf or .pptx (chosen by the suffix).

    ``printer``: an open :class:`Printer` to reuse (the dashboard exports PDF and PPTX with one
    Chromium); without it, PDF and PPTX start their own. The file appears whole or not at all.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportError(deck_text.UNKNOWN_FORMAT.format(suffix=suffix or out.name),
                          f"unknown deck format {suffix!r}")
    profile = profile or load_profile()
    started = time.perf_counter()
    if suffix == ".html":
        out.parent.mkdir(parents=True, exist_ok=True)
        part = out.with_name(out.name + ".part")
        part.write_text(render_deck_html(deck, "slides", profile), encoding="utf-8")
        os.replace(part, out)
    else:
        with ExitStack() as stack:
            p = printer if printer is not None else stack.enter_context(Printer())
            if suffix == ".pdf":
                p.pdf(render_deck_html(deck, "print", profile), out, landscape=True)
            else:
                render_pptx(deck, out, chart_images(deck, p, profile), profile)
    log.info("wrote %s in %.2f s", out, time.perf_counter() - started)
    return out


def export_command(args: argparse.Namespace,
                   echo: Callable[[str], None] | None = None) -> int:
    """``bms report presentasjon --loop L --out FILE``: the loop's deck as saved in its journal.

    Reads ``args.loop``, ``args.out``, ``args.store`` and (when present) ``args.profil`` and
    ``args.journal``. Norwegian errors on stderr and exit code 2; 0 on success.
    """
    echo = echo or print
    out = Path(args.out)
    try:
        if out.suffix.lower() not in SUFFIXES:
            raise ReportError(deck_text.UNKNOWN_FORMAT.format(suffix=out.suffix or out.name),
                              f"unknown deck format {out.suffix!r}")
        profile = load_profile(getattr(args, "profil", None))
        from bmsdata.loop.journal import open_journal

        journal = open_journal(getattr(args, "journal", None) or journal_location(args.store))
        deck = deck_for_loop(args.loop, args.store, journal)
        export_deck(deck, out, profile=profile)
    except (ReportError, DeckError) as exc:
        log.debug("presentation export failed: %s", getattr(exc, "english", exc))
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from bmsdata.loop.errors import LoopError

        if isinstance(exc, LoopError):
            log.debug(exc.english)
            print(f"Feil: {exc}", file=sys.stderr)
            return 2
        raise
    echo(f"Presentasjonen er lagret: {out} ({len(deck.slides)} lysbilder).")
    return 0


__all__ = ["SUFFIXES", "chart_images", "export_command", "export_deck", "render_deck_html",
           "render_pptx"]
