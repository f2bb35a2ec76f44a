"""Import of measurements (resultater): one value per indicator, unit and period."""

from __future__ import annotations

import pandas as pd

from bmsdata.importers.columns import Checker, Column, duplicates
from bmsdata.importers.context import Known
from bmsdata.importers.values import parse_int, parse_number, parse_period, show_number

COLUMNS = [
    Column("indicator_id", "indikator_id", required=True, value_required=True),
    Column("unit_id", "enhet_id", required=True, value_required=True),
    Column("period", "periode", required=True, value_required=True, parse=parse_period),
    Column("value", "verdi", required=True, value_required=True, parse=parse_number,
           aliases=("resultat",)),
    Column("n", "n", parse=parse_int, aliases=("antall",)),
]
TABLE_COLUMNS = ["indicator_id", "unit_id", "period", "value", "n"]


def check_known(checker: Checker, number: int, v: dict, known: Known) -> None:
    """Unknown indicator or unit: shared by measurement and reference imports."""
    if v.get("indicator_id") and v["indicator_id"] not in known.indicators:
        checker.problem(number, "indicator_id",
                        f"Ukjent indikator «{v['indicator_id']}». Importer målekartet først, "
                        "eller rett indikator_id.",
                        f"unknown indicator {v['indicator_id']!r}")
    if "unit_id" in v and v["unit_id"] and v["unit_id"] not in known.units:
        checker.problem(number, "unit_id",
                        f"Ukjent enhet «{v['unit_id']}». Importer enhetslisten først, eller rett "
                        "enhet_id.",
                        f"unknown unit {v['unit_id']!r}")


def validate(checker: Checker, known: Known) -> dict[str, pd.DataFrame]:
    rows = list(checker.rows()) if checker.header_ok else []
    duplicates(rows, lambda r: (r["indicator_id"], r["unit_id"], r["period"]), checker,
               "en måling for samme indikator, enhet og periode", "period")
    out = []
    for r in rows:
        v = r.values
        check_known(checker, r.number, v, known)
        info = known.indicators.get(v["indicator_id"] or "")
        x = v["value"]
        if info and x is not None:
            lo, hi = info.scale_min, info.scale_max
            if (lo is not None and x < lo) or (hi is not None and x > hi):
                scale = (f" ({show_number(lo)}–{show_number(hi)})"
                         if lo is not None and hi is not None else "")
                checker.problem(
                    r.number, "value",
                    f"Verdien {show_number(x)} ligger utenfor skalaen for «{info.name}»{scale}. "
                    "Sjekk tallet.",
                    f"value {x} outside scale [{lo}, {hi}]",
                )
        if v["n"] is not None and v["n"] < 0:
            checker.problem(r.number, "n",
                            "Antall (n) kan ikke være negativt. Skriv antallet svar eller saker "
                            "(0 eller mer), eller la feltet stå tomt.", "negative n")
        if all(v[k] is not None for k in ("indicator_id", "unit_id", "period", "value")):
            out.append([v["indicator_id"], v["unit_id"], str(v["period"]), x, v["n"]])
    return {"measurement": pd.DataFrame(out, columns=TABLE_COLUMNS)}
