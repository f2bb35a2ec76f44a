"""Import of reference series (benchmarks): national average, KOSTRA groups, peers."""

from __future__ import annotations

import pandas as pd

from bmsdata.importers.columns import Checker, Column, duplicates
from bmsdata.importers.context import Known
from bmsdata.importers.measurements import check_known
from bmsdata.importers.values import parse_number, parse_period

COLUMNS = [
    Column("indicator_id", "indikator_id", required=True, value_required=True),
    Column("region", "region", required=True, value_required=True),
    Column("region_name", "regionnavn"),
    Column("period", "periode", required=True, value_required=True, parse=parse_period),
    Column("value", "verdi", required=True, value_required=True, parse=parse_number),
]
TABLE_COLUMNS = ["indicator_id", "region", "region_name", "period", "value"]


def validate(checker: Checker, known: Known) -> dict[str, pd.DataFrame]:
    rows = list(checker.rows()) if checker.header_ok else []
    duplicates(rows, lambda r: (r["indicator_id"], r["region"], r["period"]), checker,
               "en referanseverdi for samme indikator, region og periode", "period")
    out = []
    for r in rows:
        v = r.values
        check_known(checker, r.number, v, known)
        if all(v[k] is not None for k in ("indicator_id", "region", "period", "value")):
            out.append([v["indicator_id"], v["region"], v["region_name"], str(v["period"]),
                        v["value"]])
    return {"reference_value": pd.DataFrame(out, columns=TABLE_COLUMNS)}
