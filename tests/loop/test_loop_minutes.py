"""Minutes (protokoll) in HTML and Markdown: complete, Norwegian, and typed text stays text."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bmsdata.reports.minutes import escape_markdown, minutes_html, minutes_markdown

ATTACK = "<script>alert(1)</script>"


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def decided_loop(service, political_loop):
    loop = political_loop(dates=("2025-05-05",) * 4)
    service.add_note(loop.loop_id, f"Se {ATTACK} her", "Ola <b>Hacker</b>", stage=1)
    meeting = service.hold_meeting(loop.loop_id, 5, "2025-05-05", "30/25", None, "Kari")
    service.decide_tiltak(loop.loop_id, [loop.proposal], meeting.id, "Kari",
                          override_reason="Tilskuddsfristen går ut før neste møte")
    service.set_tiltak_status(loop.loop_id, loop.proposal, "igangsatt", "Lise Leder",
                              comment="Første team i gang")
    return service.state(loop.loop_id, today=date(2025, 10, 1))


def test_script_in_a_note_is_escaped_in_html(decided_loop) -> None:
    html = minutes_html(decided_loop)
    assert ATTACK not in html
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Hacker</b>" not in html and "Ola &lt;b&gt;Hacker&lt;/b&gt;" in html


def test_script_in_a_note_is_escaped_in_markdown(decided_loop) -> None:
    md = minutes_markdown(decided_loop)
    assert ATTACK not in md
    assert "<script" not in md.lower()
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    assert "<b>" not in md


def test_markdown_renders_the_attack_as_visible_text(decided_loop) -> None:
    mistune = pytest.importorskip("mistune")
    rendered = mistune.html(minutes_markdown(decided_loop))
    assert "<script" not in rendered.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


@pytest.mark.parametrize(
    "text",
    [
        "[klikk](javascript:alert(1))",
        "![bilde](http://evil/x.png)",
        "# Overskrift",
        "1. ikke en liste",
        "- ikke et punkt",
        "    kodeblokk",
        "**fet** _kursiv_ `kode` ~~strek~~ | tabell |",
        "linje 1\n\n<img src=x onerror=alert(1)>",
    ],
)
def test_escape_markdown_leaves_only_text(text: str) -> None:
    mistune = pytest.importorskip("mistune")
    rendered = mistune.html(f"- {escape_markdown(text)}\n")
    for tag in ("<a ", "<img", "<h1", "<ol", "<code", "<strong", "<em", "<del", "<table", "<pre"):
        assert tag not in rendered, (text, rendered)
    visible = re.sub(r"<[^>]+>", "", rendered)
    words = re.findall(r"\w+", text)
    assert all(w in visible for w in words), (text, visible)


def test_minutes_hold_the_whole_record_in_norwegian(decided_loop) -> None:
    for text in (_plain(minutes_html(decided_loop)), _plain(minutes_markdown(decided_loop))):
        assert "RS1 2025: brukerundersøkelsen" in text
        assert "Formannskapet" in text and "Kommunestyret" in text
        assert "5. mai 2025" in text  # Norwegian date
        assert "kr 120 000" in text  # Norwegian currency
        assert "Hva sier resultatene oss om hjemmetjenesten?" in text
        assert "Helseutvalget analyserer" in text  # council decision
        assert "Eldrerådet" in text
        assert "Bestilling til rådmannen" in text
        assert "Faste team i hjemmetjenesten" in text
        assert "Unntak fra regelen om ikke å behandle resultater og tiltak i samme møte" in text
        assert "Tilskuddsfristen går ut før neste møte" in text
        assert "Igangsatt" in text and "Første team i gang" in text  # status as a word
        assert "1. september 2025" in text  # deadline


def test_status_is_never_colour_alone(service, political_loop) -> None:
    loop = political_loop()
    meeting = service.hold_meeting(loop.loop_id, 5, "2025-05-05", None, None, "Kari")
    service.decide_tiltak(loop.loop_id, [loop.proposal], meeting.id, "Kari")
    state = service.state(loop.loop_id, today=date(2025, 9, 2))  # deadline 1 Sep has passed
    html = minutes_html(state)
    cell = re.search(r'<span class="status status-planlagt">([^<]*)</span>', html)
    assert cell is not None and "Planlagt" in cell.group(1)
    assert "Forfalt: Fristen er passert" in html
    assert "Forfalt: Fristen er passert" in minutes_markdown(state)
    assert "Ingen vedtak registrert" not in html


def test_a_fresh_administrative_loop_renders(service) -> None:
    loop_id = service.open_loop("RS4 medarbeiderundersøkelsen", "administrativ", "RS4", 2025,
                                author="Rådmann Rød")
    state = service.state(loop_id)
    html, md = minutes_html(state), minutes_markdown(state)
    for text in (html, md):
        assert "Løyfen har ikke startet ennå" in text
        assert "Administrativ resultatsløyfe" in text
        assert "Ingen forslag registrert" in text and "Ingen tiltak vedtatt" in text
        # Politicians are informed after stage II (results) and stage V (planned tiltak).
        assert text.count("Ja, etter dette trinnet") == 2
    assert html.count("○ Ikke startet") == 2 * 5  # table row and stage heading, five stages
