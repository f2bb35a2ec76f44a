"""The journal on PostgreSQL, for deployments that outgrow one machine.

Same contract as :class:`bmsdata.loop.journal.SqliteJournal` (the ``Journal`` protocol):
append-only, who and when on every entry, corrections as new entries, and ``expect_last_id``
for optimistic concurrency. Chosen by a URL, ``BMS_JOURNAL=postgresql://user:pass@host/db``
(see ``open_journal`` and docs/deployment.md).

Why these choices:

* **Append-only, enforced by the server**: a statement-level trigger raises on UPDATE, DELETE
  and TRUNCATE, for every role including superusers, and DELETE/TRUNCATE are revoked even
  from the owning role. UPDATE stays granted to the owner only because PostgreSQL's foreign
  key check (``corrects``) takes a ``FOR KEY SHARE`` lock, which needs it; the trigger still
  refuses every UPDATE. The recommended deployment writes as a separate role with only
  SELECT and INSERT (docs/deployment.md).
* **Ids in commit order per loop**: each append takes a transaction-scoped advisory lock on
  its loop (``pg_advisory_xact_lock``), then inserts - with ``expect_last_id``, only if the
  loop's newest id is the expected one (one conditional INSERT). Appends to one loop are thus
  serialised exactly like SQLite's single writer, the check sees every earlier commit (READ
  COMMITTED takes a fresh snapshot per statement, and the lock is released only after the
  commit is visible), and two kernels cannot both decide the same proposal. The statements
  are pipelined, so an append costs two round trips (the batch, then COMMIT), which matters
  when many kernels share few CPUs. Appends to different loops run in parallel, so ids of
  *different* loops may commit out of order; nothing derives anything from that order.
* **Durable**: ``synchronous_commit`` is forced ``on`` for each write transaction (unless the
  server asks for the stronger ``remote_apply``), so an acknowledged entry is on disk.
  Settings are ``SET LOCAL`` per transaction, so the journal also works behind a
  transaction-pooling PgBouncer; for the same reason statements are never prepared.
* **Server time**: ``ts`` is the server's ``clock_timestamp()``, one clock for every machine.
* **Commit uncertainty handled**: if the connection drops *during* COMMIT, nobody knows
  whether the entry was stored. The journal asks the server (``pg_xact_status``) on a new
  connection instead of guessing; retrying blindly could write the entry twice.
* **Retries** on lost connections (before COMMIT), serialization failures and deadlocks,
  after a jittered exponential wait (``journal.Backoff``) so that writers which collided do not
  collide again at once; a lock wait is capped (``lock_timeout``), so a frozen client cannot
  block a loop for ever.
* **Reading never creates the tables**: a database or schema without the journal's tables is a
  ``JournalMissingError`` on read (a wrong ``search_path`` or database must not look like an
  empty record); the first write, or ``ensure_journal`` (``bms serve``), creates them.
* **One connection per process, reopened after fork**: a libpq connection must not cross
  ``fork()``. In the child the inherited socket is pointed at ``/dev/null`` and the
  connection parked, so nothing the child does (not even closing it at exit) can send a
  byte on the parent's session.
* **No secrets in messages**: user messages (Norwegian) and log lines (English) show the
  URL with the password replaced by ``***`` and never echo the driver's parse errors, which
  may quote the whole URL.

SQL in this module is constant text with ``%s`` parameters only; values are always bound.
Requires PostgreSQL 13 or newer (``pg_current_xact_id``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any, TypeVar
from urllib.parse import quote, unquote

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict

from bmsdata.loop.errors import ConflictError, JournalError, JournalMissingError, NotFoundError
from bmsdata.loop.journal import Backoff, Entry, check_append_arguments

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
#: Extra attempts after a lost connection, serialization failure, deadlock or lock timeout.
RETRIES = 2
#: Total time the jittered waits between write retries may take.
RETRY_WAIT_S = 5.0
CONNECT_TIMEOUT_S = 10
LOCK_TIMEOUT = "10s"
#: How long to wait for the server to settle a COMMIT whose answer was lost.
RESOLVE_TIMEOUT_S = 15.0
#: First key of the two-key advisory locks, so they cannot collide with another
#: application's locks in the same database ("BMS" in ASCII).
LOCK_NAMESPACE = 0x424D53
SCHEMES = ("postgresql://", "postgres://")

_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS journal_schema_version (
        version    integer     PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS journal (
        id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ts       timestamptz NOT NULL DEFAULT clock_timestamp(),
        author   text        NOT NULL CHECK (length(btrim(author)) > 0),
        kind     text        NOT NULL CHECK (length(kind) > 0),
        loop_id  text,
        corrects bigint      REFERENCES journal (id),
        payload  jsonb       NOT NULL CHECK (jsonb_typeof(payload) = 'object')
    )
    """,
    "CREATE INDEX IF NOT EXISTS journal_loop ON journal (loop_id, id)",
    "CREATE INDEX IF NOT EXISTS journal_kind ON journal (kind, id)",
    """
    CREATE OR REPLACE FUNCTION journal_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'journal is append-only: % is not allowed', TG_OP;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS journal_append_only ON journal",
    """
    CREATE TRIGGER journal_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON journal
        FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()
    """,
    "REVOKE UPDATE, DELETE, TRUNCATE ON journal, journal_schema_version FROM PUBLIC",
    "REVOKE DELETE, TRUNCATE ON journal FROM CURRENT_USER",
    "COMMENT ON TABLE journal IS "
    "'bmsdata result-loop journal: append-only; corrections are new entries'",
    "INSERT INTO journal_schema_version (version) VALUES (1) ON CONFLICT DO NOTHING",
)
_HAS_SCHEMA = "SELECT to_regclass('journal_schema_version') IS NOT NULL"
_VERSION = "SELECT coalesce(max(version), 0) FROM journal_schema_version"
#: Serialises schema creation when many processes open a fresh database at once.
_SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(4345171, 0)"

# Opens every write transaction and makes it durable and bounded. Sent pipelined together
# with the lock and the INSERT, so an append costs two round trips: this batch, then COMMIT.
_BEGIN_WRITE = (
    "BEGIN ISOLATION LEVEL READ COMMITTED",
    "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'",
    "SET LOCAL idle_in_transaction_session_timeout = '60s'",
    "SELECT set_config('synchronous_commit', 'on', true) "
    "WHERE current_setting('synchronous_commit') NOT IN ('on', 'remote_apply')",
)
_LOCK_LOOP = "SELECT pg_advisory_xact_lock(4345171, hashtext(coalesce(%s::text, '')))"
_LAST_IN_LOOP = "SELECT coalesce(max(id), 0) FROM journal WHERE loop_id = %s"
_LAST_WITHOUT_LOOP = "SELECT coalesce(max(id), 0) FROM journal WHERE loop_id IS NULL"
_RETURNING = " RETURNING id, ts, pg_current_xact_id()::text"
_INSERT = (
    "INSERT INTO journal (ts, author, kind, loop_id, corrects, payload) "
    "VALUES (clock_timestamp(), %s, %s, %s, %s, %s::jsonb)" + _RETURNING
)
# Conditional appends: insert only if the loop's newest id is the expected one. The statement
# runs after the loop lock is held, so its snapshot includes every earlier commit to the loop.
_INSERT_IF_LAST = (
    "INSERT INTO journal (ts, author, kind, loop_id, corrects, payload) "
    "SELECT clock_timestamp(), %s, %s, %s, %s, %s::jsonb "
    "WHERE (SELECT coalesce(max(id), 0) FROM journal WHERE loop_id = %s) = %s" + _RETURNING
)
_INSERT_IF_LAST_WITHOUT_LOOP = (
    "INSERT INTO journal (ts, author, kind, loop_id, corrects, payload) "
    "SELECT clock_timestamp(), %s, %s, NULL, %s, %s::jsonb "
    "WHERE (SELECT coalesce(max(id), 0) FROM journal WHERE loop_id IS NULL) = %s" + _RETURNING
)
_XACT_STATUS = "SELECT pg_xact_status(%s::xid8)"
_COLUMNS = "SELECT id, ts, author, kind, loop_id, corrects, payload FROM journal "
_SELECT_ALL = _COLUMNS + "ORDER BY id"
_SELECT_LOOP = _COLUMNS + "WHERE loop_id = %s ORDER BY id"
_SELECT_KINDS = _COLUMNS + "WHERE kind = ANY(%s::text[]) ORDER BY id"
_SELECT_LOOP_KINDS = _COLUMNS + "WHERE loop_id = %s AND kind = ANY(%s::text[]) ORDER BY id"
_SELECT_ONE = _COLUMNS + "WHERE id = %s"

T = TypeVar("T")

# Every live journal, so the fork hook can detach their inherited connections in the child.
_JOURNALS: weakref.WeakSet[PostgresJournal] = weakref.WeakSet()
# Connections inherited through fork(), parked with their socket on /dev/null; see above.
_FORKED_CONNECTIONS: list[psycopg.Connection[Any]] = []

_BUSY_NB = ("Journalen er opptatt akkurat nå. Vent litt og prøv igjen; kontakt analytikerne "
            "hvis feilen gjentar seg.")
_FAILED_NB = ("Journaldatabasen svarte med en feil. Prøv igjen; kontakt analytikerne hvis feilen "
              "gjentar seg.")


class _Retry(Exception):
    """Internal: the transaction was rolled back (or never committed); try it again."""


@dataclass(frozen=True)
class _Target:
    """The parsed URL: what libpq gets, and what people may see of it."""

    conninfo: str
    redacted: str
    user: str
    host: str
    port: str
    dbname: str
    secrets: tuple[str, ...]


class PostgresJournal:
    """The journal in a PostgreSQL database. See the module docstring for why it works so.

    Opening is lazy: nothing connects until the first read or write, so a preheated Voila
    kernel can create the object before the server is reachable.
    """

    def __init__(self, url: str) -> None:
        self._target = _parse_url(url)
        self._conn: psycopg.Connection[Any] | None = None
        self._pid: int | None = None
        self._lock = threading.RLock()
        self._created = False
        _JOURNALS.add(self)

    def __repr__(self) -> str:
        return f"PostgresJournal({self._target.redacted!r})"

    @property
    def url(self) -> str:
        """The URL with the password replaced by ``***`` (safe to show and log)."""
        return self._target.redacted

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

        def write(conn: psycopg.Connection[Any]) -> tuple[int, Any, str]:
            conn.execute(_LOCK_LOOP, (loop_id,))
            if expect_last_id is None:
                cur = conn.execute(_INSERT, (author, kind, loop_id, corrects, text))
            elif loop_id is None:
                cur = conn.execute(_INSERT_IF_LAST_WITHOUT_LOOP,
                                   (author, kind, corrects, text, expect_last_id))
            else:
                cur = conn.execute(_INSERT_IF_LAST, (author, kind, loop_id, corrects, text,
                                                     loop_id, expect_last_id))
            try:
                row = cur.fetchone()  # sends the pipelined batch and waits for it
            except pg_errors.ForeignKeyViolation:
                raise NotFoundError(
                    f"Oppføringen som skal rettes (nr. {corrects}) finnes ikke i journalen. "
                    "Velg en oppføring fra listen og prøv igjen.",
                    f"Entry {corrects} referenced by 'corrects' does not exist.",
                ) from None
            if row is None:  # the loop moved on: nothing was inserted
                if loop_id is None:
                    last_row = conn.execute(_LAST_WITHOUT_LOOP).fetchone()
                else:
                    last_row = conn.execute(_LAST_IN_LOOP, (loop_id,)).fetchone()
                raise ConflictError(
                    "Noen andre registrerte noe i den samme resultatsløyfen samtidig. "
                    "Last inn på nytt og prøv igjen.",
                    f"Loop {loop_id!r} changed: expected last entry {expect_last_id}, "
                    f"found {last_row[0] if last_row else '?'}.",
                )
            return row[0], row[1], row[2]

        entry_id, ts, _ = self._write(write)
        return Entry(entry_id, ts.astimezone(UTC), author, kind, loop_id, corrects,
                     json.loads(text))

    def append_decided(
        self,
        loop_id: str,
        author: str,
        decide: Callable[[list[Entry]], tuple[str, dict[str, Any], int | None]],
        *,
        create: bool = False,
    ) -> Entry:
        """Read a loop, let ``decide`` say what to append, and append it, holding the loop's
        advisory lock throughout (see ``SqliteJournal.append_decided`` for why).

        Other writers to the loop wait for the lock in the server and are woken in turn, so
        no attempt is wasted re-validating against a loop that moved on; writers to other
        loops are not held up. ``create``: the tables may be created (a new loop).
        """
        if not create:
            with self._lock:
                self._connection(write=False)  # no tables: JournalMissingError, nothing made
        decided: list[tuple[str, str, str, int | None]] = []

        def write(conn: psycopg.Connection[Any]) -> tuple[int, Any, str]:
            decided.clear()
            conn.execute(_LOCK_LOOP, (loop_id,))
            rows = conn.execute(_SELECT_LOOP, (loop_id,)).fetchall()
            kind, payload, corrects = decide([_row_to_entry(row) for row in rows])
            checked, text = check_append_arguments(kind, loop_id, payload, author, corrects)
            decided.append((kind, checked, text, corrects))
            cur = conn.execute(_INSERT, (checked, kind, loop_id, corrects, text))
            try:
                row = cur.fetchone()
            except pg_errors.ForeignKeyViolation:
                raise NotFoundError(
                    f"Oppføringen som skal rettes (nr. {corrects}) finnes ikke i journalen. "
                    "Velg en oppføring fra listen og prøv igjen.",
                    f"Entry {corrects} referenced by 'corrects' does not exist.",
                ) from None
            return row[0], row[1], row[2]

        entry_id, ts, _ = self._write(write)
        kind, checked, text, corrects = decided[0]
        return Entry(entry_id, ts.astimezone(UTC), checked, kind, loop_id, corrects,
                     json.loads(text))

    def entries(
        self, loop_id: str | None = None, kinds: Iterable[str] | None = None
    ) -> list[Entry]:
        kind_list = None if kinds is None else sorted(set(kinds))
        if loop_id is None and kind_list is None:
            sql, params = _SELECT_ALL, ()
        elif kind_list is None:
            sql, params = _SELECT_LOOP, (loop_id,)
        elif loop_id is None:
            sql, params = _SELECT_KINDS, (kind_list,)
        else:
            sql, params = _SELECT_LOOP_KINDS, (loop_id, kind_list)
        rows = self._read(lambda conn: conn.execute(sql, params).fetchall())
        return [_row_to_entry(row) for row in rows]

    def get(self, entry_id: int) -> Entry | None:
        row = self._read(lambda conn: conn.execute(_SELECT_ONE, (entry_id,)).fetchone())
        return None if row is None else _row_to_entry(row)

    def ensure(self) -> bool:
        """Connect and create the tables if there are none; True if they were created now.

        For ``bms serve``/``bms demo`` (``journal.ensure_journal``): a bad URL, password or
        database stops the server at start, with a Norwegian message, not in a meeting.
        """
        with self._lock:
            self._created = False
            self._drop_connection()
            self._connection(write=True)
            return self._created

    def schema_version(self) -> int:
        """The schema version recorded in the database (for operators and tests)."""
        row = self._read(lambda conn: conn.execute(_VERSION).fetchone())
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Close this process's connection (the next call reopens it)."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None
            self._pid = None

    # -- connection handling ---------------------------------------------------------------

    def _connection(self, write: bool) -> psycopg.Connection[Any]:
        pid = os.getpid()
        if self._conn is not None and self._pid != pid:
            self._detach_inherited()
        if self._conn is not None and self._conn.closed:
            self._conn = None
        if self._conn is None:
            self._conn = self._open(write)
            self._pid = pid
        return self._conn

    def _detach_inherited(self) -> None:
        """In a forked child: make the parent's connection harmless and forget it."""
        conn, self._conn, self._pid = self._conn, None, None
        self._lock = threading.RLock()  # another thread of the parent may have held it
        if conn is None:
            return
        try:
            fd = conn.pgconn.socket
        except psycopg.Error:
            fd = -1
        if fd >= 0:
            devnull = os.open(os.devnull, os.O_RDWR)
            try:
                os.dup2(devnull, fd)
            finally:
                os.close(devnull)
        _FORKED_CONNECTIONS.append(conn)

    def _open(self, write: bool) -> psycopg.Connection[Any]:
        t = self._target
        delay = 0.2
        for attempt in range(RETRIES + 1):
            try:
                conn = psycopg.connect(t.conninfo, autocommit=True, prepare_threshold=None)
                break
            except psycopg.Error as exc:
                error = _connect_error(t, exc)
                permanent = error.english.startswith(("Authentication", "Database"))
                if permanent or attempt == RETRIES:
                    log.warning("%s", error.english)
                    raise error from None
                log.warning("PostgreSQL journal %s: connection failed, retrying (%s)",
                            t.redacted, _scrub(str(exc), t.secrets).splitlines()[0])
                time.sleep(delay * random.uniform(0.5, 1.5))  # jitter: kernels reconnect apart
                delay *= 2
        try:
            self._ensure_schema(conn, write)
        except BaseException:
            conn.close()
            raise
        return conn

    def _ensure_schema(self, conn: psycopg.Connection[Any], write: bool) -> None:
        try:
            exists = conn.execute(_HAS_SCHEMA).fetchone()
            version = conn.execute(_VERSION).fetchone()[0] if exists and exists[0] else 0
            if version == 0 and not write:
                raise JournalMissingError(
                    f"Journaltabellene finnes ikke i journaldatabasen «{self._target.redacted}». "
                    "Kontroller at BMS_JOURNAL peker på riktig database (og skjema). En ny, tom "
                    "journal lages med «bms serve» eller «bms demo».",
                    f"No journal tables in {self._target.redacted}; check BMS_JOURNAL "
                    "(bms serve / bms demo create them).",
                )
            if version == 0:
                with conn.transaction():
                    conn.execute(_SCHEMA_LOCK)
                    # Re-check under the lock: another process may have just created it.
                    exists = conn.execute(_HAS_SCHEMA).fetchone()
                    if exists and exists[0]:
                        version = conn.execute(_VERSION).fetchone()[0]
                    if version == 0:
                        for statement in _SCHEMA:
                            conn.execute(statement)
                        version = SCHEMA_VERSION
                        self._created = True
                        log.info("PostgreSQL journal %s: created schema version %d",
                                 self._target.redacted, SCHEMA_VERSION)
        except pg_errors.InsufficientPrivilege as exc:
            raise JournalError(
                "Journaltabellene finnes ikke i databasen, og brukeren i journaladressen har "
                "ikke lov til å lage dem. Be driftsansvarlig opprette dem (se "
                "docs/deployment.md).",
                f"No journal schema in {self._target.redacted} and no privilege to create it: "
                f"{_scrub(str(exc), self._target.secrets)}",
            ) from None
        except psycopg.Error as exc:
            raise JournalError(
                _FAILED_NB,
                f"Cannot prepare journal schema in {self._target.redacted}: "
                f"{_scrub(str(exc), self._target.secrets)}",
            ) from None
        if version > SCHEMA_VERSION:
            raise JournalError(
                "Journalen er laget av en nyere versjon av programmet. Oppdater programmet.",
                f"Journal schema version {version} is newer than supported {SCHEMA_VERSION}.",
            )

    def _drop_connection(self) -> None:
        conn, self._conn, self._pid = self._conn, None, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()

    # -- running statements ----------------------------------------------------------------

    def _read(self, fn: Callable[[psycopg.Connection[Any]], T]) -> T:
        """Run a read; reads are idempotent, so a lost connection is simply retried."""
        with self._lock:
            for attempt in range(RETRIES + 1):
                conn = self._connection(write=False)
                try:
                    return fn(conn)
                except psycopg.OperationalError as exc:
                    if not conn.broken or attempt == RETRIES:
                        raise self._failure(exc) from None
                    self._note_retry("connection lost during a read", exc, attempt)
                    self._drop_connection()
                except psycopg.Error as exc:
                    raise self._failure(exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _write(self, fn: Callable[[psycopg.Connection[Any]], tuple[int, Any, str]]
               ) -> tuple[int, Any, str]:
        """Run ``fn`` in a durable write transaction; retry what is safe to retry."""
        with self._lock:
            backoff = Backoff(RETRY_WAIT_S, first=0.02, cap=0.5)
            for attempt in range(RETRIES + 1):
                conn = self._connection(write=True)
                try:
                    return self._transaction(conn, fn)
                except _Retry as retry:
                    if attempt == RETRIES or not backoff.sleep():
                        cause = retry.__cause__
                        if isinstance(cause, psycopg.Error):
                            raise self._failure(cause) from None
                        raise JournalError(_FAILED_NB, f"Append failed: {retry}") from None
                    self._note_retry(str(retry), retry.__cause__, attempt)
            raise AssertionError("unreachable")  # pragma: no cover

    def _transaction(self, conn: psycopg.Connection[Any],
                     fn: Callable[[psycopg.Connection[Any]], tuple[int, Any, str]]
                     ) -> tuple[int, Any, str]:
        try:
            with conn.pipeline():
                for statement in _BEGIN_WRITE:
                    conn.execute(statement)
                result = fn(conn)
        except BaseException as exc:
            self._rollback(conn)
            if isinstance(exc, pg_errors.SerializationFailure | pg_errors.DeadlockDetected
                          | pg_errors.LockNotAvailable):
                raise _Retry(f"transient conflict ({type(exc).__name__})") from exc
            if isinstance(exc, psycopg.OperationalError) and conn.broken:
                # Nothing was committed: the connection broke before COMMIT was sent.
                self._drop_connection()
                raise _Retry("connection lost before commit") from exc
            if isinstance(exc, psycopg.Error):
                raise self._failure(exc) from None
            raise
        try:
            conn.execute("COMMIT")
        except psycopg.Error as exc:
            if not conn.broken:
                self._rollback(conn)
                raise _Retry(f"commit refused ({type(exc).__name__})") from exc
            self._drop_connection()
            status = self._resolve(result[2])
            if status == "committed":
                log.warning("PostgreSQL journal %s: connection lost during COMMIT; the server "
                            "confirms entry %d was committed", self._target.redacted, result[0])
                return result
            if status == "aborted":
                raise _Retry("connection lost during commit; the server rolled it back") \
                    from exc
            raise JournalError(
                "Forbindelsen til journaldatabasen brøt mens oppføringen ble lagret, og det er "
                "uklart om den kom med. Last inn siden på nytt og se etter før du registrerer "
                "den igjen.",
                f"Connection to {self._target.redacted} lost during COMMIT of transaction "
                f"{result[2]}; its outcome is unknown ({status}).",
            ) from None
        return result

    def _resolve(self, xid: str) -> str | None:
        """Ask the server how a transaction whose COMMIT answer was lost ended."""
        deadline = time.monotonic() + RESOLVE_TIMEOUT_S
        status: str | None = None
        while time.monotonic() < deadline:
            try:
                row = self._connection(write=True).execute(_XACT_STATUS, (xid,)).fetchone()
            except (psycopg.Error, JournalError):
                self._drop_connection()
                time.sleep(0.2)
                continue
            status = row[0] if row else None
            if status != "in progress":
                return status
            time.sleep(0.05)  # the old backend is still finishing the commit
        return status

    @staticmethod
    def _rollback(conn: psycopg.Connection[Any]) -> None:
        if conn.broken or conn.closed:
            return
        with contextlib.suppress(psycopg.Error):
            conn.execute("ROLLBACK")

    def _note_retry(self, what: str, exc: BaseException | None, attempt: int) -> None:
        detail = _scrub(str(exc), self._target.secrets).splitlines()[0] if exc else ""
        log.warning("PostgreSQL journal %s: %s; retrying (attempt %d of %d) %s",
                    self._target.redacted, what, attempt + 2, RETRIES + 1, detail)

    def _failure(self, exc: psycopg.Error) -> JournalError:
        detail = _scrub(str(exc), self._target.secrets)
        if isinstance(exc, pg_errors.LockNotAvailable):
            return JournalError(_BUSY_NB, f"Journal {self._target.redacted} busy: {detail}")
        if isinstance(exc, psycopg.OperationalError):
            return JournalError(
                f"Mistet forbindelsen til journaldatabasen på {self._target.host}:"
                f"{self._target.port}. Vent litt og prøv igjen; kontakt driftsansvarlig hvis "
                "feilen gjentar seg.",
                f"Journal {self._target.redacted} unavailable: {detail}",
            )
        return JournalError(_FAILED_NB, f"Journal {self._target.redacted} failed: {detail}")


# -- the URL ---------------------------------------------------------------------------------


def redact(url: str) -> str:
    """The URL with any password replaced by ``***``; safe for messages and logs.

    Deliberately blunt: everything between ``user:`` and the *last* ``@`` goes, so even a
    password with an unencoded ``@`` or ``/`` never shows.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "***"
    at = rest.rfind("@")
    if at >= 0:
        userinfo = rest[:at]
        user, colon, _ = userinfo.partition(":")
        rest = f"{user}{':***' if colon else ''}@{rest[at + 1:]}"
    head, qmark, query = rest.partition("?")
    if qmark:
        parts = []
        for part in query.split("&"):
            key = part.partition("=")[0]
            parts.append(f"{key}=***" if unquote(key).lower() in ("password", "passfile")
                         else part)
        rest = head + "?" + "&".join(parts)
    return f"{scheme}://{rest}"


def _parse_url(url: str) -> _Target:
    text = url.strip()
    if text.startswith("postgresql+"):  # SQLAlchemy's dialect+driver form
        text = "postgresql://" + text.partition("://")[2]
    redacted = redact(text)
    invalid = JournalError(
        f"Journaladressen er ugyldig: «{redacted}». Bruk formen "
        "postgresql://bruker:passord@vert:5432/database, og prosent-kod spesialtegn i "
        "passordet (for eksempel @ som %40 og / som %2F).",
        f"Invalid PostgreSQL journal URL {redacted!r}.",
    )
    after = text.partition("://")[2]
    cut = [i for i in (after.find(c) for c in "/?#") if i >= 0]
    authority = after[: min(cut)] if cut else after
    # An "@" outside the authority or twice in it means an unencoded character in the
    # password; libpq would read part of the password as a host name and show it.
    if not text.startswith(SCHEMES) or authority.count("@") > 1 or \
            "@" in after[len(authority):]:
        raise invalid
    try:
        params = conninfo_to_dict(text)  # its errors quote the URL: never show them
    except psycopg.Error:
        raise invalid from None
    for port in str(params.get("port", "5432")).split(","):
        if port and not port.isdigit():
            raise invalid
    extra = []
    if "connect_timeout" not in params:
        extra.append(f"connect_timeout={CONNECT_TIMEOUT_S}")
    if "application_name" not in params:
        extra.append("application_name=bmsdata-journal")
    if extra:
        text += ("&" if "?" in text else "?") + "&".join(extra)
    password = str(params.get("password") or "")
    secrets = tuple(s for s in {password, quote(password, safe="")} if s)
    return _Target(
        conninfo=text,
        redacted=redacted,
        user=str(params.get("user") or os.environ.get("PGUSER") or "(standard)"),
        host=str(params.get("host") or os.environ.get("PGHOST") or "localhost"),
        port=str(params.get("port") or os.environ.get("PGPORT") or "5432"),
        dbname=str(params.get("dbname") or os.environ.get("PGDATABASE") or "(standard)"),
        secrets=secrets,
    )


def _scrub(text: str, secrets: Iterable[str]) -> str:
    """Belt and braces: libpq does not echo passwords, but never let one through."""
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _connect_error(t: _Target, exc: psycopg.Error) -> JournalError:
    """A Norwegian sentence for why we could not connect; English detail for the log."""
    detail = _scrub(str(exc), t.secrets).replace("\n", " ").strip()
    lowered = detail.lower()
    if "authentication failed" in lowered or "no pg_hba.conf entry" in lowered or \
            ("role" in lowered and "does not exist" in lowered) or "password" in lowered:
        return JournalError(
            f"Journaldatabasen avviste innloggingen for brukeren «{t.user}». Kontroller "
            "brukernavn og passord i journaladressen (BMS_JOURNAL), eller kontakt "
            "driftsansvarlig.",
            f"Authentication to PostgreSQL journal {t.redacted} failed: {detail}",
        )
    if "database" in lowered and "does not exist" in lowered:
        return JournalError(
            f"Databasen «{t.dbname}» finnes ikke på journalserveren {t.host}:{t.port}. "
            "Kontroller journaladressen (BMS_JOURNAL), eller kontakt driftsansvarlig.",
            f"Database of PostgreSQL journal {t.redacted} does not exist: {detail}",
        )
    return JournalError(
        f"Får ikke kontakt med journaldatabasen på {t.host}:{t.port}. Kontroller at serveren "
        "kjører og kan nås, og prøv igjen; kontakt driftsansvarlig hvis feilen gjentar seg.",
        f"Cannot connect to PostgreSQL journal {t.redacted}: {detail}",
    )


def _row_to_entry(row: tuple[Any, ...]) -> Entry:
    entry_id, ts, author, kind, loop_id, corrects, payload = row
    return Entry(
        id=entry_id,
        ts=ts.astimezone(UTC),
        author=author,
        kind=kind,
        loop_id=loop_id,
        corrects=corrects,
        payload=payload,
    )


def _after_fork_in_child() -> None:
    for journal in list(_JOURNALS):
        if journal._conn is not None:
            journal._detach_inherited()
        else:
            journal._lock = threading.RLock()


os.register_at_fork(after_in_child=_after_fork_in_child)
