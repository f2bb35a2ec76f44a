"""One entry point for the survey and KOSTRA import kinds, for the ``bms import`` command.

The CLI can offer these kinds beside ``importers.KINDS`` and call :func:`import_extra` with
the kind the user typed; each goes to :func:`bmsdata.importers.surveys.import_surveys` or
:func:`bmsdata.importers.kostra.import_kostra`. Both raise ``ImportValidationError`` (Norwegian
message, nothing loaded) like the other importers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from bmsdata.importers.kostra import import_kostra
from bmsdata.importers.surveys import SurveyImportReport, import_surveys

#: CLI kind (Norwegian) → (batch key, what it is), in the order a municipality loads them.
EXTRA_KINDS: dict[str, tuple[str, str]] = {
    "undersokelser": ("survey_definitions", "definisjon av spørreundersøkelser"),
    "svar": ("survey_responses", "svar per respondent (langt eller bredt format)"),
    "svarfordeling": ("survey_aggregates", "aggregerte resultater (antall per svar, eller snitt)"),
    "kostra-kobling": ("kostra_mapping", "kobling KOSTRA-tabell → indikator"),
    "kostra": ("kostra", "KOSTRA-tabeller fra SSB (JSON-stat 2.0)"),
}


def import_extra(kind: str, files: Sequence[str | os.PathLike[str]],
                 store_file: str | os.PathLike[str] | None = None, *,
                 kommune_nr: str | None = None, min_n: int | None = None,
                 progress: bool = False) -> SurveyImportReport:
    """Import ``files`` of one extra kind. ``kommune_nr`` is for KOSTRA, ``min_n`` for surveys."""
    if kind not in EXTRA_KINDS:
        raise ValueError(f"Ukjent importtype «{kind}». Velg en av: {', '.join(EXTRA_KINDS)}.")
    key = EXTRA_KINDS[kind][0]
    if key.startswith("kostra"):
        return import_kostra({key: list(files)}, store_file, kommune_nr=kommune_nr,
                             progress=progress)
    return import_surveys({key: list(files)}, store_file, min_n=min_n, progress=progress)
