"""Files and a base store for survey and KOSTRA tests: four units under the root, a målekart.

Files are written the way a municipality writes them (semicolon CSV) and loaded through the
ordinary importers, so every test starts from a store built the real way.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from pathlib import Path

from bmsdata.importers import import_files

ROOT = "K"
UNITS = [("BHG-A", "Barnehage A"), ("BHG-B", "Barnehage B"), ("BHG-C", "Barnehage C"),
         ("SKO-A", "Skole A")]
DEFINITION_HEADER = ["undersøkelse_id", "undersøkelse", "type", "dimensjon_id", "dimensjon",
                     "spørsmål_id", "spørsmål", "skala", "vet_ikke", "flervalg",
                     "svaralternativer", "indikator_id"]
DEFINITION = [
    ["BU-T", "Testundersøkelse", "bruker", "HELHET", "Helhet", "Q1", "Fornøyd alt i alt?",
     "1–6", "9", "nei", "", "IND-TILFREDS"],
    ["BU-T", "", "", "HELHET", "Helhet", "Q2", "Fornøyd med kvaliteten?", "1–6", "9", "nei", "",
     ""],
    ["BU-T", "", "", "INFO", "Informasjon", "Q3", "God informasjon?", "1–6", "9", "nei", "",
     "IND-INFO"],
    ["BU-T", "", "", "INFO", "Informasjon", "Q4", "Hvilke kanaler bruker du?", "", "", "ja",
     "A=Nettsiden|B=Avisen|C=Facebook", ""],
]
LONG_HEADER = ["undersøkelse_id", "periode", "enhet_id", "respondent_id", "spørsmål_id", "svar"]


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(header)
        w.writerows([["" if c is None else c for c in r] for r in rows])
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_base_store(store: Path, src: Path) -> None:
    units = write_csv(src / "enheter.csv", ["enhet_id", "navn", "overordnet_id", "type"],
                      [[ROOT, "Testkommune", "", "kommune"],
                       *[[u, n, ROOT, n.split()[0].lower()] for u, n in UNITS]])
    head = ["målekart", "type", "fokusområde", "suksessfaktor", "indikator_id", "indikator",
            "retning", "frekvens", "skala_min", "skala_maks", "desimaler"]
    card = write_csv(src / "malekart.csv", head, [
        ["Adm", "administrativ", "Brukere", "Kvalitet", "IND-TILFREDS", "Brukertilfredshet",
         "høyere er bedre", "år", "1", "6", "1"],
        ["Adm", "administrativ", "Brukere", "Kvalitet", "IND-INFO", "Informasjon",
         "høyere er bedre", "år", "1", "6", "2"],
        ["Adm", "administrativ", "Brukere", "Kvalitet", "IND-SMAL", "Smal skala",
         "høyere er bedre", "år", "1", "5", "1"],
        ["Pol", "politisk", "Miljø", "Vann", "IND-LEKKASJE", "Lekkasje fra vannledningsnettet",
         "lavere er bedre", "år", "0", "100", "1"],
        ["Pol", "politisk", "Skole", "Læring", "IND-GRUNNSKOLE", "Grunnskolepoeng",
         "høyere er bedre", "år", "0", "60", "1"],
        ["Pol", "politisk", "Kultur", "Barn", "IND-KULTURSKOLE", "Andel i kulturskolen",
         "høyere er bedre", "år", "0", "100", "1"],
    ])
    targets = write_csv(src / "ambisjonsniva.csv",
                        ["indikator_id", "ambisjonsnivå", "målverdi", "grenseverdi", "referanse",
                         "gyldig_fra", "vedtak"],
                        [["IND-TILFREDS", "5,0–4,0", "", "", "", "2020", "K-sak 1/2020"],
                         ["IND-LEKKASJE", "", "-1", "0", "EAK", "2020",
                          "K-sak 2/2020: 1 prosentpoeng under landsgjennomsnittet"]])
    import_files({"units": [units], "scorecard": [card], "targets": [targets]}, store)
