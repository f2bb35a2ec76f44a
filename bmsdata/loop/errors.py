"""Errors of the result loop and its journal.

Every error a person may see carries a Norwegian (bokmål) sentence that says what to do
(``message``, also what ``str()`` returns, so a dashboard can show it as it is) and an
English sentence for logs and developers (``english``): they are
:class:`bmsdata.errors.BmsError`. Validation errors are also ``ValueError``s, so callers
that only know the standard library still catch them.
"""

from __future__ import annotations

from bmsdata.errors import EXIT_JOURNAL, BmsError


class LoopError(BmsError):
    """Base class of the loop's errors (``message`` Norwegian, ``english`` for logs)."""


class StageListError(LoopError, ValueError):
    """A stage-list JSON file is missing, malformed or breaks the rules of a stage list."""


class JournalError(LoopError):
    """The journal cannot be opened, read or written."""

    exit_code = EXIT_JOURNAL


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
