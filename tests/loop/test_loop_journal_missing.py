"""A missing or damaged journal is said so, in Norwegian, with the path – and never replaced.

The journal is the only data nobody can rebuild. A mistyped ``BMS_JOURNAL`` or an unmounted
share used to create a new, empty journal (the loop page then said "no loops", and the record
was silently split in two); a damaged file gave «Uventet feil» and CLI exit 70. These tests
look where a person would: the exception's text, the loop page, the CLI's stderr and exit
code, and the disk (nothing may appear there by reading).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import ipywidgets as W
import pytest

from bmsdata import cli
from bmsdata.loop import LoopService, open_journal
from bmsdata.loop.errors import JournalCorruptError, JournalError, JournalMissingError
from bmsdata.loop.journal import ensure_journal
from bmsdata.ui.resultatsloyfe import view as V


def _texts(widget: W.Widget) -> str:
    """Everything a person can read on a page built of widgets."""
    parts = [str(getattr(widget, "value", "") or "")]
    for child in getattr(widget, "children", ()):
        parts.append(_texts(child))
    return "\n".join(parts)


def _snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# -- missing ---------------------------------------------------------------------------------


def test_reading_a_missing_journal_names_the_file_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    journal = open_journal(path)
    for read in (journal.entries, lambda: journal.get(1), LoopService(journal).list_loops):
        with pytest.raises(JournalMissingError) as info:
            read()
        message = str(info.value)
        assert f"Fant ingen journal i «{path}»" in message
        assert "BMS_JOURNAL" in message and "bms serve" in message
    assert _snapshot(tmp_path) == set()

    # The first write into an existing folder creates it, as before; then reading works.
    service = LoopService(journal)
    loop_id = service.open_loop("RS1 2025", "politisk", "RS1", 2025, author="Kari",
                                focus_areas=["brukere"], indicators=["x"])
    assert path.is_file()
    assert [s.loop_id for s in LoopService(open_journal(path)).list_loops()] == [loop_id]


def test_a_missing_folder_is_named_and_never_created_by_reading_or_writing(
    tmp_path: Path,
) -> None:
    share = tmp_path / "fellesomrade"  # an unmounted share: the folder is not there
    path = share / "bms" / "journal.sqlite"
    journal = open_journal(path)
    with pytest.raises(JournalMissingError) as info:
        journal.entries()
    assert f"Mappen «{share / 'bms'}»" in str(info.value)
    assert "montert" in str(info.value)
    with pytest.raises(JournalMissingError, match="Ingen ny journal er laget"):
        journal.append("note", "rs1", {"tekst": "hei"}, "Kari")
    with pytest.raises(JournalMissingError):
        LoopService(journal).open_loop("RS1 2025", "politisk", "RS1", 2025, author="Kari",
                                       focus_areas=["brukere"], indicators=["x"])
    with pytest.raises(JournalMissingError):
        ensure_journal(path)  # not even bms serve creates parent folders
    assert not share.exists()


def test_a_write_to_an_unknown_loop_in_a_missing_journal_creates_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite"
    with pytest.raises(JournalMissingError):
        LoopService(open_journal(path)).add_note("rs1", "hei", "Kari")
    assert not path.exists()


def test_ensure_journal_creates_an_empty_journal_once(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    assert ensure_journal(path) is True
    assert ensure_journal(path) is False
    assert open_journal(path).entries() == []
    assert LoopService(open_journal(path)).list_loops() == []


# -- damaged ---------------------------------------------------------------------------------


def _journal_with_entries(path: Path, count: int = 400) -> None:
    journal = open_journal(path)
    ensure_journal(path)
    for n in range(count):
        journal.append("note", "rs1", {"n": n, "tekst": "Hvorfor økte ventetiden? " * 8}, "Kari")
    journal.close()  # checkpoints the WAL into the file and removes it


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text_file(path: Path) -> None:
    path.write_text("enhet;verdi\nBHG;3\n", encoding="utf-8")


def _truncated(path: Path) -> None:
    _journal_with_entries(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garbled_pages(path: Path) -> None:
    _journal_with_entries(path)
    data = bytearray(path.read_bytes())
    quarter = len(data) // 4
    data[quarter:2 * quarter] = os.urandom(quarter)  # entries' pages; the header is intact
    path.write_bytes(bytes(data))


def _another_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE kunder (navn TEXT)")
    conn.commit()
    conn.close()


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


DAMAGE = [_garbage, _text_file, _truncated, _garbled_pages, _another_database, _empty_file]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_journal_is_a_norwegian_error_naming_the_file(tmp_path: Path, damage) -> None:
    path = tmp_path / "journal.sqlite"
    damage(path)
    before = path.read_bytes()
    journal = open_journal(path)
    with pytest.raises(JournalCorruptError) as info:
        journal.entries()
    message = str(info.value)
    assert f"Journalen «{path}» er skadet eller er ikke en journalfil" in message
    assert "sikkerhetskopi" in message
    assert "Traceback" not in message and "sqlite3" not in message
    with pytest.raises(JournalError):
        open_journal(path).append("note", "rs1", {"tekst": "hei"}, "Kari")
    with pytest.raises(JournalCorruptError):
        ensure_journal(path)  # bms serve refuses it at start
    assert path.read_bytes() == before  # nothing was written into it


# -- the loop page ---------------------------------------------------------------------------


def test_the_loop_page_names_a_missing_journal_and_creates_nothing(
    demo_store_master: Path, tmp_path: Path
) -> None:
    path = tmp_path / "montert" / "journal.sqlite"
    session = V.open_session(demo_store_master, path)
    text = _texts(V.page(session))
    assert f"Mappen «{tmp_path / 'montert'}»" in text
    assert "BMS_JOURNAL" in text
    assert "ingen resultatsløyfer" not in text.lower()
    assert not (tmp_path / "montert").exists()

    path = tmp_path / "journal.sqlite"
    text = _texts(V.page(V.open_session(demo_store_master, path)))
    assert f"Fant ingen journal i «{path}»" in text
    assert _snapshot(tmp_path) == set()


def test_the_loop_page_says_a_damaged_journal_is_damaged(
    demo_store_master: Path, tmp_path: Path
) -> None:
    path = tmp_path / "journal.sqlite"
    _garbage(path)
    text = _texts(V.page(V.open_session(demo_store_master, path)))
    assert f"Journalen «{path}» er skadet" in text
    assert "Uventet feil" not in text and "Traceback" not in text


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def no_voila(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """``bms serve`` up to the point where Voila would start; records the call instead."""
    import bmsdata.serve

    calls: list[object] = []

    def fake_serve(*args: object, **kwargs: object) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(bmsdata.serve, "serve", fake_serve)
    return calls


def test_bms_serve_refuses_a_damaged_journal_with_its_path(
    demo_store_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys,
    no_voila: list[object],
) -> None:
    path = tmp_path / "journal.sqlite"
    _garbage(path)
    monkeypatch.setenv("BMS_JOURNAL", str(path))
    code = cli.main(["--store", str(demo_store_master), "serve"])
    err = capsys.readouterr().err
    assert code not in (0, cli.EXIT_BUG)
    assert f"Journalen «{path}» er skadet" in err and "Uventet feil" not in err
    assert no_voila == []


def test_bms_serve_refuses_a_missing_folder_and_creates_a_missing_file(
    demo_store_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys,
    no_voila: list[object],
) -> None:
    missing = tmp_path / "share" / "journal.sqlite"
    monkeypatch.setenv("BMS_JOURNAL", str(missing))
    code = cli.main(["--store", str(demo_store_master), "serve"])
    err = capsys.readouterr().err
    assert code not in (0, cli.EXIT_BUG)
    assert f"Mappen «{tmp_path / 'share'}»" in err
    assert not (tmp_path / "share").exists() and no_voila == []

    fresh = tmp_path / "journal.sqlite"
    monkeypatch.setenv("BMS_JOURNAL", str(fresh))
    assert cli.main(["--store", str(demo_store_master), "serve"]) == 0
    out = capsys.readouterr().out
    assert f"Laget en ny, tom journal for resultatsløyfene: {fresh}" in out
    assert fresh.is_file() and len(no_voila) == 1
    assert cli.main(["--store", str(demo_store_master), "serve"]) == 0
    assert "Laget en ny" not in capsys.readouterr().out  # only when it was made


def test_a_report_on_a_damaged_journal_is_a_norwegian_error_not_exit_70(
    demo_store_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    path = tmp_path / "journal.sqlite"
    _truncated(path)
    monkeypatch.setenv("BMS_JOURNAL", str(path))
    code = cli.main(["--store", str(demo_store_master), "report", "presentasjon",
                     "--loop", "rs1", "--out", str(tmp_path / "deck.html")])
    err = capsys.readouterr().err
    assert code not in (0, cli.EXIT_BUG)
    assert f"Journalen «{path}» er skadet" in err and "Uventet feil" not in err
    assert not (tmp_path / "deck.html").exists()
