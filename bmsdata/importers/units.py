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


def _in_cycle(unit_id: str, parents: dict[str, str | None]) -> bool:
    """True when following parents from ``unit_id`` comes back to it.

    A cycle passes the one-root check (the real root is elsewhere) but leaves units outside the
    municipality's tree, and any walk up the tree would never end.
    """
    seen: set[str] = set()
    current = parents.get(unit_id)
    while current and current not in seen:
        if current == unit_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


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
                f"Ukjent etterfølger «{r['successor_id']}». Bruk en enhet_id fra filen eller "
                "databasen.",
                f"unknown successor unit {r['successor_id']!r}",
            )
        if r["valid_from"] and r["valid_to"] and r["valid_to"] < r["valid_from"]:
            checker.problem(
                r.number, "valid_to",
                "«gyldig_til» er før «gyldig_fra». Rett datoene.",
                "valid_to is before valid_from",
            )
        if r["parent_id"] and r["parent_id"] == r["unit_id"]:
            checker.problem(r.number, "parent_id",
                            "En enhet kan ikke være sin egen overordnede. Rett «overordnet_id».",
                            "unit is its own parent")
        elif r["unit_id"] and _in_cycle(r["unit_id"], all_units):
            checker.problem(
                r.number, "parent_id",
                f"Enheten «{r['unit_id']}» ligger i en sirkel av overordnede enheter, så den "
                "henger ikke under kommunen. Rett «overordnet_id» slik at kjeden ender i kommunen.",
                f"unit {r['unit_id']!r} is in a cycle of parents",
            )
    roots = [u for u, p in all_units.items() if not p]
    if rows and len(roots) != 1:
        found = f"{len(roots)} ({', '.join(sorted(roots))})" if roots else "ingen"
        checker.problem(
            None, "parent_id",
            "Nøyaktig én enhet (kommunen selv) skal stå øverst uten «overordnet_id»; "
            f"fant {found}. La «overordnet_id» stå tom bare for kommunen, og fyll den inn for "
            "alle andre enheter.",
            f"expected exactly one root unit, found {len(roots)}",
        )
    for r in rows:
        if r["unit_id"]:
            known.units[r["unit_id"]] = r["parent_id"]
    frame = pd.DataFrame([[r[c] for c in TABLE_COLUMNS] for r in rows], columns=TABLE_COLUMNS)
    return {"org_unit": frame}
