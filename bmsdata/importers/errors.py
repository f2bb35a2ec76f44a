"""Import errors that name the file, row, column and what to do.

Users read Norwegian; logs get English. An import with any error loads nothing, so every
problem in every file is collected first and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_LISTED = 50


@dataclass(frozen=True)
class ImportIssue:
    file: str
    row: int | None
    column: str | None
    message_nb: str
    message_en: str

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message_nb}"

    def english(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message_en}"


class ImportValidationError(Exception):
    """One or more problems in the input; nothing was loaded."""

    def __init__(self, issues: list[ImportIssue]) -> None:
        self.issues = issues
        super().__init__(self.norwegian())

    def norwegian(self) -> str:
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

    def english(self) -> str:
        return "import rejected, nothing loaded: " + "; ".join(
            i.english() for i in self.issues[:MAX_LISTED]
        )
