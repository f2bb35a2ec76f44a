"""Import of respondent-level survey answers, long or wide.

* **Long**: one row per respondent and question, columns ``undersøkelse_id``, ``periode``,
  ``enhet_id``, ``respondent_id``, ``spørsmål_id``, ``svar``. A multi-response question has one
  row per chosen option.
* **Wide**: one row per respondent, the same first four columns, then one column per question
  named by its ``spørsmål_id``. A multi-response cell lists the chosen codes separated by ``|``
  (``KINO|BIBL``).

A blank answer means «not answered» and is skipped. Files are checked column by column (a
survey export can have hundreds of thousands of rows), and every problem names file, row and
column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd

from bmsdata.importers.columns import Column
from bmsdata.importers.context import Known
from bmsdata.importers.errors import ImportIssue
from bmsdata.importers.reading import Table
from bmsdata.importers.surveys.issues import Problems
from bmsdata.importers.surveys.model import SurveyKnown, norm_code
from bmsdata.importers.values import fold
from bmsdata.scorecard.periods import Period, PeriodError

FIXED = [
    Column("survey_id", "undersøkelse_id", required=True, value_required=True),
    Column("period", "periode", required=True, value_required=True),
    Column("unit_id", "enhet_id", required=True, value_required=True, aliases=("enhet",)),
    Column("respondent_id", "respondent_id", required=True, value_required=True,
           aliases=("respondent", "svar_id")),
]
LONG = [
    Column("question_id", "spørsmål_id", required=True, value_required=True),
    Column("answer", "svar", required=True, aliases=("verdi", "svarkode")),
]
TABLE_COLUMNS = ["survey_id", "period", "unit_id", "respondent_id", "question_id", "code"]
_MULTI_SPLIT = re.compile(r"\s*[|;,]\s*")


@dataclass
class BatchRespondents:
    """Respondents seen so far in this batch: (survey, period, respondent) → (file, row, unit)."""

    seen: dict[tuple[str, str, str], tuple[str, int, str]] = field(default_factory=dict)


def _header(table: Table, col: Column) -> str | None:
    names = col.folded_names()
    return next((h for h in table.headers if fold(h) in names), None)


def _column_text(table: Table, header: str | None) -> list[str]:
    if header is None:
        return [""] * len(table.rows)
    return _columns(table, [header])[header]


def _columns(table: Table, headers: list[str]) -> dict[str, list[str]]:
    """Several columns in one pass over the rows (the reader gives every row every header)."""
    if not headers:
        return {}
    get = itemgetter(*headers)
    try:
        picked = [get(cells) for _, cells in table.rows]
    except KeyError:
        picked = [tuple(cells.get(h, "") for h in headers) for _, cells in table.rows]
        if len(headers) == 1:
            picked = [p[0] for p in picked]
    if len(headers) == 1:
        return {headers[0]: list(picked)}
    cols = list(zip(*picked, strict=True)) if picked else [() for _ in headers]
    return {h: list(c) for h, c in zip(headers, cols, strict=True)}


def _periods(values: pd.Series) -> tuple[pd.Series, dict[str, str]]:
    """Canonical period codes; unreadable ones map to None, with the reason."""
    reasons: dict[str, str] = {}
    canon: dict[str, str | None] = {}
    for v in values.unique():
        try:
            canon[v] = str(Period.parse(v))
        except PeriodError as exc:
            canon[v] = None
            reasons[v] = str(exc)
    return values.map(canon), reasons


def is_long(table: Table) -> bool:
    return _header(table, LONG[0]) is not None


def validate(table: Table, known: Known, surveys: SurveyKnown, batch: BatchRespondents
             ) -> tuple[pd.DataFrame, list[ImportIssue]]:
    """Check one respondent file. Returns the answers (one row per chosen code) and issues."""
    probs = Problems(table.file)
    long = is_long(table)
    columns = FIXED + (LONG if long else [])
    headers: dict[str, str | None] = {c.key: _header(table, c) for c in columns}
    for c in columns:
        if headers[c.key] is None:
            probs.add(f"header:{c.key}", table.header_row, c.header,
                      f"Kolonnen «{c.header}» mangler. Legg den til i overskriftsraden (se "
                      "docs/surveys.md).", f"required column {c.header!r} is missing")
    if not table.rows:
        probs.add("empty", None, None, "Filen har en overskriftsrad, men ingen datarader.",
                  "file has a header but no data rows")
    if probs.issues:
        return pd.DataFrame(columns=TABLE_COLUMNS), probs.finish()

    texts = _columns(table, [headers[c.key] for c in FIXED])
    frame = pd.DataFrame({c.key: texts[headers[c.key]] for c in FIXED})
    frame["line"] = np.fromiter((n for n, _ in table.rows), dtype=np.int64,
                                count=len(table.rows))
    for c in FIXED:
        blank = frame[c.key] == ""
        probs.add_rows(f"blank:{c.key}", (
            (int(r), headers[c.key], f"«{c.header}» mangler verdi. Fyll inn feltet.",
             f"{c.header!r} is empty") for r in frame.loc[blank, "line"]))
    frame["period"], period_reasons = _periods(frame["period"])
    raw_periods = pd.Series(texts[headers["period"]])
    bad = frame["period"].isna() & (raw_periods != "")
    probs.add_rows("period", ((int(r), headers["period"], period_reasons[p], f"bad period {p!r}")
                              for r, p in zip(frame.loc[bad, "line"], raw_periods[bad],
                                              strict=True)))
    unknown_survey = ~frame["survey_id"].isin(list(surveys.surveys)) & (frame["survey_id"] != "")
    probs.add_rows("survey", ((int(r), headers["survey_id"],
                               f"Ukjent undersøkelse «{s}». Importer definisjonen av "
                               "undersøkelsen først (eller i samme import), eller rett "
                               "undersøkelse_id.", f"unknown survey {s!r}")
                              for r, s in zip(frame.loc[unknown_survey, "line"],
                                              frame.loc[unknown_survey, "survey_id"],
                                              strict=True)))
    unknown_unit = ~frame["unit_id"].isin(list(known.units)) & (frame["unit_id"] != "")
    probs.add_rows("unit", ((int(r), headers["unit_id"],
                             f"Ukjent enhet «{u}». Importer enhetslisten først, eller rett "
                             "enhet_id.", f"unknown unit {u!r}")
                            for r, u in zip(frame.loc[unknown_unit, "line"],
                                            frame.loc[unknown_unit, "unit_id"], strict=True)))
    if long:
        answers = _long_answers(table, frame, headers, probs)
    else:
        _duplicate_rows(frame, headers, probs)
        answers = _wide_answers(table, frame, surveys, probs)
    answers = _check_questions_and_codes(answers, surveys, headers, probs, long)
    if long:
        _duplicate_answers(answers, headers, probs)
    _respondent_units(answers, frame, headers, probs, batch, table.file)
    answers = answers.dropna(subset=["period"])[TABLE_COLUMNS]
    if not long:  # «A|A» in a multi-response cell is one tick, not two
        answers = answers.drop_duplicates()
    return answers, probs.finish()


def _long_answers(table: Table, frame: pd.DataFrame, headers: dict, probs: Problems
                  ) -> pd.DataFrame:
    texts = _columns(table, [headers["question_id"], headers["answer"]])
    out = frame.assign(question_id=texts[headers["question_id"]],
                       answer=texts[headers["answer"]])
    blank = out["question_id"] == ""
    probs.add_rows("blank:question_id", ((int(r), headers["question_id"],
                                          "«spørsmål_id» mangler verdi. Fyll inn feltet.",
                                          "'spørsmål_id' is empty")
                                         for r in out.loc[blank, "line"]))
    return out[(out["answer"] != "") & ~blank]


def _wide_answers(table: Table, frame: pd.DataFrame, surveys: SurveyKnown, probs: Problems
                  ) -> pd.DataFrame:
    fixed = {fold(n) for c in FIXED for n in [c.header, *c.aliases]}
    qcols = [h for h in table.headers if h and fold(h) not in fixed]
    if not qcols:
        probs.add("noquestions", table.header_row, None,
                  "Filen har ingen spørsmålskolonner. I bredt format har hver spørsmål_id sin "
                  "egen kolonne; i langt format trengs kolonnene «spørsmål_id» og «svar».",
                  "no question columns")
        return frame.assign(question_id="", answer="").iloc[0:0]
    # Headers may be written with other case or accents than the definition's ids.
    ids = {fold(q): q for s in surveys.surveys.values() for q in s.questions}
    parts = []
    texts = _columns(table, qcols)
    for h in qcols:
        text = pd.Series(texts[h])
        keep = (text != "").to_numpy()
        qid = h.strip() if any(h.strip() in s.questions for s in surveys.surveys.values()) \
            else ids.get(fold(h), h.strip())
        part = frame.loc[keep].assign(question_id=qid, answer=text[keep].to_numpy(),
                                      source_column=h)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _duplicate_rows(frame: pd.DataFrame, headers: dict, probs: Problems) -> None:
    key = ["survey_id", "period", "respondent_id"]
    dup = frame.duplicated(key, keep=False) & (frame["respondent_id"] != "")
    if not dup.any():
        return
    first = frame[dup].groupby(key, sort=False)["line"].transform("min")
    for r, f, rid in zip(frame.loc[dup, "line"], first, frame.loc[dup, "respondent_id"],
                         strict=True):
        if r != f:
            probs.add("duprow", int(r), headers["respondent_id"],
                      f"Duplikat: respondenten «{rid}» har allerede en rad (rad {f}). Hver "
                      "respondent skal stå på én rad; fjern eller slå sammen radene.",
                      f"duplicate respondent of row {f}")


def _question_frame(surveys: SurveyKnown) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Known questions (survey, question, multi) and their codes (survey, question, code)."""
    qs = [(s, q, bool(i.multi)) for s, sv in surveys.surveys.items()
          for q, i in sv.questions.items()]
    codes = [(s, q, c) for s, sv in surveys.surveys.items() for q, i in sv.questions.items()
             for c in i.codes]
    return (pd.DataFrame(qs, columns=["survey_id", "question_id", "multi"]),
            pd.DataFrame(codes, columns=["survey_id", "question_id", "code"]).assign(ok=True))


def _check_questions_and_codes(answers: pd.DataFrame, surveys: SurveyKnown, headers: dict,
                               probs: Problems, long: bool) -> pd.DataFrame:
    """Unknown questions and codes outside the scale; splits multi-response cells.

    Joins instead of Python loops: an export may have hundreds of thousands of answers.
    """
    qframe, cframe = _question_frame(surveys)
    answers = answers.merge(qframe, on=["survey_id", "question_id"], how="left")
    unknown = answers["multi"].isna() & answers["survey_id"].isin(list(surveys.surveys))
    if unknown.any():
        bad = answers[unknown]
        if long:
            probs.add_rows("question", ((int(r), headers["question_id"],
                                         f"Ukjent spørsmål «{q}» i undersøkelsen «{s}». Rett "
                                         "spørsmål_id, eller importer en oppdatert definisjon.",
                                         f"unknown question {q!r}")
                                        for r, s, q in zip(bad["line"], bad["survey_id"],
                                                           bad["question_id"], strict=True)))
        else:
            for (s, q, col), grp in bad.groupby(["survey_id", "question_id", "source_column"]):
                probs.add("question", None, col,
                          f"Kolonnen «{col}» er ikke et spørsmål i undersøkelsen «{s}» (gjelder "
                          f"{len(grp)} svar, første på rad {int(grp['line'].min())}). Rett "
                          "overskriften til en spørsmål_id, eller importer en oppdatert "
                          "definisjon.", f"unknown question column {q!r}")
    answers = answers[answers["multi"].notna()].astype({"multi": bool})
    multi = answers["multi"].to_numpy(dtype=bool)
    if multi.any():
        split = answers[multi].assign(answer=answers.loc[multi, "answer"].str.split(
            _MULTI_SPLIT)).explode("answer")
        split = split[split["answer"] != ""]
        answers = pd.concat([answers[~multi], split], ignore_index=True)
    codes = {a: norm_code(a) for a in answers["answer"].unique()}
    answers = answers.assign(code=answers["answer"].map(codes))
    answers = answers.merge(cframe, on=["survey_id", "question_id", "code"], how="left")
    ok = answers["ok"].notna().to_numpy(dtype=bool)
    qinfo = {(s, q): i for s, sv in surveys.surveys.items() for q, i in sv.questions.items()}
    bad = answers[~ok]
    for survey_id, question_id, code, line, column in zip(
            bad["survey_id"], bad["question_id"], bad["code"], bad["line"],
            bad["source_column"] if not long else [headers["answer"]] * len(bad), strict=True):
        info = qinfo[(survey_id, question_id)]
        if re.fullmatch(r"-?\d+", code) is not None and not info.multi:
            nb = (f"Svaret {code} ligger utenfor skalaen for spørsmål «{question_id}» "
                  f"({info.describe_valid()}). Rett svaret, eller legg koden inn i "
                  "definisjonen.")
        else:
            nb = (f"Ukjent svarkode «{code}» for spørsmål «{question_id}» "
                  f"({info.describe_valid()}). Rett svaret eller definisjonen.")
        probs.add(f"code:{question_id}", int(line), column, nb,
                  f"answer {code!r} not valid for {question_id!r}")
    return answers[ok]


def _duplicate_answers(answers: pd.DataFrame, headers: dict, probs: Problems) -> None:
    """Long files: the same answer twice, or two answers to a single-answer question."""
    key = ["survey_id", "period", "respondent_id", "question_id"]
    is_multi = answers["multi"].to_numpy(dtype=bool)
    single_dup = ~is_multi & answers.duplicated(key, keep=False).to_numpy()
    multi_dup = is_multi & answers.duplicated([*key, "code"], keep=False).to_numpy()
    for mask, extra, text in ((single_dup, [], "har allerede svart på spørsmålet"),
                              (multi_dup, ["code"], "har allerede valgt dette svaret")):
        if not mask.any():
            continue
        sub = answers[mask]
        first = sub.groupby(key + extra, sort=False)["line"].transform("min")
        for r, f, rid, q in zip(sub["line"], first, sub["respondent_id"], sub["question_id"],
                                strict=True):
            if r != f:
                probs.add("dupanswer", int(r), headers["respondent_id"],
                          f"Duplikat: respondenten «{rid}» {text} «{q}» på rad {f}. Fjern en "
                          "av radene.", f"duplicate answer of row {f}")


def _respondent_units(answers: pd.DataFrame, frame: pd.DataFrame, headers: dict,
                      probs: Problems, batch: BatchRespondents, file: str) -> None:
    """A respondent belongs to one unit, once per survey and period, across the whole batch."""
    people = frame[(frame["respondent_id"] != "") & frame["period"].notna()]
    people = people.drop_duplicates(["survey_id", "period", "respondent_id", "unit_id"])
    columns = [people[c].tolist() for c in ("survey_id", "period", "respondent_id", "unit_id",
                                            "line")]
    for survey_id, period, rid, unit_id, line in zip(*columns, strict=True):
        key = (survey_id, period, rid)
        if key in batch.seen:
            f, r, unit = batch.seen[key]
            if f == file and unit == unit_id:
                continue
            where = f"rad {r}" if f == file else f"{f}, rad {r}"
            probs.add("respondent", int(line), headers["respondent_id"],
                      f"Respondenten «{rid}» finnes allerede ({where}"
                      f"{', enhet ' + unit if unit != unit_id else ''}) i samme "
                      "undersøkelse og periode. Hver respondent skal ha én id og én enhet.",
                      f"respondent {rid!r} already seen at {where}")
        else:
            batch.seen[key] = (file, int(line), unit_id)
