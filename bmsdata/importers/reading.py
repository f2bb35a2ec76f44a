"""Reading a CSV or XLSX file into rows of text, keeping each row's number in the file.

Municipal files come from Excel: CSV as UTF-8, UTF-8 with BOM or Windows-1252, separated by
semicolons (Norwegian Excel) or commas; or XLSX. Every cell is read as text so that the
validators, not the reader, decide what a value means, and can say where it was.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

import openpyxl

from bmsdata.importers.errors import ImportIssue
from bmsdata.importers.values import fold

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


@dataclass
class Table:
    """A file's header and rows. ``rows`` pair the row number people see with the cells."""

    file: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    header_row: int = 1
    #: Rows that could not be read (too many fields, Excel error cells). They are left out of
    #: ``rows`` and reported with the file's other problems, so one bad row hides nothing.
    issues: list[ImportIssue] = field(default_factory=list)

    def column_for(self, folded: str) -> str | None:
        """The header as written in the file for a folded column name, if present."""
        for h in self.headers:
            if fold(h) == folded:
                return h
        return None


class ReadProblem(Exception):
    def __init__(self, issue: ImportIssue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV (semikolondelt)" on Norwegian Windows writes Windows-1252.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadProblem(ImportIssue(
            name, None, None,
            "Filen har en tegnkoding som ikke kan leses. Lagre den som «CSV UTF-8» i Excel og "
            "prøv igjen.",
            f"cannot decode file as UTF-8 or Windows-1252 ({exc})",
        )) from exc


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(";,\t", key=first.count)


def _empty(name: str) -> ReadProblem:
    return ReadProblem(ImportIssue(
        name, None, None,
        "Filen er tom. Fyll inn en overskriftsrad og minst én datarad (se malene i "
        "data/templates/).",
        "file is empty",
    ))


def _read_csv(path: Path, name: str) -> Table:
    data = path.read_bytes()
    text = _decode(data, name)
    if not text.strip():
        raise _empty(name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    headers: list[str] | None = None
    table: Table | None = None
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if headers is None:
            headers = [c.strip() for c in cells]
            table = Table(name, headers, header_row=line)
            continue
        assert table is not None
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
            table.issues.append(ImportIssue(
                name, line, None,
                f"Raden har {len(cells)} felt, men overskriften har {len(headers)}. Sjekk "
                "skilletegn (semikolon eller komma) og anførselstegn.",
                f"row has {len(cells)} fields but header has {len(headers)}",
            ))
            continue
        padded = cells + [""] * (len(headers) - len(cells))
        table.rows.append((line, {h: padded[i].strip() for i, h in enumerate(headers) if h}))
    if table is None:
        raise _empty(name)
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    return str(value).strip()


def _read_excel(path: Path, name: str, sheet_hint: str | None) -> Table:
    """Read the sheet named like the import kind, else the first sheet.

    openpyxl rather than pandas: pandas turns Excel error cells (#N/A from a failed VLOOKUP,
    #DIV/0!, #REF!) into blanks, so an error in an optional column would load as an empty value
    without a word. Here each one is reported on its row and column, and that row is left out.
    """
    try:
        with warnings.catch_warnings():
            # openpyxl warns in English about features it skips (data validation, styles);
            # they do not change the values read, and the person importing cannot act on them.
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadProblem(ImportIssue(
            name, None, None,
            "Excel-filen kan ikke åpnes. Sjekk at den er en .xlsx-fil og ikke skadet.",
            f"cannot open workbook: {exc}",
        )) from exc
    try:
        if not workbook.sheetnames:
            raise _empty(name)
        chosen = workbook.sheetnames[0]
        if sheet_hint:
            for sheet_name in workbook.sheetnames:
                if fold(sheet_name) == fold(sheet_hint):
                    chosen = sheet_name
        table: Table | None = None
        for row in workbook[chosen].iter_rows():
            cells = [_cell_text(c.value) for c in row]
            if not any(cells):
                continue
            line = row[0].row  # Excel's own row number
            if table is None:
                table = Table(name, cells, header_row=line)
                continue
            errors = [(table.headers[i], c.value) for i, c in enumerate(row)
                      if c.data_type == "e" and i < len(table.headers) and table.headers[i]]
            for header, shown in errors:
                table.issues.append(ImportIssue(
                    name, line, header,
                    f"Cellen viser Excel-feilen «{shown}». Rett formelen, eller skriv inn "
                    "verdien.",
                    f"cell holds the Excel error {shown!r}",
                ))
            if errors:
                continue
            table.rows.append((line, {h: cells[i] if i < len(cells) else ""
                                      for i, h in enumerate(table.headers) if h}))
    finally:
        workbook.close()
    if table is None:
        raise _empty(name)
    return table


def read_table(path: str | Path, sheet_hint: str | None = None, *,
               keep_going: bool = False) -> Table:
    """Read one file. Raises :class:`ReadProblem` for a file that cannot be read at all.

    Rows that cannot be read (too many fields, Excel error cells) raise on the first one, unless
    ``keep_going``: then they are left out of ``rows`` and listed in ``Table.issues``, so a
    caller that checks the rest (as :class:`~bmsdata.importers.columns.Checker` does, which
    reports them) can name every problem in one go.
    """
    table = _read(path, sheet_hint)
    if table.issues and not keep_going:
        raise ReadProblem(table.issues[0])
    return table


def _read(path: str | Path, sheet_hint: str | None) -> Table:
    p = Path(path)
    name = p.name
    if not p.is_file():
        raise ReadProblem(ImportIssue(
            name, None, None, f"Finner ikke filen {p}. Sjekk filnavnet og mappen.",
            f"file not found: {p}"
        ))
    if p.stat().st_size == 0:
        raise _empty(name)
    suffix = p.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(p, name, sheet_hint)
    if suffix in CSV_SUFFIXES:
        return _read_csv(p, name)
    if suffix == ".xls":
        raise ReadProblem(ImportIssue(
            name, None, None,
            "Gamle .xls-filer støttes ikke. Lagre filen som .xlsx eller CSV i Excel.",
            "legacy .xls is not supported",
        ))
    raise ReadProblem(ImportIssue(
        name, None, None,
        f"Ukjent filtype «{p.suffix}». Bruk .csv eller .xlsx.",
        f"unsupported file type {p.suffix!r}",
    ))
