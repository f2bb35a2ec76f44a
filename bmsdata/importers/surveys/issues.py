"""Collecting problems from whole columns at once, without drowning the reader.

Respondent files have hundreds of thousands of rows; one wrong setting (a survey id, a scale)
can make every row wrong. Each kind of problem is listed for its first rows, then summed up in
one more line that says how many rows have the same problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bmsdata.importers.errors import ImportIssue

PER_KIND = 10


@dataclass
class Problems:
    file: str
    issues: list[ImportIssue] = field(default_factory=list)
    _seen: dict[str, int] = field(default_factory=dict)
    _first: dict[str, int | None] = field(default_factory=dict)
    _column: dict[str, str | None] = field(default_factory=dict)

    def add(self, kind: str, row: int | None, column: str | None, nb: str, en: str) -> None:
        n = self._seen.get(kind, 0)
        self._seen[kind] = n + 1
        if n < PER_KIND:
            self.issues.append(ImportIssue(self.file, row, column, nb, en))
        elif n == PER_KIND:
            self._first[kind] = row
            self._column[kind] = column

    def add_rows(self, kind: str, rows: Iterable[tuple[int, str | None, str, str]]) -> None:
        for row, column, nb, en in rows:
            self.add(kind, row, column, nb, en)

    def finish(self) -> list[ImportIssue]:
        """The issues, with one summary line per kind that had more than ``PER_KIND``."""
        out = list(self.issues)
        for kind, n in self._seen.items():
            if n > PER_KIND:
                more = n - PER_KIND
                out.append(ImportIssue(
                    self.file, self._first[kind], self._column[kind],
                    f"Samme feil gjelder {more} rader til (fra og med denne). Rett alle, for "
                    "eksempel med søk og erstatt i Excel.",
                    f"{more} more rows with the same problem ({kind})",
                ))
        return out
