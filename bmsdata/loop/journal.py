"""The journal: an append-only, multi-process safe, durable log of everything a loop records.

Meetings, reflections, questions, decisions and tiltak are the only things viewers write, and
each Voila kernel is a separate process, so many processes append at once. The journal is the
single source of truth; the state of a loop is *derived* from it (see ``state.py``), never
stored, so there is nothing to keep in sync and nothing to lose but the log itself.

Why these choices:

* **SQLite in WAL mode** (standard library) lets many readers run while one writer appends.
  ``BEGIN IMMEDIATE`` takes the write lock up front, so two writers never deadlock upgrading a
  read lock; ``busy_timeout`` plus a short retry loop absorbs contention.
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

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from bmsdata.loop.errors import ConflictError, JournalError, LoopValidationError, NotFoundError

#: Environment variable that points to the journal (a path, ``sqlite:///`` or ``postgresql://``).
JOURNAL_ENV = "BMS_JOURNAL"
DEFAULT_JOURNAL_PATH = Path("data") / "journal.sqlite"

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
#: Extra attempts when SQLite still reports "database is locked" after the busy timeout.
LOCK_RETRIES = 2
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
            if corrects is not None and conn.execute(_EXISTS, (corrects,)).fetchone() is None:
                raise NotFoundError(
                    f"Oppføringen som skal rettes (nr. {corrects}) finnes ikke i journalen. "
                    "Velg en oppføring fra listen og prøv igjen.",
                    f"Entry {corrects} referenced by 'corrects' does not exist.",
                )
            if expect_last_id is not None:
                (last,) = conn.execute(_LAST_IN_LOOP, (loop_id,)).fetchone()
                if last != expect_last_id:
                    raise ConflictError(
                        "Noen andre registrerte noe i den samme resultatsløyfen samtidig. "
                        "Last inn på nytt og prøv igjen.",
                        f"Loop {loop_id!r} changed: expected last entry {expect_last_id}, "
                        f"found {last}.",
                    )
            ts = datetime.now(UTC)
            cur = conn.execute(_INSERT, (ts.isoformat(), author, kind, loop_id, corrects, text))
            return Entry(cur.lastrowid, ts, author, kind, loop_id, corrects, json.loads(text))

        return self._run(write, write_tx=True)

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
        return [_row_to_entry(row) for row in rows]

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

    def _connection(self) -> sqlite3.Connection:
        pid = os.getpid()
        if self._conn is not None and self._pid != pid:
            _FORKED_CONNECTIONS.append(self._conn)
            self._conn = None
        if self._conn is None:
            self._conn = self._open()
            self._pid = pid
        return self._conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by self._lock
            )
        except (OSError, sqlite3.Error) as exc:
            raise JournalError(
                f"Kunne ikke åpne journalen «{self.path}». Kontroller at mappen finnes og at "
                "tjenesten har skrivetilgang.",
                f"Cannot open journal {str(self.path)!r}: {exc}",
            ) from exc
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._ensure_schema(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _ensure_schema(self, conn: sqlite3.Connection) -> None:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise JournalError(
                "Journalen er laget av en nyere versjon av programmet. Oppdater programmet.",
                f"Journal schema version {version} is newer than supported {SCHEMA_VERSION}.",
            )

        def create() -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        _retry_locked(create)

    def _run(self, fn: Callable[[sqlite3.Connection], T], write_tx: bool) -> T:
        """Run ``fn`` on this process's connection, in a write transaction if asked."""
        with self._lock:
            conn = self._connection()
            if not write_tx:
                return _retry_locked(lambda: fn(conn))

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

            return _retry_locked(transaction)


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


def default_journal_location() -> str:
    """``$BMS_JOURNAL`` if set, else ``data/journal.sqlite`` (relative to the working dir)."""
    return os.environ.get(JOURNAL_ENV, "").strip() or str(DEFAULT_JOURNAL_PATH)


# -- helpers ---------------------------------------------------------------------------------


def _retry_locked(fn: Callable[[], T]) -> T:
    """Call ``fn``; if SQLite still says "locked"/"busy" after its busy timeout, try again.

    The busy handler covers almost every case; this covers the rest (for example a lock held
    across a WAL checkpoint), so a kernel never shows a politician "database is locked".
    """
    delay = 0.05
    for attempt in range(LOCK_RETRIES + 1):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or attempt == LOCK_RETRIES:
                raise JournalError(
                    "Journalen er opptatt eller utilgjengelig akkurat nå. Vent litt og prøv "
                    "igjen; kontakt analytikerne hvis feilen gjentar seg.",
                    f"Journal operation failed: {exc}",
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise AssertionError("unreachable")  # pragma: no cover


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
