"""What a survey data file may refer to: the surveys, questions and answer codes defined so far.

Definitions imported in the same batch are added before the data files are checked, so a
municipality can load a new survey's definition and its answers in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from bmsdata import queries

KINDS = {"bruker": (1, 6), "medarbeider": (1, 5), "innbygger": (1, 6)}
ROLES_NB = {"vet_ikke": "vet ikke", "ikke_aktuelt": "ikke aktuelt"}
_INTEGRAL = re.compile(r"^[+-]?\d+(?:[.,]0*)?$")


def norm_code(text: str) -> str:
    """An answer code as stored: «6», «6,0» and «6.0» are all «6»; other text is kept."""
    s = text.strip()
    if _INTEGRAL.match(s):
        return str(int(re.split(r"[.,]", s)[0]))
    return s


@dataclass
class QuestionInfo:
    question_id: str
    multi: bool
    scale_min: float | None
    scale_max: float | None
    codes: dict[str, str]  # code → role (skala, valg, vet_ikke, ikke_aktuelt)

    def describe_valid(self) -> str:
        """Norwegian list of what may be answered, for error messages."""
        if self.multi:
            return "gyldige koder: " + ", ".join(c for c, r in self.codes.items() if r == "valg")
        extra = [f"{c} ({ROLES_NB[r]})" for c, r in self.codes.items() if r in ROLES_NB]
        text = f"skalaen er {self.scale_min:g}–{self.scale_max:g}"
        return text + (", og " + ", ".join(extra) if extra else "")


@dataclass
class SurveyInfo:
    survey_id: str
    kind: str
    questions: dict[str, QuestionInfo] = field(default_factory=dict)


@dataclass
class SurveyKnown:
    surveys: dict[str, SurveyInfo] = field(default_factory=dict)
    # (survey_id, period, unit_id) → 'svar' or 'aggregert', from the store and this batch
    forms: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # survey_id → {(question_id, code)} with stored answers ('' for a summary)
    data_codes: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # (survey_id, period, respondent_id) → unit_id, stored respondents (loaded on demand)
    _respondents: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def from_store(cls, path: Path) -> SurveyKnown:
        known = cls(path=path)
        if not path.is_file():
            return known
        con = duckdb.connect(str(path), read_only=True)
        try:
            for survey_id, _name, kind, *_ in queries.rows(con, "surveys"):
                known.surveys[survey_id] = _survey_from_con(con, survey_id, kind)
            for survey_id, period, unit_id, form in queries.rows(con, "survey_forms"):
                known.forms[(survey_id, period, unit_id)] = form
            for survey_id, question_id, code in queries.rows(con, "survey_data_codes"):
                known.data_codes.setdefault(survey_id, set()).add((question_id, code))
        except duckdb.CatalogException:
            pass  # a store from before surveys existed: the first snapshot adds the tables
        finally:
            con.close()
        return known

    def stored_respondents(self, survey_id: str) -> dict[tuple[str, str], str]:
        """(period, respondent_id) → unit_id for one survey already in the store."""
        if survey_id in self._respondents:
            return self._respondents[survey_id]
        found: dict[tuple[str, str], str] = {}
        has_answers = any(s == survey_id and form == "svar" for (s, _p, _u), form in
                          self.forms.items())
        if has_answers and self.path is not None and self.path.is_file():
            con = duckdb.connect(str(self.path), read_only=True)
            try:
                for period, respondent, unit in queries.rows(con, "survey_respondents",
                                                             survey_id=survey_id):
                    found[(period, respondent)] = unit
            except duckdb.CatalogException:
                pass
            finally:
                con.close()
        self._respondents[survey_id] = found
        return found


def _survey_from_con(con: duckdb.DuckDBPyConnection, survey_id: str, kind: str) -> SurveyInfo:
    info = SurveyInfo(survey_id, kind)
    codes: dict[str, dict[str, str]] = {}
    for question_id, code, _label, role, *_ in queries.rows(con, "survey_options",
                                                            survey_id=survey_id):
        codes.setdefault(question_id, {})[code] = role
    for row in queries.rows(con, "survey_questions", survey_id=survey_id):
        _s, question_id, _text, multi, lo, hi, *_ = row
        info.questions[question_id] = QuestionInfo(question_id, bool(multi), lo, hi,
                                                   codes.get(question_id, {}))
    return info
