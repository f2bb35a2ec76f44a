"""The one door every write from a page goes through: :class:`GuardedLoopService`.

Hiding a form is not a permission check: over the widget protocol a browser can set any
widget's value and press any button it knows of. So the pages never hold a bare
``LoopService``; they hold this wrapper, built from the page's :class:`Identity`, and the
check happens here, in the kernel, before anything reaches the journal:

* a role that may not write (``leser``) is refused;
* with a login, the author must be the login name, exactly; any other name is refused
  (the page has no way to change it either);
* without a login (the local user), the typed name is the author.

A refusal is a :class:`WriteRefused` (a ``LoopError``: Norwegian for the page, English for
the log) and nothing is written. Reading is open to every role.
"""

from __future__ import annotations

import inspect
import logging
from datetime import date
from typing import Any

from bmsdata.loop.errors import LoopError
from bmsdata.loop.identity import Identity
from bmsdata.loop.journal import Entry
from bmsdata.loop.model import LoopService, LoopSummary
from bmsdata.loop.stages import StageList, StageLists
from bmsdata.loop.state import LoopState, Tiltak

log = logging.getLogger(__name__)

#: Every ``LoopService`` method that appends to the journal (a test keeps this complete).
WRITE_METHODS = (
    "open_loop", "hold_meeting", "advance_stage", "add_note", "record_council_decisions",
    "propose_tiltak", "decide_tiltak", "set_tiltak_status", "correct", "save_presentation",
    "comment",
)


class WriteRefused(LoopError):
    """The identity may not write this (role ``leser``, or another name than the login's)."""


READ_ONLY = "Du kan lese, men ikke skrive her (rolle: {role}). Be {contact} om rollen «skriver»."
NOT_YOUR_NAME = (
    "Du er logget inn som «{name}» og kan bare skrive under det navnet. Ingenting ble lagret."
)


class GuardedLoopService:
    """``LoopService`` for one identity: reads pass through, writes are checked first."""

    def __init__(self, service: LoopService, identity: Identity) -> None:
        self._service = service
        self.identity = identity

    # -- reading (every role) ----------------------------------------------------------------

    @property
    def default_stage_lists(self) -> StageLists:
        return self._service.default_stage_lists

    def state(self, loop_id: str, today: date | None = None) -> LoopState:
        return self._service.state(loop_id, today)

    def history(self, loop_id: str) -> list[Entry]:
        return self._service.history(loop_id)

    def list_loops(self, today: date | None = None) -> list[LoopSummary]:
        return self._service.list_loops(today)

    def tiltak_register(self, today: date | None = None,
                        include_closed: bool = True) -> list[Tiltak]:
        return self._service.tiltak_register(today, include_closed)

    def stage_list(self, name: str, kind: str) -> StageList:
        return self._service.stage_list(name, kind)

    # -- the check -------------------------------------------------------------------------

    def check(self, author: object) -> str:
        """The author to record, or :class:`WriteRefused`. Writes nothing."""
        ident = self.identity
        if not ident.can_write:
            log.warning("write refused: role %s (%s user %r)", ident.role, ident.source,
                        ident.name)
            raise WriteRefused(READ_ONLY.format(role=ident.role, contact=ident.contact),
                               f"role {ident.role!r} may not write")
        if ident.from_login and author != ident.name:
            log.warning("write refused: author %r is not the login name %r", author, ident.name)
            raise WriteRefused(NOT_YOUR_NAME.format(name=ident.name),
                               "author differs from the login name")
        if not isinstance(author, str):
            raise WriteRefused("Skriv inn navnet ditt før du registrerer.", "no author")
        return author

    def _write(self, method: str, *args: Any, **kwargs: Any) -> Any:
        bound = inspect.signature(getattr(LoopService, method)).bind(
            self._service, *args, **kwargs)
        self.check(bound.arguments.get("author"))
        return getattr(self._service, method)(*args, **kwargs)

    # -- writing (checked) -----------------------------------------------------------------

    def open_loop(self, *args: Any, **kwargs: Any) -> str:
        return self._write("open_loop", *args, **kwargs)

    def hold_meeting(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("hold_meeting", *args, **kwargs)

    def advance_stage(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("advance_stage", *args, **kwargs)

    def add_note(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("add_note", *args, **kwargs)

    def record_council_decisions(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("record_council_decisions", *args, **kwargs)

    def propose_tiltak(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("propose_tiltak", *args, **kwargs)

    def decide_tiltak(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("decide_tiltak", *args, **kwargs)

    def set_tiltak_status(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("set_tiltak_status", *args, **kwargs)

    def correct(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("correct", *args, **kwargs)

    def save_presentation(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("save_presentation", *args, **kwargs)

    def comment(self, *args: Any, **kwargs: Any) -> Entry:
        return self._write("comment", *args, **kwargs)
