"""Import of survey definitions: surveys, dimensions, questions, scales and answer codes.

One row per question. The survey's name and type, and a dimension's name and indicator, are
repeated on its rows (or given once and left blank after). The file is the whole truth for each
survey it names: questions left out are removed, unless answers to them are stored (then the
import stops and says which).
"""

from __future__ import annotations

import re

import pandas as pd

from bmsdata.importers.columns import Checker, Column, Row, duplicates
from bmsdata.importers.context import Known
from bmsdata.importers.surveys.model import (
    KINDS,
    QuestionInfo,
    SurveyInfo,
    SurveyKnown,
    norm_code,
)
from bmsdata.importers.values import ValueProblem, fold, parse_number, slug

#: Columns a respondent file uses for itself; no question may be named like them.
RESERVED = {"undersokelse_id", "periode", "enhet_id", "respondent_id", "respondent"}
MAX_SCALE_STEPS = 20


def parse_kind(text: str) -> str:
    f = fold(text)
    for kind in KINDS:
        if f.startswith(kind):
            return kind
    raise ValueProblem(
        f"«{text}» er ikke en type undersøkelse. Skriv bruker, medarbeider eller innbygger.",
        f"unknown survey kind {text!r}",
    )


def parse_scale(text: str) -> tuple[int, int]:
    """``1–6``, ``1-5`` or ``0–10``: whole numbers, lowest first."""
    parts = [p for p in re.split(r"\s*[–—-]\s*", text.strip(), maxsplit=1) if p]
    try:
        lo, hi = (parse_number(p) for p in parts)
    except (ValueProblem, ValueError):
        lo = hi = None
    if lo is None or hi is None or lo != int(lo) or hi != int(hi) or lo >= hi \
            or hi - lo > MAX_SCALE_STEPS:
        raise ValueProblem(
            f"«{text}» er ikke en skala. Skriv laveste og høyeste verdi som hele tall, for "
            "eksempel 1–6.",
            f"cannot read scale {text!r}",
        )
    return int(lo), int(hi)


def parse_yes_no(text: str) -> bool:
    f = fold(text)
    if f in {"ja", "j", "yes", "x", "1", "sann", "true"}:
        return True
    if f in {"nei", "n", "no", "0", "usann", "false"}:
        return False
    raise ValueProblem(f"«{text}» er verken ja eller nei. Skriv ja eller nei.",
                       f"not yes/no: {text!r}")


COLUMNS = [
    Column("survey_id", "undersøkelse_id", required=True, value_required=True),
    Column("survey", "undersøkelse", aliases=("undersøkelsesnavn", "navn")),
    Column("kind", "type", parse=parse_kind, aliases=("undersøkelsestype",)),
    Column("dimension_id", "dimensjon_id", aliases=("faktor_id", "gruppe_id")),
    Column("dimension", "dimensjon", required=True, value_required=True,
           aliases=("faktor", "gruppe", "tema")),
    Column("question_id", "spørsmål_id", required=True, value_required=True),
    Column("question", "spørsmål", required=True, value_required=True,
           aliases=("spørsmålstekst", "tekst")),
    Column("scale", "skala", parse=parse_scale),
    Column("scale_labels", "skalaetiketter", aliases=("etiketter",)),
    Column("dont_know", "vet_ikke", parse=norm_code, aliases=("vet_ikke_kode",)),
    Column("not_applicable", "ikke_aktuelt", parse=norm_code, aliases=("ikke_aktuelt_kode",)),
    Column("multi", "flervalg", parse=parse_yes_no),
    Column("options", "svaralternativer", aliases=("alternativer",)),
    Column("low_max", "lav_til", parse=parse_number),
    Column("high_min", "høy_fra", parse=parse_number),
    Column("indicator_id", "indikator_id"),
]

SURVEY_COLUMNS = ["survey_id", "name", "kind", "sort_order"]
DIMENSION_COLUMNS = ["survey_id", "dimension_id", "name", "indicator_id", "sort_order"]
QUESTION_COLUMNS = ["survey_id", "question_id", "dimension_id", "text", "multi", "scale_min",
                    "scale_max", "low_max", "high_min", "sort_order"]
OPTION_COLUMNS = ["survey_id", "question_id", "code", "label", "role", "score", "sort_order"]


def _options(text: str) -> list[tuple[str, str]]:
    """``KINO=Kino|BIBL=Biblioteket`` or ``Kino|Biblioteket`` → [(code, label), …]."""
    out = []
    for part in (p.strip() for p in re.split(r"[|\n]", text)):
        if not part:
            continue
        code, _, label = part.partition("=")
        out.append((norm_code(code), label.strip() or code.strip()))
    return out


def _first_agreeing(rows: list[Row], checker: Checker, key: tuple[str, ...], fields: list[str],
                    what: str) -> dict[tuple, dict]:
    """The values for each key (``_row``: where it first appears); later rows must agree."""
    found: dict[tuple, dict] = {}
    first_row: dict[tuple, dict[str, int]] = {}
    for r in rows:
        k = tuple(r[c] for c in key)
        if any(part is None for part in k):
            continue
        vals = found.setdefault(k, {"_row": r.number})
        where = first_row.setdefault(k, {})
        for f in fields:
            v = r[f]
            if v is None:
                continue
            if f in vals and vals[f] != v:
                checker.problem(
                    r.number, f,
                    f"{what} «{k[-1]}» har en annen verdi her («{v}») enn på rad {where[f]} "
                    f"(«{vals[f]}»). Bruk samme verdi på alle radene.",
                    f"{key} {k} disagrees with row {where[f]} on {f}",
                )
            elif f not in vals:
                vals[f] = v
                where[f] = r.number
    return found


def _scale_options(r: Row, survey_id: str, lo: int, hi: int, checker: Checker) -> list[list]:
    labels = [s.strip() for s in re.split(r"[|\n]", r["scale_labels"] or "") if s.strip()]
    if labels and len(labels) != hi - lo + 1:
        checker.problem(r.number, "scale_labels",
                        f"Skalaen {lo}–{hi} har {hi - lo + 1} verdier, men det er {len(labels)} "
                        "etiketter. Skriv én etikett per verdi, skilt med |.",
                        "scale label count does not match the scale")
        labels = []
    return [[survey_id, r["question_id"], str(v), labels[i] if labels else str(v), "skala",
             float(v), i + 1] for i, v in enumerate(range(lo, hi + 1))]


def validate(checker: Checker, known: Known, surveys: SurveyKnown) -> dict[str, pd.DataFrame]:
    rows = list(checker.rows()) if checker.header_ok else []
    for r in rows:
        if r["dimension"] and not r["dimension_id"]:
            r.values["dimension_id"] = slug(r["dimension"])
    duplicates(rows, lambda r: (r["survey_id"], r["question_id"]), checker,
               "spørsmålet i samme undersøkelse", "question_id")
    heads = _first_agreeing(rows, checker, ("survey_id",), ["survey", "kind"], "Undersøkelsen")
    dims = _first_agreeing(rows, checker, ("survey_id", "dimension_id"),
                           ["dimension", "indicator_id"], "Dimensjonen")
    for (survey_id,), vals in heads.items():
        for f, header in (("kind", "type"), ("survey", "undersøkelse")):
            if f not in vals:
                checker.problem(vals["_row"], f,
                                f"Undersøkelsen «{survey_id}» mangler «{header}». Fyll det inn "
                                "på minst én av radene.",
                                f"survey {survey_id!r} has no {f}")
    for (_survey, dim_id), vals in dims.items():
        ind = vals.get("indicator_id")
        if ind and ind not in known.indicators:
            checker.problem(vals["_row"], "indicator_id",
                            f"Ukjent indikator «{ind}» for dimensjonen «{dim_id}». Importer "
                            "målekartet først, eller rett indikator_id.",
                            f"unknown indicator {ind!r}")

    survey_rows, dim_rows, question_rows, option_rows = [], [], [], []
    new_infos: dict[str, SurveyInfo] = {}
    for i, ((survey_id,), vals) in enumerate(heads.items()):
        kind = vals.get("kind")
        survey_rows.append([survey_id, vals.get("survey"), kind, i + 1])
        new_infos[survey_id] = SurveyInfo(survey_id, kind or "bruker")
    dim_order: dict[tuple[str, str], int] = {}
    for r in rows:
        survey_id, dim_id, qid = r["survey_id"], r["dimension_id"], r["question_id"]
        if not (survey_id and dim_id and qid):
            continue
        if fold(qid) in RESERVED:
            checker.problem(r.number, "question_id",
                            f"«{qid}» kan ikke brukes som spørsmål_id; navnet brukes av en fast "
                            "kolonne i svarfilene. Velg et annet.",
                            f"question id {qid!r} is reserved")
        dim_order.setdefault((survey_id, dim_id), len(dim_order) + 1)
        info = new_infos[survey_id]
        order = len(info.questions) + 1
        codes: dict[str, str] = {}
        multi = bool(r["multi"])
        lo = hi = low = high = None
        if multi:
            opts = _options(r["options"] or "")
            if not opts:
                checker.problem(r.number, "options",
                                "Et flervalgsspørsmål trenger «svaralternativer», for eksempel "
                                "KINO=Kino|BIBL=Biblioteket.",
                                "multi-response question without options")
            for j, (code, label) in enumerate(opts):
                if code in codes:
                    checker.problem(r.number, "options",
                                    f"Svaralternativet «{code}» står to ganger. Gi hvert "
                                    "alternativ sin egen kode.", f"duplicate option {code!r}")
                codes[code] = "valg"
                option_rows.append([survey_id, qid, code, label, "valg", None, j + 1])
        else:
            lo, hi = r["scale"] or KINDS[info.kind]
            for opt in _scale_options(r, survey_id, lo, hi, checker):
                codes[opt[2]] = "skala"
                option_rows.append(opt)
            low = r["low_max"] if r["low_max"] is not None else lo + 1
            high = r["high_min"] if r["high_min"] is not None else hi - 1
            if not (lo <= low < high <= hi):
                checker.problem(r.number, "low_max",
                                f"«lav_til» ({low:g}) og «høy_fra» ({high:g}) må ligge innenfor "
                                f"skalaen {lo}–{hi}, og lav under høy.",
                                "low/high thresholds outside the scale")
        for key, role in (("dont_know", "vet_ikke"), ("not_applicable", "ikke_aktuelt")):
            code = r[key]
            if code is None:
                continue
            if code in codes:
                word = "vet ikke" if role == "vet_ikke" else "ikke aktuelt"
                checker.problem(r.number, key,
                                f"Koden for «{word}» ({code}) er allerede en verdi på skalaen "
                                "eller et svaralternativ. Bruk en kode utenfor skalaen, for "
                                "eksempel 9.",
                                f"{role} code {code!r} collides with an answer code")
                continue
            codes[code] = role
            option_rows.append([survey_id, qid, code, "Vet ikke" if role == "vet_ikke"
                                else "Ikke aktuelt", role, None, 100 + len(codes)])
        question_rows.append([survey_id, qid, dim_id, r["question"], multi, lo, hi, low, high,
                              order])
        info.questions[qid] = QuestionInfo(qid, multi, lo, hi, codes)

    for (survey_id, dim_id), vals in dims.items():
        has_scale = any(not q[4] for q in question_rows if q[0] == survey_id and q[2] == dim_id)
        if vals.get("indicator_id") and not has_scale:
            checker.problem(vals["_row"], "indicator_id",
                            f"Dimensjonen «{dim_id}» i «{survey_id}» har bare flervalgsspørsmål "
                            "og har derfor ikke noe snitt å gi indikatoren. Fjern indikator_id.",
                            "indicator mapped to a dimension without scale questions")
        dim_rows.append([survey_id, dim_id, vals.get("dimension"), vals.get("indicator_id"),
                         dim_order.get((survey_id, dim_id))])
    _check_indicator_scales(checker, known, dims, question_rows)
    _check_stored_answers(checker, surveys, new_infos)
    surveys.surveys.update(new_infos)
    return {
        "survey": pd.DataFrame(survey_rows, columns=SURVEY_COLUMNS),
        "survey_dimension": pd.DataFrame(dim_rows, columns=DIMENSION_COLUMNS),
        "survey_question": pd.DataFrame(question_rows, columns=QUESTION_COLUMNS),
        "survey_option": pd.DataFrame(option_rows, columns=OPTION_COLUMNS),
    }


def _check_indicator_scales(checker: Checker, known: Known, dims: dict, question_rows: list
                            ) -> None:
    """A dimension's mean must fit the indicator's scale, or the measurement would be refused."""
    for (survey_id, dim_id), vals in dims.items():
        info = known.indicators.get(vals.get("indicator_id") or "")
        if info is None:
            continue
        scales = [(q[5], q[6]) for q in question_rows
                  if q[0] == survey_id and q[2] == dim_id and not q[4]]
        for lo, hi in scales:
            if (info.scale_min is not None and lo < info.scale_min) or \
                    (info.scale_max is not None and hi > info.scale_max):
                span = "–".join("" if x is None else f"{x:g}"
                                for x in (info.scale_min, info.scale_max))
                checker.problem(vals["_row"], "indicator_id",
                                f"Dimensjonen «{dim_id}» bruker skalaen {lo}–{hi}, men "
                                f"indikatoren «{info.name}» har skalaen {span}. Velg en annen "
                                "indikator eller rett skalaen.",
                                "dimension scale outside indicator scale")
                break


def _check_stored_answers(checker: Checker, surveys: SurveyKnown,
                          new_infos: dict[str, SurveyInfo]) -> None:
    """A new definition may not orphan stored answers (a dropped question or answer code)."""
    for survey_id, info in new_infos.items():
        for question_id, code in sorted(surveys.data_codes.get(survey_id, set())):
            q = info.questions.get(question_id)
            if q is None:
                checker.problem(None, "question_id",
                                f"Spørsmålet «{question_id}» i «{survey_id}» har svar i "
                                "databasen, men mangler i den nye definisjonen. Ta det med "
                                "igjen.",
                                f"stored answers for dropped question {question_id!r}")
            elif code and code not in q.codes:
                checker.problem(None, "scale",
                                f"Databasen har svaret «{code}» på «{question_id}» i "
                                f"«{survey_id}», men den nye definisjonen godtar det ikke "
                                f"({q.describe_valid()}). Behold skalaen og kodene.",
                                f"stored code {code!r} no longer valid for {question_id!r}")
