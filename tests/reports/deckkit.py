"""A demo loop with a saved presentation, comments (one a script) and a decided tiltak, for the
deck tests. Built with the ordinary ``LoopService`` on the demo store, as a person would."""

from __future__ import annotations

from pathlib import Path

from bmsdata.loop.journal import open_journal
from bmsdata.loop.model import LoopService

SCRIPT = "<script>alert(1)</script>"
COMMENT = f"Fornøyde innbyggere, men se {SCRIPT} og informasjonen"
FOCUS = ("pol.det_gode_bosted", "pol.lokaldemokrati")
INDICATORS = ("POL-BEFOLKNINGSVEKST", "POL-BOSTED", "POL-INFORMERT")
UNITS = ("BHG-GAR", "SKO-NOR")
TILTAK = "Informasjonsplan for innbyggerne"


def make_loop(journal_path: Path) -> str:
    """Open a political loop on the demo store and prepare its presentation; return its id."""
    journal = open_journal(journal_path)
    service = LoopService(journal)
    loop_id = service.open_loop("RS1 2026: innbyggerundersøkelsen", "politisk", "RS1", 2026,
                                author="Kari Nordmann", focus_areas=list(FOCUS))
    service.save_presentation(loop_id, "Sara Stab", focus_areas=list(FOCUS),
                              indicators=list(INDICATORS), units=list(UNITS))
    service.comment(loop_id, "POL-BOSTED", "Første utkast", "Sara Stab")
    service.comment(loop_id, "POL-BOSTED", COMMENT, "Rådmann Rå")
    service.comment(loop_id, "POL-INFORMERT", "Vi må informere bedre.", "Rådmann Rå")
    # a decided tiltak aimed at one of the indicators, so the tiltak slide has a row
    service.hold_meeting(loop_id, 1, "2026-03-10", None, None, "Kari Nordmann")
    service.advance_stage(loop_id, 5, "Forkortet løyfe i testen", "Kari Nordmann")
    proposal = service.propose_tiltak(loop_id, TILTAK, ["POL-INFORMERT"], "2026-12-01",
                                      "Kari Nordmann", responsible_unit="AD-SER")
    meeting = service.hold_meeting(loop_id, 5, "2026-05-05", None, None, "Kari Nordmann")
    service.decide_tiltak(loop_id, [proposal.id], meeting.id, "Kari Nordmann")
    journal.close()
    return loop_id
