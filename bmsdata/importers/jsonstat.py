"""A small JSON-stat 2.0 dataset reader, written for SSB's statistics bank responses.

Why our own: pyjstat (the PyPI reader) still works with pandas 3, but it builds its frame one
Python row at a time (about 6 s for a million values on our machines), drops the ``status``
symbols SSB uses for missing values, and pulls in ``requests``. A dataset is a dense cube, so
numpy does the work here: ``value`` becomes one float array (null → NaN) and a cell's category
positions come from ``numpy.unravel_index`` in row-major order (the last dimension in ``id``
varies fastest), as the format specifies.

Supported, per https://json-stat.org/format/: ``class: dataset`` with ``id``, ``size``,
``dimension[id].category.index`` (object or array; may be left out for a single category)
and ``.label``; ``value`` as an array or a sparse object ``{"position": value}``; ``status`` as
one string, an array or an object. Problems become :class:`ImportIssue` s naming the file and
the JSON member (``size``, ``dimension/Tid``, ``value[17]``).

Anything a file can hold ends in a :class:`JsonStatProblem`, never another exception
(``tests/reliability`` fuzzes this): members of the wrong JSON type, category positions that
are not whole numbers, numbers too large for a float, and cubes larger than :data:`MAX_CELLS`,
which are refused before any memory is allocated for them (a ``size`` of 10¹² would otherwise
ask numpy for 8 TB). Files above the import size limit
(:func:`bmsdata.importers.reading.max_import_bytes`) are refused unread.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bmsdata.importers.errors import ImportIssue
from bmsdata.importers.reading import too_big

#: The largest cube read, in cells. SSB's API answers at most 800 000 cells per request; a
#: whole KOSTRA table for every kommune, function and year stays well below this.
MAX_CELLS = 20_000_000
_POSITION = re.compile(r"[0-9]+", re.ASCII)


class JsonStatProblem(Exception):
    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues


@dataclass
class Dimension:
    id: str
    label: str
    codes: list[str]
    labels: list[str]

    def position(self, code: str) -> int | None:
        try:
            return self.codes.index(code)
        except ValueError:
            return None


@dataclass
class Dataset:
    file: str
    label: str
    ids: list[str]
    sizes: list[int]
    dimensions: dict[str, Dimension]
    values: np.ndarray  # float64, NaN where the value is null or missing
    status: np.ndarray | None  # object array of symbols (None where no symbol), or None
    extension: dict[str, Any]

    @property
    def table_id(self) -> str | None:
        """SSB's table number: ``extension.px.tableid``, else the label's «12134: …» prefix."""
        px = self.extension.get("px") if isinstance(self.extension, dict) else None
        if isinstance(px, dict) and str(px.get("tableid", "")).strip():
            return str(px["tableid"]).strip()
        head = self.label.split(":", 1)[0].strip()
        return head if head.isdigit() else None

    def positions(self, flat: np.ndarray) -> tuple[np.ndarray, ...]:
        """Category positions per dimension for flat value indices (row-major)."""
        return np.unravel_index(flat, self.sizes)


def _issue(file: str, where: str | None, nb: str, en: str) -> ImportIssue:
    return ImportIssue(file, None, where, nb, en)


def _dimension(file: str, dim_id: str, raw: Any, size: int, issues: list[ImportIssue]
               ) -> Dimension | None:
    where = f"dimension/{dim_id}"
    if not isinstance(raw, dict) or not isinstance(raw.get("category"), dict):
        issues.append(_issue(file, where, f"Dimensjonen «{dim_id}» mangler «category». Hent "
                             "filen på nytt fra SSB.", f"dimension {dim_id!r} lacks category"))
        return None
    cat = raw["category"]
    index, labels = cat.get("index"), cat.get("label") or {}
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in index.values()):
            issues.append(_issue(file, where, f"Kategoriene i «{dim_id}» har posisjoner som "
                                 "ikke er hele tall. Filen er skadet; hent den på nytt.",
                                 f"category index of {dim_id!r} holds non-integers"))
            return None
        by_pos = sorted(index.items(), key=lambda kv: kv[1])
        codes = [str(c) for c, _ in by_pos]
        if [p for _, p in by_pos] != list(range(len(by_pos))):
            issues.append(_issue(file, where, f"Kategoriene i «{dim_id}» har ikke posisjonene "
                                 "0, 1, 2, … Filen er skadet; hent den på nytt.",
                                 f"category index of {dim_id!r} is not 0..n-1"))
            return None
    elif isinstance(labels, dict) and len(labels) == 1:
        codes = [str(next(iter(labels)))]
    else:
        issues.append(_issue(file, where, f"Dimensjonen «{dim_id}» mangler «category.index». "
                             "Hent filen på nytt fra SSB.",
                             f"dimension {dim_id!r} lacks category.index"))
        return None
    if len(codes) != size:
        issues.append(_issue(file, "size", f"Dimensjonen «{dim_id}» har {len(codes)} kategorier, "
                             f"men «size» sier {size}. Filen er skadet eller endret; hent den på "
                             "nytt.", f"dimension {dim_id!r} has {len(codes)} categories, "
                             f"size says {size}"))
        return None
    if len(set(codes)) != len(codes):
        issues.append(_issue(file, where, f"Dimensjonen «{dim_id}» har samme kode to ganger. "
                             "Hent filen på nytt fra SSB.",
                             f"duplicate category in {dim_id!r}"))
        return None
    names = [str(labels.get(c, c)) if isinstance(labels, dict) else c for c in codes]
    return Dimension(dim_id, str(raw.get("label") or dim_id), codes, names)


def _values(file: str, raw: Any, sizes: list[int], issues: list[ImportIssue]
            ) -> np.ndarray | None:
    total = math.prod(sizes)
    if total > MAX_CELLS:
        issues.append(_issue(file, "size", f"«size» ({' × '.join(map(str, sizes))}) gir "
                             f"{total} celler; mer enn {MAX_CELLS} kan ikke leses. Hent tabellen "
                             "i mindre deler (færre år, regioner eller variabler).",
                             f"cube of {total} cells exceeds {MAX_CELLS}"))
        return None
    if isinstance(raw, list):
        if len(raw) != total:
            issues.append(_issue(file, "value", f"«value» har {len(raw)} tall, men «size» "
                                 f"({' × '.join(map(str, sizes))}) gir {total} celler. Filen "
                                 "er ufullstendig eller skadet; hent den på nytt.",
                                 f"len(value)={len(raw)} but product(size)={total}"))
            return None
        if all(type(v) in (int, float) for v in raw):
            try:
                dense = np.array(raw, dtype=np.float64)
            except OverflowError:
                pass
            else:
                if np.isfinite(dense[~np.isnan(dense)]).all():
                    return dense
        out = np.full(total, np.nan)
        for i, v in enumerate(raw):
            x = _number(v)
            if x is False:
                issues.append(_issue(file, f"value[{i}]", f"«{v}» er ikke et tall. Hent filen på "
                                     "nytt fra SSB.",
                                     f"value[{i}] is not a number"))
                if len(issues) > 20:
                    return None
            elif x is not None:
                out[i] = x
        return out
    if isinstance(raw, dict):
        out = np.full(total, np.nan)
        for key, v in raw.items():
            pos = int(key) if _POSITION.fullmatch(str(key)) else -1
            if not 0 <= pos < total:
                issues.append(_issue(file, "value", f"Posisjonen «{key}» i «value» ligger "
                                     f"utenfor kuben (0–{total - 1}). Hent filen på nytt "
                                     "fra SSB.",
                                     f"sparse value key {key!r} out of range"))
                return None
            x = _number(v)
            if x is False:
                issues.append(_issue(file, f"value[{key}]", f"«{v}» er ikke et tall. Hent filen på "
                                     "nytt fra SSB.",
                                     f"value[{key}] is not a number"))
            elif x is not None:
                out[pos] = x
        return out
    issues.append(_issue(file, "value", "Filen mangler «value». Hent den på nytt.",
                         "no value member"))
    return None


def _number(v: Any) -> float | None | bool:
    """A value cell: a float, None for null or a status symbol in place of a number, or False."""
    if v is None:
        return None
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        if isinstance(v, float) and math.isnan(v):
            return None
        try:
            x = float(v)
        except OverflowError:  # a JSON integer with hundreds of digits
            return False
        return x if math.isfinite(x) else False
    if isinstance(v, str) and v.strip() in {".", "..", "...", ":", "-", ""}:
        return None
    return False


def _status(raw: Any, total: int) -> np.ndarray | None:
    if raw is None:
        return None
    out = np.full(total, None, dtype=object)
    # Symbols are set one cell at a time: a slice assignment would let numpy broadcast a
    # nested list from the file into the array, or refuse to.
    if isinstance(raw, str):
        out.fill(raw)
    elif isinstance(raw, list):
        if len(raw) == 1:
            out.fill(_symbol(raw[0]))
        else:
            for i, sym in enumerate(raw[:total]):
                out[i] = _symbol(sym)
    elif isinstance(raw, dict):
        for key, sym in raw.items():
            if _POSITION.fullmatch(str(key)) and int(key) < total:
                out[int(key)] = _symbol(sym)
    return out


def _symbol(raw: Any) -> str | None:
    """A status symbol as text (SSB writes ``.``, ``..``, ``:``); anything else as its text."""
    return None if raw is None else str(raw)


def parse(obj: Any, file: str) -> Dataset:
    """Check and read one JSON-stat 2.0 dataset. Raises :class:`JsonStatProblem`."""
    issues: list[ImportIssue] = []
    if not isinstance(obj, dict) or obj.get("class", "dataset") != "dataset":
        raise JsonStatProblem([_issue(file, "class", "Filen er ikke et JSON-stat-datasett "
                                      "(«class» skal være «dataset»). Velg formatet "
                                      "json-stat2 i SSBs statistikkbank.",
                                      "not a JSON-stat dataset")])
    ids, sizes = obj.get("id"), obj.get("size")
    if not (isinstance(ids, list) and isinstance(sizes, list)) or \
            not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes) \
            or not all(isinstance(i, str) and i for i in ids):
        raise JsonStatProblem([_issue(file, "id", "Filen mangler «id» eller «size». Hent den "
                                      "på nytt.", "missing id or size")])
    if len(ids) != len(sizes):
        raise JsonStatProblem([_issue(file, "size", f"«id» har {len(ids)} dimensjoner, men "
                                      f"«size» har {len(sizes)} tall. Filen er skadet; hent den "
                                      "på nytt.",
                                      "len(id) != len(size)")])
    if len(set(ids)) != len(ids):
        raise JsonStatProblem([_issue(file, "id", "«id» nevner samme dimensjon to ganger. "
                                      "Filen er skadet; hent den på nytt.", "duplicate id")])
    dims_raw = obj.get("dimension") or {}
    if not isinstance(dims_raw, dict):
        raise JsonStatProblem([_issue(file, "dimension", "«dimension» skal beskrive hver "
                                      "dimensjon. Filen er skadet; hent den på nytt.",
                                      "dimension is not an object")])
    dims: dict[str, Dimension] = {}
    for dim_id, size in zip(ids, sizes, strict=True):
        if dim_id not in dims_raw:
            issues.append(_issue(file, "dimension", f"Dimensjonen «{dim_id}» står i «id», men "
                                 "er ikke beskrevet under «dimension». Hent filen på nytt "
                                 "fra SSB.",
                                 f"dimension {dim_id!r} not described"))
            continue
        d = _dimension(file, str(dim_id), dims_raw[dim_id], size, issues)
        if d is not None:
            dims[str(dim_id)] = d
    total = math.prod(sizes)
    values = _values(file, obj.get("value"), sizes, issues)
    if issues or values is None:
        raise JsonStatProblem(issues)
    return Dataset(file, str(obj.get("label") or ""), [str(i) for i in ids], list(sizes), dims,
                   values, _status(obj.get("status"), total), obj.get("extension") or {})


def read(path: str | Path) -> Dataset:
    p = Path(path)
    if p.is_file():
        # json.load of a 200 MB file holds gigabytes of Python objects; refuse it unread.
        big = too_big(p, p.name)
        if big is not None:
            raise JsonStatProblem([big])
    try:
        with open(p, "rb") as fh:
            obj = json.load(fh)
    except FileNotFoundError as exc:
        raise JsonStatProblem([_issue(p.name, None, f"Finner ikke filen {p}. Sjekk "
                                      "filnavnet og mappen.",
                                      "file not found")]) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise JsonStatProblem([_issue(p.name, None, "Filen er ikke gyldig JSON. Hent den på "
                                      "nytt fra SSB (format json-stat2).",
                                      f"invalid JSON: {exc}")]) from exc
    return parse(obj, p.name)
