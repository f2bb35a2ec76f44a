"""Reading a CSV or XLSX file into rows of text, keeping each row's number in the file.

Municipal files come from Excel: CSV as UTF-8, UTF-8 with BOM or Windows-1252, separated by
semicolons (Norwegian Excel) or commas; or XLSX. Every cell is read as text so that the
validators, not the reader, decide what a value means, and can say where it was.

What the reader refuses, and why (``docs/import-formats.md`` has the user's side):

* files larger than :func:`max_import_bytes` (50 MB unless ``BMS_MAX_IMPORT_MB`` says
  otherwise), before reading a byte: every cell becomes a Python string, so a file costs about
  50 times its size in memory, and a 200 MB export would need 10 GB;
* CSV rows written with the other separator (a row of commas in a semicolon file), which would
  otherwise be read as one long first cell and reported as missing values;
* XLSX files that unpack to more than :func:`max_unpacked_bytes` (10 MB unless
  ``BMS_MAX_XLSX_UNPACKED_MB`` says otherwise), with a part packed more than
  :func:`max_xlsx_ratio` times (100 unless ``BMS_MAX_XLSX_RATIO``), or with more than
  :data:`MAX_XLSX_MEMBERS` parts, checked from the zip's directory before parsing: an XLSX is
  a zip of XML, and a 5 MB file can unpack to gigabytes ("zip bomb"). Within these limits the
  sheet is read streaming (openpyxl's read-only mode), so memory follows the cells kept, not
  the XML;
* XLSX formula cells without a saved value (files written by programs that do not calculate),
  which would otherwise be read as empty;
* XLSX merged cells in or below the header row: only the first cell of a merged range holds
  the value, so the other rows would silently be blank.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

import openpyxl
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)
from openpyxl.worksheet.cell_range import CellRange

from bmsdata.importers.errors import ImportIssue
from bmsdata.importers.values import fold

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
DEFAULT_MAX_IMPORT_MB = 50
#: What an XLSX may unpack to, in MB: about 60 000 rows of five columns as Excel writes them.
#: Not the XML but the import holds the memory: every row is kept as text, checked and loaded
#: at once, some 1.5 kB a row, so 10 MB keeps an import under 300 MB (measured: a 9.9 MB sheet
#: of 66 000 rows peaks at about 250 MB, the interpreter alone at 150 MB). Bigger tables go as
#: CSV, or with a higher ``BMS_MAX_XLSX_UNPACKED_MB`` on a server with the memory.
DEFAULT_MAX_UNPACKED_MB = 10
#: How many times one part of an XLSX may be packed. Excel's sheets pack 5–30 times; a zip
#: bomb 1000 times (deflate's most). Parts under :data:`RATIO_FLOOR` bytes are not asked.
DEFAULT_MAX_RATIO = 100
RATIO_FLOOR = 1_000_000
#: Parts (files) in an XLSX. A workbook has a dozen plus about three per sheet.
MAX_XLSX_MEMBERS = 10_000


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    try:
        value = float(raw) if raw.strip() else default
    except ValueError:
        value = default
    return value if value > 0 else default


def max_import_bytes() -> int:
    """The largest file an import reads: ``BMS_MAX_IMPORT_MB`` megabytes, default 50."""
    raw = os.environ.get("BMS_MAX_IMPORT_MB", "")
    try:
        mb = float(raw) if raw.strip() else DEFAULT_MAX_IMPORT_MB
    except ValueError:
        mb = DEFAULT_MAX_IMPORT_MB
    return int(mb * 1_000_000)


def max_unpacked_bytes() -> int:
    """What an XLSX may unpack to: ``BMS_MAX_XLSX_UNPACKED_MB`` megabytes, default 10."""
    return int(_env_number("BMS_MAX_XLSX_UNPACKED_MB", DEFAULT_MAX_UNPACKED_MB) * 1_000_000)


def max_xlsx_ratio() -> float:
    """How many times one part of an XLSX may be packed: ``BMS_MAX_XLSX_RATIO``, default 100."""
    return _env_number("BMS_MAX_XLSX_RATIO", DEFAULT_MAX_RATIO)


def too_big(path: Path, name: str) -> ImportIssue | None:
    """An issue when ``path`` is larger than :func:`max_import_bytes`, checked by its size
    alone so that nothing is read (and no memory spent) for a file that will be refused."""
    size, limit = path.stat().st_size, max_import_bytes()
    if size <= limit:
        return None
    return ImportIssue(
        name, None, None,
        f"Filen er på {size / 1e6:.0f} MB; største fil som kan importeres er "
        f"{limit / 1e6:.0f} MB. Del den opp (for eksempel én fil per år eller per enhet) og "
        "importer delene i samme import.",
        f"file is {size} bytes, above the import limit of {limit} bytes",
    )


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
    #: For a workbook read from its first sheet while it has others: a sentence naming them,
    #: added to a "column missing" message (the data may be on another sheet).
    sheet_note: str = ""

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


def _other_separator(cells: list[str], width: int, delimiter: str) -> str | None:
    """The separator a short row was written with, when it is not the file's.

    A row of a semicolon file that comes out with fewer cells than the header, but splits
    into as many fields as the header has on a comma, was written with commas: files pasted
    together from two exports, or edited in a text editor. A full-width row is never
    questioned, so a semicolon inside a value of a comma file stays a value, and a short row
    with a comma or two in a name is left to the ordinary checks.
    """
    if width < 2 or len(cells) >= width:
        return None
    line = delimiter.join(cells)
    for other in ";,\t":
        if other != delimiter and other in line:
            fields = next(csv.reader([line], delimiter=other))
            if len(fields) >= width:
                return other
    return None


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
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
        other = _other_separator(cells, len(headers), delimiter)
        if other:
            names = {";": "semikolon", ",": "komma", "\t": "tabulator"}
            table.issues.append(ImportIssue(
                name, line, None,
                f"Raden er skilt med {names[other]}, men overskriften med "
                f"{names[delimiter]}. Bruk samme skilletegn i hele filen: åpne den i Excel og "
                "lagre den på nytt som CSV.",
                f"row separated by {other!r}, header by {delimiter!r}",
            ))
            continue
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


def unpacked_problem(path: Path, name: str) -> ImportIssue | None:
    """An issue when the XLSX at ``path`` would unpack to too much, read from the zip's
    directory alone (nothing is decompressed).

    The sizes in the directory are what Python's ``zipfile`` will ever hand out: it stops a
    part at its declared size (and then fails the CRC check), so a part that lies about its
    size cannot unpack to more than it declares.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None  # openpyxl says the file cannot be opened, as before
    save_as = ("Lagre arket som CSV (semikolondelt) eller del det opp (for eksempel én fil per "
               "år eller per enhet) og importer delene i samme import.")
    if len(members) > MAX_XLSX_MEMBERS:
        return ImportIssue(
            name, None, None,
            f"Filen består av {len(members)} deler; en vanlig Excel-fil har noen titalls. "
            f"{save_as}",
            f"xlsx has {len(members)} members, above {MAX_XLSX_MEMBERS}")
    total, limit = sum(m.file_size for m in members), max_unpacked_bytes()
    if total > limit:
        return ImportIssue(
            name, None, None,
            f"Filen pakker seg ut til {total / 1e6:.0f} MB; største utpakkede Excel-fil som kan "
            f"importeres er {limit / 1e6:.0f} MB. {save_as}",
            f"xlsx unpacks to {total} bytes, above the limit of {limit} bytes")
    ratio_limit = max_xlsx_ratio()
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_FLOOR and ratio > ratio_limit:
            return ImportIssue(
                name, None, None,
                f"Filen er pakket uvanlig tett: delen {m.filename} pakker seg ut til "
                f"{ratio:.0f} ganger sin størrelse (en vanlig Excel-fil under 30 ganger). Slik "
                f"ser en skadet eller ondsinnet fil ut. Åpne den i Excel og lagre den på nytt, "
                f"eller {save_as[0].lower()}{save_as[1:]}",
                f"xlsx member {m.filename} has compression ratio {ratio:.0f}, above "
                f"{ratio_limit:.0f}")
    return None


def _read_excel(path: Path, name: str, sheet_hint: str | None) -> Table:
    """Read the sheet named like the import kind, else the first sheet.

    openpyxl rather than pandas: pandas turns Excel error cells (#N/A from a failed VLOOKUP,
    #DIV/0!, #REF!) into blanks, so an error in an optional column would load as an empty value
    without a word. Here each one is reported on its row and column, and that row is left out.

    The sheet is streamed (read-only mode): rows are parsed as they are read, and only their
    text is kept. Read-only mode knows neither merged cells nor formulas, so
    :func:`_scan_sheet` reads those from the sheet's XML, also streaming.
    """
    bomb = unpacked_problem(path, name)
    if bomb is not None:
        raise ReadProblem(bomb)
    try:
        with warnings.catch_warnings():
            # openpyxl warns in English about features it skips (data validation, styles);
            # they do not change the values read, and the person importing cannot act on them.
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadProblem(_cannot_open(name, exc)) from exc
    table: Table | None = None
    try:
        if not workbook.sheetnames:
            raise _empty(name)
        chosen = workbook.sheetnames[0]
        if sheet_hint:
            for sheet_name in workbook.sheetnames:
                if fold(sheet_name) == fold(sheet_hint):
                    chosen = sheet_name
        sheet = workbook[chosen]
        member = getattr(sheet, "_worksheet_path", None)
        if member is None:  # a chart sheet: no cells
            raise _empty(name)
        try:
            formulas, merged = _scan_sheet(path, member)
        except Exception as exc:  # broken XML: openpyxl would fail on it too
            raise ReadProblem(_cannot_open(name, exc)) from exc
        # A sheet's stated size (<dimension>) is often wrong in files from other programs;
        # trusting it would cut rows off or pad every row to it.
        sheet.reset_dimensions()
        width = 0
        try:
            for line, row in enumerate(sheet.iter_rows(min_row=1), start=1):
                if table is None:
                    cells = [_cell_text(c.value) for c in row]
                    if not any(cells):
                        continue
                    while cells and not cells[-1]:
                        cells.pop()
                    table = Table(name, cells, header_row=line)
                    width = len(cells)
                    if sheet_hint and len(workbook.sheetnames) > 1 and \
                            fold(chosen) != fold(sheet_hint):
                        others = ", ".join(f"«{n}»" for n in workbook.sheetnames
                                           if n != chosen)
                        table.sheet_note = (f" Arket «{chosen}» ble lest; arbeidsboken har også "
                                            f"{others}. Gi arket med dataene navnet "
                                            f"«{sheet_hint}», eller legg det først.")
                    _merged_issues(table, merged, name)
                    continue
                _add_row(table, name, line, row, width, formulas)
        except ReadProblem:
            raise
        except Exception as exc:  # a damaged sheet found while streaming
            raise ReadProblem(_cannot_open(name, exc)) from exc
    finally:
        workbook.close()
    if table is None:
        raise _empty(name)
    return table


def _cannot_open(name: str, exc: Exception) -> ImportIssue:
    return ImportIssue(
        name, None, None,
        "Excel-filen kan ikke åpnes. Sjekk at den er en .xlsx-fil og ikke skadet.",
        f"cannot open workbook: {exc}",
    )


def _add_row(table: Table, name: str, line: int, row: tuple[Any, ...], width: int,
             formulas: dict[tuple[int, int], str]) -> None:
    """One data row into ``table``: its cells under the header, or its problems.

    Only the cells under a header are looked at, except to tell an empty row from one with
    values beside the table, so a row padded far to the right costs no more than the header.
    """
    cells = [_cell_text(c.value) for c in row[:width]]
    if not any(cells) and not any(c.value is not None for c in row[width:]):
        return
    headers = table.headers
    missing = [(headers[i], formulas[(line, i + 1)]) for i, c in enumerate(row[:width])
               if c.value is None and (line, i + 1) in formulas and headers[i]]
    for header, formula in missing:
        table.issues.append(ImportIssue(
            name, line, header,
            f"Cellen har formelen «{formula}», men ingen lagret verdi (filen er laget "
            "av et program som ikke regner ut formler). Åpne filen i Excel og lagre den "
            "på nytt, eller skriv inn verdien.",
            f"formula {formula!r} has no cached value",
        ))
    if missing:
        return
    errors = [(headers[i], c.value) for i, c in enumerate(row[:width])
              if getattr(c, "data_type", None) == "e" and headers[i]]
    for header, shown in errors:
        table.issues.append(ImportIssue(
            name, line, header,
            f"Cellen viser Excel-feilen «{shown}». Rett formelen, eller skriv inn "
            "verdien.",
            f"cell holds the Excel error {shown!r}",
        ))
    if errors:
        return
    table.rows.append((line, {h: cells[i] if i < len(cells) else ""
                              for i, h in enumerate(headers) if h}))


def _merged_issues(table: Table, merged: list[tuple[int, int, str]], name: str) -> None:
    """Refuse merged ranges from the header row down, one issue per range."""
    for first_row, first_col, coord in merged:
        if first_row < table.header_row and not any(
                r >= table.header_row for r in _rows_of(coord)):
            continue
        header = table.headers[first_col - 1] if first_col - 1 < len(table.headers) else None
        table.issues.append(ImportIssue(
            name, max(first_row, table.header_row), header or None,
            f"Cellene {coord} er slått sammen. Del dem opp igjen (Slå sammen og midtstill av) "
            "og skriv verdien i hver celle; ellers blir alle cellene unntatt den første tomme.",
            f"merged cells {coord}",
        ))


def _rows_of(coord: str) -> range:
    nums = [int(n) for n in re.findall(r"\d+", coord)]
    return range(nums[0], nums[-1] + 1)


_FORMULA_OR_MERGE = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)[\s>/]")


def _needs_scan(archive: zipfile.ZipFile, member: str) -> bool:
    """Scan one sheet's XML for a formula or a merged range in 1 MB pieces (a sheet of a big
    workbook unpacks to a hundred MB), keeping a little overlap so no tag is cut in two."""
    tail = b""
    with archive.open(member) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            if _FORMULA_OR_MERGE.search(tail + block):
                return True
            tail = block[-16:]
    return False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _scan_sheet(path: Path, member: str
                ) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, str]]]:
    """``({(row, column): formula}, [(first row, first column, "A1:B2"), …])``: formula cells
    of the sheet without a saved value, and its merged ranges.

    Read from the sheet's XML with ``iterparse``, each row dropped once read, so memory stays
    flat however long the sheet is; and only when a quick byte scan finds ``<f`` or
    ``<mergeCell`` at all, so ordinary files are parsed once.
    """
    formulas: dict[tuple[int, int], str] = {}
    merged: list[tuple[int, int, str]] = []
    with zipfile.ZipFile(path) as archive:
        if not _needs_scan(archive, member):
            return formulas, merged
        shared: dict[str, tuple[str, str]] = {}  # si → (formula, its cell)
        row_no, col_no = 0, 0
        parent = None
        with archive.open(member) as fh:
            for event, elem in iterparse(fh, events=("start", "end")):
                tag = _local(elem.tag)
                if event == "start":
                    if tag == "sheetData":
                        parent = elem
                    elif tag == "row":
                        r = elem.get("r")
                        row_no = int(r) if r else row_no + 1
                        col_no = 0
                    continue
                if tag == "c":
                    ref = elem.get("r")
                    if ref:
                        letters, row_no = coordinate_from_string(ref)
                        col_no = column_index_from_string(letters)
                    else:
                        col_no += 1
                    _formula_cell(elem, row_no, col_no, shared, formulas)
                elif tag == "row" and parent is not None:
                    parent.remove(elem)
                elif tag == "mergeCell" and elem.get("ref"):
                    cr = CellRange(elem.get("ref"))
                    merged.append((cr.min_row, cr.min_col, cr.coord))
    return formulas, sorted(merged)


def _formula_cell(cell: Any, row: int, col: int, shared: dict[str, tuple[str, str]],
                  formulas: dict[tuple[int, int], str]) -> None:
    """Record ``cell`` in ``formulas`` when it has a formula but no saved value. A shared
    formula's later cells carry only its number; their text is the first cell's, moved."""
    f = v = None
    for child in cell:
        name = _local(child.tag)
        if name == "f":
            f = child
        elif name == "v":
            v = child
    if f is None:
        return
    coord = f"{get_column_letter(col)}{row}"
    text = f.text or ""
    si = f.get("si")
    if f.get("t") == "shared" and si is not None:
        if text:
            shared[si] = (text, coord)
        elif si in shared:
            origin_text, origin = shared[si]
            text = Translator("=" + origin_text, origin=origin).translate_formula(coord)[1:]
    if v is None or not (v.text or "").strip():
        formulas[(row, col)] = "=" + text


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
    if suffix in EXCEL_SUFFIXES | CSV_SUFFIXES:
        big = too_big(p, name)
        if big is not None:
            raise ReadProblem(big)
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
