"""Import of the målekart: scorecards, focus areas, success factors and indicators.

One row per indicator, with its place in the hierarchy written out on the row, as analysts keep
it in Excel today. Ids for scorecards, focus areas and success factors may be left blank; they
are then made from the names, so re-importing the same sheet updates rather than duplicates.
"""

from __future__ import annotations

import pandas as pd

from bmsdata.importers.columns import Checker, Column, Row, duplicates
from bmsdata.importers.context import IndicatorInfo, Known
from bmsdata.importers.values import ValueProblem, fold, parse_int, parse_number, slug


def parse_direction(text: str) -> str:
    f = fold(text)
    if f in {"hoyere", "hoy", "higher", "hoyere_er_bedre", "hoy_er_bra", "hoyt_er_bra", "opp"}:
        return "higher"
    if f in {"lavere", "lav", "lower", "lavere_er_bedre", "lav_er_bra", "lavt_er_bra", "ned"}:
        return "lower"
    raise ValueProblem(
        f"«{text}» er ikke en gyldig retning. Skriv «høyere er bedre» eller «lavere er bedre».",
        f"invalid direction {text!r}",
    )


def parse_kind(text: str) -> str:
    f = fold(text)
    if f in {"politisk", "pol", "political"}:
        return "politisk"
    if f in {"administrativ", "adm", "administrative"}:
        return "administrativ"
    raise ValueProblem(
        f"«{text}» er ikke en gyldig type. Skriv «politisk» eller «administrativ».",
        f"invalid scorecard kind {text!r}",
    )


FREQUENCIES = {"ar": "år", "arlig": "år", "tertial": "tertial", "kvartal": "kvartal",
               "maned": "måned", "manedlig": "måned"}


def parse_frequency(text: str) -> str:
    f = fold(text)
    if f in FREQUENCIES:
        return FREQUENCIES[f]
    raise ValueProblem(
        f"«{text}» er ikke en gyldig frekvens. Skriv år, tertial, kvartal eller måned.",
        f"invalid frequency {text!r}",
    )


COLUMNS = [
    Column("scorecard_id", "målekart_id"),
    Column("scorecard", "målekart", required=True, value_required=True,
           aliases=("styringskort",)),
    Column("kind", "type", required=True, value_required=True, parse=parse_kind),
    Column("focus_area_id", "fokusområde_id"),
    Column("focus_area", "fokusområde", required=True, value_required=True,
           aliases=("perspektiv", "innsatsområde")),
    Column("goal", "mål"),
    Column("success_factor_id", "suksessfaktor_id"),
    Column("success_factor", "suksessfaktor", required=True, value_required=True,
           aliases=("kritisk_suksessfaktor", "suksesskriterie")),
    Column("indicator_id", "indikator_id", required=True, value_required=True),
    Column("indicator", "indikator", required=True, value_required=True,
           aliases=("måleindikator", "styringsindikator")),
    Column("unit_of_measure", "måleenhet"),
    Column("direction", "retning", required=True, value_required=True, parse=parse_direction),
    Column("method", "målemetode"),
    Column("source", "kilde"),
    Column("frequency", "frekvens", parse=parse_frequency),
    Column("scale_min", "skala_min", parse=parse_number),
    Column("scale_max", "skala_maks", parse=parse_number, aliases=("skala_max",)),
    Column("decimals", "desimaler", parse=parse_int),
]

SCORECARD_COLUMNS = ["scorecard_id", "name", "kind", "sort_order"]
FOCUS_COLUMNS = ["focus_area_id", "scorecard_id", "name", "goal", "sort_order"]
FACTOR_COLUMNS = ["success_factor_id", "focus_area_id", "name", "sort_order"]
INDICATOR_COLUMNS = ["indicator_id", "success_factor_id", "name", "unit_of_measure",
                     "direction", "method", "source", "frequency", "scale_min", "scale_max",
                     "decimals", "sort_order"]


def _fill_ids(row: Row) -> None:
    v = row.values
    if v["scorecard"] and not v["scorecard_id"]:
        v["scorecard_id"] = slug(v["scorecard"])
    if v["focus_area"] and not v["focus_area_id"] and v["scorecard_id"]:
        v["focus_area_id"] = f"{v['scorecard_id']}.{slug(v['focus_area'])}"
    if v["success_factor"] and not v["success_factor_id"] and v["focus_area_id"]:
        v["success_factor_id"] = f"{v['focus_area_id']}.{slug(v['success_factor'])}"


def _consistent(rows: list[Row], checker: Checker, id_key: str, fields: list[str],
                what: str) -> dict[str, Row]:
    """The first row for each id; later rows must agree on ``fields`` (or leave them blank)."""
    first: dict[str, Row] = {}
    for row in rows:
        ident = row[id_key]
        if not ident:
            continue
        if ident not in first:
            first[ident] = row
            continue
        for f in fields:
            a, b = first[ident][f], row[f]
            if a is not None and b is not None and a != b:
                checker.problem(
                    row.number, f,
                    f"{what} «{ident}» har en annen verdi her («{b}») enn på rad "
                    f"{first[ident].number} («{a}»). Bruk samme verdi på alle radene.",
                    f"{id_key} {ident!r} disagrees with row {first[ident].number} on {f}",
                )
            elif a is None and b is not None:
                first[ident].values[f] = b
    return first


def validate(checker: Checker, known: Known) -> dict[str, pd.DataFrame]:
    rows = list(checker.rows()) if checker.header_ok else []
    for row in rows:
        _fill_ids(row)
    duplicates(rows, lambda r: (r["indicator_id"],), checker, "indikatoren", "indicator_id")
    cards = _consistent(rows, checker, "scorecard_id", ["scorecard", "kind"], "Målekartet")
    areas = _consistent(rows, checker, "focus_area_id", ["scorecard_id", "focus_area", "goal"],
                        "Fokusområdet")
    factors = _consistent(rows, checker, "success_factor_id",
                          ["focus_area_id", "success_factor"], "Suksessfaktoren")
    for r in rows:
        lo, hi = r["scale_min"], r["scale_max"]
        if lo is not None and hi is not None and lo >= hi:
            checker.problem(r.number, "scale_max",
                            "«skala_maks» må være større enn «skala_min». Rett skalaen, for "
                            "eksempel 1 og 6 for en brukerundersøkelse.",
                            "scale_max must exceed scale_min")
        if r["indicator_id"] and r["direction"]:
            known.indicators[r["indicator_id"]] = IndicatorInfo(
                r["indicator"] or r["indicator_id"], r["direction"], lo, hi)

    def order(d: dict[str, Row]) -> dict[str, int]:
        return {k: i + 1 for i, k in enumerate(d)}

    oc, oa, of = order(cards), order(areas), order(factors)
    frames = {
        "scorecard": pd.DataFrame(
            [[k, r["scorecard"], r["kind"], oc[k]] for k, r in cards.items()],
            columns=SCORECARD_COLUMNS),
        "focus_area": pd.DataFrame(
            [[k, r["scorecard_id"], r["focus_area"], r["goal"], oa[k]] for k, r in areas.items()],
            columns=FOCUS_COLUMNS),
        "success_factor": pd.DataFrame(
            [[k, r["focus_area_id"], r["success_factor"], of[k]] for k, r in factors.items()],
            columns=FACTOR_COLUMNS),
        "indicator": pd.DataFrame(
            [[r["indicator_id"], r["success_factor_id"], r["indicator"], r["unit_of_measure"],
              r["direction"], r["method"], r["source"], r["frequency"], r["scale_min"],
              r["scale_max"], r["decimals"], i + 1] for i, r in enumerate(rows)],
            columns=INDICATOR_COLUMNS),
    }
    return frames
