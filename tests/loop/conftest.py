"""Fixtures for the result-loop tests: a fresh journal per test and loops at a given stage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bmsdata.loop import LoopService, SqliteJournal, open_journal


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[SqliteJournal]:
    j = open_journal(journal_path)
    assert isinstance(j, SqliteJournal)
    yield j
    j.close()


@pytest.fixture
def service(journal: SqliteJournal) -> LoopService:
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
