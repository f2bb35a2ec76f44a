"""Many kernels write at once: 20 processes × 50 appends through the public API.

Runs on both backends (``journal_target``: a SQLite file or a PostgreSQL URL, see conftest.py).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import Counter
from pathlib import Path

import pytest

from bmsdata.loop import open_journal

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # spawned children inherit sys.path and import the helper
    sys.path.insert(0, str(HERE))

import _journal_workers  # noqa: E402

PROCESSES = 20
WRITES = 50


@pytest.mark.slow
@pytest.mark.parametrize(
    ("backend", "method"),
    # The start method is about how Python makes the children, not about the database, so
    # PostgreSQL runs once; fork is covered by test_a_journal_object_survives_fork.
    [("sqlite", "spawn"), ("sqlite", "forkserver"), ("postgresql", "spawn")],
    indirect=["backend"],
)
def test_twenty_processes_fifty_writes_each(journal_target: str, method: str) -> None:
    path = journal_target
    ctx = multiprocessing.get_context(method)
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_journal_workers.write_many,
                    args=(path, n, WRITES, barrier, results))
        for n in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    reports = [results.get(timeout=240) for _ in procs]
    for proc in procs:
        proc.join(60)

    errors = [err for _, _, err in reports if err]
    assert errors == []
    assert [proc.exitcode for proc in procs] == [0] * PROCESSES

    acknowledged = [i for _, ids, _ in reports for i in ids]
    assert len(acknowledged) == PROCESSES * WRITES
    assert len(set(acknowledged)) == len(acknowledged)

    entries = open_journal(path).entries()
    assert len(entries) == PROCESSES * WRITES
    assert sorted(e.id for e in entries) == sorted(acknowledged)
    # Every (worker, seq) landed exactly once, with the author who wrote it.
    pairs = Counter((e.payload["worker"], e.payload["seq"]) for e in entries)
    assert set(pairs.values()) == {1}
    assert len(pairs) == PROCESSES * WRITES
    assert all(e.author == f"skriver-{e.payload['worker']}" for e in entries)
    # Each worker's own writes are in its order.
    for worker, ids, _ in reports:
        seqs = [e.payload["seq"] for e in entries if e.payload["worker"] == worker]
        assert seqs == list(range(WRITES)), worker
        assert ids == sorted(ids)


NOTE_PROCESSES = 30
NOTES = 100


@pytest.mark.slow
def test_thirty_processes_add_a_hundred_notes_each_to_one_loop_and_none_is_refused(
    tmp_path: Path,
) -> None:
    """30 kernels × 100 notes to the same loop through ``LoopService`` (each re-validated).

    Before backoff and the serialised SQLite write, 2 005 of these 3 000 saves were refused
    with «Mange registrerer …». Every one must now be saved, exactly once.
    """
    from bmsdata.loop import LoopService
    from bmsdata.loop.journal import ensure_journal

    path = str(tmp_path / "journal.sqlite")
    ensure_journal(path)
    service = LoopService(open_journal(path))
    loop_id = service.open_loop("RS1 2025: brukerundersøkelsen", "politisk", "RS1", 2025,
                                author="Kari", focus_areas=["brukere"], indicators=["x"])
    service.hold_meeting(loop_id, 1, "2025-03-10", "12/25", None, "Kari")
    before = len(open_journal(path).entries())

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(NOTE_PROCESSES)
    results = ctx.Queue()
    procs = [ctx.Process(target=_journal_workers.note_many,
                         args=(path, loop_id, n, NOTES, barrier, results))
             for n in range(NOTE_PROCESSES)]
    for proc in procs:
        proc.start()
    reports = [results.get(timeout=900) for _ in procs]
    for proc in procs:
        proc.join(60)

    assert [err for *_, err in reports if err] == []
    assert sum(refused for _, _, refused, _ in reports) == 0
    entries = open_journal(path).entries()
    assert len(entries) - before == NOTE_PROCESSES * NOTES
    notes = [e for e in entries if e.id > before]
    assert len({(e.author, e.payload["text"]) for e in notes}) == NOTE_PROCESSES * NOTES
    assert sum(len(n) for n in service.state(loop_id).notes.values()) == NOTE_PROCESSES * NOTES
