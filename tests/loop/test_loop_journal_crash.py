"""A writer killed with SIGKILL mid-write loses nothing it acknowledged and corrupts nothing.

This is what a kernel crash or an OOM kill looks like. (Power loss is covered by
``synchronous=FULL`` in SQLite and ``synchronous_commit=on`` in PostgreSQL, which this test
cannot simulate.) Runs on both backends; for PostgreSQL the killed client's open transaction
must simply vanish, and its advisory lock with it, so the next writer is not blocked.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bmsdata.loop import open_journal

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TRIALS = 5


def _run_and_kill(path: str, rng: random.Random) -> list[int]:
    """Start the writer, SIGKILL it after a random number of acknowledged writes."""
    pythonpath = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": pythonpath}
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "_journal_workers.py"), path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    threshold = rng.randint(30, 200)
    acknowledged: list[int] = []
    try:
        assert proc.stdout is not None
        while len(acknowledged) < threshold:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"writer died early: {proc.stderr.read()}")
            acknowledged.append(int(line))
        time.sleep(rng.uniform(0, 0.02))  # land somewhere inside a later write
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        # Lines printed before the kill are acknowledged too; a torn last line is not.
        for line in proc.stdout:
            if line.endswith("\n"):
                acknowledged.append(int(line))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return acknowledged


@pytest.mark.slow
def test_kill_minus_nine_mid_write_loses_no_acknowledged_entry(
    journal_target: str, backend: str
) -> None:
    path = journal_target
    rng = random.Random()
    all_acknowledged: list[int] = []
    for trial in range(TRIALS):
        all_acknowledged += _run_and_kill(path, rng)

        if backend == "sqlite":
            raw = sqlite3.connect(path)  # recovery happens here, as it would for a new kernel
            try:
                assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok", trial
            finally:
                raw.close()
        journal = open_journal(path)
        stored = {e.id: e for e in journal.entries("krasj")}
        missing = sorted(set(all_acknowledged) - set(stored))
        assert missing == [], f"trial {trial}: acknowledged but lost: {missing[:10]}"
        # Nothing half-written: every stored entry is complete and readable.
        assert all(e.author == "krasjskriver" and "seq" in e.payload for e in stored.values())
        # The journal is still writable after the crash.
        after = journal.append("note", "etter-krasj", {"trial": trial}, "kontroll")
        assert journal.get(after.id) == after
