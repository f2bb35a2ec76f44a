"""Every Norwegian (bokmål) word the result-loop dashboard shows, in one place.

The loop's own codes and their words (stage status, tiltak status, note types) live in
``bmsdata.loop.labels``; this module holds the dashboard's headings, labels, hints and
messages, so that a nynorsk version can replace one file.
"""

from __future__ import annotations

# -- page and sections -------------------------------------------------------------------------
PAGE_TITLE = "Resultatsløyfe"
INDEX_TITLE = "Resultatsløyfer"
INDEX_INTRO = (
    "En resultatsløyfe sørger for at resultatene blir behandlet, ikke bare sendt ut. Første "
    "halvdel er presentasjon, tolkning og analyse av resultatene; andre halvdel er planlegging "
    "og vedtak av tiltak. Resultater og tiltak behandles aldri i samme møte."
)
INDEX_EMPTY = "Ingen resultatsløyfer er åpnet ennå. Åpne den første med skjemaet nedenfor."
INDEX_LINK = "Til listen over resultatsløyfer"
NEW_LOOP_HEADING = "Åpne en ny resultatsløyfe"
NEW_LOOP_INTRO = (
    "Velg hvilke resultater løyfen skal behandle. Velger du bare fokusområder, tas alle "
    "indikatorene i dem med."
)

SECTION_STAGES = "Hvor står løyfen?"
OPENED_BY = "åpnet {day} av {who}"
SAK = ", sak {sak}"
PRESENTED_BY = ", lagt fram av {who}"
RECORDED_BY = "(registrert av {who})"
PROPOSED_BY = "foreslått av {who}"
DECIDED_ON = "vedtatt {day}"
CORRECTED = " (rettet)"
PROPOSALS_HEADING = "Forslagene"
SECTION_RESULTS = "Resultatene som behandles"
SECTION_EARLIER = "Tiltak fra tidligere løyfer – virket de?"
SECTION_CHARTS = "Utviklingen over tid, med vedtatte tiltak"
SECTION_MEETING = "Registrer et møte"
SECTION_SKIP = "Hoppe over et trinn"
SECTION_NOTES = "Refleksjoner, spørsmål og ønsker om mer analyse"
SECTION_COUNCIL = "Kommunestyrets fire avklaringer"
SECTION_PROPOSALS = "Forslag til tiltak"
SECTION_VEDTAK = "Vedtak om tiltak"
SECTION_REGISTER = "Tiltaksregister"
SECTION_MINUTES = "Protokoll"

NAV_LABEL = "Innhold på siden"
NAV_CHARTS = "Utviklingen"
NAV_NOTES = "Notater"
NAV_COUNCIL = "Avklaringer"
NAV_VEDTAK = "Vedtak"
INDEX_LIST = "Resultatsløyfer i journalen"
INDEX_STAGE = "{numeral} av {last}: {organ}"
INDEX_NOT_STARTED = "Ikke startet"
STEPPER_LABEL = "Trinnene i resultatsløyfen"

# -- author ------------------------------------------------------------------------------------
AUTHOR_LABEL = "Navnet ditt"
AUTHOR_PLACEHOLDER = "Fornavn Etternavn"
AUTHOR_BUTTON = "Bruk navnet"
AUTHOR_ASK = (
    "Skriv inn navnet ditt før du registrerer noe. Navnet står i protokollen ved alt du "
    "registrerer."
)
AUTHOR_FROM_LOGIN = "Du skriver som «{name}» (fra innloggingen) · rolle: {role}"
AUTHOR_TYPED = "Du skriver som «{name}»."
#: Shown whenever no login is configured, so nobody mistakes the typed name for a login.
LOCAL_NOTICE = (
    "Ingen innlogging er satt opp: alle som åpner siden, kan skrive. Navnet du skriver, "
    "lagres ved hvert innlegg."
)
READER_NOTICE = (
    "Du er logget inn som «{name}» med rollen leser: du kan lese alt her, men ikke skrive. "
    "Trenger du å registrere noe, be {contact} om rollen «skriver»."
)
AUTHOR_MISSING = "Skriv inn navnet ditt øverst på siden og trykk «Bruk navnet» før du registrerer."
AUTHOR_EMPTY = "Skriv inn navnet ditt først."
AUTHOR_TOO_LONG = "Navnet er for langt (høyst 200 tegn)."

# -- stepper -----------------------------------------------------------------------------------
PHASE_SHIFT = (
    "Her går løyfen over fra resultater til tiltak. Resultater og tiltak behandles aldri i "
    "samme møte."
)
NOT_STARTED = "Løyfen har ikke startet. Registrer det første møtet: trinn {numeral}, {organ}."
NOW_AT = "Løyfen står på trinn {numeral}: {title}."
PURPOSE = "Hva trinnet er til for"
PROMPTS = "Spørsmål å drøfte"
PRESENTER = "Legger fram"
MEETINGS = "Møter"
NO_MEETINGS = "Ingen møter registrert."
SKIPPED_BECAUSE = "Hoppet over av {author}: {reason}"
NEXT_HEADING = "Hva skjer nå?"
NEXT_FIRST = "Registrer det første møtet: trinn {numeral}, {organ}, der resultatene legges fram."
NEXT_COUNCIL = (
    "Registrer refleksjonene fra kommunestyret, og deretter kommunestyrets fire avklaringer."
)
NEXT_COUNCIL_MEETING = "Registrer møtet i kommunestyret (trinn {numeral}) først."
NEXT_NOTES = (
    "Registrer refleksjoner, spørsmål og ønsker om mer analyse fra møtet. Når trinnet er ferdig, "
    "registrer møtet i neste trinn: {numeral} {title}."
)
NEXT_LAST_MEETING = (
    "Registrer møtet i trinn {numeral} ({organ}), og vedta tiltakene der. Det må være et annet "
    "møte enn det der resultatene ble lagt fram."
)
NEXT_VEDTAK = "Velg forslagene kommunestyret vedtar, og møtet der vedtaket ble fattet."
NEXT_DONE = (
    "Tiltakene er vedtatt. Følg opp status i tiltaksregisteret; neste løyfe ser på om de virket."
)
NEXT_PROPOSALS = "Skriv forslag til tiltak før møtet der tiltakene skal vedtas."

# -- results -----------------------------------------------------------------------------------
RESULTS_NONE = (
    "Løyfen er ikke knyttet til noen indikatorer. Åpne en ny løyfe og velg fokusområder eller "
    "indikatorer for å se resultatene her."
)
RESULTS_UNIT = "Kommunen samlet, siste resultat."
RESULTS_UNKNOWN = "Indikatoren «{ind}» finnes ikke i målekartet."
COL_FOCUS = "Fokusområde"
COL_INDICATOR = "Indikator"
COL_RESULT = "Resultat"
COL_PERIOD = "Periode"
COL_AMBITION = "Ambisjonsnivå"
COL_STATUS = "Status"
COL_TREND = "Utvikling"
COL_TILTAK = "Tiltak"
COL_LOOP = "Løyfe"
COL_OWNER = "Ansvarlig"
COL_DEADLINE = "Frist"
COL_INDICATORS = "Indikatorer nå"
COL_HISTORY = "Historikk"
COL_COST = "Kostnad"
COL_TITLE = "Tittel"
COL_KIND = "Type"
COL_RELEASE = "Resultater"
COL_STAGE = "Trinn"
COL_OPENED = "Åpnet"
COL_OPEN_TILTAK = "Åpne tiltak"
EARLIER_NONE = "Ingen tiltak er vedtatt i tidligere løyfer ennå."
EARLIER_INTRO = (
    "Tiltak vedtatt i tidligere løyfer, med status og hvordan indikatorene de skulle påvirke "
    "står nå. Tiltak som gjelder denne løyfens indikatorer, står først."
)
CHART_NONE = "Ingen resultater å vise for {indicator} ennå."
CHARTS_NONE = "Ingen måleserier å vise for løyfens indikatorer."
CHART_ALT = (
    "{indicator}: {count} målinger fra {first} til {last}; siste verdi {value}. "
    "Vedtatte tiltak som skal påvirke indikatoren: {tiltak}."
)
CHART_NO_TILTAK = "ingen"
CHART_VEDTAK = "▼ Vedtak {day}: {title}"
CHART_VEDTAK_ROW = "▼ Vedtak: {title}"
CHART_Y = "Verdi"
CHART_X = "Periode"
OVERDUE_FLAG = "⚠ Forfalt"
NOT_OVERDUE = "Nei"
STORE_PROBLEM = "Resultatene kan ikke vises: {message}"

# -- meeting form ------------------------------------------------------------------------------
MEETING_INTRO = (
    "Registrer møtet når det er holdt. Et møte hører til løyfens nåværende trinn eller det neste."
)
MEETING_STAGE = "Trinn"
MEETING_DATE = "Møtedato"
MEETING_SAK = "Saksnummer"
MEETING_SAK_PLACEHOLDER = "f.eks. 12/25 (valgfritt)"
MEETING_PRESENTER = "Hvem la fram"
MEETING_ORGAN = "Organ"
MEETING_BUTTON = "Registrer møtet"
MEETING_NO_DATE = "Velg møtedatoen."
MEETING_NO_STAGE = "Alle trinnene er nådd. Et nytt møte registreres i siste trinn."
MEETING_OK = "Møtet i {organ} {date} er registrert (trinn {numeral})."
SKIP_INTRO = (
    "Har kommunen for eksempel ingen komiteer, kan løyfen gå videre uten møte i et trinn. "
    "Begrunnelsen står i protokollen."
)
SKIP_STAGE = "Gå videre til"
SKIP_REASON = "Begrunnelse"
SKIP_BUTTON = "Gå videre til trinnet"
SKIP_NONE = "Løyfen er på siste trinn."
SKIP_OK = "Løyfen har gått videre til trinn {numeral}."

# -- note form ---------------------------------------------------------------------------------
NOTE_INTRO = "Skriv ned det som ble sagt i møtet. Ett notat per refleksjon eller spørsmål."
NOTE_STAGE = "Trinn"
NOTE_TYPE = "Type"
NOTE_TEXT = "Tekst"
NOTE_BUTTON = "Lagre notatet"
NOTE_NOT_STARTED = "Registrer det første møtet før du skriver notater."
NOTE_EMPTY = "Skriv teksten i notatet først."
NOTE_OK = "Notatet er lagret ({label}, trinn {numeral})."

# -- council form ------------------------------------------------------------------------------
COUNCIL_INTRO = (
    "I sitt første møte om resultatene tar kommunestyret stilling til fire spørsmål. "
    "Avklaringene hører til trinn {numeral}."
)
COUNCIL_WAIT = "Avklaringene registreres når kommunestyrets møte i trinn {numeral} er registrert."
COUNCIL_OTHERS = "1. Skal andre delta i analysen og tolkningen?"
COUNCIL_OTHERS_WHO = "Hvem"
COUNCIL_OTHERS_WHO_PLACEHOLDER = "f.eks. eldrerådet, brukerne, lokale medier"
COUNCIL_FOLLOW_UP = "2. Hvordan følger vi opp resultatene?"
COUNCIL_TILTAK = "3. Trenger vi å iverksette tiltak?"
COUNCIL_DRAFTED = "4. Hvem skal utarbeide forslag til tiltak?"
COUNCIL_BUTTON = "Registrer avklaringene"
COUNCIL_CHOOSE = "Svar ja eller nei på spørsmål {n}."
COUNCIL_CHOOSE_DRAFTER = "Velg hvem som skal utarbeide forslag til tiltak (spørsmål 4)."
COUNCIL_NOT_YET = "Kommunestyret har ikke registrert avklaringene ennå."
COUNCIL_OK = "Kommunestyrets avklaringer er registrert."
COUNCIL_DONE = "Kommunestyrets avklaringer (registrert av {author} {when})"
COUNCIL_ADMIN = "Kommunestyrets fire avklaringer hører til den politiske resultatsløyfen."
YES = "Ja"
NO = "Nei"

# -- proposal form -----------------------------------------------------------------------------
PROPOSAL_INTRO = (
    "Hvert tiltak trenger en eier, en frist og indikatorene det skal påvirke. En enhet kan selv "
    "sette i gang tiltak innenfor eget budsjett som ikke reiser politiske spørsmål; ellers "
    "avgjør rådmannen eller politikerne."
)
PROPOSAL_TITLE = "Tittel"
PROPOSAL_DESCRIPTION = "Beskrivelse"
PROPOSAL_FOCUS = "Fokusområde"
PROPOSAL_INDICATORS = "Indikatorer tiltaket skal påvirke"
PROPOSAL_INDICATORS_HELP = "Hold Ctrl (Cmd på Mac) nede for å velge flere."
PROPOSAL_UNIT = "Ansvarlig enhet"
PROPOSAL_PERSON = "Ansvarlig person"
PROPOSAL_DEADLINE = "Frist"
PROPOSAL_COST = "Kostnad (kr)"
PROPOSAL_COST_PLACEHOLDER = "f.eks. 120 000"
PROPOSAL_BUDGET = "Innenfor enhetens budsjett"
PROPOSAL_BUTTON = "Registrer forslaget"
PROPOSAL_NO_DEADLINE = "Velg en frist for tiltaket."
PROPOSAL_BAD_COST = "Kostnaden må være et tall i kroner, for eksempel 120 000."
PROPOSAL_NO_INDICATORS = "Velg minst én indikator som tiltaket skal påvirke."
PROPOSAL_OK = "Forslaget «{title}» er registrert."
PROPOSALS_NONE = "Ingen forslag til tiltak ennå."
PROPOSAL_DECIDED = "✔ Vedtatt"
PROPOSAL_UNDECIDED = "○ Ikke vedtatt"
NONE_CHOICE = "(ingen)"
BUDGET_YES = "innenfor enhetens budsjett"
BUDGET_NO = "utenfor enhetens budsjett"

# -- vedtak form -------------------------------------------------------------------------------
VEDTAK_INTRO = (
    "Velg forslagene som vedtas og møtet der vedtaket ble fattet. Tiltak kan ikke vedtas i "
    "samme møte (eller på samme dag) som resultatene ble lagt fram."
)
VEDTAK_WAIT = (
    "Tiltak vedtas i trinn {numeral} ({title}). Løyfen står nå på trinn {current}."
)
VEDTAK_NO_MEETING = "Registrer møtet i trinn {numeral} ({organ}) før vedtaket."
VEDTAK_MEETING = "Møtet der vedtaket ble fattet"
VEDTAK_PROPOSALS = "Forslag som vedtas:"
VEDTAK_NO_PROPOSALS = "Det er ingen forslag som venter på vedtak."
VEDTAK_BUTTON = "Vedta valgte tiltak"
VEDTAK_CHOOSE = "Kryss av minst ett forslag som skal vedtas."
VEDTAK_CHOOSE_MEETING = "Velg møtet der vedtaket ble fattet."
VEDTAK_OK = "Vedtaket er registrert: {titles}."
VEDTAK_OK_OVERRIDE = "Vedtaket er registrert med unntak fra regelen om samme møte: {titles}."
OVERRIDE_HEADING = "Unntak fra regelen om samme møte"
OVERRIDE_LATER = (
    "Vanligvis vedtas tiltakene i et senere møte: registrer møtet under"
)
OVERRIDE_INTRO = (
    "Bare hvis kommunestyret likevel vil vedta tiltakene i dette møtet: kryss av, skriv "
    "begrunnelsen og trykk «Vedta med unntak fra regelen». Unntaket og begrunnelsen blir "
    "stående i protokollen."
)
OVERRIDE_CHECK = "Kommunestyret overstyrer regelen"
OVERRIDE_BUTTON = "Vedta med unntak fra regelen"
OVERRIDE_NOT_TICKED = (
    "Kryss av for «Kommunestyret overstyrer regelen» før du vedtar med unntak."
)
OVERRIDE_REASON = "Begrunnelse for unntaket"
OVERRIDE_NO_REASON = (
    "Skriv begrunnelsen for unntaket. Den er påkrevd og blir stående i protokollen."
)
MEETING_OPTION = "{date} – {organ}{sak}"

# -- tiltak register ---------------------------------------------------------------------------
REGISTER_INTRO = (
    "Vedtatte tiltak med status og historikk. Forfalte tiltak (fristen er passert, eller de er "
    "meldt forsinket) står først."
)
REGISTER_NONE = "Ingen tiltak er vedtatt i denne løyfen ennå."
STATUS_TILTAK = "Tiltak"
STATUS_NEW = "Ny status"
STATUS_COMMENT = "Kommentar"
STATUS_COMMENT_PLACEHOLDER = "Påkrevd ved forsinket og avbrutt"
STATUS_BUTTON = "Oppdater status"
STATUS_OK = "Status for «{title}» er nå {status}."
STATUS_NONE = "Det finnes ingen vedtatte tiltak å oppdatere."
STATUS_CHOOSE = "Velg tiltaket og den nye statusen."
HISTORY_ITEM = "{status} – {when}, {author}"

# -- minutes -----------------------------------------------------------------------------------
MINUTES_INTRO = (
    "Protokollen viser trinnene, møtene, refleksjonene, avklaringene, forslagene, vedtakene og "
    "tiltakene slik de står i journalen nå."
)
MINUTES_HTML = "Last ned protokollen (HTML)"
MINUTES_MARKDOWN = "Last ned protokollen (Markdown)"

# -- new loop form -----------------------------------------------------------------------------
NEW_TITLE = "Tittel"
NEW_TITLE_PLACEHOLDER = "Tom: lages av resultatsløyfe, år og fokusområder"
NEW_KIND = "Type"
NEW_RELEASE = "Resultater"
NEW_ADHOC = "Navn på ad hoc-løyfen"
NEW_ADHOC_PLACEHOLDER = "f.eks. KOSTRA 2025"
NEW_YEAR = "År"
NEW_FOCUS = "Fokusområder"
NEW_INDICATORS = "Indikatorer"
NEW_BUTTON = "Åpne resultatsløyfen"
NEW_OK = "Resultatsløyfen «{title}» er åpnet."
NEW_LINK = "Lenke til løyfen (for bokmerke og deling)"
NEW_CHOOSE_KIND = "Velg om løyfen er politisk eller administrativ."
RELEASES: tuple[tuple[str, str], ...] = (
    ("RS1 – mars/april: brukerundersøkelsen", "RS1"),
    ("RS2 – mai/juni: økonomi 1. tertial og sykefravær", "RS2"),
    ("RS3 – september/oktober: økonomi 2. tertial og sykefravær", "RS3"),
    ("RS4 – november/desember: medarbeiderundersøkelsen", "RS4"),
    ("Ad hoc (utenom årshjulet)", "adhoc"),
)
ADHOC_DEFAULT = "Ad hoc"

# -- errors ------------------------------------------------------------------------------------
ERROR_PREFIX = "Feil:"
OK_PREFIX = "✔"
UNEXPECTED = (
    "Noe gikk galt, og ingenting ble lagret. Last siden på nytt og prøv igjen. Skjer det igjen, "
    "kontakt den som drifter verktøyet."
)
CONTACT_OPERATOR = "Kontakt den som drifter verktøyet."
JOURNAL_UNAVAILABLE = (
    "Journalen for resultatsløyfene kan ikke åpnes: {message} Kontakt den som drifter verktøyet."
)
LOOP_UNKNOWN = "Fant ingen resultatsløyfe med id «{loop}». Velg en løyfe fra listen."
