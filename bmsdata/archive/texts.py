"""Every Norwegian word ``bms snapshot`` shows, in one place (so nynorsk can follow).

The archive copy and the command's messages read these; the English log lines stay in the code.
"""

from __future__ import annotations

# -- the archive copy -----------------------------------------------------------------------
BADGE = "Arkivkopi – ikke interaktiv"
BADGE_LEAD = ("Denne filen er et øyeblikksbilde av dashboardet, laget uten nettleser. Valgene "
              "står som tekst; ingenting kan endres, og filen henter ingenting fra nettet.")
APP = "Balansert målstyring"
ABOUT = "Om arkivkopien"
DASHBOARD = "Dashboard"
MADE = "Laget"
MUNICIPALITY = "Kommune"
KOMMUNE_NR = "kommunenummer {nr}"
FICTIONAL = "Fiktive tall – demokommune"
DATABASE = "Database"
DATABASE_CHANGED = "{name}, sist endret {when}"
CHECKSUM = "SHA-256 av databasen"
LATEST_PERIOD = "Siste periode med resultater"
SOFTWARE = "Programvare"
PARAMETERS = "Parametere"
PARAM_NAME = "Navn"
PARAM_VALUE = "Verdi"
PARAM_NOTE = "Forklaring"
PARAM_GIVEN = "oppgitt"
PARAM_DEFAULT = "standard"
BLANK = "(tom)"
NO_PARAMETERS = "Dashboardet har ingen parametere."
FOOTER = "Laget med «bms snapshot»."
FOOTER_CHARTS = ("Diagrammene tegnes av plotly.js, som ligger inne i filen; tallene står også i "
                 "tabellene.")
CHART_DRAW_FAILED = "Diagrammet kunne ikke tegnes. Tallene står i tabellen."
TAB = "Fane {n}"
YES = "ja"
NO = "nei"
NOTHING_CHOSEN = "(ingen valgt)"
HIDDEN_VALUE = "(skjult)"
UNKNOWN_WIDGET = "Et element av typen «{kind}» kan ikke vises i arkivkopien."
MISSING_WIDGET = "Et element mangler i den lagrede tilstanden og kan ikke vises."
NOT_ARCHIVED_MEDIA = "Lyd og video tas ikke med i arkivkopien («{kind}»)."

# -- the command's progress ------------------------------------------------------------------
RUNNING = "Kjører {notebook}{params} …"
RENDERING = "Lager den statiske HTML-filen …"
SAVED = "Lagret arkivkopien i {path} ({size}, {seconds} s)."

# -- the command's errors ---------------------------------------------------------------------
NO_NOTEBOOK = ("Fant ikke dashboardet «{name}». Oppgi en .ipynb-fil, f.eks. "
               "dashboards/enhet.ipynb. Dashboardene i {folder}: {names}.")
NOT_A_NOTEBOOK = "«{name}» er ikke en gyldig notatbok (.ipynb): {reason}"
BAD_PARAM_SYNTAX = "«{text}» er ikke en parameter på formen NAVN=VERDI, f.eks. enhet=BHG-GAR."
DUPLICATE_PARAM = "Parameteren «{name}» er oppgitt mer enn én gang."
UNKNOWN_PARAM = "Dashboardet {notebook} har ingen parameter «{name}». Gyldige parametere: {valid}."
NO_PARAMETERS_CELL = ("Dashboardet {notebook} har ingen parametercelle (en celle merket "
                      "«parameters»), så det tar ingen parametere.")
BAD_PARAM_TYPE = "Parameteren «{name}» må være {kind}, ikke «{value}»."
KIND_INT = "et heltall"
KIND_FLOAT = "et tall"
KIND_BOOL = "ja eller nei"
OUT_IS_FOLDER = "--out må være en fil, men {path} er en mappe."
OUT_NOT_WRITABLE = "Kan ikke skrive {path}: {reason}"
NOTEBOOK_MESSAGE = "Dashboardet {notebook} meldte:"
VALID_CHOICES = "Gyldige verdier for «{name}»:"
MORE_CHOICES = "  … og {n} til"
NOTEBOOK_FAILED = "Dashboardet {notebook} feilet i celle {cell} ({error})."
NOT_SAVED = "Ingen arkivkopi er lagret. Rett verdien og kjør kommandoen på nytt."
NOTEBOOK_FAILED_HINT = "Kjør med --debug for å se detaljene."
KERNEL_FAILED = ("Kunne ikke starte Python-kjernen for dashboardet ({reason}). Sjekk at "
                 "ipykernel er installert i miljøet.")
NOTHING_SHOWN = "Dashboardet {notebook} viste ingenting; det er ingen arkivkopi å lagre."
