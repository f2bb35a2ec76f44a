"""Errors of the result loop and its journal.

Every error a person may see carries a Norwegian (bokmål) sentence that says what to do
(``message_nb``, also what ``str()`` returns, so a dashboard can show it as it is) and an
English sentence for logs and developers (``message_en``). Validation errors are also
``ValueError``s, so callers that only know the standard library still catch them.
"""

from __future__ import annotations


class LoopError(Exception):
    """Base class: a Norwegian message for people and an English one for logs."""

    def __init__(self, message_nb: str, message_en: str) -> None:
        super().__init__(message_nb)
        self.message_nb = message_nb
        self.message_en = message_en

    def __str__(self) -> str:
        return self.message_nb


class StageListError(LoopError, ValueError):
    """A stage-list JSON file is missing, malformed or breaks the rules of a stage list."""


class JournalError(LoopError):
    """The journal cannot be opened, read or written."""


class JournalMissingError(JournalError):
    """There is no journal where one was expected (a file, its folder, or PostgreSQL's tables).

    Reading never creates a journal: a mistyped ``BMS_JOURNAL`` or an unmounted share must be
    an error that names the path, not a new empty journal that silently splits the record.
    """


class JournalCorruptError(JournalError):
    """The journal exists but is damaged, or is not a journal at all: restore it from backup."""


class ConflictError(JournalError):
    """Someone else wrote to the same loop between our read and our write (optimistic check)."""


class LoopValidationError(LoopError, ValueError):
    """A request breaks a rule of the loop; nothing was written."""


class NotFoundError(LoopValidationError, LookupError):
    """A loop, entry, proposal or tiltak that the request refers to does not exist."""


class StageOrderError(LoopValidationError):
    """A meeting or note at a stage the loop has not reached, or one that skips stages."""


class SameMeetingError(LoopValidationError):
    """The guide's rule: results and tiltak are never treated in the same meeting."""
