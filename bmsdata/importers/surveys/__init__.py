"""Survey import: definitions, respondent-level answers (long or wide) and aggregated results.

``import_surveys({"survey_definitions": [...], "survey_responses": [...],
"survey_aggregates": [...]}, store)`` validates every file completely, then loads everything in
one snapshot swap and recomputes the measurements of survey-fed indicators
(:mod:`.feed`). Any problem in any file loads nothing; a batch that changes nothing leaves the
store byte-identical. File formats: ``docs/surveys.md``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from bmsdata import store
from bmsdata.importers.columns import Checker
from bmsdata.importers.context import Known
from bmsdata.importers.errors import ImportIssue, ImportValidationError
from bmsdata.importers.loader import TABLE_NAMES_NB, ImportReport, period_frame
from bmsdata.importers.reading import ReadProblem, read_table
from bmsdata.importers.surveys import aggregates, definition, feed, load, responses
from bmsdata.importers.surveys.model import SurveyKnown
from bmsdata.surveys.suppression import META_MIN_N, Protection

log = logging.getLogger(__name__)

#: Import kinds in the order they are checked, with their Norwegian (sheet) names.
SURVEY_KINDS: dict[str, str] = {
    "survey_definitions": "undersøkelser",
    "survey_responses": "svar",
    "survey_aggregates": "svarfordeling",
}
#: Tables in the order they are loaded.
SURVEY_TABLES = ["meta", "survey", "survey_dimension", "survey_question", "survey_option",
                 "survey_response", "survey_count", "survey_summary", "period", "measurement",
                 "suppressed_measurement"]
SURVEY_TABLE_NAMES_NB = {
    **TABLE_NAMES_NB, "survey": "undersøkelser", "survey_dimension": "dimensjoner",
    "survey_question": "spørsmål", "survey_option": "svarkoder", "survey_response": "svar",
    "survey_count": "svarfordelinger", "survey_summary": "snitt", "suppressed_measurement":
    "skjulte målinger", "kostra_map": "KOSTRA-koblinger",
}


@dataclass
class SurveyImportReport(ImportReport):
    """What an import did, with notes a person should read (hidden groups, unmapped codes)."""

    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if not self.total_changed:
            text = (f"Ingen endringer: {self.rows_read} rader lest fra {len(self.files)} "
                    "fil(er), alt fantes allerede i databasen.")
        else:
            parts = ", ".join(f"{SURVEY_TABLE_NAMES_NB.get(t, t)}: {n}"
                              for t, n in self.changed.items() if n)
            text = (f"Importert {self.rows_read} rader fra {len(self.files)} fil(er). "
                    f"Nye, endrede eller fjernede rader – {parts}.")
        return "\n".join([text, *(f"Merk: {n}" for n in self.notes)])


@dataclass
class _Validated:
    frames: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    issues: list[ImportIssue] = field(default_factory=list)
    rows_read: int = 0
    # (file, kind, frame) for the checks that need to see the whole batch
    data: list[tuple[str, str, pd.DataFrame]] = field(default_factory=list)

    def add(self, table: str, frame: pd.DataFrame) -> None:
        self.frames.setdefault(table, []).append(frame)


def _read(path: Path, kind: str, out: _Validated):
    try:
        table = read_table(path, sheet_hint=SURVEY_KINDS[kind])
    except ReadProblem as exc:
        out.issues.append(exc.issue)
        return None
    out.rows_read += len(table.rows)
    return table


def validate_surveys(batch: Mapping[str, Sequence[str | os.PathLike[str]]], path: Path,
                     progress: bool = False) -> _Validated:
    """Read and check every file of the batch; nothing is written."""
    unknown = set(batch) - set(SURVEY_KINDS)
    if unknown:
        raise ValueError(f"unknown survey import kinds: {sorted(unknown)}")
    known = Known.from_store(path)
    surveys = SurveyKnown.from_store(path)
    out = _Validated()
    people = responses.BatchRespondents()
    jobs = [(kind, Path(f)) for kind in SURVEY_KINDS for f in batch.get(kind, [])]
    for kind, file in tqdm(jobs, desc="Kontrollerer filer", unit="fil", disable=not progress):
        table = _read(file, kind, out)
        if table is None:
            continue
        if kind == "survey_definitions":
            checker = Checker(table, definition.COLUMNS)
            for name, frame in definition.validate(checker, known, surveys).items():
                out.add(name, frame)
            out.issues.extend(checker.issues)
        elif kind == "survey_responses":
            frame, issues = responses.validate(table, known, surveys, people)
            out.add("survey_response", frame)
            out.data.append((table.file, "svar", frame))
            out.issues.extend(issues)
        else:
            checker = Checker(table, aggregates.COLUMNS)
            found = aggregates.validate(checker, known, surveys)
            for name, frame in found.items():
                out.add(name, frame)
                out.data.append((table.file, "aggregert", frame))
            out.issues.extend(checker.issues)
    if not out.issues:
        out.issues.extend(_batch_checks(out, surveys))
    return out


def _batch_checks(out: _Validated, surveys: SurveyKnown) -> list[ImportIssue]:
    """Checks across files and against the store: one form per survey period; no respondent
    silently moved from a unit that this batch does not re-import."""
    issues: list[ImportIssue] = []
    forms: dict[tuple[str, str], tuple[str, str]] = {
        (s, p): (form, "databasen") for (s, p, _u), form in surveys.forms.items()}
    replaced = {(s, p, u) for _f, kind, fr in out.data if kind == "svar"
                for s, p, u in fr[["survey_id", "period", "unit_id"]].drop_duplicates()
                .itertuples(index=False)}
    batch_forms: dict[tuple[str, str], tuple[str, str]] = {}
    for file, kind, frame in out.data:
        for s, p in frame[["survey_id", "period"]].drop_duplicates().itertuples(index=False):
            for source in (forms, batch_forms):
                other = source.get((s, p))
                if other and other[0] != kind:
                    issues.append(ImportIssue(
                        file, None, "periode",
                        f"Undersøkelsen «{s}» har allerede "
                        f"{'enkeltsvar' if other[0] == 'svar' else 'aggregerte tall'} for "
                        f"{p} ({other[1]}). En periode kan ikke blande enkeltsvar og aggregerte "
                        "tall; importer alt i én form.",
                        f"survey {s!r} period {p} mixes respondent and aggregated data"))
                    break
            batch_forms.setdefault((s, p), (kind, file))
    for file, kind, frame in out.data:
        if kind != "svar" or frame.empty:
            continue
        people = frame[["survey_id", "period", "respondent_id", "unit_id"]].drop_duplicates()
        for s, group in people.groupby("survey_id"):
            stored = surveys.stored_respondents(s)
            if not stored:
                continue
            old = pd.DataFrame([(p, r, u) for (p, r), u in stored.items()],
                               columns=["period", "respondent_id", "stored_unit"])
            moved = group.merge(old, on=["period", "respondent_id"])
            moved = moved[moved["unit_id"] != moved["stored_unit"]]
            for p, rid, unit, was in zip(*(moved[c].tolist() for c in (
                    "period", "respondent_id", "unit_id", "stored_unit")), strict=True):
                if (s, p, was) in replaced:
                    continue
                issues.append(ImportIssue(
                    file, None, "respondent_id",
                    f"Respondenten «{rid}» ({s}, {p}) er allerede lagret for enhet «{was}», "
                    f"ikke «{unit}». Bruk en annen respondent_id, eller importer filen for "
                    f"«{was}» på nytt i samme import.",
                    f"respondent {rid!r} stored under unit {was!r}"))
    return issues


def import_surveys(
    batch: Mapping[str, Sequence[str | os.PathLike[str]]],
    store_file: str | os.PathLike[str] | None = None,
    *,
    min_n: int | None = None,
    progress: bool = False,
) -> SurveyImportReport:
    """Import survey files and feed survey-based indicators; see the module docstring.

    ``min_n`` sets the store's minimum group size (meta ``survey_min_n``, default 5) before the
    measurements are computed. Raises :class:`ImportValidationError` listing every problem;
    the store is then untouched.
    """
    path = store.store_path(store_file)
    checked = validate_surveys(batch, path, progress)
    report = SurveyImportReport([Path(f).name for fs in batch.values() for f in fs],
                                checked.rows_read)
    if checked.issues:
        error = ImportValidationError(checked.issues)
        log.warning(error.english)
        raise error
    frames = {t: pd.concat(fs, ignore_index=True) for t, fs in checked.frames.items()}
    if min_n is not None:
        frames["meta"] = load.meta_frame({META_MIN_N: str(Protection(min_n).min_n)})
    with store.snapshot(path) as snap:
        load.quiet(snap.con)
        _load(snap.con, frames, report, progress)
        if not report.total_changed:
            snap.discard()
    log.info("survey import done: %s", report.changed)
    return report


def _load(con, frames: dict[str, pd.DataFrame], report: SurveyImportReport,
          progress: bool) -> None:
    from bmsdata.surveys.analysis import min_group_size

    steps = [t for t in SURVEY_TABLES[:8] if t in frames]
    for table in tqdm(steps, desc="Laster inn", unit="tabell", disable=not progress):
        report.changed[table] = load.write(con, table, frames[table])
    protection = min_group_size(con)
    values, markers = feed.measurements(con, protection)
    codes: set[str] = set(values["period"])
    for table in ("survey_response", "survey_count", "survey_summary"):
        if table in frames:
            codes |= set(frames[table]["period"])
    report.changed["period"] = load.write(con, "period", period_frame(codes))
    report.changed["measurement"] = load.write(con, "measurement", values)
    report.changed["suppressed_measurement"] = (load.write(con, "suppressed_measurement",
                                                           markers) + load.prune_markers(con))
    if len(markers):
        report.notes.append(
            f"{len(markers)} målinger fra undersøkelser er skjult fordi gruppen hadde færre "
            f"enn {protection.min_n} svar (eller for å beskytte en slik gruppe).")
