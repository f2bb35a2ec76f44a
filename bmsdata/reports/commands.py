"""``bms report …``: the CLI's report commands. Each prints the files it wrote.

Errors are :class:`~bmsdata.reports.printing.ReportError` (Norwegian sentence; ``bms`` exits
with 2), :class:`bmsdata.store.StoreError` or a bad ``--period`` (``ValueError``), all turned
into sentences by :func:`bmsdata.cli.main`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bmsdata.reports.common import parse_formats
from bmsdata.reports.profile import load_profile


def _print_paths(paths: list[Path]) -> None:
    for path in paths:
        print(path)


def report_units(args: argparse.Namespace) -> int:
    """``bms report units --period P --out DIR [--unit ID]... [--format pdf,html]``."""
    from bmsdata.reports.unit_sheets import write_unit_sheets

    paths = write_unit_sheets(
        args.store, args.period, Path(args.out), formats=parse_formats(args.format),
        units=args.unit or None, progress=True,
        profile=load_profile(getattr(args, "profil", None)))
    _print_paths(paths)
    return 0


def report_focus(args: argparse.Namespace) -> int:
    """``bms report fokus --period P --out DIR [--scorecard ID] [--unit ID] [--format …]``."""
    from bmsdata.reports.result_report import write_result_report

    paths = write_result_report(
        args.store, args.period, Path(args.out), scorecard_id=args.scorecard,
        unit_id=args.unit, formats=parse_formats(args.format),
        profile=load_profile(getattr(args, "profil", None)))
    _print_paths(paths)
    return 0


def report_presentation(args: argparse.Namespace) -> int:
    """``bms report presentasjon``: the meeting deck, built by
    :mod:`bmsdata.reports.deck_export`."""
    from bmsdata.reports.deck_export import export_command

    return export_command(args)


__all__ = ["report_focus", "report_presentation", "report_units"]
