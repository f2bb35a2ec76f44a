"""Fixtures for the result-loop tests: a fresh journal per test and loops at a given stage.

Every test that takes ``journal`` (or ``service``, or ``journal_target``) runs twice: on a
SQLite file and on a real PostgreSQL server (``tests/pg_server.py``, started once per session
on loopback). Without PostgreSQL's binaries those runs are skipped with the reason, except in
CI (``CI=true``), where they fail: CI must test what ships.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bmsdata.loop import Journal, LoopService, SqliteJournal, open_journal
from bmsdata.loop.journal import ensure_journal

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import pg_server  # noqa: E402
import requires  # noqa: E402

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg() -> Iterator[pg_server.PgServer]:
    """A PostgreSQL server for the whole session, stopped and deleted at the end."""
    try:
        server = pg_server.start()
    except pg_server.PostgresUnavailable as exc:
        requires.missing("PostgreSQL", str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_schema(pg: pg_server.PgServer) -> str:
    """A fresh, empty schema owned by the journal's role: a new journal per test, cheaply."""
    import psycopg
    from psycopg import sql

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg.app_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    return name


@pytest.fixture
def pg_url(pg: pg_server.PgServer, pg_schema: str) -> str:
    """The journal's URL: role ``bms`` in database ``bms``, tables in this test's schema."""
    return pg.app_url_for(options=f"-c search_path={pg_schema}")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def journal_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """What ``open_journal`` gets for this backend: a file path or a postgresql:// URL.

    The journal exists and is empty, as ``bms serve`` leaves it (``ensure_journal``): reading
    never creates one (test_loop_journal_missing.py covers the missing cases).
    """
    if backend == "sqlite":
        target = str(tmp_path / "journal.sqlite")
    else:
        target = request.getfixturevalue("pg_url")
    ensure_journal(target)
    return target


@pytest.fixture
def journal(journal_target: str) -> Iterator[Journal]:
    j = open_journal(journal_target)
    yield j
    j.close()  # type: ignore[attr-defined]


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite"


@pytest.fixture
def sqlite_journal(journal_path: Path) -> Iterator[SqliteJournal]:
    ensure_journal(journal_path)
    j = open_journal(journal_path)
    assert isinstance(j, SqliteJournal)
    yield j
    j.close()


@pytest.fixture
def service(journal: Journal) -> LoopService:
    return LoopService(journal)


@dataclass
class PoliticalLoop:
    """A political loop walked through stages I–IV, with one proposal ready for a vedtak."""

    loop_id: str
    first_meeting: int
    proposal: int


@pytest.fixture
def political_loop(service: LoopService) -> Callable[..., PoliticalLoop]:
    """Build a political loop up to stage IV; by default results are first shown 2025-03-10."""

    def build(
        dates: tuple[str, str, str, str] = ("2025-03-10", "2025-03-20", "2025-04-02", "2025-04-09"),
    ) -> PoliticalLoop:
        loop_id = service.open_loop(
            "RS1 2025: brukerundersøkelsen", "politisk", "RS1", 2025, author="Kari Nordmann",
            focus_areas=["brukere"], indicators=["brukertilfredshet_hjemmetjeneste"],
        )
        first = service.hold_meeting(loop_id, 1, dates[0], "12/25", None, "Kari Nordmann")
        service.add_note(loop_id, "Hva sier resultatene oss om hjemmetjenesten?", "Ola",
                         note_type="question")
        service.hold_meeting(loop_id, 2, dates[1], "20/25", None, "Kari Nordmann")
        service.record_council_decisions(
            loop_id, others_in_analysis=True, others_who="Eldrerådet",
            follow_up="Helseutvalget analyserer", tiltak_needed=True, drafted_by="bestilling",
            author="Kari Nordmann",
        )
        service.hold_meeting(loop_id, 3, dates[2], None, None, "Per Utvalgsleder")
        service.hold_meeting(loop_id, 4, dates[3], None, None, "Per Utvalgsleder")
        proposal = service.propose_tiltak(
            loop_id, "Faste team i hjemmetjenesten", ["brukertilfredshet_hjemmetjeneste"],
            "2025-09-01", "Rådmann Rød", responsible_unit="Hjemmetjenesten",
            responsible_person="Lise Leder", cost=120000, within_unit_budget=False,
        )
        return PoliticalLoop(loop_id, first.id, proposal.id)

    return build
