"""Import errors that name the file, row, column and what to do.

Users read Norwegian; logs get English. An import with any error loads nothing, so every
problem in every file is collected first and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass

from bmsdata.errors import BmsError

MAX_LISTED = 50


@dataclass(frozen=True)
class ImportIssue:
    file: str
    row: int | None
    column: str | None
    message: str
    english: str

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def log_line(self) -> str:
        """The English line for logs: where, then what."""
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.english}"


class ImportValidationError(BmsError):
    """One or more problems in the input; nothing was loaded."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        self.issues = issues
        super().__init__(self._norwegian(), self._english())

    def _norwegian(self) -> str:
        n = len(self.issues)
        head = (
            f"Importen ble stoppet: {n} feil funnet. Ingenting er lastet inn; rett feilene og "
            "prøv igjen."
            if n != 1
            else "Importen ble stoppet: 1 feil funnet. Ingenting er lastet inn; rett feilen og "
            "prøv igjen."
        )
        lines = [head] + [f"  - {issue}" for issue in self.issues[:MAX_LISTED]]
        if n > MAX_LISTED:
            lines.append(f"  … og {n - MAX_LISTED} feil til.")
        return "\n".join(lines)

    def _english(self) -> str:
        return "import rejected, nothing loaded: " + "; ".join(
            i.log_line() for i in self.issues[:MAX_LISTED]
        )
