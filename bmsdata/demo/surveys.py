"""Surveys and KOSTRA for the demo municipality «Eksempel kommune» (fictional, deterministic).

Writes the source files a municipality would get, then loads them through the ordinary
importers into the demo store (``bmsdata.demo.build.build_demo`` calls :func:`add_to_demo`):

* user surveys (bedrekommune style, 1–6, «vet ikke» = 9): barnehage, skole and pleie og
  omsorg as respondent-level long CSV; kultur as aggregated counts; helsestasjon with only
  **3 respondents** every year, so it must be hidden everywhere;
* an employee survey (10-FAKTOR style, 1–5) as a wide CSV, one row per employee;
* a citizen survey with Fet's groups (Grønn kommune, Levende samfunn, Lokaldemokrati, Barn og
  unge, Kultur) and a multi-response question, as a wide CSV;
* **Eksempel sykehjem** (HO-SYK) whose users disagree more every year: the spread flag fires;
* KOSTRA tables as SSB's API returns them (JSON-stat 2.0, with status symbols), mapped to the
  political målekart; the kommune's own figures equal those in ``resultater.csv``.

Dimensions feed the administrative målekart (brukertilfredshet, brukermedvirkning,
informasjon, ledelse, trivsel, organisering, læring) and the political one (bosted,
informasjon).
"""

from __future__ import annotations

import csv
import json
import os
import random
from collections import Counter
from pathlib import Path

import pandas as pd

from bmsdata.demo.municipality import (
    FIRST_YEAR,
    KOSTRA_GROUP,
    LAST_YEAR,
    PROFILE,
    ROOT,
    UNITS,
    unit_active,
)
from bmsdata.importers.kostra import import_kostra
from bmsdata.importers.surveys import import_surveys
from bmsdata.importers.values import parse_number

SEED = 5005
KOMMUNE_NR = "9999"  # not a real kommune number: the demo is fictional
YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))
SMALL_UNIT = "HO-HEL"  # 3 respondents in its surveys: hidden everywhere
# The guide's example unit always has enough answers, so secondary suppression (which hides the
# next smallest unit to protect HO-HEL) never takes the demo's showcase unit.
FEATURED_UNIT, FEATURED_N = "BHG-GAR", 52
SPREAD_UNIT = "HO-SYK"  # the spread of its users' answers grows year by year
SPREAD_SD = [0.8, 0.8, 0.85, 0.9, 1.8]
DONT_KNOW = "9"

USER_SURVEYS = {
    # survey id: (name, unit types, service noun, respondents per unit (lo, hi), format)
    "BU-BHG": ("Brukerundersøkelse i barnehagene", {"barnehage"}, "barnehagen", (22, 45),
               "long"),
    "BU-SKO": ("Foreldreundersøkelse i grunnskolen", {"skole"}, "skolen", (35, 80), "long"),
    "BU-PLO": ("Brukerundersøkelse i pleie og omsorg", {"sykehjem", "hjemmetjeneste"},
               "tjenesten", (25, 55), "long"),
    "BU-HEL": ("Brukerundersøkelse på helsestasjonen", {"helse"}, "helsestasjonen", (3, 3),
               "long"),
    "BU-KUL": ("Brukerundersøkelse i kulturtjenestene", {"kultur"}, "tilbudet", (20, 48),
               "aggregated"),
}
# dimension id, name, indicator, [(question id, text with {s} for the service)]
USER_DIMENSIONS = [
    ("HELHET", "Helhetsvurdering", "ADM-BRUKERTILFREDSHET", [
        ("HELHET1", "Alt i alt, hvor fornøyd er du med {s}?"),
        ("HELHET2", "Hvor fornøyd er du med kvaliteten på {s}?")]),
    ("MEDVIRKNING", "Brukermedvirkning", "ADM-BRUKERMEDVIRKNING", [
        ("MEDV1", "Får du være med og bestemme i saker som angår deg?"),
        ("MEDV2", "Blir dine synspunkter tatt hensyn til av {s}?")]),
    ("INFORMASJON", "Informasjon", "ADM-INFORMASJON", [
        ("INFO1", "Får du god nok informasjon om hva {s} kan tilby?"),
        ("INFO2", "Er informasjonen du får lett å forstå?")]),
    ("RESPEKT", "Respektfull behandling", None, [
        ("RESPEKT1", "Blir du møtt med respekt?")]),
]
FACTORS = [  # 10-FAKTOR style factors; four feed the administrative målekart
    ("INDRE", "Indre motivasjon", None), ("MESTRINGSTRO", "Mestringstro", None),
    ("AUTONOMI", "Autonomi", None), ("KOMPETANSEBRUK", "Bruk av kompetanse", None),
    ("LEDELSE", "Mestringsorientert ledelse", "ADM-LEDELSE"),
    ("ROLLE", "Rolleklarhet", "ADM-ORGANISERING"),
    ("UTVIKLING", "Relevant kompetanseutvikling", "ADM-LAERING"),
    ("FLEKS", "Fleksibilitetsvilje", None), ("KLIMA", "Mestringsklima", "ADM-TRIVSEL"),
    ("PROSOSIAL", "Prososial motivasjon", None),
]
CITIZEN_GROUPS = [  # Fet's groups (DOMAIN.md), plus the overall question about the kommune
    ("GRONN", "Grønn kommune", None, 4.4, [
        "Muligheter for natur- og friluftsliv", "Grøntområder i sentrum", "Forurensning",
        "Bebyggelse og byggeskikk", "Utbyggingsområder"]),
    ("LEVENDE", "Levende samfunn", None, 3.9, [
        "Trafikksikkerhet", "Trygg skolevei", "Veiene i kommunen", "Livet i sentrum",
        "Nærmiljøet der du bor"]),
    ("LOKALDEMOKRATI", "Lokaldemokrati", "POL-INFORMERT", 3.7, [
        "Muligheten til å holde seg informert", "Muligheten til å delta",
        "Dialogen med de folkevalgte", "Partienes synlighet"]),
    ("BARN", "Barn og unge", None, 4.3, [
        "Fritidstilbudet for barn og unge", "Oppvekstvilkårene", "Barnevennlighet"]),
    ("KULTUR", "Kultur", None, 4.2, [
        "Kulturtilbudet", "Lag og foreninger", "Kommunens samarbeid med lag og foreninger"]),
    ("BOSTED", "Kommunen som bosted", "POL-BOSTED", 4.7, [
        "Alt i alt, hvor fornøyd er du med kommunen som et sted å bo?"]),
]
CULTURE_USE = [("KINO", "Kino", 0.55), ("BIBL", "Biblioteket", 0.5), ("KONS", "Konserter", 0.35),
               ("IDR", "Idrettsarrangementer", 0.4), ("KSK", "Kulturskolens forestillinger",
                                                      0.2), ("INGEN", "Ingen av disse", 0.0)]
# KOSTRA tables (fictional table contents in SSB's shape): table, label, content code, name,
# indicator (None: left unmapped, to show the report note), extra dimension
KOSTRA_TABLES = [
    ("12134", "Grunnskole – nøkkeltall (K) (fiktive tall)",
     [("KOSgrunnskolepoe0000", "Gjennomsnittlige grunnskolepoeng", "POL-GRUNNSKOLEPOENG"),
      ("KOSelevermanuell0000", "Andel elever med spesialundervisning", None)], None),
    ("13502", "Barnehager – nøkkeltall (K) (fiktive tall)",
     [("KOSandelbhglaerer0000", "Andel ansatte med barnehagelærerutdanning",
       "POL-BARNEHAGELAERERE")], None),
    ("12063", "Kultur – nøkkeltall (K) (fiktive tall)",
     [("KOSandelkulturskol0000", "Andel barn i kommunens musikk- og kulturskole",
       "POL-KULTURSKOLE")], ("KOKalder0000", [("006-015", "6–15 år"), ("000-005", "0–5 år")])),
    ("12362", "Finansielle nøkkeltall (K) (fiktive tall)",
     [("KOSnettodriftsres0000", "Netto driftsresultat i prosent av brutto driftsinntekter",
       "POL-NETTO-DRIFTSRESULTAT")], None),
    ("12294", "Vannforsyning – nøkkeltall (K) (fiktive tall)",
     [("KOSlekkasjeandel0000", "Andel lekkasje fra vannledningsnettet", "POL-VANNLEKKASJE")],
     None),
]
KOSTRA_REGIONS = [(KOMMUNE_NR, "Eksempel kommune"), ("EAK", "Landet"),
                  ("EAKUO", "Landet uten Oslo"), (KOSTRA_GROUP, "KOSTRA-gruppe 7"),
                  ("9991", "Nabodal kommune"), ("9992", "Fjordvik kommune")]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


def _answer(rng: random.Random, latent: float, lo: int, hi: int) -> int:
    return int(min(hi, max(lo, round(latent + rng.gauss(0, 0.45)))))


# ---------------------------------------------------------------------------------------------
def _definition_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []

    def add(survey: str, name: str, kind: str, dim: str, dim_name: str, indicator: str | None,
            qid: str, text: str, **extra: object) -> None:
        rows.append({"undersøkelse_id": survey, "undersøkelse": name, "type": kind,
                     "dimensjon_id": dim, "dimensjon": dim_name, "spørsmål_id": qid,
                     "spørsmål": text, "skala": extra.get("skala", ""),
                     "vet_ikke": extra.get("vet_ikke", ""), "flervalg": extra.get("flervalg",
                                                                                   "nei"),
                     "svaralternativer": extra.get("svaralternativer", ""),
                     "indikator_id": indicator or ""})

    for sid, (name, _types, noun, _n, _fmt) in USER_SURVEYS.items():
        for dim, dim_name, indicator, questions in USER_DIMENSIONS:
            for qid, text in questions:
                add(sid, name, "bruker", dim, dim_name, indicator, qid, text.format(s=noun),
                    skala="1–6", vet_ikke="" if dim == "HELHET" else DONT_KNOW)
    for i, (dim, dim_name, indicator) in enumerate(FACTORS, start=1):
        for j in (1, 2):
            add("MU-10F", "Medarbeiderundersøkelsen (10-FAKTOR)", "medarbeider", dim, dim_name,
                indicator, f"F{i:02d}_{j}", f"{dim_name}: påstand {j}", skala="1–5")
    for dim, dim_name, indicator, _mu, texts in CITIZEN_GROUPS:
        for j, text in enumerate(texts, start=1):
            add("INN", "Innbyggerundersøkelsen", "innbygger", dim, dim_name, indicator,
                f"{dim}{j}", text, skala="1–6", vet_ikke=DONT_KNOW)
    add("INN", "Innbyggerundersøkelsen", "innbygger", "KULTUR", "Kultur", None, "KULTURBRUK",
        "Hvilke kulturtilbud har du brukt det siste året?", flervalg="ja",
        svaralternativer="|".join(f"{c}={label}" for c, label, _p in CULTURE_USE))
    return rows


def _units_of(types: set[str], year: int) -> list[tuple[str, str]]:
    return [(uid, profile) for uid, _n, utype, profile in UNITS
            if utype in types and unit_active(uid, year)]


def _user_answers(rng: random.Random, sid: str) -> list[list[str]]:
    """Long rows (survey, period, unit, respondent, question, answer) for one user survey."""
    _name, types, _noun, (lo, hi), _fmt = USER_SURVEYS[sid]
    rows: list[list[str]] = []
    unit_level = {uid: rng.gauss(0, 0.15) for uid, *_ in UNITS}
    for i, year in enumerate(YEARS):
        for uid, profile in _units_of(types, year):
            offset, slope = PROFILE[profile]
            mu = 4.55 + 0.55 * offset + 0.6 * slope * i + unit_level[uid]
            sd = SPREAD_SD[i] if uid == SPREAD_UNIT else 0.8
            n = 30 if uid == SPREAD_UNIT else rng.randint(lo, hi)
            if uid == FEATURED_UNIT:
                n = FEATURED_N
            for r in range(1, n + 1):
                latent = rng.gauss(mu, sd)
                rid = f"{sid}-{year}-{uid}-{r:03d}"
                for dim, _dn, _ind, questions in USER_DIMENSIONS:
                    for qid, _text in questions:
                        if dim != "HELHET" and rng.random() < 0.05:
                            answer = DONT_KNOW
                        else:
                            answer = str(_answer(rng, latent - (0.25 if dim == "INFORMASJON"
                                                                else 0.0), 1, 6))
                        rows.append([sid, str(year), uid, rid, qid, answer])
    return rows


def _aggregate(rows: list[list[str]]) -> list[list[str]]:
    """Counts per unit, question and answer, with n: what an external provider delivers."""
    counts = Counter((s, p, u, q, a) for s, p, u, _r, q, a in rows)
    totals = Counter((s, p, u, q) for s, p, u, _r, q, _a in rows)
    return [[s, p, u, q, a, str(c), str(totals[(s, p, u, q)])]
            for (s, p, u, q, a), c in sorted(counts.items())]


def _employee_rows(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    questions = [f"F{i:02d}_{j}" for i in range(1, len(FACTORS) + 1) for j in (1, 2)]
    rows: list[list[str]] = []
    staff = {uid: (3 if uid == SMALL_UNIT else rng.randint(6, 12) if uid.startswith("AD-")
                   else rng.randint(9, 32)) for uid, *_ in UNITS}
    factor_level = [rng.gauss(0, 0.12) for _ in FACTORS]
    for i, year in enumerate(YEARS):
        for uid, _name, _t, profile in UNITS:
            if not unit_active(uid, year):
                continue
            offset, slope = PROFILE[profile]
            mu = 4.15 + 0.3 * offset + 0.35 * slope * i
            for r in range(1, staff[uid] + 1):
                latent = rng.gauss(mu, 0.45)
                cells = []
                for q in questions:
                    f = int(q[1:3]) - 1
                    cells.append("" if rng.random() < 0.02 else
                                 str(_answer(rng, latent + factor_level[f], 1, 5)))
                rows.append(["MU-10F", str(year), uid, f"MU-{year}-{uid}-{r:03d}", *cells])
    return ["undersøkelse_id", "periode", "enhet_id", "respondent_id", *questions], rows


def _citizen_rows(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    scale_q = [(f"{dim}{j}", mu, dim) for dim, _n, _i, mu, texts in CITIZEN_GROUPS
               for j in range(1, len(texts) + 1)]
    header = ["undersøkelse_id", "periode", "enhet_id", "respondent_id",
              *[q for q, _mu, _d in scale_q], "KULTURBRUK"]
    rows: list[list[str]] = []
    for i, year in enumerate(YEARS):
        for r in range(1, 221):
            person = rng.gauss(0, 0.6)
            cells = []
            for _q, mu, dim in scale_q:
                trend = 0.06 * i if dim == "LOKALDEMOKRATI" else 0.0
                unsure = 0.14 if dim in {"LOKALDEMOKRATI", "BARN", "KULTUR"} else 0.04
                if rng.random() < unsure:
                    cells.append(DONT_KNOW)
                else:
                    cells.append(str(_answer(rng, mu + trend + person + rng.gauss(0, 0.5),
                                             1, 6)))
            used = [c for c, _l, p in CULTURE_USE if rng.random() < p]
            cells.append("|".join(used or ["INGEN"]))
            rows.append(["INN", str(year), ROOT, f"INN-{year}-{r:04d}", *cells])
    return header, rows


def write_survey_sources(directory: str | os.PathLike[str], seed: int = SEED
                         ) -> dict[str, list[Path]]:
    """Write the demo's survey files. Returns the batch for :func:`import_surveys`."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    definition = d / "undersokelser.xlsx"
    with pd.ExcelWriter(definition, engine="openpyxl") as xl:
        pd.DataFrame(_definition_rows()).to_excel(xl, sheet_name="undersøkelser", index=False)
    header = ["undersøkelse_id", "periode", "enhet_id", "respondent_id", "spørsmål_id", "svar"]
    long_rows: list[list[str]] = []
    aggregated: list[list[str]] = []
    for sid, (*_rest, fmt) in USER_SURVEYS.items():
        rows = _user_answers(rng, sid)
        if fmt == "aggregated":
            aggregated += _aggregate(rows)
        else:
            long_rows += rows
    users = d / "svar_brukerundersokelser.csv"
    _write_csv(users, header, long_rows)
    culture = d / "svarfordeling_kultur.csv"
    _write_csv(culture, ["undersøkelse_id", "periode", "enhet_id", "spørsmål_id", "svar",
                         "antall", "n"], aggregated)
    employees = d / "svar_medarbeiderundersokelsen.csv"
    _write_csv(employees, *_employee_rows(rng))
    citizens = d / "svar_innbyggerundersokelsen.csv"
    _write_csv(citizens, *_citizen_rows(rng))
    return {"survey_definitions": [definition],
            "survey_responses": [users, employees, citizens],
            "survey_aggregates": [culture]}


# ---------------------------------------------------------------------------------------------
def _read_series(path: Path, key_cols: tuple[int, int], value_col: int) -> dict[tuple, float]:
    out: dict[tuple, float] = {}
    if not path.is_file():
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader, None)
        for row in reader:
            if row[value_col]:
                out[(row[0], row[key_cols[0]], row[key_cols[1]])] = parse_number(row[value_col])
    return out


def _dataset(table: str, label: str, contents: list[tuple[str, str, str | None]],
             extra: tuple[str, list[tuple[str, str]]] | None, values: list[float | None],
             status: dict[str, str]) -> dict:
    dims = {"KOKkommuneregion0000": ("region", KOSTRA_REGIONS)}
    if extra:
        dims[extra[0]] = ("alder", extra[1])
    dims["ContentsCode"] = ("statistikkvariabel", [(c, name) for c, name, _i in contents])
    dims["Tid"] = ("år", [(str(y), str(y)) for y in YEARS])
    return {
        "version": "2.0", "class": "dataset", "label": f"{table}: {label}",
        "source": "Statistisk sentralbyrå", "updated": f"{LAST_YEAR + 1}-03-14T07:00:00Z",
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["KOKkommuneregion0000"]},
        "id": list(dims), "size": [len(cats) for _l, cats in dims.values()],
        "dimension": {
            d: {"label": lab, "category": {"index": {c: i for i, (c, _n) in enumerate(cats)},
                                           "label": dict(cats)}}
            for d, (lab, cats) in dims.items()},
        "extension": {"px": {"infofile": "None", "tableid": table, "decimals": 1,
                             "official-statistics": True, "aggregallowed": False,
                             "language": "no", "matrix": f"KOSTRA{table}"}},
        "value": values, "status": status,
    }


def write_kostra_sources(directory: str | os.PathLike[str], demo_dir: str | os.PathLike[str],
                         seed: int = SEED) -> dict[str, list[Path]]:
    """JSON-stat files shaped like SSB's answers, and the mapping file.

    The kommune's own figures and the reference series that ``referanser.csv`` already has are
    taken from the demo's sources, so KOSTRA and the rest of the demo tell the same story.
    """
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)
    own = _read_series(Path(demo_dir) / "resultater.csv", (1, 2), 3)
    refs = _read_series(Path(demo_dir) / "referanser.csv", (1, 3), 4)
    mapping_rows, files = [], []
    for table, label, contents, extra in KOSTRA_TABLES:
        values: list[float | None] = []
        status: dict[str, str] = {}
        extra_cats = extra[1] if extra else [("", "")]
        for region, _name in KOSTRA_REGIONS:
            for k, _cat in enumerate(extra_cats):
                for _code, _cname, indicator in contents:
                    for year in YEARS:
                        base = own.get((indicator, ROOT, str(year)), 20.0 + 5 * rng.random())
                        if region == KOMMUNE_NR:
                            x = base
                        elif (indicator, region, str(year)) in refs:
                            x = refs[(indicator, region, str(year))]
                        else:
                            x = round(base * (1 + rng.gauss(0, 0.06)), 1)
                        if k > 0:
                            x = round(x * 0.3, 1)
                        if region == "9992" and year == FIRST_YEAR:
                            status[str(len(values))] = ".."
                            values.append(None)
                        elif region == "9991" and table == "12063" and year == LAST_YEAR:
                            status[str(len(values))] = ":"
                            values.append(None)
                        else:
                            values.append(x)
        path = d / f"{table}.json"
        path.write_text(json.dumps(_dataset(table, label, contents, extra, values, status),
                                   ensure_ascii=False), encoding="utf-8")
        files.append(path)
        for code, _cname, indicator in contents:
            if indicator:
                filt = f"{extra[0]}={extra[1][0][0]}" if extra else ""
                mapping_rows.append([table, code, indicator, filt, "ja"])
    mapping = d / "kostra_kobling.csv"
    _write_csv(mapping, ["tabell", "statistikkvariabel", "indikator_id", "filter",
                         "egen_måling"], mapping_rows)
    return {"kostra_mapping": [mapping], "kostra": files}


def add_to_demo(sources: str | os.PathLike[str], store_file: str | os.PathLike[str],
                progress: bool = False) -> None:
    """Write the survey and KOSTRA sources beside the demo's other files and import them."""
    src = Path(sources)
    import_surveys(write_survey_sources(src / "undersokelser"), store_file, progress=progress)
    import_kostra(write_kostra_sources(src / "kostra", src), store_file, kommune_nr=KOMMUNE_NR,
                  progress=progress)
