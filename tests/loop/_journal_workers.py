"""Code run in other processes by the concurrency and crash tests (and nothing else).

Kept apart from the test modules so that a spawned child imports only this and ``bmsdata``.
"""

from __future__ import annotations

import sys
import traceback


def write_many(path: str, worker: int, count: int, barrier, results) -> None:
    """Append ``count`` entries through the public API; report ids or the error."""
    from bmsdata.loop import open_journal

    try:
        journal = open_journal(path)
        barrier.wait(timeout=120)  # start together, to collide as much as possible
        ids = [
            journal.append("note", f"loop-{worker % 3}", {"worker": worker, "seq": seq},
                           f"skriver-{worker}").id
            for seq in range(count)
        ]
        results.put((worker, ids, None))
    except BaseException:  # report everything: the parent asserts there were no errors
        results.put((worker, [], traceback.format_exc()))


def note_many(path: str, loop_id: str, worker: int, count: int, barrier, results) -> None:
    """Add ``count`` notes to one loop through ``LoopService`` (re-validated, conditional).

    Reports ``(worker, ids, refused, error)``: ``refused`` counts the writes the service gave up
    on («Mange registrerer …»), which a person would see as a failed save.
    """
    from bmsdata.loop import ConflictError, LoopService, open_journal

    try:
        service = LoopService(open_journal(path))
        barrier.wait(timeout=120)
        ids, refused = [], 0
        for seq in range(count):
            try:
                ids.append(service.add_note(loop_id, f"Merknad {seq} fra skriver {worker}",
                                            f"skriver-{worker}").id)
            except ConflictError:
                refused += 1
        results.put((worker, ids, refused, None))
    except BaseException:
        results.put((worker, [], 0, traceback.format_exc()))


def crash_writer(path: str) -> None:
    """Append forever, printing each id once the append has returned (= acknowledged)."""
    from bmsdata.loop import open_journal

    journal = open_journal(path)
    seq = 0
    while True:
        entry = journal.append("note", "krasj", {"seq": seq, "fyll": "æøå" * (seq % 50)},
                               "krasjskriver")
        sys.stdout.write(f"{entry.id}\n")
        sys.stdout.flush()
        seq += 1


if __name__ == "__main__":
    crash_writer(sys.argv[1])
