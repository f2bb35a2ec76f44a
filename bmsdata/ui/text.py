"""Every Norwegian word the dashboards show, in one place (so nynorsk can follow).

Status words and symbols are not here: they come from
:data:`bmsdata.scorecard.status.STATUS_LOOK`, the one place status is decided and named.
"""

from __future__ import annotations

# The chart legend is defined with the figure (reports draw the same figure); named here too so
# this module still lists every word a page shows.
from bmsdata.views.chart import CHART_GOAL, CHART_LIMIT, CHART_RESULT  # noqa: F401

APP = "Balansert målstyring"
FICTIONAL = "Fiktive tall – demokommune"

# Page titles (also the navigation).
OVERSIKT = "Oversikt"
FOKUSOMRADE = "Fokusområde"
ENHET = "Enhet"
ARSHJUL = "Årshjul"
RESULTATSLOYFE = "Resultatsløyfe"
NAV_LABEL = "Dashboardene"

# Controls.
PERIOD = "Periode"
FOCUS_AREA = "Fokusområde"
UNIT = "Enhet"
INDICATOR = "Indikator"
REFERENCE = "Sammenlign med"
NO_REFERENCE = "Ingen sammenligning"
AUDIENCE = "Vis for"
PRESENTATION = "Presentasjonsmodus"
PRESENTATION_TIP = "Stor skrift for prosjektor (lenken får ?visning=presentasjon)"
LINK_HERE = "Lenke til denne visningen"
LINK_HERE_TIP = "Kopier lenken for å sende akkurat denne visningen på e-post"

AUDIENCES = {
    "kommunestyre": "Kommunestyret",
    "formannskap": "Formannskapet",
}
VIEWS = {"standard": "Vanlig visning", "presentasjon": "Presentasjon (stor skrift)"}

# Oversikt.
OVERSIKT_H1 = "Målekartet"
STATUS_PER = "Status per {period}"
OVERALL = "Samlet bilde"
INDICATORS_N = "{n} indikatorer"
COUNTS_LABEL = "Antall indikatorer per status"
GOAL = "Mål"
UNITS_H2 = "Enhetene"
UNITS_LEAD = ("Enhetenes egne resultater på indikatorene de måles på. Velg en enhet for å se "
              "den balanserte visningen.")
UNITS_NONE_UNDER = ("Ingen av enhetene rett under {unit} har egne resultater. Velg en enhet "
                    "for å se resultatene dens.")
NO_INDICATORS = "Ingen indikatorer i dette fokusområdet ennå."

# Fokusområde.
SUCCESS_FACTORS = "Kritiske suksessfaktorer"
INDICATORS = "Indikatorene"
COL_INDICATOR = "Indikator"
COL_FACTOR = "Suksessfaktor"
COL_AMBITION = "Ambisjonsnivå"
COL_RESULT = "Resultat"
COL_PERIOD = "Periode"
COL_STATUS = "Status"
COL_TREND = "Utvikling"
COL_UNIT = "Enhet"
COL_N = "Antall svar"
COL_DECISION = "Vedtatt i"
COL_TYPE = "Type"
CLOSED_SUFFIX = " (nedlagt)"
INDICATOR_WHAT = "indikatoren"
AND = " og "
TREND_H2 = "Utviklingen over tid"
UNITS_BREAKDOWN_H2 = "Hvilke enheter er røde?"
ONLY_MUNICIPALITY = ("{indicator} måles bare for kommunen som helhet, ikke per enhet.")
UNITS_SUMMARY = "{indicator}: {n} enheter måles."
UNITS_FIRST_N = "Tabellen viser de {n} første av {total} enhetene, de dårligste først."
UNITS_NOT_MET_ONLY = ("Viser enhetene som ikke når målet. Formannskapet ser alle enhetene "
                      "({link}).")
ALL_UNITS_MET = "Alle enhetene når målet."
SHOW_ALL_UNITS = "vis alle"
CHART_DATA = "Vis tallene i diagrammet"
CHART_FALLBACK = "Diagrammet vises i dashboardet. Tallene står i tabellen under."
CHART_NO_DATA = "Ingen resultater å vise for {indicator} ennå."
CHART_DESCRIPTION = ("Linjediagram: {indicator} for {unit}, {first} til {last}. "
                     "Siste resultat {value} ({status}).")

# Enhet.
UNIT_LEAD = "{unit_type} · {status_per}"
BALANCED_H2 = "Balansert resultat"
BALANCED_LEAD = ("Brukerresultater, medarbeiderresultater, økonomi, sykefravær og svarprosent "
                 "side om side: bare indikatorene som måles for enheten.")
UNIT_CLOSED = "{unit} ble lagt ned {date}."
UNIT_MERGED = "{unit} ble lagt ned {date} og slått sammen med {successor}."
UNIT_CLOSED_RESULTS = "Resultatene under er enhetens siste, fra før endringen."
UNIT_NEW = "{unit} ble opprettet {date}"
UNIT_NEW_FROM = ", ved sammenslåing av {predecessors}"
UNIT_NOTHING = "Ingen resultater er registrert for {unit} ennå."
RESPONDENTS = "{n} svar"

# Årshjul.
ARSHJUL_H1 = "Årshjulet"
ARSHJUL_LEAD = ("Når resultatene kommer, og hvilke fokusområder de gir nye tall til. Hver "
                "leveranse starter en resultatsløyfe (RS).")
TODAY = "I dag, {date}"
NOW_RUNNING = "{name} pågår: {arrives} ({when})."
NONE_RUNNING = "Ingen resultatsløyfe pågår nå. Forrige: {latest}. Neste: {upcoming} ({when})."
CURRENT_BADGE = "● Nå"
NEXT_BADGE = "Neste"
FEEDS = "Gir nye resultater til"
FEEDS_NOTHING = "Ingen indikatorer i målekartet hentes fra denne leveransen."
OUTSIDE_CYCLE_H2 = "Utenfor årshjulet"
OUTSIDE_CYCLE_LEAD = ("Disse indikatorene kommer fra andre kilder (KOSTRA, SSB, fagsystemer "
                      "og innbyggerundersøkelsen) og følger ikke en fast resultatsløyfe.")
CYCLE_SOURCE = "Årshjulet er hentet fra {path}."

# Messages (parameters, errors).
PARAM_WHAT = {
    "fokus": "fokusområdet",
    "enhet": "enheten",
    "periode": "perioden",
    "organ": "organet",
    "visning": "visningen",
    "referanse": "sammenligningen",
    "dato": "datoen",
}
BAD_DATE = "«{value}» er ikke en dato (skriv ÅÅÅÅ-MM-DD). Viser dagens dato i stedet."
ERROR = ("Noe gikk galt da siden skulle lages. Last siden på nytt. Hjelper ikke det, kontakt "
         "den som drifter dashboardene og oppgi tidspunktet ({time}).")
STORE_ERROR = "Dashboardene finner ikke dataene: {message}"
