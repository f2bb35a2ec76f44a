"""The resultatsløyfe: stages as data, the append-only journal, and the rules of the loop.

Typical use in a dashboard::

    from bmsdata.loop import LoopService, open_journal
    service = LoopService(open_journal())          # $BMS_JOURNAL or data/journal.sqlite
    loop_id = service.open_loop("RS1 2025: brukerundersøkelsen", "politisk", "RS1", 2025,
                                author="Kari Nordmann")
"""

from bmsdata.loop.errors import (
    ConflictError,
    JournalError,
    LoopError,
    LoopValidationError,
    NotFoundError,
    SameMeetingError,
    StageListError,
    StageOrderError,
)
from bmsdata.loop.guard import GuardedLoopService, WriteRefused
from bmsdata.loop.identity import (
    Identity,
    RolesError,
    author_from_environment,
    load_roles,
    resolve_identity,
)
from bmsdata.loop.journal import Entry, Journal, SqliteJournal, open_journal
from bmsdata.loop.model import LoopService, LoopSummary
from bmsdata.loop.stages import Stage, StageList, StageLists, load_stage_lists
from bmsdata.loop.state import LoopState, Tiltak

__all__ = [
    "ConflictError", "Entry", "GuardedLoopService", "Identity", "Journal", "JournalError",
    "LoopError", "LoopService", "RolesError", "WriteRefused", "load_roles", "resolve_identity",
    "LoopState", "LoopSummary", "LoopValidationError", "NotFoundError", "SameMeetingError",
    "SqliteJournal", "Stage", "StageList", "StageListError", "StageLists", "StageOrderError",
    "Tiltak", "author_from_environment", "load_stage_lists", "open_journal",
]
