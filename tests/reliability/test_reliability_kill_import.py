"""SIGKILL during an import: the store is the old snapshot or the new one, never a mix.

Each trial runs ``bms import measurements`` (a real subprocess, its own process group) on a
file of tens of thousands of rows against a copy of the demo store, and kills it with SIGKILL
after a seeded random delay spread over the whole import – start-up, validation, copying the
store, loading, checkpoint, fsync and the swap. Start-up and validation take most of an
import, so every other trial waits until the writer's temporary snapshot file appears and
draws its delay from the build phase alone (copy, load, checkpoint, fsync, rename). Afterwards:

* the store is byte-identical (sha256) to the old file, or, if the swap happened, has exactly
  the content of an uninterrupted import of the same file into a separate copy (DuckDB writes a
  random database id into each new file, so the new snapshot is compared by content: every
  row of every table, which also makes DuckDB verify every block checksum);
* it opens read-only and answers queries;
* the next import succeeds – the lock file a dead writer leaves must not block it – and it
  removes the temporary file the killed writer left behind.
"""

from __future__ import annotations

import contextlib
import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
from _reliability_support import content_digest, sha256

from bmsdata import store
from bmsdata.importers import import_files

TRIALS = 20
SEED = 7_2026
ROWS = 12_000
BMS = Path(sys.executable).with_name("bms")


def write_big_measurements(demo: Path, out: Path, rows: int) -> Path:
    """Monthly values for every indicator and unit of the demo, from 1990 on, inside each
    indicator's scale: a valid file of ``rows`` rows."""
    con = duckdb.connect(str(demo), read_only=True)
    try:
        indicators = con.execute(
            "SELECT indicator_id, scale_min, scale_max FROM indicator ORDER BY indicator_id"
        ).fetchall()
        units = [r[0] for r in con.execute("SELECT unit_id FROM org_unit ORDER BY unit_id")
                 .fetchall()]
    finally:
        con.close()
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["indikator_id", "enhet_id", "periode", "verdi", "n"])
        k = 0
        for year in range(1990, 2200):
            for month in range(1, 13):
                for ind, lo, hi in indicators:
                    low = 0.0 if lo is None else lo
                    high = 100.0 if hi is None else hi
                    for unit in units:
                        value = low + (high - low) * ((k % 7) / 7)
                        w.writerow([ind, unit, f"{year}M{month:02d}",
                                    f"{value:.1f}".replace(".", ","), ""])
                        k += 1
                        if k >= rows:
                            return out
    return out


def leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if ".building" in n)


def command(big: Path, target: Path) -> list[str]:
    return [str(BMS), "--store", str(target), "import", "measurements", str(big)]


def wait_for_build(folder: Path, proc: subprocess.Popen, timeout: float = 60) -> bool:
    """Poll until the writer's temporary snapshot exists (True) or the process ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if leftovers(folder):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    return False


def test_sigkill_at_random_points_leaves_old_or_new_and_the_next_import_works(
        demo_store_master: Path, tmp_path: Path) -> None:
    big = write_big_measurements(demo_store_master, tmp_path / "resultater_stor.csv", ROWS)
    old_sha = sha256(demo_store_master)
    old_content = content_digest(demo_store_master)

    # The new snapshot: the same import, uninterrupted, in a separate copy. Its duration sets
    # the range the kill delays are drawn from (it is measured, never asserted).
    reference = tmp_path / "reference" / "bms.duckdb"
    reference.parent.mkdir()
    shutil.copyfile(demo_store_master, reference)
    started = time.monotonic()
    ref_proc = subprocess.Popen(command(big, reference), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
    assert wait_for_build(reference.parent, ref_proc)
    build_started = time.monotonic()
    _, err = ref_proc.communicate(timeout=120)
    duration = time.monotonic() - started
    build = time.monotonic() - build_started
    assert ref_proc.returncode == 0, err
    new_content = content_digest(reference)
    assert new_content != old_content, "the big file must change the store"

    # A one-row correction, imported after each kill: proves the store still takes writes.
    fix = tmp_path / "rettelse.csv"
    con = duckdb.connect(str(demo_store_master), read_only=True)
    ind, unit, lo, hi = con.execute(
        "SELECT i.indicator_id, u.unit_id, i.scale_min, i.scale_max FROM indicator i, org_unit u "
        "WHERE i.scale_min IS NOT NULL ORDER BY 1, 2 LIMIT 1").fetchone()
    con.close()
    fix_value = round(lo + (hi - lo) * 0.9, 1)
    fix.write_text(f"indikator_id;enhet_id;periode;verdi\n{ind};{unit};2199M12;"
                   f"{str(fix_value).replace('.', ',')}\n", encoding="utf-8")

    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    interrupted = 0
    stray = 0
    log = []
    for trial in range(TRIALS):
        folder = tmp_path / f"trial{trial:02d}"
        folder.mkdir()
        target = folder / "bms.duckdb"
        shutil.copyfile(demo_store_master, target)
        in_build = trial % 2 == 1
        delay = rng.uniform(0.0, build * 1.1 if in_build else duration * 1.05)
        proc = subprocess.Popen(command(big, target), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        if in_build:
            wait_for_build(folder, proc)
        time.sleep(delay)
        if proc.poll() is None:
            interrupted += 1
        with contextlib.suppress(ProcessLookupError):  # it had finished
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

        if sha256(target) == old_sha:
            outcome = "old"
        else:
            assert content_digest(target) == new_content, (
                f"trial {trial} (kill after {delay:.2f}s): the store is neither the old nor "
                "the new snapshot")
            outcome = "new"
        outcomes[outcome] += 1
        stray += bool(leftovers(folder))

        # Read-only, as a dashboard kernel opens it.
        ro = store.open_readonly(target)
        try:
            assert ro.execute("SELECT count(*) FROM measurement").fetchone()[0] > 0
        finally:
            ro.close()

        # The next import is not blocked by the dead writer's lock file, and cleans up.
        report = import_files({"measurements": [fix]}, target)
        assert report.changed.get("measurement") == 1, report.message
        ro = store.open_readonly(target)
        try:
            got = ro.execute("SELECT value FROM measurement WHERE indicator_id = ? AND "
                             "unit_id = ? AND period = '2199M12'", [ind, unit]).fetchone()
        finally:
            ro.close()
        assert got == (fix_value,)
        assert leftovers(folder) == [], f"trial {trial}: temporary files were left"
        log.append(f"{'build+' if in_build else ''}{delay:.2f}s→{outcome}")

    print(f"\nkill -9 during import: uninterrupted import {duration:.2f}s (build phase "
          f"{build:.2f}s); {TRIALS} trials, "
          f"{interrupted} killed while running, {stray} left a temporary file (removed by the "
          f"next import); outcomes {dict(outcomes)}; " + ", ".join(log))
    # The trials must actually interrupt imports, and some before the swap; otherwise the
    # suite would be testing nothing.
    assert interrupted >= TRIALS // 2
    assert outcomes["old"] >= 1


def test_the_next_write_removes_only_this_stores_stray_snapshot_files(small_store: Path,
                                                                        valid_sources) -> None:
    """What a writer killed mid-build leaves (its copy of the store and DuckDB's WAL beside
    it) is removed by the next write; files of another store in the same folder are not."""
    folder = small_store.parent
    stray = [folder / ".bms.duckdb.k1ll3d_x.building",
             folder / ".bms.duckdb.k1ll3d_x.building.wal"]
    others = [folder / ".bms.duckdb.old.k1ll3d_y.building",  # the store «bms.duckdb.old»
              folder / ".annen.duckdb.k1ll3d_z.building", folder / "notater.building"]
    for f in stray + others:
        f.write_bytes(b"half a snapshot")
    report = import_files({"measurements": [valid_sources["measurements"]]}, small_store)
    assert report.total_changed
    assert [f.name for f in stray if f.exists()] == []
    assert [f.name for f in others if f.exists()] == [f.name for f in others]
