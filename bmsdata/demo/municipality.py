"""The demo municipality «Eksempel kommune»: fictional, deterministic, grounded in DOMAIN.md.

The generator writes the same CSV/XLSX source files a municipality keeps (units, the two
målekart, targets, results and reference series) into ``data/demo/``, and the demo store is
built from them by the ordinary importer. So the demo also proves the import path end to end.

The numbers are invented from a fixed seed: some units are red, some improve, a few values are
missing, and two home-care units merge in 2025 to show that history survives a reorganisation.
"""

from __future__ import annotations

import csv
import os
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SEED = 2026
FIRST_YEAR, LAST_YEAR = 2021, 2025
LAST_TERTIAL = (2026, 2)  # results up to 2. tertial 2026 have arrived
MUNICIPALITY = "Eksempel kommune"
ROOT = "K0000"
KOSTRA_GROUP = "EKG07"

# ---------------------------------------------------------------------------------------------
# Org units: a two-level model (tonivåmodell), every unit reports to the rådmann.
# (id, name, type, profile) — profile steers the invented results: good, improving, struggling.
UNITS: list[tuple[str, str, str, str]] = [
    ("BHG-GAR", "Garderåsen barnehage", "barnehage", "good"),
    ("BHG-SOL", "Solsikken barnehage", "barnehage", "average"),
    ("BHG-ASE", "Åsen barnehage", "barnehage", "improving"),
    ("BHG-FJE", "Fjellstua barnehage", "barnehage", "struggling"),
    ("SKO-SEN", "Sentrum skole", "skole", "average"),
    ("SKO-NOR", "Nordby skole", "skole", "good"),
    ("SKO-VES", "Vestli skole", "skole", "struggling"),
    ("SKO-UNG", "Eksempel ungdomsskole", "skole", "improving"),
    ("HO-SYK", "Eksempel sykehjem", "sykehjem", "average"),
    ("HO-SOL", "Solbakken bo- og behandlingssenter", "sykehjem", "struggling"),
    ("HO-HJN", "Hjemmetjenesten nord", "hjemmetjeneste", "average"),
    ("HO-HJS", "Hjemmetjenesten sør", "hjemmetjeneste", "struggling"),
    ("HO-HJE", "Hjemmetjenesten", "hjemmetjeneste", "improving"),
    ("HO-HEL", "Helsestasjon og skolehelsetjeneste", "helse", "good"),
    ("KU-KSK", "Kulturskolen", "kultur", "good"),
    ("KU-BIB", "Biblioteket", "kultur", "average"),
    ("KU-FRI", "Kultur og fritid", "kultur", "average"),
    ("TE-VAR", "Vann og avløp", "teknisk", "average"),
    ("TE-VEI", "Vei og park", "teknisk", "struggling"),
    ("TE-EIE", "Eiendom", "teknisk", "improving"),
    ("AD-STA", "Rådmannens stab", "administrasjon", "good"),
    ("AD-OKO", "Økonomiavdelingen", "administrasjon", "average"),
    ("AD-HR", "Personal og organisasjon", "administrasjon", "average"),
    ("AD-SER", "Servicetorget", "administrasjon", "improving"),
]
MERGED = {"HO-HJN": "HO-HJE", "HO-HJS": "HO-HJE"}  # closed 2024-12-31, merged into HO-HJE
MERGE_YEAR = 2025
USER_SURVEY_TYPES = {"barnehage", "skole", "sykehjem", "hjemmetjeneste", "helse", "kultur"}


def unit_active(unit_id: str, year: int) -> bool:
    if unit_id in MERGED:
        return year < MERGE_YEAR
    if unit_id in MERGED.values():
        return year >= MERGE_YEAR
    return True


# ---------------------------------------------------------------------------------------------
# The målekart. (id, name, measure unit, direction, method, source, frequency, lo, hi, decimals)
@dataclass(frozen=True)
class Ind:
    id: str
    name: str
    measure: str
    direction: str
    method: str
    source: str
    frequency: str
    scale: tuple[float | None, float | None]
    decimals: int
    level: str  # "unit" (per unit and total) or "kommune" (whole municipality only)
    base: float
    spread: float
    target: str  # ambisjonsnivå as written in the sheet, or "REL:region:goal:limit"


ADM = ("adm", "Administrativt målekart", "administrativ")
POL = ("pol", "Politisk målekart 2023–2027", "politisk")

S16 = (1.0, 6.0)
PCT = (0.0, 100.0)

# (scorecard, focus area, goal, success factor, indicator)
SCORECARD: list[tuple[tuple[str, str, str], str, str, str, Ind]] = [
    (ADM, "Økonomi", "Økonomisk handlefrihet", "God økonomistyring",
     Ind("ADM-BUDSJETTAVVIK", "Avvik i forhold til budsjett", "%", "lower", "Regnskapsrapportering",
         "Økonomisystemet", "tertial", (None, None), 1, "unit", 0.4, 1.6, "0")),
    (ADM, "Tjenester/brukere", "Kvalitet i tjenester og fornøyde brukere", "God tjenestekvalitet",
     Ind("ADM-BRUKERTILFREDSHET", "Brukertilfredshet", "snitt 1–6", "higher", "Brukerundersøkelse",
         "Brukerundersøkelsen", "år", S16, 1, "user", 4.6, 0.35, "5,0–4,0")),
    (ADM, "Tjenester/brukere", "Kvalitet i tjenester og fornøyde brukere", "God tjenestekvalitet",
     Ind("ADM-SVARPROSENT", "Svarprosent brukerundersøkelsen", "%", "higher",
         "Brukerundersøkelse", "Brukerundersøkelsen", "år", PCT, 0, "user", 62, 12, "70–50")),
    (ADM, "Tjenester/brukere", "Kvalitet i tjenester og fornøyde brukere", "Brukermedvirkning",
     Ind("ADM-BRUKERMEDVIRKNING", "Tilfredshet med brukermedvirkning", "snitt 1–6", "higher",
         "Brukerundersøkelse", "Brukerundersøkelsen", "år", S16, 1, "user", 4.4, 0.4, "5,0–4,0")),
    (ADM, "Tjenester/brukere", "Kvalitet i tjenester og fornøyde brukere",
     "Presis informasjon om hva brukerne kan forvente",
     Ind("ADM-INFORMASJON", "Målrettet og tilrettelagt informasjon", "snitt 1–6", "higher",
         "Brukerundersøkelse", "Brukerundersøkelsen", "år", S16, 1, "user", 4.3, 0.4, "5,0–4,0")),
    (ADM, "Organisasjon/medarbeidere",
     "En effektiv, kompetent, inkluderende og lærende organisasjon", "Tydelig ledelse",
     Ind("ADM-LEDELSE", "Faglig og mellommenneskelig ledelse", "snitt 1–6", "higher",
         "Medarbeiderundersøkelse", "Medarbeiderundersøkelsen", "år", S16, 1, "unit", 4.35, 0.35,
         "4,5–4,0")),
    (ADM, "Organisasjon/medarbeidere",
     "En effektiv, kompetent, inkluderende og lærende organisasjon", "Godt arbeidsmiljø",
     Ind("ADM-TRIVSEL", "Trivsel", "snitt 1–6", "higher", "Medarbeiderundersøkelse",
         "Medarbeiderundersøkelsen", "år", S16, 1, "unit", 4.7, 0.3, "5,0–4,5")),
    (ADM, "Organisasjon/medarbeidere",
     "En effektiv, kompetent, inkluderende og lærende organisasjon", "Godt arbeidsmiljø",
     Ind("ADM-ORGANISERING", "Organisering", "snitt 1–6", "higher", "Medarbeiderundersøkelse",
         "Medarbeiderundersøkelsen", "år", S16, 1, "unit", 4.1, 0.35, "4,5–3,5")),
    (ADM, "Organisasjon/medarbeidere",
     "En effektiv, kompetent, inkluderende og lærende organisasjon", "Godt arbeidsmiljø",
     Ind("ADM-SYKEFRAVAER", "Sykefravær", "%", "lower", "Statistikk", "Personalsystemet",
         "tertial", PCT, 1, "unit", 8.6, 1.6, "REL:EAK:-1:0")),
    (ADM, "Organisasjon/medarbeidere",
     "En effektiv, kompetent, inkluderende og lærende organisasjon",
     "Kultur for læring og fornyelse",
     Ind("ADM-LAERING", "Fokus på læring og utvikling", "snitt 1–6", "higher",
         "Medarbeiderundersøkelse", "Medarbeiderundersøkelsen", "år", S16, 1, "unit", 4.1, 0.4,
         "4,5–3,5")),
    # The political målekart follows the kommuneplan's innsatsområder (Drangedal, Fet).
    (POL, "Det gode bosted", "Eksempel kommune er et attraktivt sted å bo", "Vekst i folketallet",
     Ind("POL-BEFOLKNINGSVEKST", "Befolkningsvekst", "%", "higher", "Statistikk", "SSB", "år",
         (None, None), 2, "kommune", 0.7, 0.35, "1,0–0,5")),
    (POL, "Det gode bosted", "Eksempel kommune er et attraktivt sted å bo", "Fornøyde innbyggere",
     Ind("POL-BOSTED", "Tilfredshet med kommunen som bosted", "snitt 1–6", "higher",
         "Innbyggerundersøkelse", "Innbyggerundersøkelsen", "år", S16, 1, "kommune", 4.5, 0.2,
         "4,8–4,3")),
    (POL, "Kompetanse", "Barn og unge får et godt læringsmiljø", "Gode skoleresultater",
     Ind("POL-GRUNNSKOLEPOENG", "Grunnskolepoeng", "poeng", "higher", "KOSTRA", "SSB", "år",
         (0.0, 60.0), 1, "kommune", 41.2, 0.9, "REL:EKG07:0,5:-1")),
    (POL, "Kompetanse", "Barn og unge får et godt læringsmiljø", "Kvalifiserte ansatte",
     Ind("POL-BARNEHAGELAERERE", "Andel ansatte med barnehagelærerutdanning", "%", "higher",
         "KOSTRA", "SSB", "år", PCT, 1, "kommune", 48.0, 3.0, "50–42")),
    (POL, "Næringsutvikling", "Flere arbeidsplasser i kommunen", "Effektiv saksbehandling",
     Ind("POL-BYGGESAK", "Saksbehandlingstid byggesaker", "dager", "lower", "Fagsystem",
         "Plan og bygg", "år", (0.0, None), 0, "kommune", 30, 6, "21–35")),
    (POL, "Næringsutvikling", "Flere arbeidsplasser i kommunen", "Lav ledighet",
     Ind("POL-LEDIGHET", "Registrerte helt ledige", "%", "lower", "Statistikk", "NAV", "år",
         PCT, 1, "kommune", 2.1, 0.3, "REL:EAK:-0,2:0,3")),
    (POL, "Kultur og identitet", "Et levende kulturliv for alle", "Kultur for barn og unge",
     Ind("POL-KULTURSKOLE", "Andel barn 6–15 år i kulturskolen", "%", "higher", "KOSTRA", "SSB",
         "år", PCT, 1, "kommune", 17.5, 2.0, "20–15")),
    (POL, "Lokaldemokrati", "Innbyggerne er informert og tar del", "God informasjon",
     Ind("POL-INFORMERT", "Tilfredshet med informasjon fra kommunen", "snitt 1–6", "higher",
         "Innbyggerundersøkelse", "Innbyggerundersøkelsen", "år", S16, 1, "kommune", 4.1, 0.25,
         "4,5–4,0")),
    (POL, "Økonomi og handlefrihet", "Sunn økonomi som gir handlingsrom", "Handlingsrom",
     Ind("POL-NETTO-DRIFTSRESULTAT", "Netto driftsresultat i prosent av driftsinntektene", "%",
         "higher", "KOSTRA", "SSB", "år", (None, None), 1, "kommune", 1.4, 1.1, "1,75–0")),
    (POL, "Infrastruktur og arealutnytting", "Trygg og god infrastruktur", "Godt vannnett",
     Ind("POL-VANNLEKKASJE", "Andel lekkasje fra vannledningsnettet", "%", "lower", "KOSTRA",
         "SSB", "år", PCT, 1, "kommune", 36.5, 2.0, "25–35")),
]

REGIONS = {"EAK": "Landet", "EAKUO": "Landet uten Oslo", KOSTRA_GROUP: "KOSTRA-gruppe 7"}
# Reference levels for the indicators that have a national or KOSTRA-group series.
REFERENCE_BASE = {
    "ADM-SYKEFRAVAER": {"EAK": 9.4, "EAKUO": 9.5},
    "POL-GRUNNSKOLEPOENG": {"EAK": 41.6, "EAKUO": 41.3, KOSTRA_GROUP: 40.9},
    "POL-LEDIGHET": {"EAK": 2.0, "EAKUO": 2.0},
    "POL-NETTO-DRIFTSRESULTAT": {"EAK": 2.1, KOSTRA_GROUP: 1.6},
    "POL-BEFOLKNINGSVEKST": {"EAK": 0.8, KOSTRA_GROUP: 0.5},
    "POL-BARNEHAGELAERERE": {"EAK": 46.5, KOSTRA_GROUP: 44.0},
    "POL-KULTURSKOLE": {"EAK": 13.5, KOSTRA_GROUP: 15.0},
}

PROFILE = {"good": (0.55, 0.0), "average": (0.0, 0.0), "improving": (-0.7, 0.35),
           "struggling": (-0.9, -0.05)}


def _periods(frequency: str) -> list[str]:
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    if frequency == "år":
        return [str(y) for y in years]
    out = [f"{y}T{t}" for y in range(FIRST_YEAR, LAST_TERTIAL[0] + 1) for t in (1, 2, 3)]
    return [p for p in out if (int(p[:4]), int(p[-1])) <= LAST_TERTIAL]


def _clip(x: float, ind: Ind) -> float:
    lo, hi = ind.scale
    if lo is not None:
        x = max(lo, x)
    if hi is not None:
        x = min(hi, x)
    return round(x, ind.decimals)


def _good_sign(ind: Ind) -> float:
    return 1.0 if ind.direction == "higher" else -1.0


def _fmt(x: float | int | None, decimals: int = 1) -> str:
    """Norwegian decimal comma, as a municipality's Excel export writes it."""
    if x is None:
        return ""
    if isinstance(x, int) or decimals == 0:
        return str(int(round(x)))
    return f"{x:.{decimals}f}".replace(".", ",")


# ---------------------------------------------------------------------------------------------
def _unit_rows() -> list[list[str]]:
    rows = [[ROOT, MUNICIPALITY, "", "kommune", "", "", ""]]
    for uid, name, utype, _ in UNITS:
        valid_from = f"{MERGE_YEAR}-01-01" if uid in MERGED.values() else ""
        valid_to = f"{MERGE_YEAR - 1}-12-31" if uid in MERGED else ""
        rows.append([uid, name, ROOT, utype, valid_from, valid_to, MERGED.get(uid, "")])
    return rows


def _scorecard_frame() -> pd.DataFrame:
    rows = []
    for (card_id, card, kind), area, goal, factor, ind in SCORECARD:
        lo, hi = ind.scale
        rows.append({
            "målekart_id": card_id, "målekart": card, "type": kind, "fokusområde": area,
            "mål": goal, "suksessfaktor": factor, "indikator_id": ind.id, "indikator": ind.name,
            "måleenhet": ind.measure,
            "retning": "høyere er bedre" if ind.direction == "higher" else "lavere er bedre",
            "målemetode": ind.method, "kilde": ind.source, "frekvens": ind.frequency,
            "skala_min": lo, "skala_maks": hi, "desimaler": ind.decimals,
        })
    return pd.DataFrame(rows)


def _target_frame() -> pd.DataFrame:
    rows = []
    for *_, ind in SCORECARD:
        base = {"indikator_id": ind.id, "enhet_id": "", "gyldig_til": "",
                "vedtak": "K-sak 14/2021 Handlingsprogram 2021–2024", "gyldig_fra": "2021"}
        if ind.target.startswith("REL:"):
            _, region, goal, limit = ind.target.split(":")
            rows.append({**base, "ambisjonsnivå": "", "målverdi": goal, "grenseverdi": limit,
                         "referanse": region})
        else:
            rows.append({**base, "ambisjonsnivå": ind.target, "målverdi": "", "grenseverdi": "",
                         "referanse": ""})
    # The council raised the bar for user satisfaction in the 2024 budget…
    for row in rows:
        if row["indikator_id"] == "ADM-BRUKERTILFREDSHET":
            row["gyldig_til"] = "2023"
    rows.append({"indikator_id": "ADM-BRUKERTILFREDSHET", "enhet_id": "", "gyldig_fra": "2024",
                 "gyldig_til": "", "ambisjonsnivå": "5,0–4,2", "målverdi": "", "grenseverdi": "",
                 "referanse": "", "vedtak": "K-sak 87/2023 Budsjett 2024 og økonomiplan 2024–2027"})
    # …and set a unit-specific level for the nursing home being rebuilt ("spesifisert på
    # enhetene" in Fet's målekart).
    rows.append({"indikator_id": "ADM-BRUKERTILFREDSHET", "enhet_id": "HO-SOL",
                 "gyldig_fra": "2023", "gyldig_til": "", "ambisjonsnivå": "4,6–3,8",
                 "målverdi": "", "grenseverdi": "", "referanse": "",
                 "vedtak": "HO-utvalget sak 22/2022 Ombygging Solbakken"})
    return pd.DataFrame(rows)


def _series(rng: random.Random, ind: Ind, periods: list[str], level: float, slope: float,
            noise: float) -> list[float]:
    values = []
    for i, _p in enumerate(periods):
        x = level + slope * i + rng.gauss(0, noise)
        values.append(_clip(x, ind))
    return values


def _measurement_rows(rng: random.Random) -> list[list[str]]:
    rows: list[list[str]] = []
    for *_, ind in SCORECARD:
        periods = _periods(ind.frequency)
        steps_per_year = 1 if ind.frequency == "år" else 3
        sign = _good_sign(ind)
        if ind.level == "kommune":
            vals = _series(rng, ind, periods, ind.base, sign * ind.spread * 0.15 / steps_per_year,
                           ind.spread * 0.35)
            rows += [[ind.id, ROOT, p, _fmt(v, ind.decimals), ""] for p, v in zip(periods, vals,
                                                                                  strict=True)]
            continue
        per_period: dict[str, list[tuple[float, int]]] = {p: [] for p in periods}
        for uid, _name, utype, profile in UNITS:
            if ind.level == "user" and utype not in USER_SURVEY_TYPES:
                continue
            offset, slope = PROFILE[profile]
            level = ind.base + sign * ind.spread * (offset + rng.gauss(0, 0.4))
            if ind.id == "ADM-BUDSJETTAVVIK":
                level = ind.base + ind.spread * (-offset * 0.8 + rng.gauss(0, 0.3))
            vals = _series(rng, ind, periods, level,
                           sign * ind.spread * slope / steps_per_year, ind.spread * 0.25)
            for p, v in zip(periods, vals, strict=True):
                if not unit_active(uid, int(p[:4])):
                    continue
                if rng.random() < 0.02:  # a few results never arrive
                    continue
                n = rng.randint(4, 9) if uid == "HO-HEL" and ind.level == "user" else (
                    rng.randint(18, 140) if ind.method.endswith("undersøkelse") else None)
                if ind.id == "ADM-SVARPROSENT":
                    n = None
                rows.append([ind.id, uid, p, _fmt(v, ind.decimals),
                             "" if n is None else str(n)])
                per_period[p].append((v, n or 1))
        # The municipality's total: weighted by respondents where there are any.
        for p, pairs in per_period.items():
            if not pairs:
                continue
            total_n = sum(n for _, n in pairs)
            mean = sum(v * n for v, n in pairs) / total_n
            n_text = str(total_n) if ind.method.endswith("undersøkelse") and \
                ind.id != "ADM-SVARPROSENT" else ""
            rows.append([ind.id, ROOT, p, _fmt(_clip(mean, ind), ind.decimals), n_text])
    return rows


def _reference_rows(rng: random.Random) -> list[list[str]]:
    rows = []
    for *_, ind in SCORECARD:
        for region, base in REFERENCE_BASE.get(ind.id, {}).items():
            level = base
            for p in _periods(ind.frequency):
                level += rng.gauss(0, ind.spread * 0.08)
                rows.append([ind.id, region, REGIONS[region], p,
                             _fmt(_clip(level, ind), max(ind.decimals, 1))])
    return rows


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def write_sources(directory: str | os.PathLike[str], seed: int = SEED) -> dict[str, list[Path]]:
    """Write the demo's source files as a municipality keeps them. Returns the import batch."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    units = d / "enheter.csv"
    _write_csv(units, ["enhet_id", "navn", "overordnet_id", "type", "gyldig_fra", "gyldig_til",
                       "etterfølger_id"], _unit_rows())
    scorecard = d / "malekart.xlsx"
    with pd.ExcelWriter(scorecard, engine="openpyxl") as xl:
        _scorecard_frame().to_excel(xl, sheet_name="målekart", index=False)
    targets = d / "ambisjonsniva.xlsx"
    with pd.ExcelWriter(targets, engine="openpyxl") as xl:
        _target_frame().to_excel(xl, sheet_name="ambisjonsnivå", index=False)
    results = d / "resultater.csv"
    _write_csv(results, ["indikator_id", "enhet_id", "periode", "verdi", "n"],
               _measurement_rows(rng))
    references = d / "referanser.csv"
    _write_csv(references, ["indikator_id", "region", "regionnavn", "periode", "verdi"],
               _reference_rows(rng))
    return {"units": [units], "scorecard": [scorecard], "targets": [targets],
            "measurements": [results], "references": [references]}
