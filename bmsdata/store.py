"""The DuckDB store: read-only for dashboards, rebuilt as a new snapshot for every write.

DuckDB lets one process open a file read-write, and a writer shuts readers out. Dashboards run
one kernel per viewer, so they all open the store **read-only**, and a write never touches the
file they read: it copies the store to a temporary file beside it, changes the copy, and swaps
it in with an atomic ``os.replace``. A kernel that has the old file open keeps its inode and
keeps working; :class:`Reader` notices the swap and reconnects on its next query. A crash while
building leaves only a stray temporary file; the store itself is untouched, and the next
write removes the stray file (``tests/reliability/test_reliability_kill_import.py`` kills imports
with SIGKILL at random points to hold this).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from bmsdata import queries
from bmsdata.errors import EXIT_STORE, BmsError

log = logging.getLogger(__name__)

DEFAULT_STORE = Path("data") / "bms.duckdb"


class StoreError(BmsError):
    """A store problem a person must act on. ``str()`` is Norwegian; ``english`` is for logs."""

    exit_code = EXIT_STORE


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """``path``, else ``BMS_STORE``, else ``data/bms.duckdb``."""
    return Path(path or os.environ.get("BMS_STORE") or DEFAULT_STORE)


def open_readonly(path: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    p = store_path(path)
    if not p.is_file():
        raise StoreError(
            f"Fant ingen database i {p}. Bygg demoen med «bms demo --no-serve» eller importer data "
            "med «bms import».",
            f"store not found: {p}",
        )
    return duckdb.connect(str(p), read_only=True)


class Reader:
    """One viewer's read-only connection that follows snapshot swaps.

    Each query first compares the store file's inode with the one it opened; after a swap it
    closes the old connection and opens the new file, so the viewer sees new data on the next
    interaction without restarting the kernel.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = store_path(path)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._ino: int | None = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        try:
            ino = self.path.stat().st_ino
        except FileNotFoundError:
            ino = None
        if self._con is None or (ino is not None and ino != self._ino):
            if self._con is not None:
                log.info("store %s was swapped; reconnecting", self.path)
                with contextlib.suppress(Exception):
                    self._con.close()
            self._con = open_readonly(self.path)
            self._ino = ino
        return self._con

    def frame(self, name: str, **params: Any) -> pd.DataFrame:
        return queries.frame(self.con, name, **params)

    def rows(self, name: str, **params: Any) -> list[tuple]:
        return queries.rows(self.con, name, **params)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


class Snapshot:
    """A writable copy of the store, swapped in when the ``with`` block ends without error."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.keep = True

    def discard(self) -> None:
        """Leave the store as it was (used when an import turns out to change nothing)."""
        self.keep = False


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _writer_lock(target: Path) -> Iterator[None]:
    """Serialise writers: two imports at once would otherwise each swap in half the news."""
    lock_path = target.with_name(target.name + ".lock")
    with open(lock_path, "a+b") as fh:
        if os.name == "nt":  # the conda route on Windows; fcntl is POSIX-only
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _building_name(target: Path) -> re.Pattern[str]:
    """Names of :func:`snapshot`'s temporary files for ``target`` (``mkstemp``'s 8 characters)."""
    return re.compile(rf"\.{re.escape(target.name)}\.[A-Za-z0-9_]{{8}}\.building(\.wal)?")


def _remove_stale_builds(target: Path) -> None:
    """Delete temporary files left by a writer that died (SIGKILL, power cut) mid-build.

    Why: each one is a full copy of the store, so leftovers would fill the disk one crash at a
    time. Only a writer holding the lock builds, and the caller holds it, so a matching file
    now belongs to no live writer.
    """
    pattern = _building_name(target)
    for entry in os.scandir(target.parent):
        if pattern.fullmatch(entry.name):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
            log.info("removed %s, left by an interrupted import", entry.name)


@contextlib.contextmanager
def snapshot(path: str | os.PathLike[str] | None = None) -> Iterator[Snapshot]:
    """Build a new snapshot from the current store (or an empty one) and swap it in.

    Any exception inside the block, or :meth:`Snapshot.discard`, leaves the store byte-identical.
    """
    target = store_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(target):
        _remove_stale_builds(target)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".building",
                                        dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()  # DuckDB wants to create the file itself unless we copy one in
        try:
            if target.exists():
                shutil.copyfile(target, tmp)
            con = duckdb.connect(str(tmp))
            try:
                queries.script(con, "schema")
                queries.script(con, "schema_surveys")
                snap = Snapshot(con)
                yield snap
                con.execute("CHECKPOINT")
            finally:
                con.close()
            if not snap.keep:
                return
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, target)
            _fsync_dir(target.parent)
            log.info("swapped in new snapshot %s", target)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The store's key/value facts: municipality name, whether the data is fictional, …"""
    return dict(queries.rows(con, "meta"))
