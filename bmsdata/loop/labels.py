"""Norwegian (bokmål) words for the loop's codes, kept in one place so nynorsk can follow.

Codes stored in the journal never change; only these display words do.
"""

from __future__ import annotations

LOOP_KIND_LABELS: dict[str, str] = {
    "politisk": "Politisk resultatsløyfe",
    "administrativ": "Administrativ resultatsløyfe",
}

PHASE_LABELS: dict[str, str] = {
    "results": "Resultater: presentasjon, tolkning og analyse",
    "actions": "Tiltak: planlegging og vedtak",
}

NOTE_TYPE_LABELS: dict[str, str] = {
    "reflection": "Refleksjon",
    "question": "Spørsmål",
    "analysis_request": "Ønske om mer analyse",
}

DRAFTED_BY_LABELS: dict[str, str] = {
    "politikerne": "Politikerne selv, i prosess",
    "bestilling": "Bestilling til rådmannen om kostnadsberegnede forslag",
}

#: Status word with a symbol, so a status is never shown by colour alone.
TILTAK_STATUS_LABELS: dict[str, str] = {
    "planlagt": "○ Planlagt",
    "igangsatt": "◐ Igangsatt",
    "fullført": "✔ Fullført",
    "forsinket": "⚠ Forsinket",
    "avbrutt": "✖ Avbrutt",
}

STAGE_STATUS_LABELS: dict[str, str] = {
    "done": "✔ Gjennomført",
    "current": "► Nåværende trinn",
    "skipped": "↷ Hoppet over",
    "pending": "○ Ikke startet",
}

ENTRY_KIND_LABELS: dict[str, str] = {
    "loop_opened": "Resultatsløyfe åpnet",
    "meeting_held": "Møte",
    "stage_advanced": "Gått videre til trinn",
    "note": "Notat",
    "council_decisions": "Kommunestyrets avklaringer",
    "proposal": "Forslag til tiltak",
    "vedtak": "Vedtak",
    "tiltak_status": "Status for tiltak",
    "correction": "Rettelse",
    "presentation": "Presentasjon lagret",
    "comment": "Rådmannens kommentar",
}

YES_NO = {True: "Ja", False: "Nei"}
