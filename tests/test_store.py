"""The snapshot store: read-only readers, atomic swaps, crashes that leave the old store."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from bmsdata import queries, store


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(queries.rows(con, "meta"))


def _set(path: Path, key: str, value: str) -> None:
    with store.snapshot(path) as snap:
        queries.execute(snap.con, "set_meta", key=key, value=value)


def test_snapshot_creates_store_with_schema(tmp_path):
    path = tmp_path / "bms.duckdb"
    _set(path, "municipality", "Testkommune")
    con = store.open_readonly(path)
    assert _meta(con) == {"municipality": "Testkommune"}
    with pytest.raises(duckdb.Error):  # dashboards cannot write
        con.execute("CREATE TABLE x (a INTEGER)")
    con.close()
    assert not list(tmp_path.glob("*.building*")), "no temporary file is left behind"


def test_reader_keeps_reading_old_snapshot_while_new_one_is_swapped_in(tmp_path):
    path = tmp_path / "bms.duckdb"
    _set(path, "version", "1")
    old = store.open_readonly(path)
    assert _meta(old)["version"] == "1"
    _set(path, "version", "2")
    # The open connection still has the old file and keeps answering from it …
    assert _meta(old)["version"] == "1"
    # … and once it lets go, a new reader sees the new snapshot. (Within one process DuckDB
    # shares a database instance per path, so the old one must close first; each Voila kernel
    # is its own process, which the next test covers.)
    old.close()
    new = store.open_readonly(path)
    assert _meta(new)["version"] == "2"
    new.close()


def test_reader_in_another_process_keeps_working_during_swap(tmp_path):
    path = tmp_path / "bms.duckdb"
    _set(path, "version", "1")
    script = textwrap.dedent(f"""
        import sys, time
        from bmsdata import queries, store
        con = store.open_readonly({str(path)!r})
        print("ready", flush=True)
        sys.stdin.readline()
        print(dict(queries.rows(con, "meta"))["version"], flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    _set(path, "version", "2")  # a writer in this process while the other reads
    out, _ = proc.communicate("go\n", timeout=30)
    assert proc.returncode == 0
    assert out.strip() == "1"


def test_reader_object_reconnects_after_swap(tmp_path):
    path = tmp_path / "bms.duckdb"
    _set(path, "version", "1")
    reader = store.Reader(path)
    assert dict(reader.rows("meta"))["version"] == "1"
    _set(path, "version", "2")
    assert dict(reader.rows("meta"))["version"] == "2"
    reader.close()


def test_exception_while_building_leaves_store_byte_identical(tmp_path):
    path = tmp_path / "bms.duckdb"
    _set(path, "version", "1")
    before = _sha(path)
    with pytest.raises(RuntimeError), store.snapshot(path) as snap:
        queries.execute(snap.con, "set_meta", key="version", value="broken")
        raise RuntimeError("import failed half way")
    assert _sha(path) == before
    assert not list(tmp_path.glob(".*building*"))


def test_discarded_snapshot_leaves_store_byte_identical(tmp_path):
    path = tmp_path / "bms.duckdb"
    _set(path, "version", "1")
    before, mtime = _sha(path), path.stat().st_mtime_ns
    with store.snapshot(path) as snap:
        queries.execute(snap.con, "set_meta", key="version", value="1")
        snap.discard()
    assert _sha(path) == before
    assert path.stat().st_mtime_ns == mtime


def test_kill_9_mid_build_leaves_old_store_intact(tmp_path):
    path = tmp_path / "bms.duckdb"
    _set(path, "version", "1")
    before = _sha(path)
    script = textwrap.dedent(f"""
        import time
        from bmsdata import queries, store
        with store.snapshot({str(path)!r}) as snap:
            queries.execute(snap.con, "set_meta", key="version", value="2")
            print("building", flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "building"
    proc.kill()
    proc.wait()
    assert _sha(path) == before
    con = store.open_readonly(path)
    assert _meta(con)["version"] == "1"
    con.close()
    # The next writer is not blocked by the dead one's lock or leftovers.
    _set(path, "version", "3")
    con = store.open_readonly(path)
    assert _meta(con)["version"] == "3"
    con.close()


def test_missing_store_is_a_norwegian_error(tmp_path):
    with pytest.raises(store.StoreError) as err:
        store.open_readonly(tmp_path / "finnes-ikke.duckdb")
    assert "bms demo" in str(err.value)


def test_store_path_prefers_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("BMS_STORE", str(tmp_path / "env.duckdb"))
    assert store.store_path() == tmp_path / "env.duckdb"
    assert store.store_path(tmp_path / "arg.duckdb") == tmp_path / "arg.duckdb"
    monkeypatch.delenv("BMS_STORE")
    assert store.store_path() == Path("data") / "bms.duckdb"
    assert os.fspath(store.store_path()) == os.path.join("data", "bms.duckdb")
