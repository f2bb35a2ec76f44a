"""Validate a batch of files completely, then load it into a new snapshot in one swap.

The order matters only for what files may refer to: units and the målekart first, then targets,
measurements and references. Nothing is written until every file is valid, and a batch that
changes nothing leaves the store byte-identical (no new snapshot is swapped in).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pandas as pd
from tqdm.auto import tqdm

from bmsdata import queries, store
from bmsdata.importers import measurements, references, scorecard, targets, units
from bmsdata.importers.columns import Checker
from bmsdata.importers.context import Known
from bmsdata.importers.errors import ImportIssue, ImportValidationError
from bmsdata.importers.reading import ReadProblem, read_table
from bmsdata.scorecard.periods import Period

log = logging.getLogger(__name__)

#: Import kinds in the order they are validated, with their Norwegian names (sheet names too).
KINDS: dict[str, tuple[ModuleType, str]] = {
    "units": (units, "enheter"),
    "scorecard": (scorecard, "målekart"),
    "targets": (targets, "ambisjonsnivå"),
    "measurements": (measurements, "resultater"),
    "references": (references, "referanser"),
}

#: Tables in the order they are loaded.
TABLES = ["meta", "org_unit", "scorecard", "focus_area", "success_factor", "indicator",
          "period", "target", "measurement", "reference_value"]


@dataclass
class ImportReport:
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def total_changed(self) -> int:
        return sum(self.changed.values())

    @property
    def message(self) -> str:
        if not self.total_changed:
            return (f"Ingen endringer: {self.rows_read} rader lest fra {len(self.files)} fil(er), "
                    "alt fantes allerede i databasen.")
        parts = ", ".join(f"{TABLE_NAMES_NB.get(t, t)}: {n}" for t, n in self.changed.items() if n)
        return (f"Importert {self.rows_read} rader fra {len(self.files)} fil(er). "
                f"Nye eller endrede rader – {parts}.")


TABLE_NAMES_NB = {
    "meta": "opplysninger", "org_unit": "enheter", "scorecard": "målekart",
    "focus_area": "fokusområder", "success_factor": "suksessfaktorer", "indicator": "indikatorer",
    "period": "perioder", "target": "ambisjonsnivå", "measurement": "målinger",
    "reference_value": "referanseverdier",
}


def period_frame(codes: set[str]) -> pd.DataFrame:
    """Rows for the ``period`` table, which every period any row refers to must have."""
    rows = []
    for code in sorted(codes):
        p = Period.parse(code)
        rows.append([str(p), p.kind, p.year, p.number, p.start, p.end, str(p.previous()),
                     p.label()])
    return pd.DataFrame(rows, columns=["period", "kind", "year", "number", "start_date",
                                       "end_date", "previous", "label"])


def _periods_used(frames: dict[str, list[pd.DataFrame]]) -> set[str]:
    codes: set[str] = set()
    for table in ("measurement", "reference_value"):
        for f in frames.get(table, []):
            codes |= set(f["period"])
    for f in frames.get("target", []):
        codes |= targets.periods(f)
    return codes


def validate_batch(
    batch: Mapping[str, Sequence[str | os.PathLike[str]]], known: Known, progress: bool = False
) -> tuple[dict[str, list[pd.DataFrame]], list[ImportIssue], int]:
    """Read and check every file. Returns frames per table, all issues, and rows read."""
    unknown = set(batch) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown import kinds: {sorted(unknown)}")
    frames: dict[str, list[pd.DataFrame]] = {}
    issues: list[ImportIssue] = []
    rows_read = 0
    jobs = [(kind, Path(f)) for kind in KINDS for f in batch.get(kind, [])]
    for kind, path in tqdm(jobs, desc="Kontrollerer filer", unit="fil", disable=not progress):
        module, sheet = KINDS[kind]
        try:
            table = read_table(path, sheet_hint=sheet, keep_going=True)
        except ReadProblem as exc:
            issues.append(exc.issue)
            continue
        rows_read += len(table.rows)
        checker = Checker(table, module.COLUMNS)
        for name, frame in module.validate(checker, known).items():
            frames.setdefault(name, []).append(frame)
        issues.extend(checker.issues)
    return frames, issues, rows_read


def import_files(
    batch: Mapping[str, Sequence[str | os.PathLike[str]]],
    store_file: str | os.PathLike[str] | None = None,
    *,
    meta: Mapping[str, str] | None = None,
    progress: bool = False,
) -> ImportReport:
    """Import a batch ``{"measurements": [path, ...], ...}`` into the store.

    Raises :class:`ImportValidationError` listing every problem; the store is then untouched.
    """
    path = store.store_path(store_file)
    known = Known.from_store(path)
    frames, issues, rows_read = validate_batch(batch, known, progress)
    report = ImportReport([Path(f).name for fs in batch.values() for f in fs], rows_read)
    if issues:
        error = ImportValidationError(issues)
        # info, not warning: a rejected file is an expected outcome the caller reports in
        # Norwegian; at warning level the CLI's log handler would print it again in English.
        log.info(error.english)
        raise error
    frames.setdefault("period", []).append(period_frame(_periods_used(frames)))
    facts = dict(meta or {})
    roots = [u for u, parent in known.units.items() if not parent]
    if "org_unit" in frames and len(roots) == 1:
        root_rows = pd.concat(frames["org_unit"])
        root_rows = root_rows[root_rows["unit_id"] == roots[0]]
        facts.setdefault("root_unit", roots[0])
        if len(root_rows):
            facts.setdefault("municipality", str(root_rows["name"].iloc[0]))
    if facts:
        frames["meta"] = [pd.DataFrame(sorted(facts.items()), columns=["key", "value"])]

    with store.snapshot(path) as snap:
        steps = [t for t in TABLES if t in frames]
        for table in tqdm(steps, desc="Laster inn", unit="tabell", disable=not progress):
            incoming = pd.concat(frames[table], ignore_index=True)
            if incoming.empty:
                continue
            snap.con.register("incoming", incoming)
            try:
                changed = queries.execute(snap.con, f"upsert_{table}").fetchone()[0]
            finally:
                snap.con.unregister("incoming")
            report.changed[table] = int(changed)
        if not report.total_changed:
            snap.discard()
    log.info("import done: %s", report.changed)
    return report
