"""Fixtures for the report tests: a demo store with a target that has no result, a journal
with a tiltak whose text is a script, and Chromium (Debian's, never a downloaded one).

Without Chromium the tests that print skip with the reason, except under ``CI=true``, where a
missing browser is a failure: CI must test what ships.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportkit import (
    FOCUS_AREA,
    NEW_INDICATOR,
    PAYLOAD,
    SCORECARD_CSV,
    TARGETS_CSV,
    require_chromium,
)

from bmsdata.importers import import_files
from bmsdata.loop.journal import open_journal
from bmsdata.loop.model import LoopService


@pytest.fixture(scope="session")
def chromium() -> None:
    require_chromium()


@pytest.fixture(scope="session")
def report_store(demo_store_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store plus one indicator with targets (all units, and Garderåsen's own) and no
    measurement, imported with the ordinary importer."""
    work = tmp_path_factory.mktemp("report-store")
    path = work / "bms.duckdb"
    shutil.copyfile(demo_store_master, path)
    (work / "malekart.csv").write_text(SCORECARD_CSV, encoding="utf-8")
    (work / "ambisjonsniva.csv").write_text(TARGETS_CSV, encoding="utf-8")
    import_files({"scorecard": [work / "malekart.csv"]}, path)
    import_files({"targets": [work / "ambisjonsniva.csv"]}, path)
    return path


@pytest.fixture(scope="session")
def report_journal(report_store: Path) -> Path:
    """``journal.sqlite`` beside the store (where the dashboards look), with one decided tiltak
    whose title, description and status comment are a script."""
    path = report_store.with_name("journal.sqlite")
    journal = open_journal(path)
    service = LoopService(journal)
    loop_id = service.open_loop("RS1 2026: medarbeiderundersøkelsen", "politisk", "RS1", 2026,
                                author="Kari Nordmann", focus_areas=[FOCUS_AREA],
                                indicators=[NEW_INDICATOR])
    service.hold_meeting(loop_id, 1, "2026-03-10", "12/26", None, "Kari Nordmann")
    service.hold_meeting(loop_id, 2, "2026-03-20", "20/26", None, "Kari Nordmann")
    service.record_council_decisions(
        loop_id, others_in_analysis=False, others_who="", follow_up="Rådmannen følger opp",
        tiltak_needed=True, drafted_by="bestilling", author="Kari Nordmann")
    service.hold_meeting(loop_id, 3, "2026-04-02", None, None, "Per Utvalgsleder")
    service.hold_meeting(loop_id, 4, "2026-04-09", None, None, "Per Utvalgsleder")
    proposal = service.propose_tiltak(
        loop_id, f"Lederprogram {PAYLOAD}", [NEW_INDICATOR], "2026-12-01", "Rådmann Rød",
        description=f"Beskrivelse {PAYLOAD}", focus_area=FOCUS_AREA,
        responsible_person="Lise Leder")
    meeting = service.hold_meeting(loop_id, 5, "2026-05-05", None, None, "Kari Nordmann")
    service.decide_tiltak(loop_id, [proposal.id], meeting.id, "Kari Nordmann")
    service.set_tiltak_status(loop_id, proposal.id, "igangsatt", "Lise Leder",
                              comment=f"Første samling holdt {PAYLOAD}")
    journal.close()
    return path
