"""The journal's contract: who and when on every entry, append-only, corrections as new entries.

Tests taking ``journal``/``service``/``journal_target`` run on SQLite and on PostgreSQL (see
conftest.py); SQLite's own storage checks use ``sqlite_journal``. PostgreSQL's own checks are
in test_loop_journal_pg.py.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bmsdata.loop import (
    ConflictError,
    Journal,
    JournalError,
    LoopValidationError,
    NotFoundError,
    SqliteJournal,
    open_journal,
)
from bmsdata.reports.minutes import minutes_html, minutes_markdown


def test_entries_record_who_and_when(journal: Journal) -> None:
    before = datetime.now(UTC)
    entry = journal.append("note", "rs1", {"text": "Økt trivsel på Garderåsen"}, "  Åse  ")
    assert isinstance(journal, Journal)
    assert entry.author == "Åse"
    assert entry.ts.tzinfo is not None and entry.ts.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= entry.ts <= datetime.now(UTC)
    stored = journal.get(entry.id)
    assert stored == entry
    assert journal.get(entry.id + 1000) is None


def test_author_must_be_given(journal: Journal) -> None:
    for author in ("", "   ", None):
        with pytest.raises(ValueError):
            journal.append("note", "rs1", {"text": "x"}, author)  # type: ignore[arg-type]
    assert journal.entries() == []


def test_filters_by_loop_and_kind(journal: Journal) -> None:
    a = journal.append("note", "rs1", {"n": 1}, "a")
    b = journal.append("meeting_held", "rs1", {"n": 2}, "a")
    c = journal.append("note", "rs2", {"n": 3}, "a")
    assert [e.id for e in journal.entries()] == [a.id, b.id, c.id]
    assert [e.id for e in journal.entries("rs1")] == [a.id, b.id]
    assert [e.id for e in journal.entries(kinds=["note"])] == [a.id, c.id]
    assert [e.id for e in journal.entries("rs1", kinds={"note"})] == [a.id]
    assert journal.entries("rs1", kinds=[]) == []


def test_corrects_must_point_to_an_existing_entry(journal: Journal) -> None:
    with pytest.raises(NotFoundError):
        journal.append("correction", "rs1", {"reason": "x", "payload": {}}, "a", corrects=42)


def test_conditional_append_detects_a_concurrent_write(journal: Journal) -> None:
    first = journal.append("note", "rs1", {"n": 1}, "a", expect_last_id=0)
    journal.append("note", "rs1", {"n": 2}, "b")  # someone else
    with pytest.raises(ConflictError):
        journal.append("note", "rs1", {"n": 3}, "a", expect_last_id=first.id)
    assert [e.payload["n"] for e in journal.entries("rs1")] == [1, 2]


def test_update_and_delete_are_refused_by_the_database(
    sqlite_journal: SqliteJournal, journal_path: Path
) -> None:
    journal = sqlite_journal
    entry = journal.append("note", "rs1", {"text": "opprinnelig"}, "Åse")
    raw = sqlite3.connect(journal_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("UPDATE journal SET payload = '{\"text\": \"endret\"}' WHERE id = ?",
                        (entry.id,))
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("DELETE FROM journal WHERE id = ?", (entry.id,))
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute("DELETE FROM journal")
        raw.commit()
    finally:
        raw.close()
    assert journal.entries() == [entry]


def test_journal_is_wal_and_fully_synchronous(
    sqlite_journal: SqliteJournal, journal_path: Path
) -> None:
    journal = sqlite_journal
    journal.append("note", None, {}, "a")
    raw = sqlite3.connect(journal_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()
    # synchronous is per connection: check the journal's own (2 = FULL).
    assert journal._connection(write=False).execute("PRAGMA synchronous").fetchone()[0] == 2


def test_a_correction_is_a_new_entry_and_history_keeps_both(service, journal) -> None:
    loop_id = service.open_loop("RS1", "politisk", "RS1", 2025, author="Kari")
    service.hold_meeting(loop_id, 1, "2025-03-10", None, None, "Kari")
    note = service.add_note(loop_id, "Trivselen falt på Garderåsen", "Ola")
    fixed = service.correct(
        note.id, {**note.payload, "text": "Trivselen steg på Garderåsen"}, "Ola",
        reason="Feil retning i første versjon",
    )
    assert fixed.id != note.id and fixed.corrects == note.id and fixed.kind == "correction"

    state = service.state(loop_id)
    assert [(n.id, n.text, n.corrected) for n in state.notes[1]] == [
        (note.id, "Trivselen steg på Garderåsen", True)
    ]
    assert [(c.root_id, c.reason) for c in state.corrections] == [
        (note.id, "Feil retning i første versjon")
    ]
    history = journal.entries(loop_id)
    assert journal.get(note.id).payload["text"] == "Trivselen falt på Garderåsen"
    assert [e.id for e in history][-2:] == [note.id, fixed.id]

    # Correcting again (by the original's id) chains to the newest version.
    again = service.correct(note.id, {**note.payload, "text": "Trivselen steg litt"}, "Kari",
                            reason="Presisering")
    assert again.corrects == fixed.id
    assert service.state(loop_id).notes[1][0].text == "Trivselen steg litt"
    assert "Trivselen steg litt" in minutes_html(service.state(loop_id))
    assert "Trivselen falt" not in minutes_markdown(service.state(loop_id))


def test_corrections_cannot_move_entries_or_undo_vedtak(service, political_loop) -> None:
    loop = political_loop()
    note = service.state(loop.loop_id).notes[1][0]
    with pytest.raises(LoopValidationError, match="kan ikke endres"):
        service.correct(note.id, {"stage": 2, "note_type": "question", "text": "x"}, "Ola",
                        reason="flytt")
    with pytest.raises(LoopValidationError, match="Ukjente felt"):
        service.correct(note.id, {"stage": 1, "note_type": "question", "txt": "x"}, "Ola",
                        reason="skrivefeil")
    with pytest.raises(LoopValidationError, match="Begrunnelse"):
        service.correct(note.id, {"stage": 1, "note_type": "question", "text": "x"}, "Ola",
                        reason="")
    meeting = service.hold_meeting(loop.loop_id, 5, "2025-05-05", None, None, "Kari")
    vedtak = service.decide_tiltak(loop.loop_id, [loop.proposal], meeting.id, "Kari")
    with pytest.raises(LoopValidationError, match="Et vedtak kan ikke rettes"):
        service.correct(vedtak.id, {**vedtak.payload, "proposal_ids": [1]}, "Kari", reason="x")
    # Moving the stage-V meeting onto the day the results were presented would break the rule.
    with pytest.raises(LoopValidationError, match="samme dag"):
        service.correct(meeting.id, {**meeting.payload, "date": "2025-03-10"}, "Kari",
                        reason="feil dato")


def test_a_journal_object_survives_fork(journal_target: str) -> None:
    """A Voila kernel may fork; the child must open its own connection, the parent keep its own."""
    journal = open_journal(journal_target)
    parent_first = journal.append("note", "fork", {"who": "parent"}, "forelder")
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def child() -> None:
        queue.put(journal.append("note", "fork", {"who": "child"}, "barn").id)

    proc = ctx.Process(target=child)
    proc.start()
    child_id = queue.get(timeout=30)
    proc.join(30)
    assert proc.exitcode == 0
    parent_second = journal.append("note", "fork", {"who": "parent"}, "forelder")
    ids = [e.id for e in journal.entries("fork")]
    assert ids == [parent_first.id, child_id, parent_second.id]


def test_open_journal_accepts_paths_and_sqlite_urls(tmp_path: Path, monkeypatch) -> None:
    # Folders are never created (test_loop_journal_missing.py): they exist, as on a server.
    for folder in ("a", "rel", "data"):
        (tmp_path / folder).mkdir()
    absolute = tmp_path / "a" / "j.sqlite"
    j = open_journal(f"sqlite:///{absolute}")
    j.append("note", None, {}, "a")
    assert absolute.exists()
    monkeypatch.chdir(tmp_path)
    j = open_journal("sqlite:///rel/j.sqlite")
    j.append("note", None, {}, "a")
    assert (tmp_path / "rel" / "j.sqlite").exists()

    monkeypatch.setenv("BMS_JOURNAL", str(tmp_path / "env.sqlite"))
    open_journal().append("note", None, {}, "a")
    assert (tmp_path / "env.sqlite").exists()
    monkeypatch.delenv("BMS_JOURNAL")
    open_journal().append("note", None, {}, "a")
    assert (tmp_path / "data" / "journal.sqlite").exists()

    # PostgreSQL URLs open a PostgresJournal without connecting (test_loop_journal_pg.py).
    for url in ("postgresql://bms@db/bms", "postgres://bms@db/bms",
                "postgresql+psycopg://bms@db/bms"):
        assert type(open_journal(url)).__name__ == "PostgresJournal"
    with pytest.raises(JournalError, match="Ukjent journaladresse") as info:
        open_journal("mysql://root:topphemmelig@x/db")
    assert "topphemmelig" not in str(info.value) + info.value.english


def test_a_nul_character_is_refused_alike_by_every_backend(journal: Journal) -> None:
    """PostgreSQL's jsonb cannot store U+0000, so no backend accepts it (same contract)."""
    with pytest.raises(LoopValidationError, match="NUL"):
        journal.append("note", "rs1", {"text": "før\x00etter"}, "a")
    with pytest.raises(LoopValidationError, match="NUL"):
        journal.append("note", "rs1", {"liste": [{"k\x00": 1}]}, "a")
    # A backslash followed by "u0000" is ordinary text and is kept.
    entry = journal.append("note", "rs1", {"text": "\\u0000"}, "a")
    assert journal.get(entry.id).payload == {"text": "\\u0000"}
    assert [e.id for e in journal.entries()] == [entry.id]


def test_payload_round_trips_unicode_nesting_and_numbers(journal: Journal) -> None:
    payload = {"text": "Æ ø å – «sitat» 😀", "tall": [0, -3, 2.5, 120000], "ja": True,
               "nei": None, "nøstet": {"a": {"b": ["c"]}}}
    entry = journal.append("note", "rs1", payload, "Åse")
    assert entry.payload == payload
    assert journal.get(entry.id).payload == payload
    assert journal.entries("rs1")[0].payload == payload


def test_loop_none_and_expect_last_id(journal: Journal) -> None:
    """Entries without a loop form their own sequence for the conditional append."""
    journal.append("note", "rs1", {}, "a")
    first = journal.append("config", None, {"n": 1}, "a", expect_last_id=0)
    with pytest.raises(ConflictError):
        journal.append("config", None, {"n": 2}, "a", expect_last_id=0)
    second = journal.append("config", None, {"n": 2}, "a", expect_last_id=first.id)
    assert [e.id for e in journal.entries(kinds=["config"])] == [first.id, second.id]
