"""Write the import templates and the filled examples in ``data/templates/``. Outputs are committed.

For each import kind: a blank template as CSV (UTF-8 with BOM, semicolons: what Norwegian Excel
opens and saves without mangling æøå) and as XLSX (the data sheet is named after the kind, so
the importer finds it; a second sheet explains the columns), plus ``eksempel_<kind>.csv``, a few
rows for the fictional «Fjordvik kommune». The examples refer to each other and load together
in one batch into an empty store (``tests/importers/test_import_templates.py`` checks that).

Headers come from each kind's ``COLUMNS`` list, so a template can never disagree with the
importer.

    .venv/bin/python data/templates/make_templates.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bmsdata.importers import measurements, references, scorecard, targets, units
from bmsdata.importers.columns import Column

HERE = Path(__file__).resolve().parent

# file stem → (columns, sheet name the importer looks for, one-line purpose)
KINDS: dict[str, tuple[list[Column], str, str]] = {
    "enheter": (units.COLUMNS, "enheter",
                "Organisasjonen: kommunen øverst, resultatenhetene under."),
    "malekart": (scorecard.COLUMNS, "målekart",
                 "Målekartet: én rad per måleindikator, med målekart, fokusområde og "
                 "suksessfaktor skrevet ut på raden."),
    "ambisjonsniva": (targets.COLUMNS, "ambisjonsnivå",
                      "Ambisjonsnivå per indikator (og eventuelt per enhet), med vedtaket som "
                      "satte det."),
    "resultater": (measurements.COLUMNS, "resultater",
                   "Målinger: én verdi per indikator, enhet og periode."),
    "referanser": (references.COLUMNS, "referanser",
                   "Referanseserier: landet (EAK), KOSTRA-grupper (EKG07) eller "
                   "sammenlignbare kommuner."),
}

# Shown on the «veiledning» sheet: what each column means, in Norwegian.
MEANING: dict[str, str] = {
    "enhet_id": "Kort, fast id for enheten. Endres aldri, også om navnet endres.",
    "navn": "Navnet slik det skal vises.",
    "overordnet_id": "enhet_id til enheten over. Tom bare for kommunen selv.",
    "type": "Enhetstype: barnehage, skole, sykehjem, hjemmetjeneste …",
    "gyldig_fra": "Første dag: 2025-01-01 eller 01.01.2025.",
    "gyldig_til": "Siste dag; tom så lenge enheten finnes.",
    "etterfølger_id": "Ved sammenslåing: enheten som tar over.",
    "målekart_id": "Kort id for målekartet; lages av navnet når den står tom.",
    "målekart": "Navnet på målekartet.",
    "fokusområde_id": "Id for fokusområdet; lages av navnet når den står tom.",
    "fokusområde": "Fokusområde, perspektiv eller innsatsområde.",
    "mål": "Målet for fokusområdet.",
    "suksessfaktor_id": "Id for suksessfaktoren; lages av navnet når den står tom.",
    "suksessfaktor": "Kritisk suksessfaktor: det vi må lykkes med.",
    "indikator_id": "Kort, fast id for måleindikatoren. Brukes i alle de andre filene.",
    "indikator": "Måleindikatoren slik den skal vises.",
    "måleenhet": "For eksempel %, snitt 1–6, dager.",
    "retning": "«høyere er bedre» eller «lavere er bedre».",
    "målemetode": "Hvordan det måles: brukerundersøkelse, regnskap, KOSTRA …",
    "kilde": "Hvor tallene kommer fra.",
    "frekvens": "år, tertial, kvartal eller måned.",
    "skala_min": "Laveste mulige verdi (1 for en skala 1–6). Verdier utenfor avvises.",
    "skala_maks": "Høyeste mulige verdi (6 for en skala 1–6).",
    "desimaler": "Antall desimaler som vises.",
    "målverdi": "Målet. For relative mål: avstand fra referansen (-1 = 1 lavere).",
    "grenseverdi": "Laveste akseptable verdi (gult ned til hit, rødt forbi).",
    "ambisjonsnivå": "I stedet for målverdi/grenseverdi: «5,0–4,0» eller én verdi «0».",
    "referanse": "For relative mål: EAK, EAKUO, EKG01–EKG17 eller et kommunenummer.",
    "vedtak": "Vedtaket som satte ambisjonsnivået, f.eks. «K-sak 80/2023 Budsjett 2024».",
    "periode": "2024 (år), 2024T1 (tertial), 2024K2 (kvartal) eller 2024M03 (måned).",
    "verdi": "Tallet, med desimalkomma: 4,5 eller 1 234,5.",
    "n": "Antall svar eller saker bak tallet, når det er kjent.",
    "region": "EAK (landet), EAKUO (landet uten Oslo), EKG07 (KOSTRA-gruppe) eller 0301.",
    "regionnavn": "Navnet som vises, f.eks. Landet.",
}

# Where a header means something else in one kind.
MEANING_IN: dict[tuple[str, str], str] = {
    ("malekart", "type"): "«politisk» eller «administrativ».",
    ("ambisjonsniva", "gyldig_fra"): "Første periode det gjelder: 2024, 2024T1, 2024K2, 2024M03.",
    ("ambisjonsniva", "gyldig_til"): "Siste periode; tom så lenge det gjelder.",
}
# Columns of which a row needs one or the other.
ONE_OF = {("ambisjonsniva", "målverdi"), ("ambisjonsniva", "ambisjonsnivå")}

# Columns whose values are codes, not numbers: formatted as text in the XLSX template so that
# Excel keeps «0301» and «2024T1» as written.
TEXT_COLUMNS = {"enhet_id", "overordnet_id", "etterfølger_id", "målekart_id", "fokusområde_id",
                "suksessfaktor_id", "indikator_id", "periode", "region", "gyldig_fra",
                "gyldig_til"}

GOAL = "En effektiv, kompetent, inkluderende og lærende organisasjon"
EXAMPLES: dict[str, list[list[str]]] = {
    "enheter": [
        ["FJORDVIK", "Fjordvik kommune", "", "kommune", "", "", ""],
        ["BHG-SOL", "Solsikken barnehage", "FJORDVIK", "barnehage", "", "", ""],
        ["SKO-ASE", "Åsen skole", "FJORDVIK", "skole", "", "", ""],
        ["HJT-NORD", "Hjemmetjenesten nord", "FJORDVIK", "hjemmetjeneste", "", "2024-12-31",
         "HJT"],
        ["HJT", "Hjemmetjenesten", "FJORDVIK", "hjemmetjeneste", "2025-01-01", "", ""],
        ["OKO", "Økonomiavdelingen", "FJORDVIK", "administrasjon", "", "", ""],
    ],
    "malekart": [
        ["adm", "Administrativt målekart", "administrativ", "", "Økonomi",
         "Økonomisk handlefrihet", "", "God økonomistyring", "BUDSJETTAVVIK",
         "Avvik i forhold til budsjett", "%", "lavere er bedre", "Regnskapsrapportering",
         "Økonomisystemet", "tertial", "", "", "1"],
        ["adm", "Administrativt målekart", "administrativ", "", "Tjenester/brukere",
         "Kvalitet i tjenester og fornøyde brukere", "", "God tjenestekvalitet",
         "BRUKERTILFREDSHET", "Brukertilfredshet", "snitt 1–6", "høyere er bedre",
         "Brukerundersøkelse", "Brukerundersøkelsen", "år", "1", "6", "1"],
        ["adm", "Administrativt målekart", "administrativ", "", "Organisasjon/medarbeidere",
         GOAL, "", "Godt arbeidsmiljø", "TRIVSEL", "Trivsel", "snitt 1–6", "høyere er bedre",
         "Medarbeiderundersøkelse", "Medarbeiderundersøkelsen", "år", "1", "6", "1"],
        ["adm", "Administrativt målekart", "administrativ", "", "Organisasjon/medarbeidere",
         GOAL, "", "Godt arbeidsmiljø", "SYKEFRAVAER", "Sykefravær", "%", "lavere er bedre",
         "Statistikk", "Personalsystemet", "tertial", "0", "100", "1"],
        ["pol", "Politisk målekart", "politisk", "", "Det gode bosted",
         "Fjordvik er et godt sted å bo", "", "Fornøyde innbyggere", "BOSTED",
         "Tilfredshet med kommunen som bosted", "snitt 1–6", "høyere er bedre",
         "Innbyggerundersøkelse", "Innbyggerundersøkelsen", "år", "1", "6", "1"],
    ],
    "ambisjonsniva": [
        ["BUDSJETTAVVIK", "", "", "", "0", "", "2024", "", "K-sak 80/2023 Budsjett 2024"],
        ["BRUKERTILFREDSHET", "", "", "", "5,0–4,0", "", "2024", "",
         "K-sak 80/2023 Budsjett 2024"],
        ["BRUKERTILFREDSHET", "HJT", "", "", "4,6–3,8", "", "2025", "",
         "HO-utvalget sak 4/2025 Ny organisering av hjemmetjenesten"],
        ["TRIVSEL", "", "", "", "5,0–4,5", "", "2024", "", "K-sak 80/2023 Budsjett 2024"],
        # «1 prosentpoeng lavere enn landsgjennomsnittet», and no worse than the average.
        ["SYKEFRAVAER", "", "-1", "0", "", "EAK", "2024", "", "K-sak 80/2023 Budsjett 2024"],
        ["BOSTED", "", "", "", "4,8–4,3", "", "2024", "", "K-sak 80/2023 Budsjett 2024"],
    ],
    "resultater": [
        ["BUDSJETTAVVIK", "FJORDVIK", "2025T1", "0,8", ""],
        ["BUDSJETTAVVIK", "FJORDVIK", "2025T2", "-0,4", ""],
        ["BUDSJETTAVVIK", "OKO", "2025T2", "1,2", ""],
        ["SYKEFRAVAER", "HJT-NORD", "2024T3", "10,4", ""],
        ["SYKEFRAVAER", "FJORDVIK", "2025T1", "7,9", ""],
        ["SYKEFRAVAER", "FJORDVIK", "2025T2", "6,1", ""],
        ["SYKEFRAVAER", "HJT", "2025T2", "9,8", ""],
        ["BRUKERTILFREDSHET", "FJORDVIK", "2024", "4,4", "398"],
        ["BRUKERTILFREDSHET", "FJORDVIK", "2025", "4,6", "412"],
        ["BRUKERTILFREDSHET", "HJT", "2025", "3,9", "57"],
        ["BRUKERTILFREDSHET", "SKO-ASE", "2025", "4,7", "88"],
        ["TRIVSEL", "FJORDVIK", "2025", "4,7", "280"],
        ["BOSTED", "FJORDVIK", "2025", "4,2", "1 050"],
    ],
    "referanser": [
        ["SYKEFRAVAER", "EAK", "Landet", "2025T1", "7,4"],
        ["SYKEFRAVAER", "EAK", "Landet", "2025T2", "6,6"],
        ["SYKEFRAVAER", "EKG07", "KOSTRA-gruppe 7", "2025T2", "6,9"],
    ],
}


def headers(columns: list[Column]) -> list[str]:
    return [c.header for c in columns]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """UTF-8 with BOM and semicolons, CRLF line ends: as Norwegian Excel saves «CSV UTF-8»."""
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, stem: str, columns: list[Column], sheet: str, purpose: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers(columns))
    ws.freeze_panes = "A2"
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, len(col.header) + 4)
        if col.header in TEXT_COLUMNS:
            ws.column_dimensions[letter].number_format = "@"

    guide = wb.create_sheet("veiledning")
    guide.append([purpose])
    guide.append(["Fyll inn arket «" + sheet + "» fra rad 2. Overskriftene må stå på rad 1. "
                  "Se docs/import-formats.md for alle regler."])
    guide.append([])
    guide.append(["Kolonne", "Påkrevd", "Betydning"])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for col in columns:
        if (stem, col.header) in ONE_OF:
            required = "én av målverdi og ambisjonsnivå"
        elif col.value_required:
            required = "ja"
        else:
            required = "kolonnen må finnes" if col.required else "nei"
        meaning = MEANING_IN.get((stem, col.header), MEANING.get(col.header, ""))
        guide.append([col.header, required, meaning])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 32
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows(min_row=5):
        row[2].alignment = Alignment(wrap_text=True)
    wb.save(path)


def main() -> None:
    for stem, (columns, sheet, purpose) in KINDS.items():
        header = headers(columns)
        write_csv(HERE / f"{stem}.csv", header, [])
        write_xlsx(HERE / f"{stem}.xlsx", stem, columns, sheet, purpose)
        rows = EXAMPLES[stem]
        assert all(len(r) == len(header) for r in rows), stem
        write_csv(HERE / f"eksempel_{stem}.csv", header, rows)


if __name__ == "__main__":
    main()
