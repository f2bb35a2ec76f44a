"""Every Norwegian word of the presentation builder and the slides, in one place.

Words that also appear in the exported deck (slide titles, «Rådmannens kommentar» …) come from
:mod:`bmsdata.reports.deck_text`, so the page and the files say the same thing.
"""

from __future__ import annotations

PAGE_TITLE = "Presentasjon"
PAGE_LEAD = ("Lag presentasjonen til møtet i resultatsløyfen: velg fokusområder, indikatorer og "
             "enheter, skriv rådmannens kommentar til hver indikator, se over og last ned. "
             "Rekkefølgen følger veilederen: først helheten, så detaljene.")
SLIDES_TITLE = "Lysbilder"

# Choosing a loop.
LOOP_LABEL = "Resultatsløyfe"
LOOP_CHOOSE = "Velg resultatsløyfe"
LOOP_OPEN = "Åpne"
NO_LOOPS = ("Det finnes ingen resultatsløyfer ennå. Åpne en løyfe på siden Resultatsløyfe "
            "først; presentasjonen hører til en løyfe.")
LOOP_UNKNOWN = "Fant ingen resultatsløyfe med id «{loop}». Velg en løyfe fra listen."
LOOP_LINK = "Til løyfen"

# Selection.
SECTION_SELECTION = "1. Hva skal vises?"
SELECTION_LEAD = ("Velg fokusområder (alle indikatorene deres tas med) og/eller enkeltindikatorer. "
                  "Enheter får hver sitt lysbilde med balansert resultat. Hold Ctrl for å velge "
                  "flere.")
FOCUS_AREAS = "Fokusområder"
INDICATORS = "Indikatorer (tom: alle i fokusområdene)"
UNITS = "Enheter (eget lysbilde per enhet)"
PERIOD = "Status per periode"
DECK_TITLE = "Tittel på presentasjonen (tom: løyfens tittel)"
SAVE_SELECTION = "Lagre utvalget"
SELECTION_SAVED = "Utvalget er lagret: {n} indikatorer, {u} enheter."
SELECTION_BY = "Utvalget ble sist lagret av {author}, {when}."
SELECTION_NONE = "Ingen utvalg er lagret ennå; presentasjonen viser løyfens fokusområder."

# Comments.
SECTION_COMMENTS = "2. Rådmannens kommentar per indikator"
COMMENTS_LEAD = ("Kommentaren vises på indikatorens lysbilde, med navnet ditt. En endret "
                 "kommentar lagres som en ny versjon; de gamle blir stående i journalen.")
COMMENT_LABEL = "Kommentar til «{indicator}»"
COMMENT_SAVE = "Lagre kommentaren"
COMMENT_SAVED = "Kommentaren til «{indicator}» er lagret."
COMMENT_REMOVED = "Kommentaren til «{indicator}» er fjernet (den gamle står i journalen)."
COMMENT_BY = "Sist skrevet av {author}, {when}."
COMMENT_NONE = "Ingen kommentar ennå."
COMMENT_HISTORY = "Tidligere versjoner ({n})"

# Preview and export.
SECTION_PREVIEW = "3. Forhåndsvisning"
PREVIEW_LEAD = "Lysbildene i rekkefølge, slik de blir i filene og i møtet."
SECTION_EXPORT = "4. Last ned og vis"
EXPORT_LEAD = ("Lysbildene i Voila er for møtet (piltastene blar). HTML-filen virker uten nett "
               "og uten server. PDF skrives ut med ett lysbilde per side; PPTX kan redigeres.")
OPEN_SLIDES = "▶ Åpne lysbildene for møtet"
EXPORT_HTML = "Lag HTML-fil"
EXPORT_PDF = "Lag PDF"
EXPORT_PPTX = "Lag PPTX"
EXPORTING = "Lager {fmt} …"
EXPORTED = "{fmt} er klar ({seconds} s). Last ned med lenken."
DOWNLOAD = "⤓ Last ned {fmt} ({size})"

# Author (same handling as the loop page).
AUTHOR_NEEDED = "Skriv inn navnet ditt øverst på siden før du lagrer."

# Slides (lysbilder.ipynb).
STEPPER_INDICATOR = "Indikator"
STEPPER_UNIT = "Enhet"
STEPPER_PREV = "◀ Forrige"
STEPPER_NEXT = "Neste ▶"
STEPPER_POS = "{n} av {total}"
STEPPER_HELP = ("Bla mellom indikatorene med knappene (piltastene blar mellom lysbildene).")
NO_UNITS = "Ingen enheter er valgt i presentasjonen."
SLIDES_NO_LOOP = ("Lysbildene trenger en resultatsløyfe: åpne siden med ?loyfe=<løyfe-id>, "
                  "eller gå via siden Presentasjon.")
UNEXPECTED = ("Noe gikk galt. Last siden på nytt. Hjelper ikke det, kontakt den som drifter "
              "dashboardene.")
