"""Source files for the national-scale test data: 357 fictional municipalities.

:mod:`bmsdata.demo.national` builds a store from these files through the ordinary importers; this
module only writes them, as the municipalities and SSB/KS would have them:

* ``enheter.csv`` – the tree: the (fictional) country → 17 KOSTRA groups → the municipalities
  («Kommune 0001» …, kommune numbers 0001–0357, which no real municipality has) → 60 units each
  (barnehager, skoler, sykehjem, …). A municipality's unit id is its kommune number, so its
  KOSTRA figures (region ``0001``) and its own results (unit ``0001``) meet without a lookup;
  its parent is its KOSTRA group (unit ``EKG07``), which is how group membership is stored.
* ``malekart.xlsx`` – one målekart for all: the political one holds the ~400 KOSTRA-style key
  figures (10 sectors = fokusområder), the administrative one 7 unit indicators.
* ``ambisjonsniva.xlsx`` – targets: ranges, values and targets relative to the national average
  (EAK); for one indicator per sector each municipality gets its own target relative to its
  KOSTRA group.
* ``resultater/resultater_NNNN.csv`` – one file per municipality: its KOSTRA figures for the
  last five years (the same numbers as in the JSON-stat files), and its units' results per
  year and tertial; ``resultater_landet.csv`` the country as a whole.
* ``kostra/900NN.json`` – JSON-stat 2.0 tables shaped like SSB's answers: every municipality,
  the KOSTRA groups, EAK and EAKUO, 15 years, with status symbols for missing values;
  ``kostra/kostra_kobling.csv`` maps their content codes to the indicators.
* ``undersokelser/`` – a user survey (definition XLSX, long answer CSV) with 200 000 answers.

Everything comes from fixed seeds (``random`` and ``numpy.random.default_rng``), so two runs
write identical CSV and JSON files (XLSX files differ only in the zip's timestamps).
"""

from __future__ import annotations

import csv
import json
import math
import os
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

SEED = 357
LAST_YEAR = 2025
ROOT = "NASJONAL"
ROOT_NAME = "Fiktivt land (nasjonale testdata)"
CAPITAL = "0001"  # the biggest municipality: EAKUO («landet uten Oslo») leaves it out
GROUPS = [f"EKG{g:02d}" for g in range(1, 18)]
TABLE_SIZE = 20  # content codes per JSON-stat table
QUESTIONS = 8  # questions in the national user survey
DONT_KNOW = "9"


@dataclass(frozen=True)
class Scale:
    """How big the national data is. The defaults are issue #7's numbers."""

    municipalities: int = 357
    units: int = 60  # per municipality
    indicators: int = 400  # KOSTRA-style key figures
    years: int = 15  # of reference data, ending in LAST_YEAR
    survey_answers: int = 200_000

    KEYS = {"kommuner": "municipalities", "enheter": "units", "indikatorer": "indicators",
            "år": "years", "ar": "years", "svar": "survey_answers"}

    @classmethod
    def parse(cls, text: str | None) -> Scale:
        """``""``/``full`` → full size; ``liten`` → the test size; ``60`` → 60 municipalities;
        ``kommuner=8,enheter=6,indikatorer=20,år=4,svar=800`` → exactly that."""
        s = (text or "").strip().lower()
        if s in ("", "full", "national", "nasjonal"):
            return cls()
        if s in ("liten", "small", "test"):
            return SMALL
        if s.isdigit():
            return cls(municipalities=int(s))
        values: dict[str, int] = {}
        for part in s.split(","):
            key, _eq, value = part.partition("=")
            field = cls.KEYS.get(key.strip())
            if field is None or not value.strip().isdigit():
                raise ValueError(
                    f"«{part.strip()}» er ikke en gyldig skala. Skriv for eksempel "
                    "kommuner=8,enheter=6,indikatorer=20,år=4,svar=800, et antall kommuner, "
                    "eller «liten».")
            values[field] = int(value)
        return cls(**values)

    def __post_init__(self) -> None:
        if min(self.municipalities, self.units, self.indicators, self.years) < 1 or \
                self.municipalities > 9999 or self.survey_answers < 0:
            raise ValueError("Skalaen må ha minst én kommune, enhet, indikator og ett år "
                             "(og høyst 9999 kommuner).")

    @property
    def label(self) -> str:
        return (f"kommuner={self.municipalities},enheter={self.units},"
                f"indikatorer={self.indicators},år={self.years},svar={self.survey_answers}")

    @property
    def respondents(self) -> int:
        return self.survey_answers // QUESTIONS


SMALL = Scale(municipalities=8, units=6, indicators=20, years=4, survey_answers=800)


# ---------------------------------------------------------------------------------------------
# The catalogue: sectors (fokusområder), success factors and key figures.
SECTORS = [
    ("BHG", "Barnehage", "Alle barn får et godt barnehagetilbud"),
    ("GRS", "Grunnskole", "Elevene lærer og trives"),
    ("PLO", "Pleie og omsorg", "Trygge og verdige tjenester"),
    ("HEL", "Kommunehelse", "God folkehelse"),
    ("SOS", "Sosialtjeneste", "Flere i arbeid og aktivitet"),
    ("BVR", "Barnevern", "Barn og unge får hjelp i tide"),
    ("KUL", "Kultur og idrett", "Et levende kulturliv"),
    ("TEK", "Vann, avløp og renovasjon", "Trygg og bærekraftig infrastruktur"),
    ("PLB", "Plan, byggesak og miljø", "Effektiv og forutsigbar forvaltning"),
    ("OKO", "Økonomi", "Sunn økonomi som gir handlingsrom"),
]
FACTORS = ["Kvalitet", "Tilgjengelighet", "Ressursbruk", "Kompetanse"]
# (measure kind, unit of measure, name stem, scale, decimals, base range, relative spread)
MEASURES = [
    ("andel", "%", "Andel", (0.0, 100.0), 1, (15.0, 85.0), 0.12),
    ("kr", "kr", "Netto driftsutgifter per innbygger", (0.0, None), 0, (800.0, 30000.0), 0.18),
    ("rate", "per 1 000 innb.", "Antall per 1 000 innbyggere", (0.0, None), 1, (2.0, 60.0), 0.2),
    ("poeng", "poeng", "Gjennomsnittlig poeng", (0.0, 60.0), 1, (35.0, 45.0), 0.03),
    ("dager", "dager", "Gjennomsnittlig tid", (0.0, None), 0, (10.0, 90.0), 0.25),
]


@dataclass(frozen=True)
class KostraIndicator:
    id: str
    name: str
    sector: int
    factor: int
    measure: int
    direction: str
    base: float
    spread: float  # between municipalities
    trend: float  # per year
    table: str
    code: str

    @property
    def scale(self) -> tuple[float | None, float | None]:
        return MEASURES[self.measure][3]

    @property
    def decimals(self) -> int:
        return MEASURES[self.measure][4]


def catalogue(scale: Scale) -> list[KostraIndicator]:
    """The key figures, spread round-robin over the sectors: fixed for a given size."""
    rng = random.Random(SEED)
    out = []
    per_sector = [0] * len(SECTORS)
    for i in range(scale.indicators):
        s = i % len(SECTORS)
        k = per_sector[s]
        per_sector[s] += 1
        m = rng.randrange(len(MEASURES))
        kind, _unit, stem, _scale, _dec, (lo, hi), rel = MEASURES[m]
        base = rng.uniform(lo, hi)
        direction = "lower" if kind in ("kr", "dager") or rng.random() < 0.3 else "higher"
        sector_code, sector_name, _goal = SECTORS[s]
        table = f"{90001 + i // TABLE_SIZE:05d}"
        out.append(KostraIndicator(
            id=f"KOSTRA-{sector_code}-{k + 1:03d}",
            name=f"{stem} – {sector_name.lower()}, nøkkeltall {k + 1} (fiktivt)",
            sector=s, factor=k % len(FACTORS), measure=m, direction=direction, base=base,
            spread=base * rel, trend=base * rng.uniform(-0.01, 0.015), table=table,
            code=f"KOSfiktiv{i + 1:04d}"))
    return out


@dataclass(frozen=True)
class AdmIndicator:
    id: str
    name: str
    measure: str
    direction: str
    frequency: str
    scale: tuple[float | None, float | None]
    area: int
    base: float
    spread: float
    target: str
    users_only: bool = False
    survey: bool = False


ADM_AREAS = [
    ("Økonomi", "Økonomisk handlefrihet", "God økonomistyring"),
    ("Tjenester/brukere", "Kvalitet i tjenester og fornøyde brukere", "God tjenestekvalitet"),
    ("Organisasjon/medarbeidere", "En effektiv, kompetent og lærende organisasjon",
     "Godt arbeidsmiljø"),
]
S16 = (1.0, 6.0)
ADM = [
    AdmIndicator("ADM-BUDSJETTAVVIK", "Avvik i forhold til budsjett", "%", "lower", "tertial",
                 (-50.0, 50.0), 0, 0.6, 1.5, "1,0–2,5"),
    AdmIndicator("ADM-SYKEFRAVAER", "Sykefravær", "%", "lower", "tertial", (0.0, 100.0), 2,
                 8.4, 1.8, "7,0–9,0"),
    AdmIndicator("ADM-BRUKERTILFREDSHET", "Brukertilfredshet", "snitt 1–6", "higher", "år",
                 S16, 1, 4.6, 0.35, "5,0–4,0", users_only=True, survey=True),
    AdmIndicator("ADM-LEDELSE", "Mestringsorientert ledelse", "snitt 1–5", "higher", "år",
                 (1.0, 5.0), 2, 4.0, 0.3, "4,3–3,8", survey=True),
    AdmIndicator("ADM-TRIVSEL", "Trivsel", "snitt 1–5", "higher", "år", (1.0, 5.0), 2, 4.2,
                 0.25, "4,5–4,0", survey=True),
    AdmIndicator("ADM-ORGANISERING", "Rolleklarhet", "snitt 1–5", "higher", "år", (1.0, 5.0), 2,
                 4.1, 0.3, "4,3–3,7", survey=True),
    AdmIndicator("ADM-LAERING", "Relevant kompetanseutvikling", "snitt 1–5", "higher", "år",
                 (1.0, 5.0), 2, 3.8, 0.35, "4,2–3,5", survey=True),
]
# Unit kinds of a municipality, 60 in all; with fewer units the list is cut from the front
# of a round-robin, so even 6 units have a barnehage, a skole, a sykehjem, …
UNIT_KINDS = [("BHG", "Barnehage", "barnehage", 14), ("SKO", "Skole", "skole", 10),
              ("SYK", "Sykehjem", "sykehjem", 4), ("HJT", "Hjemmetjenesten", "hjemmetjeneste", 6),
              ("HEL", "Helsestasjon", "helse", 4), ("KUL", "Kultur", "kultur", 6),
              ("TEK", "Teknisk drift", "teknisk", 8), ("ADM", "Stab", "administrasjon", 8)]
USER_TYPES = {"barnehage", "skole", "sykehjem", "hjemmetjeneste", "helse", "kultur"}


def kommune_nr(i: int) -> str:
    """The i-th (0-based) fictional kommune number: 0001, 0002, … (no real kommune has 00xx)."""
    return f"{i + 1:04d}"


def unit_plan(units: int) -> list[tuple[str, str, str]]:
    """(code, name, type) of a municipality's units."""
    counters = {code: 0 for code, *_ in UNIT_KINDS}
    out: list[tuple[str, str, str]] = []
    while len(out) < units:
        added = False
        for code, name, utype, most in UNIT_KINDS:
            if counters[code] < most and len(out) < units:
                counters[code] += 1
                out.append((f"{code}{counters[code]:02d}", f"{name} {counters[code]}", utype))
                added = True
        if not added:  # more than 60 asked: number on past the plan
            code, name, utype, _ = UNIT_KINDS[len(out) % len(UNIT_KINDS)]
            counters[code] += 1
            out.append((f"{code}{counters[code]:02d}", f"{name} {counters[code]}", utype))
    return out


def group_of(scale: Scale) -> list[int]:
    """Each municipality's KOSTRA group (0-based), drawn with uneven group sizes."""
    rng = random.Random(SEED + 1)
    weights = [rng.uniform(0.5, 2.0) for _ in GROUPS]
    return [rng.choices(range(len(GROUPS)), weights)[0] for _ in range(scale.municipalities)]


def ref_years(scale: Scale) -> list[int]:
    return list(range(LAST_YEAR - scale.years + 1, LAST_YEAR + 1))


def result_years(scale: Scale) -> list[int]:
    """Years with the municipalities' own results: the last five (or fewer) reference years."""
    return ref_years(scale)[-5:]


# ---------------------------------------------------------------------------------------------
def _fmt(x: float, decimals: int) -> str:
    """Norwegian decimal comma, as an Excel export writes it."""
    if decimals == 0:
        return str(int(round(x)))
    return f"{x:.{decimals}f}".replace(".", ",")


def _clip(values: np.ndarray, lo: float | None, hi: float | None, decimals: int) -> np.ndarray:
    out = values
    if lo is not None:
        out = np.maximum(out, lo)
    if hi is not None:
        out = np.minimum(out, hi)
    return np.round(out, decimals)


def _write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> int:
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _write_xlsx(path: Path, sheet: str, frame: pd.DataFrame) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        frame.to_excel(xl, sheet_name=sheet, index=False)


@dataclass
class KostraCube:
    """Every region's value per indicator and year: rows = municipalities, then EKG01–17, EAK,
    EAKUO. NaN is a missing value (status «..» in the files)."""

    regions: list[tuple[str, str]]
    values: np.ndarray  # (regions, indicators, years)


def kostra_cube(scale: Scale, indicators: list[KostraIndicator], groups: list[int]
                ) -> KostraCube:
    """The municipalities' key figures and the group and national averages computed from them."""
    rng = np.random.default_rng(SEED)
    n_m, n_i, years = scale.municipalities, len(indicators), ref_years(scale)
    n_y = len(years)
    base = np.array([ind.base for ind in indicators])
    spread = np.array([ind.spread for ind in indicators])
    trend = np.array([ind.trend for ind in indicators])
    group_effect = rng.normal(0.0, 0.6, (len(GROUPS), n_i)) * spread
    own_effect = rng.normal(0.0, 0.8, (n_m, n_i)) * spread
    noise = rng.normal(0.0, 0.15, (n_m, n_i, n_y)) * spread[None, :, None]
    t = np.arange(n_y) - (n_y - 1)
    muni = (base[None, :, None] + group_effect[np.array(groups)][:, :, None]
            + own_effect[:, :, None] + trend[None, :, None] * t[None, None, :] + noise)
    for j, ind in enumerate(indicators):
        lo, hi = ind.scale
        muni[:, j, :] = _clip(muni[:, j, :], lo, hi, ind.decimals)
    missing = rng.random(muni.shape) < 0.005  # SSB's «..»: not reported
    muni[missing] = np.nan
    gmask = np.array(groups)
    rows = [muni]
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an empty group is NaN: fine
            for g in range(len(GROUPS)):
                rows.append(np.nanmean(muni[gmask == g], axis=0, keepdims=True)
                            if (gmask == g).any() else np.full((1, n_i, n_y), np.nan))
            rows.append(np.nanmean(muni, axis=0, keepdims=True))
            rest = muni[1:] if n_m > 1 else muni
            rows.append(np.nanmean(rest, axis=0, keepdims=True))
    cube = np.concatenate(rows)
    cube[n_m:] = np.round(cube[n_m:], 1)
    regions = ([(kommune_nr(m), f"Kommune {kommune_nr(m)} (fiktiv)") for m in range(n_m)]
               + [(g, f"KOSTRA-gruppe {int(g[3:])}") for g in GROUPS]
               + [("EAK", "Landet"), ("EAKUO", "Landet uten Oslo")])
    return KostraCube(regions, cube)


# ---------------------------------------------------------------------------------------------
def _unit_rows(scale: Scale, groups: list[int]) -> Iterator[list[str]]:
    yield [ROOT, ROOT_NAME, "", "land", "", "", ""]
    for g in GROUPS:
        yield [g, f"KOSTRA-gruppe {int(g[3:])}", ROOT, "kostragruppe", "", "", ""]
    plan = unit_plan(scale.units)
    for m in range(scale.municipalities):
        nr = kommune_nr(m)
        yield [nr, f"Kommune {nr}", GROUPS[groups[m]], "kommune", "", "", ""]
        for code, name, utype in plan:
            yield [f"{nr}-{code}", f"{name}, Kommune {nr}", nr, utype, "", "", ""]


def _scorecard_frame(indicators: list[KostraIndicator]) -> pd.DataFrame:
    rows = []
    for ind in indicators:
        code, sector, goal = SECTORS[ind.sector]
        lo, hi = ind.scale
        rows.append({
            "målekart_id": "pol", "målekart": "Politisk målekart – KOSTRA-nøkkeltall (fiktive)",
            "type": "politisk", "fokusområde_id": f"pol.{code.lower()}", "fokusområde": sector,
            "mål": goal, "suksessfaktor": f"{FACTORS[ind.factor]} – {sector.lower()}",
            "indikator_id": ind.id, "indikator": ind.name,
            "måleenhet": MEASURES[ind.measure][1],
            "retning": "høyere er bedre" if ind.direction == "higher" else "lavere er bedre",
            "målemetode": "KOSTRA", "kilde": "SSB (fiktive tall)", "frekvens": "år",
            "skala_min": lo, "skala_maks": hi, "desimaler": ind.decimals})
    for adm in ADM:
        area, goal, factor = ADM_AREAS[adm.area]
        lo, hi = adm.scale
        rows.append({
            "målekart_id": "adm", "målekart": "Administrativt målekart", "type": "administrativ",
            "fokusområde_id": f"adm.{adm.area}", "fokusområde": area, "mål": goal,
            "suksessfaktor": factor, "indikator_id": adm.id, "indikator": adm.name,
            "måleenhet": adm.measure,
            "retning": "høyere er bedre" if adm.direction == "higher" else "lavere er bedre",
            "målemetode": "Undersøkelse" if adm.survey else "Statistikk",
            "kilde": "Fagsystem (fiktive tall)", "frekvens": adm.frequency,
            "skala_min": lo, "skala_maks": hi, "desimaler": 1})
    return pd.DataFrame(rows)


def _offset(ind: KostraIndicator, k: float) -> float:
    """An offset of k × the indicator's spread in its good direction, rounded for a sheet."""
    sign = 1.0 if ind.direction == "higher" else -1.0
    return round(sign * k * ind.spread, ind.decimals)


def _target_frame(scale: Scale, indicators: list[KostraIndicator], groups: list[int]
                  ) -> pd.DataFrame:
    decision = "K-sak 12/2021 Kommuneplanens samfunnsdel (fiktiv)"
    first = result_years(scale)[0]
    rows = []

    def add(indicator: str, unit: str = "", ambition: str = "", goal: str = "",
            limit: str = "", ref: str = "", valid_from: str = str(first),
            valid_to: str = "", what: str = decision) -> None:
        rows.append({"indikator_id": indicator, "enhet_id": unit, "ambisjonsnivå": ambition,
                     "målverdi": goal, "grenseverdi": limit, "referanse": ref,
                     "gyldig_fra": valid_from, "gyldig_til": valid_to, "vedtak": what})

    seen_sector: set[int] = set()
    for j, ind in enumerate(indicators):
        d = ind.decimals
        if j % 3 == 0:  # relative to the national average: a little better than the country
            add(ind.id, goal=_fmt(_offset(ind, 0.1), d), limit=_fmt(_offset(ind, -0.3), d),
                ref="EAK")
        elif j % 3 == 1:  # a range around the level the council wants
            goal = ind.base + _offset(ind, 0.2)
            limit = ind.base + _offset(ind, -0.4)
            add(ind.id, goal=_fmt(goal, d), limit=_fmt(limit, d))
        else:  # one value, raised when the new council came in
            add(ind.id, goal=_fmt(ind.base + _offset(ind, 0.1), d),
                valid_to=str(LAST_YEAR - 2) if len(result_years(scale)) > 2 else "")
            if len(result_years(scale)) > 2:
                add(ind.id, goal=_fmt(ind.base + _offset(ind, 0.3), d),
                    valid_from=str(LAST_YEAR - 1),
                    what="K-sak 88/2023 Budsjett 2024 og økonomiplan 2024–2027 (fiktiv)")
        if ind.sector not in seen_sector:
            # Each municipality measures itself against its own KOSTRA group here.
            seen_sector.add(ind.sector)
            for m in range(scale.municipalities):
                add(ind.id, unit=kommune_nr(m), goal=_fmt(_offset(ind, 0.05), d),
                    limit=_fmt(_offset(ind, -0.25), d), ref=GROUPS[groups[m]],
                    what=f"Kommunestyret i Kommune {kommune_nr(m)}, sak 40/2021 (fiktiv)")
    for adm in ADM:
        add(adm.id, ambition=adm.target, what="Rådmannens virksomhetsplan (fiktiv)")
    return pd.DataFrame(rows)


def _periods(frequency: str, years: list[int]) -> list[str]:
    if frequency == "år":
        return [str(y) for y in years]
    return [f"{y}T{t}" for y in years for t in (1, 2, 3)]


def _measurement_rows(scale: Scale, m: int, indicators: list[KostraIndicator],
                      cube: KostraCube, plan: list[tuple[str, str, str]],
                      rng: np.random.Generator, ref_idx: list[int],
                      totals: dict[tuple[str, str], list[float]]) -> Iterator[list[str]]:
    """One municipality's results: its KOSTRA figures and its units' own results."""
    nr = kommune_nr(m)
    years = result_years(scale)
    for j, ind in enumerate(indicators):
        for y_pos, year in zip(ref_idx, years, strict=True):
            v = cube.values[m, j, y_pos]
            if not math.isnan(v):
                yield [ind.id, nr, str(year), _fmt(float(v), ind.decimals), ""]
    quality = rng.normal(0.0, 0.5)  # how well the municipality is run, shared by its units
    for adm in ADM:
        periods = _periods(adm.frequency, years)
        lo, hi = adm.scale
        sign = 1.0 if adm.direction == "higher" else -1.0
        units = [(f"{nr}-{code}", utype) for code, _n, utype in plan
                 if not adm.users_only or utype in USER_TYPES]
        if not units:
            continue
        level = adm.base + sign * adm.spread * (quality + rng.normal(0.0, 0.6, len(units)))
        slope = sign * adm.spread * rng.normal(0.05, 0.1, len(units)) / \
            (3 if adm.frequency == "tertial" else 1)
        steps = np.arange(len(periods))
        values = level[:, None] + slope[:, None] * steps[None, :] + \
            rng.normal(0.0, adm.spread * 0.3, (len(units), len(periods)))
        values = _clip(values, lo, hi, 1)
        present = rng.random(values.shape) >= 0.01  # a few results never arrive
        sizes = rng.integers(8, 80, values.shape) if adm.survey else None
        for p_pos, period in enumerate(periods):
            col, weights = [], []
            for u_pos, (unit, _t) in enumerate(units):
                if not present[u_pos, p_pos]:
                    continue
                v = float(values[u_pos, p_pos])
                n = int(sizes[u_pos, p_pos]) if sizes is not None else None
                yield [adm.id, unit, period, _fmt(v, 1), "" if n is None else str(n)]
                col.append(v)
                weights.append(n or 1)
            if col:
                mean = float(np.round(np.average(col, weights=weights), 1))
                n_total = sum(weights) if sizes is not None else None
                yield [adm.id, nr, period, _fmt(mean, 1),
                       "" if n_total is None else str(n_total)]
                totals.setdefault((adm.id, period), []).append(mean)


MEASUREMENT_HEADER = ["indikator_id", "enhet_id", "periode", "verdi", "n"]


def _country_rows(scale: Scale, indicators: list[KostraIndicator], cube: KostraCube,
                  ref_idx: list[int], totals: dict[tuple[str, str], list[float]]
                  ) -> Iterator[list[str]]:
    """The country as a whole: the national average (EAK) and the mean of the municipalities."""
    eak = scale.municipalities + len(GROUPS)
    for j, ind in enumerate(indicators):
        for y_pos, year in zip(ref_idx, result_years(scale), strict=True):
            v = cube.values[eak, j, y_pos]
            if not math.isnan(v):
                yield [ind.id, ROOT, str(year), _fmt(float(v), ind.decimals), ""]
    for (indicator, period), values in sorted(totals.items()):
        yield [indicator, ROOT, period, _fmt(float(np.round(np.mean(values), 1)), 1), ""]


# ---------------------------------------------------------------------------------------------
def _dataset(table: str, sector: str, contents: list[KostraIndicator], cube: KostraCube,
             columns: list[int], years: list[int], rng: random.Random) -> dict:
    """One JSON-stat 2.0 table, dimensions region × ContentsCode × Tid as SSB orders them."""
    block = cube.values[:, columns, :]  # (regions, contents, years): row-major = file order
    flat = block.reshape(-1)
    values: list[float | None] = []
    status: dict[str, str] = {}
    for pos, v in enumerate(flat.tolist()):
        if math.isnan(v):
            values.append(None)
            status[str(pos)] = ".." if rng.random() < 0.8 else ":"
        else:
            values.append(v)
    dims = {
        "KOKkommuneregion0000": ("region", cube.regions),
        "ContentsCode": ("statistikkvariabel", [(c.code, c.name) for c in contents]),
        "Tid": ("år", [(str(y), str(y)) for y in years]),
    }
    return {
        "version": "2.0", "class": "dataset",
        "label": f"{table}: {sector} – nøkkeltall (K) (fiktive tall)",
        "source": "Statistisk sentralbyrå (fiktive tall)",
        "updated": f"{LAST_YEAR + 1}-03-15T07:00:00Z",
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["KOKkommuneregion0000"]},
        "id": list(dims), "size": [len(cats) for _l, cats in dims.values()],
        "dimension": {
            d: {"label": lab, "category": {"index": {c: i for i, (c, _n) in enumerate(cats)},
                                           "label": dict(cats)}}
            for d, (lab, cats) in dims.items()},
        "extension": {"px": {"tableid": table, "decimals": 1, "official-statistics": False,
                             "language": "no", "matrix": f"KOSTRA{table}"}},
        "value": values, "status": status,
    }


def write_kostra(directory: Path, scale: Scale, indicators: list[KostraIndicator],
                 cube: KostraCube) -> dict[str, list[Path]]:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("9*.json"):
        old.unlink()  # tables of an earlier, bigger catalogue
    rng = random.Random(SEED + 2)
    by_table: dict[str, list[int]] = {}
    for j, ind in enumerate(indicators):
        by_table.setdefault(ind.table, []).append(j)
    files = []
    for table, columns in by_table.items():
        contents = [indicators[j] for j in columns]
        sector = SECTORS[contents[0].sector][1] if len({c.sector for c in contents}) == 1 \
            else "Utvalgte"
        path = directory / f"{table}.json"
        path.write_text(json.dumps(_dataset(table, sector, contents, cube, columns,
                                            ref_years(scale), rng), ensure_ascii=False),
                        encoding="utf-8")
        files.append(path)
    mapping = directory / "kostra_kobling.csv"
    _write_csv(mapping, ["tabell", "statistikkvariabel", "indikator_id", "filter", "egen_måling"],
               ([ind.table, ind.code, ind.id, "", "nei"] for ind in indicators))
    return {"kostra_mapping": [mapping], "kostra": files}


def _survey_definition() -> pd.DataFrame:
    dims = [("HELHET", "Helhetsvurdering", ["Alt i alt, hvor fornøyd er du med tjenesten?",
                                            "Hvor fornøyd er du med kvaliteten?",
                                            "Får du hjelp når du trenger det?",
                                            "Blir du møtt med respekt?"]),
            ("INFORMASJON", "Informasjon", ["Får du god nok informasjon?",
                                            "Er informasjonen lett å forstå?",
                                            "Vet du hvem du skal kontakte?",
                                            "Får du svar innen rimelig tid?"])]
    rows = []
    q = 0
    for dim, name, texts in dims:
        for text in texts:
            q += 1
            rows.append({"undersøkelse_id": "BU-NASJ",
                         "undersøkelse": "Brukerundersøkelse (nasjonal, fiktiv)",
                         "type": "bruker", "dimensjon_id": dim, "dimensjon": name,
                         "spørsmål_id": f"Q{q:02d}", "spørsmål": text, "skala": "1–6",
                         "vet_ikke": "" if dim == "HELHET" else DONT_KNOW, "flervalg": "nei",
                         "svaralternativer": "", "indikator_id": ""})
    assert len(rows) == QUESTIONS
    return pd.DataFrame(rows)


def _survey_rows(scale: Scale, plan: list[tuple[str, str, str]]) -> Iterator[list[str]]:
    """Respondents spread over the user units of every municipality, 5–25 per unit, until
    ``scale.respondents`` have answered all questions."""
    rng = random.Random(SEED + 3)
    user_units = [code for code, _n, utype in plan if utype in USER_TYPES] or \
        [code for code, _n, _t in plan]
    order = [f"{kommune_nr(m)}-{code}" for code in user_units
             for m in range(scale.municipalities)]
    left = scale.respondents
    k = 0
    year = str(LAST_YEAR)
    while left > 0:
        unit = order[k % len(order)]
        n = min(left, rng.randint(5, 25))
        mu = rng.gauss(4.6, 0.35)
        for r in range(n):
            rid = f"{unit}-{k // len(order)}-{r:03d}"
            latent = rng.gauss(mu, 0.8)
            for q in range(1, QUESTIONS + 1):
                if q > 4 and rng.random() < 0.05:
                    answer = DONT_KNOW
                else:
                    answer = str(int(min(6, max(1, round(latent + rng.gauss(0, 0.45))))))
                yield ["BU-NASJ", year, unit, rid, f"Q{q:02d}", answer]
        left -= n
        k += 1


def write_surveys(directory: Path, scale: Scale) -> dict[str, list[Path]]:
    directory.mkdir(parents=True, exist_ok=True)
    definition = directory / "undersokelser.xlsx"
    _write_xlsx(definition, "undersøkelser", _survey_definition())
    answers = directory / "svar_brukerundersokelse.csv"
    _write_csv(answers, ["undersøkelse_id", "periode", "enhet_id", "respondent_id",
                         "spørsmål_id", "svar"], _survey_rows(scale, unit_plan(scale.units)))
    return {"survey_definitions": [definition], "survey_responses": [answers]}


@dataclass
class Sources:
    """The import batches, in the order they are loaded."""

    core: dict[str, list[Path]]
    kostra: dict[str, list[Path]]
    surveys: dict[str, list[Path]]


def write_sources(directory: str | os.PathLike[str], scale: Scale = Scale(),
                  progress: bool = False) -> Sources:
    """Write every source file for ``scale`` into ``directory`` (cleared of old results)."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    results_dir = d / "resultater"
    results_dir.mkdir(exist_ok=True)
    for old in results_dir.glob("resultater_*.csv"):
        old.unlink()  # a smaller scale than last time must not leave extra municipalities
    indicators = catalogue(scale)
    groups = group_of(scale)
    cube = kostra_cube(scale, indicators, groups)
    units = d / "enheter.csv"
    _write_csv(units, ["enhet_id", "navn", "overordnet_id", "type", "gyldig_fra", "gyldig_til",
                       "etterfølger_id"], _unit_rows(scale, groups))
    scorecard = d / "malekart.xlsx"
    _write_xlsx(scorecard, "målekart", _scorecard_frame(indicators))
    targets = d / "ambisjonsniva.xlsx"
    _write_xlsx(targets, "ambisjonsnivå", _target_frame(scale, indicators, groups))
    plan = unit_plan(scale.units)
    years = ref_years(scale)
    ref_idx = [years.index(y) for y in result_years(scale)]
    totals: dict[tuple[str, str], list[float]] = {}
    results = []
    rng = np.random.default_rng(SEED + 4)
    for m in tqdm(range(scale.municipalities), desc="Skriver resultater", unit="kommune",
                  disable=not progress):
        path = results_dir / f"resultater_{kommune_nr(m)}.csv"
        _write_csv(path, MEASUREMENT_HEADER,
                   _measurement_rows(scale, m, indicators, cube, plan, rng, ref_idx, totals))
        results.append(path)
    country = results_dir / "resultater_landet.csv"
    _write_csv(country, MEASUREMENT_HEADER,
               _country_rows(scale, indicators, cube, ref_idx, totals))
    results.append(country)
    kostra = write_kostra(d / "kostra", scale, indicators, cube)
    surveys = write_surveys(d / "undersokelser", scale)
    return Sources({"units": [units], "scorecard": [scorecard], "targets": [targets],
                    "measurements": results}, kostra, surveys)
