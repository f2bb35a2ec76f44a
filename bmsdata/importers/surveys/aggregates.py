"""Import of aggregated survey results: counts per answer, or mean, n and sd.

Columns ``undersøkelse_id``, ``periode``, ``enhet_id``, ``spørsmål_id``, then per row either

* ``svar`` + ``antall`` (how many gave that answer), optionally ``n`` (how many answered the
  question: it must equal the sum of the counts, and is required for a multi-response
  question, where each count is at most ``n`` and the counts add up to at least ``n``); or
* ``snitt`` + ``n``, optionally ``sd`` (a provider's summary without a distribution).
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from bmsdata.importers.columns import Checker, Column, Row
from bmsdata.importers.context import Known
from bmsdata.importers.surveys.model import SurveyKnown, norm_code
from bmsdata.importers.values import parse_int, parse_number
from bmsdata.scorecard.periods import parse_period

COLUMNS = [
    Column("survey_id", "undersøkelse_id", required=True, value_required=True),
    Column("period", "periode", required=True, value_required=True, parse=parse_period),
    Column("unit_id", "enhet_id", required=True, value_required=True, aliases=("enhet",)),
    Column("question_id", "spørsmål_id", required=True, value_required=True),
    Column("answer", "svar", parse=norm_code, aliases=("svarkode",)),
    Column("count", "antall", parse=parse_int),
    Column("n", "n", parse=parse_int, aliases=("antall_svar",)),
    Column("mean", "snitt", parse=parse_number, aliases=("gjennomsnitt",)),
    Column("sd", "sd", parse=parse_number, aliases=("standardavvik",)),
]
COUNT_COLUMNS = ["survey_id", "period", "unit_id", "question_id", "code", "count", "n"]
SUMMARY_COLUMNS = ["survey_id", "period", "unit_id", "question_id", "mean", "n", "sd"]


def _known_refs(checker: Checker, r: Row, known: Known, surveys: SurveyKnown) -> object | None:
    """The question info for a row, reporting an unknown survey, unit or question."""
    v = r.values
    if v["unit_id"] and v["unit_id"] not in known.units:
        checker.problem(r.number, "unit_id", f"Ukjent enhet «{v['unit_id']}». Importer "
                        "enhetslisten først, eller rett enhet_id.", "unknown unit")
    survey = surveys.surveys.get(v["survey_id"] or "")
    if survey is None:
        if v["survey_id"]:
            checker.problem(r.number, "survey_id", f"Ukjent undersøkelse «{v['survey_id']}». "
                            "Importer definisjonen først, eller rett undersøkelse_id.",
                            "unknown survey")
        return None
    info = survey.questions.get(v["question_id"] or "")
    if info is None and v["question_id"]:
        checker.problem(r.number, "question_id",
                        f"Ukjent spørsmål «{v['question_id']}» i undersøkelsen "
                        f"«{v['survey_id']}». Rett spørsmål_id, eller importer en oppdatert "
                        "definisjon.", "unknown question")
    return info


def validate(checker: Checker, known: Known, surveys: SurveyKnown) -> dict[str, pd.DataFrame]:
    rows = list(checker.rows()) if checker.header_ok else []
    counts, summaries = [], []
    groups: dict[tuple, list[Row]] = defaultdict(list)
    seen_counts: dict[tuple, int] = {}
    seen_summary: dict[tuple, int] = {}
    for r in rows:
        v = r.values
        info = _known_refs(checker, r, known, surveys)
        is_count = v["answer"] is not None or v["count"] is not None
        is_summary = v["mean"] is not None
        if is_count == is_summary:
            checker.problem(r.number, "answer",
                            "Raden må ha enten «svar» og «antall» (fordeling) eller «snitt» og "
                            "«n» (gjennomsnitt). Fyll inn det ene paret.",
                            "row is neither a count nor a summary")
            continue
        base = (v["survey_id"], str(v["period"]) if v["period"] else None, v["unit_id"],
                v["question_id"])
        if is_count:
            if v["answer"] is None or v["count"] is None:
                checker.problem(r.number, "count" if v["count"] is None else "answer",
                                "En fordelingsrad trenger både «svar» og «antall».",
                                "count row needs answer and count")
                continue
            if v["count"] < 0:
                checker.problem(r.number, "count", "Antall kan ikke være negativt.",
                                "negative count")
            if info is not None and v["answer"] not in info.codes:
                numeric = v["answer"].lstrip("-").isdigit()
                checker.problem(
                    r.number, "answer",
                    (f"Svaret {v['answer']} ligger utenfor skalaen" if numeric and not info.multi
                     else f"Ukjent svarkode «{v['answer']}»")
                    + f" for spørsmål «{info.question_id}» ({info.describe_valid()}). Rett "
                    "svaret eller definisjonen.",
                    f"answer {v['answer']!r} not valid")
            key = (*base, v["answer"])
            if key in seen_counts:
                checker.problem(r.number, "answer", f"Duplikat: samme svar for samme enhet og "
                                f"spørsmål står på rad {seen_counts[key]}. Fjern en av radene.",
                                "duplicate count row")
                continue
            seen_counts[key] = r.number
            groups[base].append(r)
            counts.append([*base[:4], v["answer"], v["count"], v["n"]])
        else:
            if v["n"] is None:
                checker.problem(r.number, "n", "«n» mangler. Et snitt trenger antall svar.",
                                "summary without n")
                continue
            if info is not None and info.multi:
                checker.problem(r.number, "mean", f"«{info.question_id}» er et "
                                "flervalgsspørsmål og har ikke noe snitt. Oppgi antall per "
                                "svaralternativ i stedet.", "summary for a multi question")
            elif info is not None and not (info.scale_min <= v["mean"] <= info.scale_max):
                checker.problem(r.number, "mean",
                                f"Snittet {v['mean']:g} ligger utenfor skalaen "
                                f"{info.scale_min:g}–{info.scale_max:g}. Sjekk tallet.",
                                "mean outside the scale")
            if v["n"] < 0 or (v["sd"] is not None and v["sd"] < 0):
                checker.problem(r.number, "n" if v["n"] < 0 else "sd",
                                "Verken n eller sd kan være negativ.", "negative n or sd")
            if base in seen_summary:
                checker.problem(r.number, "question_id", "Duplikat: samme enhet og spørsmål "
                                f"står på rad {seen_summary[base]}. Fjern en av radene.",
                                "duplicate summary row")
                continue
            seen_summary[base] = r.number
            summaries.append([*base, v["mean"], v["n"], v["sd"]])
    _check_totals(checker, groups, surveys)
    for base, number in seen_summary.items():
        if base in groups:
            checker.problem(number, "mean", "Spørsmålet har både fordeling og snitt for samme "
                            "enhet og periode. Bruk det ene.", "both counts and a summary")
    return {"survey_count": pd.DataFrame(counts, columns=COUNT_COLUMNS),
            "survey_summary": pd.DataFrame(summaries, columns=SUMMARY_COLUMNS)}


def _check_totals(checker: Checker, groups: dict[tuple, list[Row]],
                  surveys: SurveyKnown) -> None:
    """The counts must add up to the n the file gives."""
    for (survey_id, _p, unit_id, question_id), rows in groups.items():
        survey = surveys.surveys.get(survey_id)
        info = survey.questions.get(question_id) if survey else None
        ns = {r["n"] for r in rows if r["n"] is not None}
        total = sum(r["count"] or 0 for r in rows)
        first = rows[0].number
        if len(ns) > 1:
            checker.problem(first, "n", f"«n» varierer mellom radene for spørsmål "
                            f"«{question_id}», enhet «{unit_id}» ({sorted(ns)}). Bruk samme n "
                            "på alle radene.", "n differs between rows")
            continue
        n = next(iter(ns), None)
        if info is not None and info.multi:
            if n is None:
                checker.problem(first, "n", f"«{question_id}» er et flervalgsspørsmål: oppgi "
                                "«n» (hvor mange som svarte) så andelen av respondentene kan "
                                "regnes ut.", "multi question without n")
            elif any((r["count"] or 0) > n for r in rows) or total < n:
                checker.problem(first, "n",
                                f"Tallene for flervalgsspørsmålet «{question_id}», enhet "
                                f"«{unit_id}» går ikke opp: hvert antall må være høyst n ({n}) "
                                f"og summen ({total}) minst n. Rett tallene.",
                                "multi counts inconsistent with n")
        elif n is not None and n != total:
            checker.problem(first, "n",
                            f"Antallene for spørsmål «{question_id}», enhet «{unit_id}» "
                            f"summerer seg til {total}, men n er oppgitt som {n}. Rett tallene "
                            "så de stemmer.", f"counts sum to {total} but n is {n}")
