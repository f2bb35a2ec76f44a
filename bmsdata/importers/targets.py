"""Import of ambisjonsnivå (targets): range, single value, or relative to a reference series.

A row holds the goal (``målverdi``) and optionally the acceptable limit (``grenseverdi``), or
the guide's own notation in one cell (``ambisjonsnivå`` = "5,0–4,0"). With ``referanse`` set
(EAK, EKG13, a kommune number) both numbers are offsets from that series, so "1 prosentpoeng
lavere enn landsgjennomsnittet" is ``målverdi = -1, referanse = EAK``.
"""

from __future__ import annotations

import re

import pandas as pd

from bmsdata.importers.columns import Checker, Column, duplicates
from bmsdata.importers.context import Known
from bmsdata.importers.values import ValueProblem, parse_number, parse_period, show_number
from bmsdata.scorecard.status import limit_on_wrong_side

_RANGE_SPLIT = re.compile(r"\s*[–—]\s*|\s+-\s+|(?<=\d)-(?=[\d\s])")


def parse_ambition(text: str) -> tuple[float, float | None]:
    """``"5,0–4,0"`` → (5.0, 4.0); ``"0"`` → (0.0, None)."""
    try:
        return parse_number(text), None
    except ValueProblem:
        pass
    parts = [p for p in _RANGE_SPLIT.split(text.strip()) if p.strip()]
    if len(parts) == 2:
        try:
            return parse_number(parts[0]), parse_number(parts[1])
        except ValueProblem:
            pass
    raise ValueProblem(
        f"«{text}» er ikke et ambisjonsnivå. Skriv én verdi (0) eller mål og laveste "
        "akseptable verdi (5,0–4,0).",
        f"cannot read ambition level {text!r}",
    )


COLUMNS = [
    Column("indicator_id", "indikator_id", required=True, value_required=True),
    Column("unit_id", "enhet_id"),
    Column("goal", "målverdi", parse=parse_number, aliases=("mal",)),
    Column("limit", "grenseverdi", parse=parse_number,
           aliases=("laveste_akseptable", "rodt_flagg")),
    Column("ambition", "ambisjonsnivå", parse=parse_ambition),
    Column("reference_region", "referanse"),
    Column("valid_from", "gyldig_fra", required=True, value_required=True, parse=parse_period),
    Column("valid_to", "gyldig_til", parse=parse_period),
    Column("decision", "vedtak"),
]

TABLE_COLUMNS = ["target_key", "indicator_id", "unit_id", "form", "goal", "lower_limit",
                 "reference_region", "valid_from", "valid_to", "valid_from_date",
                 "valid_to_date", "decision"]


def validate(checker: Checker, known: Known) -> dict[str, pd.DataFrame]:
    t = checker.table
    if checker.header_ok and not (checker.has("goal") or checker.has("ambition")):
        checker.problem(t.header_row, "goal",
                        "Kolonnen «målverdi» (eller «ambisjonsnivå») mangler. Legg den til.",
                        "neither 'målverdi' nor 'ambisjonsnivå' column present")
    rows = list(checker.rows()) if checker.header_ok else []
    duplicates(rows, lambda r: (r["indicator_id"], r["unit_id"] or "*", r["valid_from"]),
               checker, "ambisjonsnivå for samme indikator, enhet og gyldig_fra", "valid_from")
    out = []
    for r in rows:
        v = r.values
        info = known.indicators.get(v["indicator_id"]) if v["indicator_id"] else None
        if v["indicator_id"] and info is None:
            checker.problem(r.number, "indicator_id",
                            f"Ukjent indikator «{v['indicator_id']}». Importer målekartet først, "
                            "eller rett indikator_id.",
                            f"unknown indicator {v['indicator_id']!r}")
        if v["unit_id"] and v["unit_id"] not in known.units:
            checker.problem(r.number, "unit_id",
                            f"Ukjent enhet «{v['unit_id']}». Bruk en enhet_id fra enhetslisten, "
                            "eller la feltet stå tomt for alle enheter.",
                            f"unknown unit {v['unit_id']!r}")
        goal, limit = v["goal"], v["limit"]
        # An error about the limit points at the cell the limit came from.
        limit_col = "limit"
        if goal is None and v["ambition"] is not None:
            goal, limit = v["ambition"]
            limit_col = "ambition"
        elif goal is not None and v["ambition"] is not None and v["ambition"] != (goal, limit):
            checker.problem(
                r.number, "ambition",
                "Både «målverdi» og «ambisjonsnivå» er fylt inn, og de sier ikke det samme. "
                "Fyll inn bare én av dem.",
                "both goal/limit and ambition are filled in and disagree",
            )
        if goal is None:
            if r.filled & {"goal", "ambition"}:
                continue  # written but unreadable: already reported where it was written
            if checker.has("goal"):
                checker.problem(r.number, "goal", "Målverdien mangler. Fyll inn «målverdi».",
                                "goal value is empty")
            elif checker.has("ambition"):
                checker.problem(r.number, "ambition",
                                "Ambisjonsnivået mangler. Fyll inn «ambisjonsnivå», for eksempel "
                                "5,0–4,0 eller 0.",
                                "ambition is empty")
            continue
        if info and limit is not None and limit_on_wrong_side(goal, limit, info.direction):
            side = "over" if info.direction == "higher" else "under"
            checker.problem(
                r.number, limit_col,
                f"Grenseverdien ({show_number(limit)}) ligger {side} målverdien "
                f"({show_number(goal)}), men for "
                f"«{info.name}» er {'høyere' if info.direction == 'higher' else 'lavere'} bedre. "
                "Grenseverdien er den laveste akseptable verdien og må ligge på den dårlige "
                "siden av målet; bytt om verdiene.",
                f"limit {limit} is on the wrong side of goal {goal} for direction "
                f"{info.direction}",
            )
        vf, vt = v["valid_from"], v["valid_to"]
        if vf and vt and vt.end < vf.start:
            checker.problem(r.number, "valid_to",
                            "«gyldig_til» er før «gyldig_fra». Rett periodene.",
                            "valid_to is before valid_from")
        if not (vf and v["indicator_id"]):
            continue
        form = "relative" if v["reference_region"] else ("range" if limit is not None else "value")
        key = f"{v['indicator_id']}|{v['unit_id'] or '*'}|{vf}"
        out.append([key, v["indicator_id"], v["unit_id"], form, goal, limit,
                    v["reference_region"], str(vf), str(vt) if vt else None, vf.start,
                    vt.end if vt else None, v["decision"]])
    return {"target": pd.DataFrame(out, columns=TABLE_COLUMNS)}


def periods(frame: pd.DataFrame) -> set[str]:
    return {p for col in ("valid_from", "valid_to") for p in frame[col] if isinstance(p, str) and p}
