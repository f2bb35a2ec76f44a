"""The scorecard status as a plain-text table for the terminal (``bms status``)."""

from __future__ import annotations

import duckdb

from bmsdata import formatting, queries
from bmsdata.scorecard.evaluate import (
    concerns_unit,
    latest_period,
    root_unit,
    scorecard_status,
    status_counts,
)
from bmsdata.scorecard.periods import Period
from bmsdata.scorecard.status import STATUS_LOOK


def _unit_name(con: duckdb.DuckDBPyConnection, unit_id: str) -> str:
    for uid, name, *_ in queries.rows(con, "units"):
        if uid == unit_id:
            return name
    raise ValueError(f"Ukjent enhet «{unit_id}». Se gyldige enheter med «bms status --help».")


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    out = [line, "  ".join("─" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return out


def render_status_table(con: duckdb.DuckDBPyConnection, unit_id: str | None = None,
                        period: str | None = None, scorecard_id: str | None = None) -> str:
    unit = unit_id or root_unit(con)
    name = _unit_name(con, unit)
    p = Period.parse(period) if period else latest_period(con)
    frame = scorecard_status(con, unit, p, scorecard_id)
    if unit_id and unit != root_unit(con):
        frame = frame[frame.apply(concerns_unit, axis=1)] if len(frame) else frame
    facts = dict(queries.rows(con, "meta"))
    lines = [f"{facts.get('municipality', 'Kommunen')} – {name} – status per "
             f"{p.label() if p else 'siste periode'}"]
    if facts.get("fictional") == "true":
        lines.append("(Fiktive tall: demokommune)")
    for (card, area), group in frame.groupby(["scorecard", "focus_area"], sort=False):
        counts = status_counts(group)
        summary = ", ".join(f"{STATUS_LOOK[s].symbol} {STATUS_LOOK[s].word}: {n}"
                            for s, n in counts.items() if n)
        lines += ["", f"{area}  [{card}]  {summary}"]
        rows = []
        for r in group.to_dict("records"):
            dec = r["decimals"]
            rows.append([
                r["indicator"],
                str(r["period"]) if isinstance(r["period"], str) else "–",
                formatting.number(r["value"], dec),
                formatting.ambition(r),
                f"{r['status_symbol']} {r['status_word']}",
                f"{r['trend_symbol']} {r['trend_word']}".strip(),
            ])
        lines += ["  " + x for x in _table(
            rows, ["Indikator", "Periode", "Resultat", "Ambisjonsnivå", "Status", "Trend"])]
    return "\n".join(lines)
