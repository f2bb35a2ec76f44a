"""One meeting presentation exported to HTML, PDF and PPTX, timed. Target: each ≤ 10 s.

The deck is a demo loop's: two political focus areas (their indicators, each with a trend
chart and the rådmann's comment) and two units, written to a temporary journal with the
ordinary ``LoopService``. Each export is timed as a user of ``bms report presentasjon`` waits
for it: building the deck from the store and the journal, rendering, and for PDF/PPTX starting
Debian's Chromium, drawing the charts and printing (PPTX: screenshots of the charts).

Not a test: figures depend on the machine, so they are printed, never asserted. Run from the
repository root (builds the demo store in a temporary folder when none is given):

    .venv/bin/python benchmarks/presentation.py [--store data/bms.duckdb]

From Python: ``measure(store_path)`` returns seconds per format (``build`` is the deck alone).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bmsdata.loop.journal import open_journal  # noqa: E402
from bmsdata.loop.model import LoopService  # noqa: E402
from bmsdata.reports.deck import deck_for_loop  # noqa: E402
from bmsdata.reports.deck_export import export_deck  # noqa: E402

TARGET_S = 10.0
FOCUS = ["pol.det_gode_bosted", "pol.lokaldemokrati", "pol.kompetanse"]
UNITS = ["BHG-GAR", "SKO-NOR"]


def _loop(journal_path: Path) -> str:
    journal = open_journal(journal_path)
    service = LoopService(journal)
    loop_id = service.open_loop("RS1 2026: benchmark", "politisk", "RS1", 2026,
                                author="Benchmark", focus_areas=FOCUS)
    service.save_presentation(loop_id, "Benchmark", focus_areas=FOCUS, units=UNITS)
    for indicator in ("POL-BOSTED", "POL-INFORMERT", "POL-GRUNNSKOLEPOENG"):
        service.comment(loop_id, indicator, "Kommentar fra rådmannen til møtet.", "Rådmann")
    journal.close()
    return loop_id


def measure(store_path: str | Path) -> dict[str, float]:
    """Seconds for: building the deck, and one export to each of html, pdf and pptx."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bms-bench-deck-") as tmp:
        work = Path(tmp)
        journal = work / "journal.sqlite"
        loop_id = _loop(journal)
        started = time.perf_counter()
        deck_for_loop(loop_id, store_path, open_journal(journal))
        figures["build"] = time.perf_counter() - started
        for suffix in ("html", "pdf", "pptx"):
            started = time.perf_counter()
            deck = deck_for_loop(loop_id, store_path, open_journal(journal))
            export_deck(deck, work / f"deck.{suffix}")
            figures[suffix] = time.perf_counter() - started
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a store (default: build the demo in a temp folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bms-bench-store-") as tmp:
        store = args.store
        if not store:
            from bmsdata.demo import build_demo

            store = Path(tmp) / "bms.duckdb"
            build_demo(store)
        figures = measure(store)
    print("Presentation export (one demo loop, 3 focus areas, 2 units)")
    for name, seconds in figures.items():
        mark = "" if name == "build" else ("  ok" if seconds <= TARGET_S else "  OVER TARGET")
        print(f"  {name:<6} {seconds:6.2f} s{mark}")
    print(f"Target: each export ≤ {TARGET_S:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
