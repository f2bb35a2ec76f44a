"""The ``bms`` command: build the demo, import files, serve the dashboards, print status.

Errors are Norwegian sentences on stderr with a non-zero exit code, never a bare traceback
(``--debug`` shows one for developers). The store is ``--store PATH``, else ``BMS_STORE``,
else ``data/bms.duckdb``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from bmsdata import store
from bmsdata.errors import (  # the exit codes are part of the command's interface
    EXIT_BUG,
    EXIT_INPUT,
    EXIT_JOURNAL,  # noqa: F401
    EXIT_STORE,  # noqa: F401
    BmsError,
)
from bmsdata.importers import KINDS, ImportValidationError, import_files
from bmsdata.importers.extra import EXTRA_KINDS
from bmsdata.importers.kostra import KostraFetchError
from bmsdata.surveys.analysis import SurveyError

#: Norwegian names for the core import kinds; the English ones work too.
NORWEGIAN_KINDS = {"enheter": "units", "malekart": "scorecard", "ambisjonsniva": "targets",
                   "resultater": "measurements", "referanser": "references"}

log = logging.getLogger("bmsdata")



def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bms",
        description="Balansert målstyring og resultatsløyfe: import, status og dashboards.",
    )
    p.add_argument("--store", help="databasefil (standard: $BMS_STORE eller data/bms.duckdb)")
    p.add_argument("--debug", action="store_true", help="vis tekniske detaljer ved feil")
    sub = p.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    demo = sub.add_parser("demo", help="bygg demokommunen «Eksempel kommune» og start dashboardene")
    demo.add_argument("--no-serve", action="store_true", help="bare bygg databasen")
    demo.add_argument("--port", type=int, default=8866)
    demo.add_argument("--scale", choices=["kommune", "national"], default="kommune",
                      help="kommune: demokommunen (standard); national: 357 kommuner til "
                           "benchmarking og ytelsestester")

    kinds = [*KINDS, *NORWEGIAN_KINDS, *EXTRA_KINDS]
    imp = sub.add_parser(
        "import", help="importer CSV/XLSX-filer, undersøkelser eller KOSTRA (JSON-stat)",
        description="Importtyper: " + ", ".join(kinds) + ". Se docs/import-formats.md.")
    imp.add_argument("kind", choices=kinds, metavar="TYPE", help="hva filene inneholder")
    imp.add_argument("files", nargs="+", help="én eller flere filer")
    imp.add_argument("--kommune-nr", help="kommunens eget nummer (KOSTRA), f.eks. 3020")
    imp.add_argument("--min-gruppe", type=int, dest="min_n",
                     help="minste gruppe som vises i undersøkelser (standard 5)")

    fetch = sub.add_parser("fetch-kostra", help="hent en KOSTRA-tabell fra SSB (krever nett)")
    fetch.add_argument("table", help="SSBs tabellnummer, f.eks. 12362")
    fetch.add_argument("--out", required=True, help="filen JSON-stat-svaret lagres i")
    fetch.add_argument("--region", action="append", help="regionkode (kan gjentas)")
    fetch.add_argument("--variabel", action="append", help="ContentsCode (kan gjentas)")
    fetch.add_argument("--aar", action="append", help="år (kan gjentas)")

    serve = sub.add_parser("serve", help="start dashboardene med Voila")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--ip", default="127.0.0.1")
    serve.add_argument("--max-kernels", type=int, metavar="N",
                       help="høyst N samtidige kjerner, forvarmede medregnet (standard: "
                            "$BMS_MAX_KERNELS, ellers ledig minne / 250 MB)")

    status = sub.add_parser("status", help="vis målekartets status i terminalen")
    status.add_argument("--period", help="periode, f.eks. 2025 eller 2026T2 (standard: siste)")
    status.add_argument("--unit", help="enhet_id (standard: hele kommunen)")
    status.add_argument("--scorecard", help="målekart_id (standard: alle)")
    report = sub.add_parser("report", help="lag rapporter og presentasjoner (HTML, PDF, PPTX)")
    rsub = report.add_subparsers(dest="report_kind", required=True, metavar="RAPPORT")
    units = rsub.add_parser("units", help="resultatark per enhet, alle fokusområder side om side")
    units.add_argument("--period", help="periode, f.eks. 2025 eller 2026T2 (standard: siste)")
    units.add_argument("--out", required=True, help="mappen arkene skrives til")
    units.add_argument("--unit", action="append", help="bare denne enheten (kan gjentas)")
    units.add_argument("--format", default="pdf,html", help="pdf, html eller begge (standard)")
    units.add_argument("--profil", help="profilmappe med kommunens utseende (standard: "
                       "$BMS_PROFIL, ellers profil/ hvis den finnes)")
    focus = rsub.add_parser("fokus", help="resultatrapport per fokusområde (tertial/år)")
    focus.add_argument("--period", help="periode (standard: siste)")
    focus.add_argument("--out", required=True, help="mappen rapporten skrives til")
    focus.add_argument("--scorecard", help="målekart_id (standard: alle)")
    focus.add_argument("--unit", help="enhet_id (standard: hele kommunen)")
    focus.add_argument("--format", default="pdf,html", help="pdf, html eller begge (standard)")
    focus.add_argument("--profil", help="profilmappe med kommunens utseende (standard: "
                       "$BMS_PROFIL, ellers profil/ hvis den finnes)")
    deck = rsub.add_parser("presentasjon", help="eksporter en møtepresentasjon")
    deck.add_argument("--loop", required=True, help="resultatsløyfens id")
    deck.add_argument("--out", required=True,
                      help="filen: .html (selvstendig), .pdf eller .pptx")
    deck.add_argument("--profil", help="profilmappe med kommunens utseende (standard: "
                      "$BMS_PROFIL, ellers profil/ hvis den finnes)")

    snap = sub.add_parser("snapshot", help="kjør et dashboard uten nettleser og lagre statisk HTML")
    snap.add_argument("notebook", help="f.eks. dashboards/enhet.ipynb")
    snap.add_argument("--param", action="append", default=[], metavar="NAVN=VERDI",
                      help="parameter til dashboardet (kan gjentas), f.eks. enhet=BHG-GAR")
    snap.add_argument("--out", required=True, help="HTML-filen som lagres")
    return p


def _status(args: argparse.Namespace) -> int:
    from bmsdata.scorecard.status_table import render_status_table

    con = store.open_readonly(args.store)
    try:
        print(render_status_table(con, unit_id=args.unit, period=args.period,
                                  scorecard_id=args.scorecard))
    finally:
        con.close()
    return 0


def _ensure_journal(store_file: str | os.PathLike[str] | None) -> None:
    """Create the loop's journal beside the store (or at ``BMS_JOURNAL``) if there is none.

    Reading never creates a journal (a mistyped path must not start a second record), so
    ``bms demo`` and ``bms serve`` make it on purpose, say so, and refuse a damaged one.
    """
    from bmsdata.loop.journal import ensure_journal, journal_location, shown_location

    location = journal_location(store_file)
    if ensure_journal(location):
        print(f"Laget en ny, tom journal for resultatsløyfene: {shown_location(location)}")


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo" and args.scale == "national":
        from bmsdata.demo.national import command as national_command
        from bmsdata.demo.national import national_store_path

        code = national_command(args)  # builds only; the journal comes next, then serving
        path = national_store_path(args.store)
        _ensure_journal(path)
        if code or args.no_serve:
            return code
        from bmsdata.serve import serve

        return serve(path, port=args.port)
    if args.command == "demo":
        from bmsdata.demo import build_demo

        report = build_demo(args.store, progress=True)
        path = store.store_path(args.store)
        print(f"Demodatabasen er bygget: {path}\n{report.message}")
        _ensure_journal(path)
        if args.no_serve:
            return 0
        from bmsdata.serve import serve

        return serve(path, port=args.port)
    if args.command == "import":
        if args.kind in EXTRA_KINDS:
            from bmsdata.importers.extra import import_extra

            report = import_extra(args.kind, args.files, args.store, kommune_nr=args.kommune_nr,
                                  min_n=args.min_n, progress=True)
        else:
            kind = NORWEGIAN_KINDS.get(args.kind, args.kind)
            report = import_files({kind: args.files}, args.store, progress=True)
        print(report.message)
        return 0
    if args.command == "fetch-kostra":
        from bmsdata.importers.kostra import fetch_kostra

        out = fetch_kostra(args.table, args.out, regions=args.region, contents=args.variabel,
                           years=args.aar)
        print(f"Lagret tabell {args.table} i {out}. Importer den med «bms import kostra {out}».")
        return 0
    if args.command == "serve":
        from bmsdata.serve import serve

        store.open_readonly(args.store).close()  # fail early, in Norwegian, without a store
        _ensure_journal(args.store)
        return serve(args.store, port=args.port, ip=args.ip, max_kernels=args.max_kernels)
    if args.command == "status":
        return _status(args)
    if args.command == "report":
        from bmsdata.reports import commands

        handler = {"units": commands.report_units, "fokus": commands.report_focus,
                   "presentasjon": commands.report_presentation}[args.report_kind]
        return handler(args)
    if args.command == "snapshot":
        from bmsdata.archive.build import command as snapshot_command

        return snapshot_command(args)
    raise AssertionError(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return _run(args)
    except BmsError as exc:
        # Every error a person must act on: a bad import, a missing store or journal (exit 3
        # and 4), a report or snapshot that cannot be made. One sentence, no traceback.
        log.debug(exc.english)
        prefix = "" if isinstance(exc, ImportValidationError) else "Feil: "
        print(f"{prefix}{exc}", file=sys.stderr)
        return exc.exit_code
    except (ValueError, SurveyError, KostraFetchError) as exc:
        # Bad --period/--unit, an unknown survey, a failed SSB download: Norwegian sentences.
        if args.debug:
            raise
        print(f"Feil: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: a sentence, not a traceback
        if args.debug:
            raise
        log.error("unexpected error: %r", exc)
        print(f"Uventet feil ({type(exc).__name__}): {exc}\nKjør med --debug for detaljer, og "
              "meld gjerne fra om feilen.", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
