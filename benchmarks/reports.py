"""Report printing time: every demo unit sheet as PDF, and the result report (HTML + PDF).

Target: all unit sheets of the demo municipality in ≤ 60 s on 2 cores (one Chromium for all,
see ``bmsdata/reports/unit_sheets.py``). The figures include reading the store, rendering the
templates and printing through Debian's Chromium; they depend on the machine and on what else
runs, so they are printed, never asserted.

Run from the repository root:

    .venv/bin/python benchmarks/reports.py [--store data/bms.duckdb] [--out DIR]

Without ``--store`` the demo is built in a temporary folder first (not timed). From Python:
``measure(store_path)`` returns the figures in seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bmsdata.reports.result_report import write_result_report  # noqa: E402
from bmsdata.reports.unit_sheets import write_unit_sheets  # noqa: E402

TARGET_UNIT_SHEETS_S = 60.0


def measure(store_path: str | Path, out_dir: str | Path | None = None) -> dict[str, float]:
    """Seconds for: all unit sheets as PDF, per sheet, and the result report as HTML and PDF.

    Keys: ``unit_sheets_pdf_s``, ``per_sheet_s``, ``sheets`` (how many), ``result_report_s``.
    """
    with tempfile.TemporaryDirectory(prefix="bms-bench-reports-") as tmp:
        out = Path(out_dir) if out_dir else Path(tmp)
        start = time.perf_counter()
        sheets = write_unit_sheets(store_path, None, out / "units", formats=("pdf",))
        sheets_s = time.perf_counter() - start
        start = time.perf_counter()
        write_result_report(store_path, None, out / "fokus", formats=("html", "pdf"))
        report_s = time.perf_counter() - start
    return {"unit_sheets_pdf_s": sheets_s, "per_sheet_s": sheets_s / max(len(sheets), 1),
            "sheets": float(len(sheets)), "result_report_s": report_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="a built store (default: build the demo first)")
    parser.add_argument("--out", help="keep the files here (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bms-bench-store-") as tmp:
        store_path = Path(args.store) if args.store else Path(tmp) / "bms.duckdb"
        if not args.store:
            from bmsdata.demo import build_demo

            build_demo(store_path)
        figures = measure(store_path, args.out)
    ok = "ok" if figures["unit_sheets_pdf_s"] <= TARGET_UNIT_SHEETS_S else "OVER TARGET"
    print(f"unit sheets (PDF): {figures['sheets']:.0f} sheets in "
          f"{figures['unit_sheets_pdf_s']:.1f} s (target <= {TARGET_UNIT_SHEETS_S:.0f} s: {ok})")
    print(f"per sheet:         {figures['per_sheet_s']:.2f} s")
    print(f"result report:     {figures['result_report_s']:.1f} s (HTML + PDF)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
