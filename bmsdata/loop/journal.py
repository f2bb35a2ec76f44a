"""The journal: an append-only, multi-process safe, durable log of everything a loop records.

Meetings, reflections, questions, decisions and tiltak are the only things viewers write, and
each Voila kernel is a separate process, so many processes append at once. The journal is the
single source of truth; the state of a loop is *derived* from it (see ``state.py``), never
stored, so there is nothing to keep in sync and nothing to lose but the log itself.

Why these choices:

* **SQLite in WAL mode** (standard library) lets many readers run while one writer appends.
  ``BEGIN IMMEDIATE`` takes the write lock up front, so two writers never deadlock upgrading a
  read lock; ``busy_timeout`` plus a retry loop with jittered exponential backoff
  (:class:`Backoff`, bounded in total time) absorbs contention. Without jitter, writers that
  collided once wake together and collide again: 30 kernels writing at once lost most retries.
* **Reading never creates a journal**: a missing file or folder is a ``JournalMissingError``
  naming the path, because a mistyped ``BMS_JOURNAL`` or an unmounted share would otherwise
  start a second, empty record. The first *write* into an existing folder creates the file;
  parent folders are never created. ``ensure_journal`` (``bms serve``, ``bms demo``) makes a
  new empty journal on purpose.
* **Corruption is named**: "file is not a database", "database disk image is malformed" or a
  foreign schema become a ``JournalCorruptError`` that names the file and says to restore it
  from backup; nothing more is written to such a file.
* **synchronous=FULL**: in WAL mode the default (NORMAL) may lose the last commits on power
  loss. An entry acknowledged to a politician must survive, so every commit is fsynced.
* **Append-only, enforced by the database**: triggers raise on UPDATE and DELETE, so no code
  path (and no hurried hand in the sqlite shell) can silently edit history. Corrections are
  new entries that point to the entry they correct (``corrects``).
* **One connection per process, opened lazily and reopened after fork**: SQLite connections
  must not cross ``fork()``. A connection inherited from a parent is set aside (never closed:
  closing it in the child could disturb the parent's WAL) and a new one is opened.
* **A small ``Journal`` protocol**, so a PostgreSQL journal (``journal_pg.py``, chosen by a
  ``postgresql://`` URL in ``BMS_JOURNAL``) can replace SQLite when a deployment outgrows
  one machine.

SQL in this module is constant text with ``?`` parameters only; values are always bound.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: SQLite's own lock and jittered retries
    fcntl = None  # type: ignore[assignment]

from bmsdata.loop.errors import (
    ConflictError,
    JournalCorruptError,
    JournalError,
    JournalMissingError,
    LoopValidationError,
    NotFoundError,
)

log = logging.getLogger(__name__)

#: Environment variable that points to the journal (a path, ``sqlite:///`` or ``postgresql://``).
JOURNAL_ENV = "BMS_JOURNAL"
DEFAULT_JOURNAL_PATH = Path("data") / "journal.sqlite"

SCHEMA_VERSION = 1
#: SQLite's own busy wait per attempt. Kept short on purpose: its handler sleeps up to 100 ms
#: between polls, so a writer that has just committed takes the lock again long before a
#: sleeping waiter looks, and one kernel could starve (30 s) behind another's burst.
#: ``_retry_locked`` then polls with short jittered waits, which shares the lock fairly.
BUSY_TIMEOUT_MS = 5
#: Total time a read or write keeps retrying while SQLite reports "locked"/"busy".
LOCK_WAIT_S = 60.0
MAX_AUTHOR_LENGTH = 200
MAX_KIND_LENGTH = 64

_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS journal (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        ts       TEXT    NOT NULL,
        author   TEXT    NOT NULL CHECK (length(trim(author)) > 0),
        kind     TEXT    NOT NULL CHECK (length(kind) > 0),
        loop_id  TEXT,
        corrects INTEGER REFERENCES journal (id),
        payload  TEXT    NOT NULL CHECK (json_valid(payload))
    )
    """,
    "CREATE INDEX IF NOT EXISTS journal_loop ON journal (loop_id, id)",
    "CREATE INDEX IF NOT EXISTS journal_kind ON journal (kind, id)",
    """
    CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
    BEGIN
        SELECT RAISE(ABORT, 'journal is append-only: UPDATE is not allowed');
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
    BEGIN
        SELECT RAISE(ABORT, 'journal is append-only: DELETE is not allowed');
    END
    """,
    "PRAGMA user_version = 1",
)

_INSERT = (
    "INSERT INTO journal (ts, author, kind, loop_id, corrects, payload) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_COLUMNS = "SELECT id, ts, author, kind, loop_id, corrects, payload FROM journal "
_SELECT_ALL = _COLUMNS + "ORDER BY id"
_SELECT_LOOP = _COLUMNS + "WHERE loop_id = ? ORDER BY id"
_SELECT_KINDS = _COLUMNS + "WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY id"
_SELECT_LOOP_KINDS = (
    _COLUMNS + "WHERE loop_id = ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY id"
)
_SELECT_ONE = _COLUMNS + "WHERE id = ?"
_EXISTS = "SELECT 1 FROM journal WHERE id = ?"
_LAST_IN_LOOP = "SELECT coalesce(max(id), 0) FROM journal WHERE loop_id IS ?"

T = TypeVar("T")

# Connections inherited through fork() are parked here so they are never garbage-collected
# (and thereby closed) in the child; see the module docstring.
_FORKED_CONNECTIONS: list[sqlite3.Connection] = []


@dataclass(frozen=True)
class Entry:
    """One journal entry. ``ts`` is UTC; ``payload`` is the decoded JSON object.

    Treat ``payload`` as read-only: it is a fresh dict per read, but it is history.
    """

    id: int
    ts: datetime
    author: str
    kind: str
    loop_id: str | None
    corrects: int | None
    payload: dict[str, Any] = field(hash=False)


@runtime_checkable
class Journal(Protocol):
    """What the loop needs from a journal: SQLite on one machine, PostgreSQL across several."""

    def append(
        self,
        kind: str,
        loop_id: str | None,
        payload: dict[str, Any],
        author: str,
        corrects: int | None = None,
        *,
        expect_last_id: int | None = None,
    ) -> Entry:
        """Append one entry and return it once it is durable.

        ``expect_last_id`` makes the append conditional (optimistic concurrency): it fails
        with ``ConflictError`` unless the newest entry with the same ``loop_id`` has exactly
        this id (0: no entry yet). The loop service validates against the state it read and
        uses this so that two kernels cannot both decide the same proposal.
        """
        ...

    def entries(
        self, loop_id: str | None = None, kinds: Iterable[str] | None = None
    ) -> list[Entry]:
        """All entries in append order, optionally only one loop's and only some kinds."""
        ...

    def get(self, entry_id: int) -> Entry | None:
        """One entry by id, or ``None``."""
        ...


class SqliteJournal:
    """The default journal: one SQLite file in WAL mode. See the module docstring for why."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._lock = threading.RLock()
        self._checked_pid: int | None = None  # the process that ran quick_check (see there)

    def __repr__(self) -> str:
        return f"SqliteJournal({str(self.path)!r})"

    # -- public API ------------------------------------------------------------------------

    def append(
        self,
        kind: str,
        loop_id: str | None,
        payload: dict[str, Any],
        author: str,
        corrects: int | None = None,
        *,
        expect_last_id: int | None = None,
    ) -> Entry:
        author, text = check_append_arguments(kind, loop_id, payload, author, corrects)

        def write(conn: sqlite3.Connection) -> Entry:
            if expect_last_id is not None:
                (last,) = conn.execute(_LAST_IN_LOOP, (loop_id,)).fetchone()
                if last != expect_last_id:
                    raise ConflictError(
                        "Noen andre registrerte noe i den samme resultatsløyfen samtidig. "
                        "Last inn på nytt og prøv igjen.",
                        f"Loop {loop_id!r} changed: expected last entry {expect_last_id}, "
                        f"found {last}.",
                    )
            return _insert(conn, kind, loop_id, text, author, corrects)

        return self._run(write, write_tx=True)

    def append_decided(
        self,
        loop_id: str,
        author: str,
        decide: Callable[[list[Entry]], tuple[str, dict[str, Any], int | None]],
        *,
        create: bool = False,
    ) -> Entry:
        """Read a loop, let ``decide`` validate and say what to append, and append it: all
        inside one write transaction, so nobody can write to the journal in between.

        ``decide(entries)`` returns ``(kind, payload, corrects)`` or raises (nothing is then
        written). Why, when ``append(expect_last_id=…)`` exists: optimistic retries waste every
        attempt that loses a race, and with 30 kernels on 2 CPUs each read-and-validate is so
        slow that nearly every attempt loses (2 005 of 3 000 notes were refused). SQLite has a
        single writer anyway; taking its lock *before* reading wastes no attempt, and writers
        that wait sleep in SQLite's busy handler instead of competing for the CPU.
        ``create``: a missing journal file may be created (a new loop), else it is an error.
        """
        if not create and self._conn is None and not self.path.exists():
            raise self._missing()

        def write(conn: sqlite3.Connection) -> Entry:
            rows = conn.execute(_SELECT_LOOP, (loop_id,)).fetchall()
            kind, payload, corrects = decide([_row_to_entry(row) for row in rows])
            checked_author, text = check_append_arguments(kind, loop_id, payload, author,
                                                          corrects)
            return _insert(conn, kind, loop_id, text, checked_author, corrects)

        return self._run(write, write_tx=True)

    def ensure(self) -> bool:
        """Create an empty journal if there is none; check an existing one. True if created.

        For ``bms serve`` and ``bms demo``, the only callers that may make a new journal. The
        folder must exist (it is never created: an unmounted share must stay an error). An
        existing file gets SQLite's ``quick_check``, so a damaged journal stops the server at
        start, with the file named, instead of failing later in a meeting.
        """
        with self._lock:
            created = not self.path.exists()
            self._quick_check(self._connection(write=created))
            return created

    def entries(
        self, loop_id: str | None = None, kinds: Iterable[str] | None = None
    ) -> list[Entry]:
        kind_list = None if kinds is None else json.dumps(sorted(set(kinds)))
        if loop_id is None and kind_list is None:
            sql, params = _SELECT_ALL, ()
        elif kind_list is None:
            sql, params = _SELECT_LOOP, (loop_id,)
        elif loop_id is None:
            sql, params = _SELECT_KINDS, (kind_list,)
        else:
            sql, params = _SELECT_LOOP_KINDS, (loop_id, kind_list)
        rows = self._run(lambda conn: conn.execute(sql, params).fetchall(), write_tx=False)
        try:
            return [_row_to_entry(row) for row in rows]
        except (TypeError, ValueError) as exc:  # a garbled row: bad JSON or timestamp
            raise self._corrupt(f"unreadable entry: {exc}") from exc

    def get(self, entry_id: int) -> Entry | None:
        row = self._run(lambda conn: conn.execute(_SELECT_ONE, (entry_id,)).fetchone(), False)
        return None if row is None else _row_to_entry(row)

    def close(self) -> None:
        """Close this process's connection (the next call reopens it)."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None
            self._pid = None

    # -- connection handling ---------------------------------------------------------------

    def _connection(self, write: bool) -> sqlite3.Connection:
        pid = os.getpid()
        if self._conn is not None and self._pid != pid:
            _FORKED_CONNECTIONS.append(self._conn)
            self._conn = None
        if self._conn is None:
            self._conn = self._open(write)
            self._pid = pid
        return self._conn

    def _open(self, write: bool) -> sqlite3.Connection:
        """Connect; only a write may create the file, and only inside an existing folder."""
        if self.path.is_dir():
            raise JournalError(
                f"Journalen «{self.path}» er en mappe, ikke en fil. Kontroller BMS_JOURNAL: den "
                "skal peke på journalfilen, for eksempel …/journal.sqlite.",
                f"Journal path {str(self.path)!r} is a directory.",
            )
        if not self.path.exists():
            if not write or not self.path.parent.is_dir():
                raise self._missing()
            self._create_file()
        try:
            # mode=rw never creates a file: a reader cannot race a deletion into a new journal.
            conn = sqlite3.connect(
                self.path.absolute().as_uri() + "?mode=rw",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by self._lock
            )
        except (OSError, sqlite3.Error) as exc:
            if not self.path.exists():
                raise self._missing() from exc
            raise JournalError(
                f"Kunne ikke åpne journalen «{self.path}». Kontroller at filen og mappen finnes "
                "og at tjenesten har lese- og skrivetilgang til dem.",
                f"Cannot open journal {str(self.path)!r}: {exc}",
            ) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
            # Check before any PRAGMA that writes, so a foreign or damaged file stays untouched.
            self._guard(lambda: self._check_schema(conn))
            self._guard(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        return conn

    def _create_file(self) -> None:
        """Make a new journal file, complete with its schema, in one atomic step.

        The schema is written to a temporary file beside it, which is then hard-linked into
        place (``os.link`` fails if the name exists, so of several kernels creating at once
        exactly one wins and the others use its file). No process ever sees a half-made,
        empty journal, so an empty file can always be called damaged. File systems without
        hard links get an exclusive create and a copy instead.
        """
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}-{random.getrandbits(32):x}"
                                  ".tmp")
        try:
            conn = sqlite3.connect(tmp.absolute().as_uri() + "?mode=rwc", uri=True,
                                   isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                conn.execute("BEGIN IMMEDIATE")
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute("COMMIT")
            finally:
                conn.close()  # checkpoints: the schema is in the file, the -wal is gone
            try:
                os.link(tmp, self.path)
            except FileExistsError:
                pass  # another kernel created it first: use theirs
            except OSError:
                data = tmp.read_bytes()
                try:
                    with open(self.path, "xb") as out:
                        out.write(data)
                        out.flush()
                        os.fsync(out.fileno())
                except FileExistsError:
                    pass
        except (OSError, sqlite3.Error) as exc:
            if not self.path.parent.is_dir():
                raise self._missing() from exc
            raise JournalError(
                f"Kunne ikke lage journalen «{self.path}». Kontroller at tjenesten har "
                f"skrivetilgang til mappen «{self.path.parent}».",
                f"Cannot create journal {str(self.path)!r}: {exc}",
            ) from exc
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + "-wal"),
                             tmp.with_name(tmp.name + "-shm")):
                leftover.unlink(missing_ok=True)
        log.info("created a new, empty journal at %s", self.path)

    def _missing(self) -> JournalMissingError:
        folder = self.path.parent
        if not folder.is_dir():
            return JournalMissingError(
                f"Mappen «{folder}» for journalen «{self.path}» finnes ikke. Kontroller at "
                "BMS_JOURNAL er skrevet riktig og at fellesområdet journalen ligger på er "
                "montert. Ingen ny journal er laget.",
                f"Journal folder {str(folder)!r} does not exist (journal {str(self.path)!r}); "
                "check BMS_JOURNAL and that the share is mounted.",
            )
        return JournalMissingError(
            f"Fant ingen journal i «{self.path}». Kontroller at BMS_JOURNAL er skrevet riktig og "
            "at fellesområdet journalen ligger på er montert. En ny, tom journal lages med "
            "«bms serve» eller «bms demo».",
            f"No journal at {str(self.path)!r}; check BMS_JOURNAL and that the share is "
            "mounted (bms serve / bms demo create a new one).",
        )

    def _corrupt(self, detail: str) -> JournalCorruptError:
        return JournalCorruptError(
            f"Journalen «{self.path}» er skadet eller er ikke en journalfil. Ikke skriv mer i "
            "den: stopp tjenesten, gjenopprett filen fra siste sikkerhetskopi og start igjen. "
            "Kontakt driftsansvarlig.",
            f"Journal {str(self.path)!r} is corrupt or not a journal: {detail}",
        )

    def _guard(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` with lock retries; name the file when SQLite says it is damaged."""
        try:
            return _retry_locked(fn)
        except JournalError as exc:
            cause = exc.__cause__
            if isinstance(cause, sqlite3.DatabaseError) and _is_corruption(cause):
                raise self._corrupt(str(cause)) from cause
            raise

    def _quick_check(self, conn: sqlite3.Connection) -> None:
        """SQLite's ``quick_check`` over the whole file: a damaged page is found before use.

        Run before a process's first write (and by ``ensure``): an append lands on the last
        page and would not notice damage elsewhere, and writing on into a damaged file makes
        restoring it harder. Once per process: milliseconds for a journal of many thousand
        entries.
        """
        rows = self._guard(lambda: conn.execute("PRAGMA quick_check").fetchall())
        if [tuple(r) for r in rows] != [("ok",)]:
            raise self._corrupt(f"quick_check: {rows[:3]!r}")
        self._checked_pid = os.getpid()

    def _check_schema(self, conn: sqlite3.Connection) -> None:
        """Refuse a file that is not this program's journal (or is a newer one)."""
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise JournalError(
                "Journalen er laget av en nyere versjon av programmet. Oppdater programmet.",
                f"Journal schema version {version} is newer than supported {SCHEMA_VERSION}.",
            )
        if version == SCHEMA_VERSION and conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal'"
        ).fetchone() is not None:
            return
        if self.path.stat().st_size == 0:
            # Journals are created whole (``_create_file``): an empty file was truncated or
            # made by hand. Say so rather than show, or start, an empty record.
            raise self._corrupt("the file is empty (0 bytes)")
        raise self._corrupt(f"foreign schema (user_version {version}, no journal table)")

    def _run(self, fn: Callable[[sqlite3.Connection], T], write_tx: bool) -> T:
        """Run ``fn`` on this process's connection, in a write transaction if asked."""
        with self._lock:
            conn = self._connection(write=write_tx)
            if not write_tx:
                return self._guard(lambda: fn(conn))
            if self._checked_pid != os.getpid():
                self._quick_check(conn)

            def transaction() -> T:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                return result

            with _writer_turn(self.path):
                return self._guard(transaction)


def open_journal(url_or_path: str | os.PathLike[str] | None = None) -> Journal:
    """Open the journal at a path or URL; ``None`` reads ``BMS_JOURNAL`` or uses the default.

    Accepted: a plain path, ``sqlite:///relative/path`` or ``sqlite:////absolute/path`` (the
    SQLAlchemy convention), or a PostgreSQL URL (``postgresql://user:pass@host:5432/db``,
    also ``postgres://`` and ``postgresql+psycopg://``) for a journal shared by several
    machines (``journal_pg.PostgresJournal``). Opening never connects; the first read or
    write does, so a bad password shows up there as a ``JournalError``.
    """
    target = default_journal_location() if url_or_path is None else url_or_path
    text = os.fspath(target)
    if text.startswith("sqlite:///"):
        return SqliteJournal(text[len("sqlite:///"):])
    if text.startswith(("postgresql://", "postgres://", "postgresql+")):
        # Imported here so that SQLite deployments never load the PostgreSQL driver.
        from bmsdata.loop.journal_pg import PostgresJournal

        return PostgresJournal(text)
    if "://" in text:
        shown = text.split("://", 1)[0] + "://…"  # the rest may hold a password
        raise JournalError(
            f"Ukjent journaladresse «{shown}». Bruk en filsti, sqlite:///sti/til/journal.sqlite "
            "eller postgresql://bruker:passord@vert:5432/database.",
            f"Unsupported journal URL scheme {shown!r}; use a path, sqlite:///path or "
            "postgresql://user:pass@host:port/db.",
        )
    return SqliteJournal(text)


def journal_location(store_file: str | os.PathLike[str] | None = None) -> str:
    """The journal that goes with a store: ``$BMS_JOURNAL``, else ``journal.sqlite`` beside it.

    The one rule for Voila (``serve_env``), the loop page and the reports, so they all read and
    write the same journal; never a path relative to a kernel's working directory.
    """
    configured = os.environ.get(JOURNAL_ENV, "").strip()
    if configured:
        return configured
    from bmsdata.store import store_path  # lazy: the journal itself needs no DuckDB

    return str(store_path(store_file).resolve().with_name("journal.sqlite"))


def ensure_journal(url_or_path: str | os.PathLike[str] | None = None) -> bool:
    """Make sure the journal exists and is sound; create an empty one if there is none.

    Returns True when a new journal was created. The one place a journal is made on purpose
    (``bms serve`` and ``bms demo`` call it and say so), since reading never creates one. A
    missing folder is refused (``JournalMissingError``), a damaged file is a
    ``JournalCorruptError``; for PostgreSQL the tables are created if the role may.
    """
    journal = open_journal(url_or_path)
    try:
        return bool(journal.ensure())  # type: ignore[attr-defined]
    finally:
        journal.close()  # type: ignore[attr-defined]


def shown_location(url_or_path: str | os.PathLike[str]) -> str:
    """The journal's location as people may see it: a path, or a URL without its password."""
    text = os.fspath(url_or_path)
    if text.startswith("sqlite:///"):
        return text[len("sqlite:///"):]
    if "://" in text:
        from bmsdata.loop.journal_pg import redact

        return redact(text)
    return text


def default_journal_location() -> str:
    """``$BMS_JOURNAL`` if set, else ``data/journal.sqlite`` (relative to the working dir)."""
    return os.environ.get(JOURNAL_ENV, "").strip() or str(DEFAULT_JOURNAL_PATH)


# -- helpers ---------------------------------------------------------------------------------


class Backoff:
    """Jittered exponential backoff within a total time budget, for every retry loop.

    Each wait is drawn uniformly from ``[0, min(cap, first · 2^n)]`` ("full jitter"): writers
    that collided once spread out instead of waking together and colliding again, which is
    what made 2 005 of 3 000 writes from 30 processes fail when retries had no backoff. The
    budget bounds the total, so a kernel answers (with a Norwegian message) in bounded time.
    """

    def __init__(self, budget: float, first: float = 0.005, cap: float = 0.2) -> None:
        self.deadline = time.monotonic() + budget
        self.first, self.cap = first, cap
        self.attempts = 0

    def sleep(self) -> bool:
        """Wait before the next attempt; False (without waiting) once the budget is spent."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return False
        ceiling = min(self.cap, self.first * (2 ** min(self.attempts, 30)))
        self.attempts += 1
        time.sleep(min(remaining, random.uniform(0, ceiling)))
        return True


def _retry_locked(fn: Callable[[], T]) -> T:
    """Call ``fn``; if SQLite still says "locked"/"busy" after its busy timeout, try again.

    The busy handler covers almost every case; this covers the rest (for example a lock held
    across a WAL checkpoint), so a kernel never shows a politician "database is locked".
    Other SQLite errors become a ``JournalError`` whose cause is the SQLite error (callers
    that know the file turn corruption into a ``JournalCorruptError`` naming it).
    """
    backoff = Backoff(LOCK_WAIT_S, first=0.001, cap=0.02)
    while True:
        try:
            return fn()
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            if type(exc) not in (sqlite3.OperationalError, sqlite3.DatabaseError):
                raise  # IntegrityError and friends: the caller's business, not the file's
            message = str(exc).lower()
            busy = isinstance(exc, sqlite3.OperationalError) and (
                "locked" in message or "busy" in message)
            if not busy or not backoff.sleep():
                raise JournalError(
                    "Journalen er opptatt eller utilgjengelig akkurat nå. Vent litt og prøv "
                    "igjen; kontakt analytikerne hvis feilen gjentar seg.",
                    f"Journal operation failed: {exc}",
                ) from exc


class _Turn:
    """One process's place in a journal's writer queue: the lock file and a thread lock."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd
        self.pid = os.getpid()
        self.lock = threading.Lock()


#: Per journal file, this process's writer queue (one descriptor per file and process, since
#: fcntl locks belong to the process: a second descriptor would release the first's lock).
_TURNS: dict[str, _Turn] = {}
_TURNS_LOCK = threading.Lock()


def _reset_turns_in_child() -> None:
    """After fork: another thread of the parent may have held the registry's lock."""
    global _TURNS_LOCK
    _TURNS_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_reset_turns_in_child)


@contextlib.contextmanager
def _writer_turn(path: Path) -> Iterator[None]:
    """Wait, blocked in the kernel, for this process's turn to write to ``path``.

    Writers queue on an ``fcntl`` lock on ``<journal>-writers`` before SQLite's own lock. A
    blocked waiter is woken the moment the lock is free, where SQLite's busy handler sleeps up
    to 100 ms (and jittered polling up to 20 ms) while the writer that has just committed takes
    the lock again: 30 kernels writing at once had p95 126 ms and waits of 15 s that way, and
    p95 25 ms this way (benchmarks/journal_latency.py). The turn is held for one transaction,
    itself bounded (``LOCK_WAIT_S``). Where the file system has no such locks (some network
    shares), SQLite's lock alone is used, with the jittered retries of ``_retry_locked``.
    """
    key = str(path.absolute())
    with _TURNS_LOCK:
        turn = _TURNS.get(key)
        if turn is None or turn.pid != os.getpid():  # never a parent's descriptor or lock
            if fcntl is None:
                fd: int | None = None
            else:
                try:
                    fd = os.open(path.with_name(path.name + "-writers"),
                                 os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
                except OSError as exc:
                    log.info("journal %s: no writer queue (%s); using SQLite's lock alone",
                             path, exc)
                    fd = None
            turn = _TURNS[key] = _Turn(fd)
    with turn.lock:
        locked = False
        if turn.fd is not None and fcntl is not None:
            try:
                fcntl.lockf(turn.fd, fcntl.LOCK_EX)
                locked = True
            except OSError as exc:
                log.info("journal %s: writer queue unavailable (%s)", path, exc)
        try:
            yield
        finally:
            if locked and fcntl is not None and turn.fd is not None:
                fcntl.lockf(turn.fd, fcntl.LOCK_UN)
    if locked:
        os.sched_yield()  # let a woken writer take its turn before our next one


def _insert(conn: sqlite3.Connection, kind: str, loop_id: str | None, text: str, author: str,
            corrects: int | None) -> Entry:
    """The INSERT of every SQLite append, inside the caller's write transaction."""
    if corrects is not None and conn.execute(_EXISTS, (corrects,)).fetchone() is None:
        raise NotFoundError(
            f"Oppføringen som skal rettes (nr. {corrects}) finnes ikke i journalen. "
            "Velg en oppføring fra listen og prøv igjen.",
            f"Entry {corrects} referenced by 'corrects' does not exist.",
        )
    ts = datetime.now(UTC)
    cur = conn.execute(_INSERT, (ts.isoformat(), author, kind, loop_id, corrects, text))
    return Entry(cur.lastrowid, ts, author, kind, loop_id, corrects, json.loads(text))


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """SQLite's words for a damaged file or a file that is not a database at all."""
    message = str(exc).lower()
    return any(words in message for words in (
        "not a database", "malformed", "corrupt", "no such table: journal",
        "no such column"))


def check_append_arguments(
    kind: str, loop_id: str | None, payload: dict[str, Any], author: str, corrects: int | None
) -> tuple[str, str]:
    """Validate an append the same way for every backend; returns (author, payload JSON).

    Shared so that SQLite and PostgreSQL refuse exactly the same requests before touching
    the database.
    """
    author = _check_author(author)
    _check_kind(kind)
    if loop_id is not None and (not isinstance(loop_id, str) or not loop_id.strip()):
        raise ValueError("loop_id must be None or a non-empty string")
    if corrects is not None and (type(corrects) is not int or corrects < 1):
        raise ValueError("corrects must be None or a positive entry id")
    return author, _encode_payload(payload)


def _check_author(author: str) -> str:
    if not isinstance(author, str) or not author.strip():
        raise LoopValidationError(
            "Oppgi navnet ditt før du registrerer noe. Alt i journalen viser hvem som skrev det.",
            "author must be a non-empty string",
        )
    author = author.strip()
    if len(author) > MAX_AUTHOR_LENGTH:
        raise LoopValidationError(
            f"Navnet er for langt (over {MAX_AUTHOR_LENGTH} tegn). Skriv et kortere navn.",
            f"author is longer than {MAX_AUTHOR_LENGTH} characters",
        )
    return author


def _check_kind(kind: str) -> None:
    if not isinstance(kind, str) or not kind.strip() or len(kind) > MAX_KIND_LENGTH:
        raise ValueError(f"kind must be a non-empty string of at most {MAX_KIND_LENGTH} chars")


def _encode_payload(payload: dict[str, Any]) -> str:
    if not isinstance(payload, dict):
        raise TypeError("payload must be a dict")
    try:
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        text.encode("utf-8")  # lone surrogates cannot be stored by either backend
    except (TypeError, ValueError) as exc:
        raise ValueError(f"payload is not JSON-serialisable: {exc}") from exc
    if _has_nul(payload):
        # PostgreSQL's jsonb cannot hold U+0000; refuse it in every backend alike. No one
        # types a NUL on purpose, so this is garbage from a paste or a bug.
        raise LoopValidationError(
            "Teksten inneholder et ugyldig kontrolltegn (NUL). Skriv eller lim inn teksten på "
            "nytt.",
            "payload contains a NUL character (U+0000)",
        )
    return text


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _row_to_entry(row: tuple[Any, ...]) -> Entry:
    entry_id, ts, author, kind, loop_id, corrects, payload = row
    return Entry(
        id=entry_id,
        ts=datetime.fromisoformat(ts),
        author=author,
        kind=kind,
        loop_id=loop_id,
        corrects=corrects,
        payload=json.loads(payload),
    )
