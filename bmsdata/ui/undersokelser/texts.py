"""Every Norwegian word the survey page shows, in one place (beside :mod:`bmsdata.ui.text`)."""

from __future__ import annotations

PAGE = "Undersøkelser"
H1_NONE = "Undersøkelser"
KINDS = {
    "bruker": "Brukerundersøkelse (skala 1–6, 6 er best)",
    "medarbeider": "Medarbeiderundersøkelse (skala 1–5, 5 er best)",
    "innbygger": "Innbyggerundersøkelse",
}

# Controls.
SURVEY = "Undersøkelse"
DIMENSION = "Dimensjon"
GROUP = "Gruppe"
QUESTION = "Spørsmål"
ALL_QUESTIONS = "Alle spørsmålene"
UNIT = "Enhet"
PERIOD = "Periode"
WHOLE = "{unit} (hele kommunen)"

PARAM_WHAT = {
    "undersokelse": "undersøkelsen",
    "dimensjon": "dimensjonen",
    "sporsmal": "spørsmålet",
    "enhet": "enheten",
    "periode": "perioden",
}

# Sections.
OVERVIEW_H2 = "Alle dimensjonene"
OVERVIEW_H2_FET = "Fets grupper"
OVERVIEW_LEAD = ("Snitt per dimensjon for {unit}, {period}. Velg en dimensjon for å se "
                 "svarfordelingen.")
OVERVIEW_LEAD_FET = ("Innbyggerundersøkelsen gruppert slik Fet kommune gjorde det: Grønn "
                     "kommune, Levende samfunn, Lokaldemokrati, Barn og unge og Kultur. Snitt "
                     "for {unit}, {period}.")
DIST_H2 = "Svarfordeling: {item}"
DIST_LEAD = ("{unit}, {period}. Lave svar ({low}) til venstre for null, høye ({high}) til "
             "høyre. Prosent av dem som svarte på skalaen; «vet ikke» og «ikke aktuelt» er "
             "talt for seg og holdt utenfor søylene og snittet.")
DIST_MIDDLE = " Midtverdien {mid} er delt likt på begge sider."
DIST_NONE = ("Svarfordelingen finnes ikke for denne undersøkelsen og perioden (bare snitt er "
             "importert).")
MULTI_H2 = "Flervalg: {question}"
MULTI_LEAD = ("{unit}, {period}. Flere svar var tillatt. «Andel av svarene» er andelen av "
              "alle avkrysninger ({answers}, summerer til 100 %); «andel av respondentene» er "
              "andelen av de {respondents} som svarte (summerer til mer enn 100 %).")
UNITS_H2 = "Enhetene sammenlignet"
UNITS_LEAD = ("Snitt per enhet, {period}, høyest først. Grupper med færre enn {min_n} svar "
              "vises ikke, for å verne dem som svarte.")
UNITS_NONE = "Ingen enheter å sammenligne for dette valget."
TREND_H2 = "Utviklingen over tid"
TREND_LEAD = ("Snitt og spredning (standardavvik) per periode for {unit}. Stiplet linje: "
              "spredningen, på aksen til høyre.")
SPREAD_H2 = "Spredningen i svarene"
SPREAD_NONE = "Spredningen har ikke økt merkbart for noen enhet i {period}."
SPREAD_GREW = ("{unit}: spredningen har økt fra {before} i {previous} til {now} i {period}. "
               "Svarene spriker mer enn før – noen er mer fornøyd, andre mindre – selv om "
               "snittet kan se stabilt ut.")
SPREAD_SEE = "Se svarfordelingen for {unit}"
SPREAD_RULE = ("Spredningen regnes som økt når standardavviket har steget med minst 25 % og med "
               "minst 6 % av skalaens bredde ({points} poeng på skalaen {scale}) siden forrige "
               "periode.")
SPREAD_FLAG = "▲ Spredningen har økt"
SPREAD_UNKNOWN = "Spredningen er ukjent (bare snitt er importert)."
FEW = ("Usikkert: {unit} har bare {n} svar i {period} (færre enn 30). Tolk tallene med "
       "forsiktighet.")
HIDDEN = "Skjult (færre enn {min_n} svar)"
HIDDEN_UNIT = ("{unit} har for få svar i {period} til at resultatet kan vises – {note}. "
               "Velg hele kommunen eller en annen enhet.")
ALL_HIDDEN = ("Ingen resultater kan vises for dette valget: gruppene har for få svar, og "
              "tallene holdes skjult for å verne dem som svarte.")
NO_DATA = "Ingen svar for {unit} i {period}."
NO_SURVEYS = ("Databasen har ingen undersøkelser ennå. Importer med «bms import "
              "undersokelser», eller bygg demoen på nytt.")

# Columns.
COL_DIMENSION = "Dimensjon"
COL_GROUP = "Gruppe"
COL_QUESTION = "Spørsmål"
COL_UNIT = "Enhet"
COL_MEAN = "Snitt"
CHART_FALLBACK = "Diagrammet vises i dashboardet. Tallene står i tabellen under."
COL_N = "Antall svar (n)"
COL_SD = "Spredning (sd)"
COL_HIGH = "Andel høye svar"
COL_LOW = "Andel lave svar"
COL_VET_IKKE = "Vet ikke (antall)"
COL_IKKE_AKTUELT = "Ikke aktuelt (antall)"
COL_NOTE = "Merknad"
COL_PERIOD = "Periode"
COL_OPTION = "Svaralternativ"
COL_COUNT = "Antall kryss"
COL_SHARE_ANSWERS = "Andel av svarene"
COL_SHARE_RESPONDENTS = "Andel av respondentene"
MUNICIPALITY_MARK = "hele kommunen"

# Charts.
CHART_DIST = "Svarfordeling – {unit}, {period}"
CHART_DIST_DESC = ("Liggende stablede søyler: svarfordelingen per spørsmål for {unit}, "
                   "{period}. Lave svar til venstre, høye til høyre. Tallene står i tabellen.")
CHART_UNITS = "Snitt per enhet – {period}"
CHART_UNITS_DESC = "Liggende søyler: snitt per enhet i {period}, høyest først."
CHART_TREND = "Snitt og spredning over tid – {unit}"
CHART_TREND_DESC = "Linjediagram: snitt og spredning per periode for {unit}."
CHART_MULTI = "Flervalg – {unit}, {period}"
CHART_MULTI_DESC = "Liggende søyler: andel av svarene og andel av respondentene per alternativ."
MEAN = "Snitt"
CHART_FALLBACK = "Diagrammet vises i dashboardet. Tallene står i tabellen under."
SD = "Spredning (sd)"
SHARE_AXIS = "Andel av dem som svarte på skalaen (%)"

LINK_FROM_INDICATOR = "Se svarfordelingen bak tallet"
