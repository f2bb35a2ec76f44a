"""Column specs and a row checker shared by every import kind.

Each kind lists its columns once (Norwegian header, whether the column and the value are
required, how to parse it). :class:`Checker` turns a :class:`Table` into parsed rows and a list
of issues that name file, row and column, so the kinds only state their own rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bmsdata.importers.errors import ImportIssue
from bmsdata.importers.reading import Table
from bmsdata.importers.values import ValueProblem, fold


@dataclass(frozen=True)
class Column:
    """One column. ``key`` is the name used in code; ``header`` the Norwegian header in files."""

    key: str
    header: str
    required: bool = False
    value_required: bool = False
    parse: Callable[[str], Any] | None = None
    aliases: tuple[str, ...] = ()

    def folded_names(self) -> set[str]:
        return {fold(self.header), *(fold(a) for a in self.aliases)}


@dataclass
class Row:
    """A parsed row: ``values`` by column key (None when blank), and where it came from."""

    number: int
    values: dict[str, Any]
    headers: dict[str, str]
    #: Keys whose cell had text, parsed or not; a value of None in one of them was unreadable
    #: (and already reported), not missing.
    filled: set[str] = field(default_factory=set)

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class Checker:
    table: Table
    columns: list[Column]
    issues: list[ImportIssue] = field(default_factory=list)
    _headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for col in self.columns:
            names = col.folded_names()
            found = next((h for h in self.table.headers if fold(h) in names), None)
            if found is not None:
                self._headers[col.key] = found
            elif col.required:
                self.issues.append(ImportIssue(
                    self.table.file, self.table.header_row, col.header,
                    f"Kolonnen «{col.header}» mangler. Legg den til i overskriftsraden (se "
                    f"malene i data/templates/).{self.table.sheet_note}",
                    f"required column {col.header!r} is missing",
                ))
        self.issues.extend(self.table.issues)
        if not self.table.rows and not self.table.issues:
            self.issues.append(ImportIssue(
                self.table.file, None, None,
                "Filen har en overskriftsrad, men ingen datarader. Legg til dataradene under "
                "overskriften, eller ta filen ut av importen.",
                "file has a header but no data rows",
            ))

    @property
    def header_ok(self) -> bool:
        return not any(i.row == self.table.header_row and i.column for i in self.issues)

    def has(self, key: str) -> bool:
        """Whether the file has the column, under its header or one of its aliases."""
        return key in self._headers

    def header(self, key: str) -> str:
        return self._headers.get(key) or next(c.header for c in self.columns if c.key == key)

    def problem(self, row: int | None, key: str | None, nb: str, en: str) -> None:
        column = self.header(key) if key else None
        self.issues.append(ImportIssue(self.table.file, row, column, nb, en))

    def rows(self) -> Iterator[Row]:
        """Parsed rows; cells that fail to parse are reported and come back as None.

        Rows with a problem in a required value are still yielded, so later checks (duplicates,
        unknown ids) can report every problem in one pass; the caller decides what to keep.
        """
        for number, cells in self.table.rows:
            values: dict[str, Any] = {}
            filled: set[str] = set()
            for col in self.columns:
                header = self._headers.get(col.key)
                text = cells.get(header, "") if header else ""
                if text:
                    filled.add(col.key)
                if text == "":
                    values[col.key] = None
                    if col.value_required and header:
                        self.problem(
                            number, col.key,
                            f"«{col.header}» mangler verdi. Fyll inn feltet.",
                            f"{col.header!r} is empty",
                        )
                    continue
                if col.parse is None:
                    values[col.key] = text
                    continue
                try:
                    values[col.key] = col.parse(text)
                except ValueProblem as exc:
                    values[col.key] = None
                    self.problem(number, col.key, exc.message, exc.english)
                except ValueError as exc:  # e.g. PeriodError
                    values[col.key] = None
                    self.problem(number, col.key, str(exc), f"cannot parse {text!r}")
            yield Row(number, values, self._headers, filled)


def duplicates(rows: list[Row], key: Callable[[Row], tuple], checker: Checker,
               what: str, column: str) -> None:
    """Report every row whose key repeats an earlier row, naming the earlier row."""
    seen: dict[tuple, int] = {}
    for row in rows:
        k = key(row)
        if any(part is None for part in k):
            continue
        if k in seen:
            checker.problem(
                row.number, column,
                f"Duplikat: {what} finnes allerede på rad {seen[k]}. Fjern en av radene.",
                f"duplicate of row {seen[k]}",
            )
        else:
            seen[k] = row.number
