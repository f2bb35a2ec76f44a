"""Every Norwegian word the meeting presentation (deck) shows, in one place (nynorsk can follow).

Status words and symbols are not here: they come from
:data:`bmsdata.scorecard.status.STATUS_LOOK`, the one place status is decided and named.
"""

from __future__ import annotations

APP = "Balansert målstyring"
FICTIONAL = "Fiktive tall – demokommune"

# Slide titles, in the guide's order: first the whole picture, then detail.
TITLE_DEFAULT = "Resultater {release} {year}"
SUBTITLE = "{loop} · status per {period}"
OVERVIEW = "Det samlede bildet"
OVERVIEW_LEAD = "Status for {n} indikatorer i {m} fokusområder, hele kommunen, per {period}."
FOCUS_AREA = "Fokusområde: {name}"
FOCUS_GOAL = "Mål: {goal}"
INDICATOR_TITLE = "{name}"
UNIT_TITLE = "Enhet: {name}"
UNIT_LEAD = "Balansert resultat: alle fokusområdene side om side, per {period}."
UNIT_NOTHING = "Ingen resultater er registrert for {unit} per {period}."
TILTAK = "Tiltak og oppfølging"
TILTAK_LEAD = ("Tiltak fra denne og tidligere resultatsløyfer som skal påvirke indikatorene i "
               "presentasjonen. Virket de?")
TILTAK_NONE = "Ingen vedtatte tiltak er knyttet til disse indikatorene ennå."
END = "Spørsmål og refleksjon"
END_PROMPTS = ("Hva sier resultatene oss?", "Hva trenger vi å vite mer om?",
               "Hvilket budskap leser vi ut av resultatene?")

# Labels.
COL_INDICATOR = "Indikator"
COL_STATUS = "Status"
COL_RESULT = "Resultat"
COL_AMBITION = "Ambisjonsnivå"
COL_PERIOD = "Periode"
COL_TREND = "Utvikling"
COL_TILTAK = "Tiltak"
COL_DEADLINE = "Frist"
COL_OWNER = "Ansvarlig"
COL_LOOP = "Resultatsløyfe"
RESULT = "Resultat"
AMBITION = "Ambisjonsnivå"
PERIOD = "Periode"
TREND = "Utvikling"
COMMENT_HEADING = "Rådmannens kommentar"
COMMENT_BY = "– {author}, {when}"
NO_COMMENT = "Ingen kommentar."
NO_TREND = "Ingen resultater å vise i et diagram ennå."
CHART_LABEL = "Utviklingen over tid"
CHART_DATA = "Tallene i diagrammet"
COUNTS_LABEL = "Antall indikatorer per status"
OVERDUE = "⚠ Forfalt"
SLIDE_OF = "Lysbilde {n} av {total}"
KEYS_HELP = "Piltaster, mellomrom eller Page Up/Down blar. Home/End: første/siste lysbilde."
PREV = "◀ Forrige"
NEXT = "Neste ▶"
GENERATED = "Laget {when}"
DECK_LABEL = "Presentasjon"

# Errors (Norwegian for people; the English goes to the log).
UNKNOWN_FORMAT = ("Filen må slutte på .html, .pdf eller .pptx (fikk «{suffix}»). Velg et av "
                  "formatene.")
NO_STORE = "Fant ikke databasen: {message}"
NO_PERIOD = "Databasen har ingen perioder med resultater ennå. Importer resultater først."
UNKNOWN_PERIOD = "Perioden «{period}» finnes ikke i databasen. Velg en periode fra listen."
NOTHING_SELECTED = ("Presentasjonen har ingen indikatorer. Velg minst ett fokusområde eller "
                    "én indikator.")
UNKNOWN_INDICATORS = "Disse indikatorene finnes ikke i målekartet: {ids}."
UNKNOWN_UNITS = "Disse enhetene finnes ikke: {ids}."
