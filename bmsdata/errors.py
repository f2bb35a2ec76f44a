"""The one error type a person may see: :class:`BmsError`.

Every error that reaches a person carries a Norwegian (bokmål) sentence that says what to do
(``message``, also what ``str()`` returns, so a page or the CLI can show it as it is), an
English sentence for logs and developers (``english``), and the exit code the ``bms`` command
ends with. The capabilities subclass it (``LoopError``, ``StoreError``, ``ReportError`` …) so
callers can still catch what they know, and ``bms`` needs one ``except`` for all of them.
"""

from __future__ import annotations

#: Exit codes of the ``bms`` command (``docs/cli.md``).
EXIT_INPUT = 2
EXIT_STORE = 3
EXIT_JOURNAL = 4
EXIT_BUG = 70


class BmsError(Exception):
    """A Norwegian message for people, an English one for logs, and an exit code."""

    exit_code: int = EXIT_INPUT

    def __init__(self, message: str, english: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.english = english
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
