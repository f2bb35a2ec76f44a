"""What only the PostgreSQL journal has: the server enforces append-only, least-privilege roles,
schema versions, durable commits, reconnection, and Norwegian errors that never show a password.

The shared contract (semantics, corrections, conflicts, concurrency, kill -9) runs on both
backends in the other test modules; these tests use the same session server (conftest.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import uuid

import pg_server
import psycopg
import pytest
from psycopg import sql

from bmsdata.loop import ConflictError, JournalError, LoopService, journal_pg, open_journal
from bmsdata.loop.errors import JournalMissingError
from bmsdata.loop.journal import ensure_journal
from bmsdata.loop.journal_pg import PostgresJournal, redact

SECRET = pg_server.APP_PASSWORD


def _assert_no_secret(exc: JournalError, *secrets: str) -> None:
    for secret in secrets:
        for text in (str(exc), exc.message, exc.english, repr(exc)):
            assert secret not in text


# -- URLs and connection errors --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bms:hemmelig@db:5432/bms", "postgresql://bms:***@db:5432/bms"),
        ("postgresql://bms:he@mm/elig@db/bms", "postgresql://bms:***@db/bms"),
        ("postgresql://bms@db/bms?password=hemmelig&sslmode=require",
         "postgresql://bms@db/bms?password=***&sslmode=require"),
        ("postgresql://db/bms", "postgresql://db/bms"),
    ],
)
def test_redact_hides_every_password(url: str, shown: str) -> None:
    assert redact(url) == shown
    assert "hemmelig" not in redact(url) and "elig" not in redact(url)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bms:hemme@lig@127.0.0.1:5432/bms",     # unencoded @ in the password
        "postgresql://bms:hemme/lig@127.0.0.1:5432/bms",     # unencoded / in the password
        "postgresql://bms:hemmelig@127.0.0.1:femti/bms",     # port is not a number
        "postgresql://bms:hemmelig@[::1/bms",                # libpq's parse error quotes this
    ],
)
def test_a_malformed_url_gives_a_norwegian_error_without_the_password(url: str) -> None:
    with pytest.raises(JournalError, match="Journaladressen er ugyldig") as info:
        open_journal(url)
    _assert_no_secret(info.value, "hemmelig", "hemme", "lig")


def test_opening_does_not_connect_and_an_unreachable_server_is_explained(caplog) -> None:
    port = pg_server.free_port()  # nobody listens there
    url = pg_server.url("bms", SECRET, port, "bms", connect_timeout="3")
    journal = open_journal(url)  # lazy: a preheated kernel may open before the server is up
    assert isinstance(journal, PostgresJournal)
    assert SECRET not in repr(journal) and SECRET not in journal.url
    caplog.set_level(logging.DEBUG, logger="bmsdata.loop.journal_pg")
    with pytest.raises(JournalError, match="Får ikke kontakt med journaldatabasen") as info:
        journal.entries()
    assert f"127.0.0.1:{port}" in str(info.value)
    assert "refused" in info.value.english.lower()
    _assert_no_secret(info.value, SECRET, "pa:ss")
    assert caplog.records, "connection failures are logged"
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_a_wrong_password_is_refused_in_norwegian_without_leaking(pg, caplog) -> None:
    wrong = "feil-passord-123"
    caplog.set_level(logging.DEBUG, logger="bmsdata.loop.journal_pg")
    journal = open_journal(pg.app_url_for(password=wrong))
    with pytest.raises(JournalError, match="avviste innloggingen for brukeren «bms»") as info:
        journal.append("note", "rs1", {}, "a")
    assert "authentication failed" in info.value.english
    _assert_no_secret(info.value, wrong, SECRET)
    assert all(wrong not in r.getMessage() for r in caplog.records)


def test_an_unknown_database_is_named(pg) -> None:
    journal = open_journal(pg.app_url_for(database="finnes_ikke"))
    with pytest.raises(JournalError, match="Databasen «finnes_ikke» finnes ikke") as info:
        journal.entries()
    _assert_no_secret(info.value, SECRET)


# -- schema ----------------------------------------------------------------------------------


def test_schema_is_created_once_with_its_version(pg, pg_url: str, pg_schema: str) -> None:
    first = open_journal(pg_url)
    entry = first.append("note", "rs1", {"n": 1}, "a")
    second = open_journal(pg_url)  # finds the schema, creates nothing
    assert second.get(entry.id) == entry
    assert first.schema_version() == journal_pg.SCHEMA_VERSION == 1
    with psycopg.connect(pg.superuser_url_for("bms")) as conn:
        rows = conn.execute(
            sql.SQL("SELECT version FROM {}.journal_schema_version").format(
                sql.Identifier(pg_schema))).fetchall()
        columns = dict(conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = 'journal'", (pg_schema,)).fetchall())
    assert rows == [(1,)]
    assert columns["payload"] == "jsonb"
    assert columns["ts"] == "timestamp with time zone"


def test_a_newer_schema_version_is_refused(pg, pg_url: str, pg_schema: str) -> None:
    open_journal(pg_url).append("note", "rs1", {}, "a")
    with psycopg.connect(pg.app_url, autocommit=True) as conn:
        conn.execute(sql.SQL("INSERT INTO {}.journal_schema_version (version) VALUES (99)")
                     .format(sql.Identifier(pg_schema)))
    with pytest.raises(JournalError, match="nyere versjon"):
        open_journal(pg_url).entries()


def test_many_processes_creating_the_schema_at_once_agree(pg_url: str) -> None:
    """The 20-process test also starts on an empty schema; here only the creation races."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    barrier = ctx.Barrier(6)

    def create() -> None:
        try:
            barrier.wait(30)
            ensure_journal(pg_url)  # what bms serve does; reading alone never creates
            queue.put(open_journal(pg_url).schema_version())
        except BaseException as exc:  # reported to the parent
            queue.put(repr(exc))

    procs = [ctx.Process(target=create) for _ in range(6)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(30)
    assert results == [1] * 6


# -- append-only and privileges --------------------------------------------------------------


def test_update_delete_truncate_are_refused_even_for_a_superuser(
    pg, pg_url: str, pg_schema: str
) -> None:
    journal = open_journal(pg_url)
    entry = journal.append("note", "rs1", {"text": "opprinnelig"}, "Åse")
    table = sql.Identifier(pg_schema, "journal")
    statements = [
        sql.SQL("UPDATE {} SET payload = '{{\"text\": \"endret\"}}'").format(table),
        sql.SQL("DELETE FROM {}").format(table),
        sql.SQL("DELETE FROM {} WHERE id = -1").format(table),  # even touching no row
        sql.SQL("TRUNCATE {}").format(table),
    ]
    for url in (pg.app_url, pg.superuser_url_for("bms")):
        with psycopg.connect(url, autocommit=True) as conn:
            for statement in statements:
                with pytest.raises(psycopg.Error) as info:
                    conn.execute(statement)
                # The owner lacks DELETE/TRUNCATE outright; the trigger stops everything else
                # (and stops the superuser, who bypasses privileges).
                assert ("append-only" in str(info.value)
                        or isinstance(info.value, psycopg.errors.InsufficientPrivilege))
    assert journal.entries() == [entry]


def test_a_least_privilege_writer_role_can_append_but_never_change(pg, pg_url, pg_schema) -> None:
    """The deployment's recommended split: an owner role creates, a writer role appends."""
    owner_journal = open_journal(pg_url)
    first = owner_journal.append("note", "rs1", {"n": 1}, "eier")  # owner creates the schema
    writer, password = f"skriver_{uuid.uuid4().hex[:8]}", "skriver-passord-9"
    schema, table = sql.Identifier(pg_schema), sql.Identifier(pg_schema, "journal")
    version = sql.Identifier(pg_schema, "journal_schema_version")
    with psycopg.connect(pg.superuser_url_for("bms"), autocommit=True) as su:
        su.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(writer), sql.Literal(password)))
        su.execute(sql.SQL("GRANT CONNECT ON DATABASE bms TO {}").format(sql.Identifier(writer)))
        su.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema,
                                                                     sql.Identifier(writer)))
        su.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(table,
                                                                       sql.Identifier(writer)))
        su.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(version, sql.Identifier(writer)))
    writer_url = pg.app_url_for(user=writer, password=password,
                                options=f"-c search_path={pg_schema}")
    journal = open_journal(writer_url)
    second = journal.append("correction", "rs1", {"n": 2}, "skriver", corrects=first.id,
                            expect_last_id=first.id)
    assert [e.id for e in journal.entries("rs1")] == [first.id, second.id]
    with psycopg.connect(writer_url, autocommit=True) as conn:
        for statement in ("UPDATE journal SET author = 'x'", "DELETE FROM journal",
                          "ALTER TABLE journal DISABLE TRIGGER journal_append_only"):
            with pytest.raises(psycopg.Error):
                conn.execute(statement)
    # A writer on an empty database is told to ask for the tables, not shown a stack trace.
    with psycopg.connect(pg.app_url, autocommit=True) as conn:
        empty = f"tom_{uuid.uuid4().hex[:8]}"
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(empty)))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(
            sql.Identifier(empty), sql.Identifier(writer)))
    bare = open_journal(pg.app_url_for(user=writer, password=password,
                                       options=f"-c search_path={empty}"))
    with pytest.raises(JournalMissingError, match="Journaltabellene finnes ikke") as info:
        bare.entries()  # reading never creates the tables
    _assert_no_secret(info.value, password)
    with pytest.raises(JournalError, match="ikke lov til å lage dem") as info:
        bare.append("note", None, {}, "a")
    _assert_no_secret(info.value, password)


# -- durability, locking, reconnection -------------------------------------------------------


def test_writes_are_durable_even_if_the_session_asks_otherwise(pg, pg_schema: str) -> None:
    url = pg.app_url_for(options=f"-c search_path={pg_schema} -c synchronous_commit=off")
    journal = open_journal(url)
    assert isinstance(journal, PostgresJournal)
    journal.append("note", "rs1", {}, "a")  # creates the schema

    def inside_write(conn: psycopg.Connection) -> tuple[int, str, str]:
        setting = conn.execute("SHOW synchronous_commit").fetchone()[0]
        timeout = conn.execute("SHOW lock_timeout").fetchone()[0]
        return 0, setting, timeout

    assert journal._write(inside_write)[1:] == ("on", journal_pg.LOCK_TIMEOUT)
    # Outside the write transaction the session keeps its own setting (SET LOCAL only).
    assert journal._read(lambda c: c.execute("SHOW synchronous_commit").fetchone()[0]) == "off"


def test_timestamps_are_the_servers_clock_in_utc(pg_url: str) -> None:
    journal = open_journal(pg_url)
    a = journal.append("note", "rs1", {}, "a")
    b = journal.append("note", "rs1", {}, "a")
    now = journal._read(lambda c: c.execute("SELECT clock_timestamp()").fetchone()[0])
    assert a.ts <= b.ts <= now
    assert a.ts.utcoffset().total_seconds() == 0


def test_a_dropped_connection_is_reopened_without_duplicates(pg, pg_url: str) -> None:
    journal = open_journal(pg_url)
    assert isinstance(journal, PostgresJournal)
    first = journal.append("note", "rs1", {"n": 1}, "a")
    old_pid = journal._read(lambda c: c.info.backend_pid)
    with psycopg.connect(pg.superuser_url, autocommit=True) as su:
        assert su.execute("SELECT pg_terminate_backend(%s)", (old_pid,)).fetchone()[0]
    # The next write finds the connection dead before COMMIT, reconnects and writes once.
    second = journal.append("note", "rs1", {"n": 2}, "a", expect_last_id=first.id)
    assert journal._read(lambda c: c.info.backend_pid) != old_pid
    assert [e.payload["n"] for e in journal.entries("rs1")] == [1, 2]
    assert second.id > first.id


def test_the_outcome_of_a_lost_commit_is_asked_of_the_server(pg_url: str) -> None:
    """What the journal does when COMMIT's answer is lost: pg_xact_status, never a guess."""
    journal = open_journal(pg_url)
    assert isinstance(journal, PostgresJournal)
    journal.ensure()  # schema
    with psycopg.connect(pg_url, autocommit=True) as other:
        outcomes = {}
        for outcome in ("COMMIT", "ROLLBACK"):
            other.execute("BEGIN")
            xid = other.execute(
                "INSERT INTO journal (author, kind, payload) VALUES ('a', 'note', '{}') "
                "RETURNING pg_current_xact_id()::text").fetchone()[0]
            other.execute(outcome)
            outcomes[outcome] = journal._resolve(xid)
    assert outcomes == {"COMMIT": "committed", "ROLLBACK": "aborted"}


def test_a_held_loop_lock_times_out_as_busy_not_forever(pg_url: str, monkeypatch) -> None:
    journal = open_journal(pg_url)
    journal.append("note", "rs1", {}, "a")
    other_loop = journal.append("note", "rs2", {}, "a")
    # Shorter than the real 10 s, and no retries, to keep the test quick.
    monkeypatch.setattr(journal_pg, "RETRIES", 0)
    monkeypatch.setattr(journal_pg, "_BEGIN_WRITE", tuple(
        statement.replace(f"lock_timeout = '{journal_pg.LOCK_TIMEOUT}'", "lock_timeout = '200ms'")
        for statement in journal_pg._BEGIN_WRITE))
    assert any("'200ms'" in statement for statement in journal_pg._BEGIN_WRITE)
    with psycopg.connect(pg_url) as holder:  # another writer stuck inside rs1's transaction
        holder.execute("SELECT pg_advisory_xact_lock(4345171, hashtext('rs1'))")
        # A different loop is not blocked by it.
        assert journal.append("note", "rs2", {}, "b", expect_last_id=other_loop.id)
        with pytest.raises(JournalError, match="opptatt"):
            journal.append("note", "rs1", {}, "b")
        holder.rollback()
    assert len(journal.entries("rs1")) == 1
    # Once the lock is free the loop takes writes again.
    journal.append("note", "rs1", {}, "b")
    assert len(journal.entries("rs1")) == 2


def test_two_kernels_see_each_others_writes_and_conflicts(journal_target: str) -> None:
    """Two journal objects (two kernels, maybe on two machines) on the same journal."""
    first = LoopService(open_journal(journal_target))
    second = LoopService(open_journal(journal_target))
    loop_id = first.open_loop("RS1", "politisk", "RS1", 2025, author="Kari")
    first.hold_meeting(loop_id, 1, "2025-03-10", None, None, "Kari")
    entries = second.journal.entries(loop_id)
    second.journal.append("note", loop_id, {"stage": 1, "note_type": "question", "text": "?"},
                          "Ola", expect_last_id=entries[-1].id)
    with pytest.raises(ConflictError):
        first.journal.append("note", loop_id, {"stage": 1, "note_type": "question",
                                               "text": "!"}, "Kari",
                             expect_last_id=entries[-1].id)
    # The service itself re-reads and succeeds.
    first.add_note(loop_id, "Hvorfor?", "Kari")
    assert len(first.state(loop_id).notes[1]) == 2


def test_a_forked_child_cannot_disturb_the_parents_session(pg_url: str) -> None:
    """Even closing the inherited connection in the child must not end the parent's session."""
    journal = open_journal(pg_url)
    assert isinstance(journal, PostgresJournal)
    journal.append("note", "fork", {"who": "parent"}, "forelder")
    parent_pid = journal._read(lambda c: c.info.backend_pid)
    pid = os.fork()
    if pid == 0:  # child: close everything inherited, the way interpreter exit would
        code = 1
        try:
            for conn in journal_pg._FORKED_CONNECTIONS:
                conn.close()
            journal.append("note", "fork", {"who": "child"}, "barn")
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # Same server session as before: nothing was sent on it by the child.
    assert journal._read(lambda c: c.info.backend_pid) == parent_pid
    assert [e.payload["who"] for e in journal.entries("fork")] == ["parent", "child"]
