"""Import of org units (enheter): the tree with validity dates."""

from __future__ import annotations

import pandas as pd

from bmsdata.importers.columns import Checker, Column, duplicates
from bmsdata.importers.context import Known
from bmsdata.importers.values import parse_date

COLUMNS = [
    Column("unit_id", "enhet_id", required=True, value_required=True),
    Column("name", "navn", required=True, value_required=True, aliases=("enhet",)),
    Column("parent_id", "overordnet_id", aliases=("overordnet",)),
    Column("unit_type", "type", aliases=("enhetstype",)),
    Column("valid_from", "gyldig_fra", parse=parse_date),
    Column("valid_to", "gyldig_til", parse=parse_date),
    Column("successor_id", "etterfølger_id", aliases=("etterfolger",)),
]
TABLE_COLUMNS = [c.key for c in COLUMNS]


def validate(checker: Checker, known: Known) -> dict[str, pd.DataFrame]:
    rows = list(checker.rows()) if checker.header_ok else []
    duplicates(rows, lambda r: (r["unit_id"],), checker, "enheten", "unit_id")
    in_file = {r["unit_id"]: r["parent_id"] for r in rows if r["unit_id"]}
    all_units = {**known.units, **in_file}
    for r in rows:
        if r["parent_id"] and r["parent_id"] not in all_units:
            checker.problem(
                r.number, "parent_id",
                f"Ukjent overordnet enhet «{r['parent_id']}». Bruk en enhet_id fra filen eller "
                "databasen.",
                f"unknown parent unit {r['parent_id']!r}",
            )
        if r["successor_id"] and r["successor_id"] not in all_units:
            checker.problem(
                r.number, "successor_id",
                f"Ukjent etterfølger «{r['successor_id']}».",
                f"unknown successor unit {r['successor_id']!r}",
            )
        if r["valid_from"] and r["valid_to"] and r["valid_to"] < r["valid_from"]:
            checker.problem(
                r.number, "valid_to",
                "«gyldig_til» er før «gyldig_fra». Rett datoene.",
                "valid_to is before valid_from",
            )
        if r["parent_id"] and r["parent_id"] == r["unit_id"]:
            checker.problem(r.number, "parent_id", "En enhet kan ikke være sin egen overordnede.",
                            "unit is its own parent")
    roots = [u for u, p in all_units.items() if not p]
    if rows and len(roots) != 1:
        checker.problem(
            None, "parent_id",
            "Nøyaktig én enhet (kommunen selv) skal stå øverst uten «overordnet_id»; "
            f"fant {len(roots)}.",
            f"expected exactly one root unit, found {len(roots)}",
        )
    for r in rows:
        if r["unit_id"]:
            known.units[r["unit_id"]] = r["parent_id"]
    frame = pd.DataFrame([[r[c] for c in TABLE_COLUMNS] for r in rows], columns=TABLE_COLUMNS)
    return {"org_unit": frame}
