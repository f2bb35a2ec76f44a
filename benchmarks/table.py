#!/usr/bin/env python
"""Every benchmark in one table: what, median, floor, ratio, target, met (issue #7).

    benchmarks/run [--quick] [--only ROW ...]

Each figure is a median, shown with the floor it is compared with, measured in the same run
(so other work on the machine weighs on both), and the ratio between them. Rows and floors
are described in docs/benchmarks.md. The query rows use the national test store
(``bms demo --scale national``), built here if it is missing and cached under ``data/``
(git-ignored): ``data/national.duckdb``, or ``data/national-quick.duckdb`` with ``--quick``.

Benchmarks print figures; nothing here is a test, and nothing asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402

from bmsdata import queries, store  # noqa: E402
from bmsdata.demo.national import build_national  # noqa: E402
from bmsdata.demo.national_sources import Scale, catalogue, kommune_nr  # noqa: E402

ROWS = ["tti", "latency", "status", "indicator", "import", "rss", "journal", "reports"]
QUICK_SCALE = Scale(municipalities=60, survey_answers=40_000)


@dataclass
class Row:
    what: str
    median: str
    floor: str = "–"
    ratio: str = "–"
    target: str = "–"
    met: str = "–"


def num(x: float, decimals: int = 0) -> str:
    """Norwegian style: thousands with a space, decimal comma."""
    return f"{x:,.{decimals}f}".replace(",", " ").replace(".", ",")


def ms(seconds: float) -> str:
    return f"{num(seconds * 1000, 1)} ms"


def yes(ok: bool) -> str:
    return "ja" if ok else "NEI"


def not_measured(what: str, reason: str) -> Row:
    return Row(what, "ikke målt", target=reason)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
def national_store(quick: bool) -> tuple[Path, Scale]:
    """The cached national store for this mode; (re)built when missing or of another scale."""
    scale = QUICK_SCALE if quick else Scale()
    path = REPO / "data" / ("national-quick.duckdb" if quick else "national.duckdb")
    if path.is_file():
        con = store.open_readonly(path)
        try:
            facts = store.meta(con)
        finally:
            con.close()
        if facts.get("national_scale") == scale.label:
            return path, scale
    log(f"Bygger nasjonal testdatabase {path} ({scale.label}) …")
    report = build_national(path, scale, progress=True)
    log(report.message)
    return path, scale


def interleaved(ours: Callable[[], object], floor: Callable[[], object], reps: int,
                warmup: int = 3) -> tuple[list[float], list[float]]:
    """Time ``ours`` and ``floor`` alternately, so load on the machine hits both alike."""
    for _ in range(warmup):
        ours()
        floor()
    a: list[float] = []
    b: list[float] = []
    for _ in range(reps):
        t = time.perf_counter()
        ours()
        a.append(time.perf_counter() - t)
        t = time.perf_counter()
        floor()
        b.append(time.perf_counter() - t)
    return a, b


def query_rows(path: Path, scale: Scale, quick: bool, only: set[str]) -> list[Row]:
    """Status for one municipality and one indicator across all, against raw DuckDB."""
    from bmsdata.scorecard.evaluate import latest_period, scorecard_status

    reps = 10 if quick else 40
    reader = store.Reader(path)
    raw = duckdb.connect(str(path), read_only=True)
    rows: list[Row] = []
    try:
        period = latest_period(reader.con)
        assert period is not None
        if "status" in only:
            unit = kommune_nr(scale.municipalities // 2)
            sql = queries.load("scorecard_status")
            params = {"unit_id": unit, "as_of": period.end, "scorecard_id": None}
            n = len(scorecard_status(reader.con, unit, period))
            ours, floor = interleaved(lambda: scorecard_status(reader.con, unit, period),
                                      lambda: raw.execute(sql, params).fetchall(), reps)
            m, f = statistics.median(ours), statistics.median(floor)
            rows.append(Row(f"Status for én kommune ({unit}, {n} indikatorer) mot rå DuckDB",
                            ms(m), ms(f), f"{num(m / f, 2)}×", "≤ 50 ms", yes(m <= 0.050)))
        if "indicator" in only:
            indicator = catalogue(scale)[0].id
            sql = queries.load("indicator_municipalities")
            params = {"indicator_id": indicator, "as_of": period.end}
            n = len(reader.frame("indicator_municipalities", **params))
            ours, floor = interleaved(
                lambda: reader.frame("indicator_municipalities", **params),
                lambda: raw.execute(sql, params).fetchall(), reps)
            m, f = statistics.median(ours), statistics.median(floor)
            rows.append(Row(f"Én indikator i alle {scale.municipalities} kommuner "
                            f"({n} rader, alle år) mot rå DuckDB", ms(m), ms(f),
                            f"{num(m / f, 2)}×", "≤ 200 ms", yes(m <= 0.200)))
    finally:
        reader.close()
        raw.close()
    return rows


# ---------------------------------------------------------------------------------------------
def _import_measurements(batch_file: str, store_file: str) -> int:
    from bmsdata.importers import import_files

    return import_files({"measurements": [batch_file]}, store_file).total_changed


def _read_csv_floor(path: str) -> int:
    # Not application SQL (that lives in queries/): DuckDB's own CSV reader is the floor.
    con = duckdb.connect()
    queries.execute(con, "set_progress_bar_off")  # keep the table's output clean
    return con.execute("SELECT count(*) FROM read_csv($p, delim = ';', header = true, "
                       "all_varchar = true)", {"p": path}).fetchone()[0]


def import_row(national: Path, quick: bool) -> Row:
    """Measurements (resultater) from the national sources: rows per second through the
    importer (read, check every cell, load in a snapshot) against DuckDB's read_csv."""
    from _bench_import import measure

    from bmsdata.demo.national import source_dir_for
    from bmsdata.importers import import_files

    sources = source_dir_for(national)
    files = sorted((sources / "resultater").glob("resultater_0*.csv"))
    want = 50_000 if quick else 200_000
    reps = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="bms-bench-") as tmp:
        work = Path(tmp)
        base = work / "base.duckdb"
        import_files({"units": [sources / "enheter.csv"], "scorecard": [sources / "malekart.xlsx"]},
                     base)
        big = work / "resultater.csv"
        rows = 0
        with open(big, "w", encoding="utf-8", newline="") as out:
            for i, f in enumerate(files):
                lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
                out.writelines(lines if i == 0 else lines[1:])
                rows += len(lines) - 1
                if rows >= want:
                    break
        ours, floor = [], []
        for r in range(reps):
            copy = work / f"store-{r}.duckdb"
            shutil.copyfile(base, copy)
            ours.append(measure(_import_measurements, str(big), str(copy)).seconds)
            floor.append(measure(_read_csv_floor, str(big)).seconds)
    m, f = statistics.median(ours), statistics.median(floor)
    rate, floor_rate = rows / m, rows / f
    return Row(f"Importfart, resultater ({num(rows)} rader, CSV) mot DuckDB read_csv",
               f"{num(rate)} rader/s", f"{num(floor_rate)} rader/s", f"{num(m / f, 1)}× tid",
               "–", "–")  # the issue sets no target; the floor shows how far we are


# ---------------------------------------------------------------------------------------------
def dashboard_rows(quick: bool, only: set[str]) -> list[Row]:
    import dashboard_tti

    runs, switches = (2, 8) if quick else (5, 20)
    try:
        fig = dashboard_tti.measure(runs, switches)
    except RuntimeError as exc:
        return [not_measured(name, str(exc))
                for name in ("Dashboard TTI", "Interaksjon", "Kjerne-RSS")]
    tti = {k: statistics.median(v) for k, v in fig["tti"].items()}
    rows = []
    if "tti" in only:
        bare = tti[("bare.ipynb", "preheated")]
        slowest, page = max((tti[(nb, "preheated")], nb)
                            for nb in ("oversikt.ipynb", "fokusomrade.ipynb"))
        ratio = slowest / bare
        rows.append(Row(f"Dashboard TTI i Chromium, forvarmet ({page}) mot bar Voila-notatbok",
                        f"{num(slowest, 2)} s", f"{num(bare, 2)} s", f"{num(ratio, 2)}×",
                        "≤ 1,5×", yes(ratio <= 1.5)))
    if "latency" in only:
        lat = sorted(fig["latencies"])
        p95 = dashboard_tti.pct(lat, 0.95)
        rows.append(Row(f"Interaksjon: bytte fokusområde → nytt diagram, p95 ({len(lat)} bytter; "
                        f"p50 {num(statistics.median(lat))} ms)", f"{num(p95)} ms",
                        target="≤ 150 ms", met=yes(p95 <= 150)))
    if "rss" in only:
        idle = fig["rss_idle"]
        bms = idle.get("bms preheated", []) + idle.get("bms cold", []) + fig["rss_used"]
        bare_k = idle.get("bare preheated", []) + idle.get("bare cold", [])
        if bms and bare_k:
            top, floor = max(bms), statistics.median(bare_k)
            rows.append(Row(f"Kjerne-RSS, største bms-kjerne ({len(bms)} målt) mot bar kjerne",
                            f"{num(top)} MB", f"{num(floor)} MB", f"{num(top / floor, 2)}×",
                            "≤ 250 MB", yes(top <= 250)))
        else:
            rows.append(not_measured("Kjerne-RSS", "fant ingen kjerneprosesser"))
    return rows


def journal_rows(quick: bool) -> list[Row]:
    """30 writer processes × 100 appends to one journal (issue #11): p95 per append against one
    writer alone, and how many writes were refused (target: none).

    Uses ``journal_latency.measure`` (every backend it knows: SQLite, and PostgreSQL when a
    server can be had) when present, else its ``_run`` for SQLite alone.
    """
    import journal_latency as jl

    writers, writes = 30, (10 if quick else 100)
    target = getattr(jl, "TARGET_P95_MS", 100.0)
    ctx = mp.get_context("spawn")
    if hasattr(jl, "measure"):
        results = jl.measure(processes=writers, writes=writes, ctx=ctx)
    else:
        with tempfile.TemporaryDirectory(prefix="bms-journal-bench-") as tmp:
            results = {"sqlite": {
                "single": jl._run(str(Path(tmp) / "single.sqlite"), 1, writers * writes, ctx),
                "concurrent": jl._run(str(Path(tmp) / "concurrent.sqlite"), writers, writes,
                                      ctx)}}
    rows = []
    for backend, r in results.items():
        name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(backend, backend)
        what = f"Journal ({name}): skrivelatens p95 med {writers} samtidige skrivere mot én"
        if "error" in r:
            rows.append(not_measured(what, str(r["error"])[:80]))
            continue
        many, single = r["concurrent"]["p95"], r["single"]["p95"]
        refused = int(r["concurrent"].get("refused", 0))
        rows.append(Row(what, f"{num(many, 1)} ms", f"{num(single, 1)} ms",
                        f"{num(many / single, 1)}×", f"≤ {num(target)} ms", yes(many <= target)))
        rows.append(Row(f"Journal ({name}): avviste skrivinger av {writers * writes}",
                        str(refused), "–", "–", "0", yes(refused == 0)))
    return rows


REPORT_KEYS = {"result_report_s": "resultatrapport, HTML og PDF", "build": "bygge presentasjonen",
               "html": "eksport til HTML", "pdf": "eksport til PDF", "pptx": "eksport til PPTX"}


def _report_figures(label: str, figures: dict[str, float]) -> list[Row]:
    """Rows from a helper's ``measure()``: seconds per key; sheets per second when known."""
    rows = []
    if "sheets" in figures and figures.get("unit_sheets_pdf_s"):
        n, s = figures["sheets"], figures["unit_sheets_pdf_s"]
        rows.append(Row(f"{label}: enhetsark som PDF ({num(n)} ark, demokommunen)",
                        f"{num(n / s, 2)} ark/s"))
    for key, value in figures.items():
        if key in ("sheets", "unit_sheets_pdf_s", "per_sheet_s") and "sheets" in figures:
            continue
        if key.endswith(("_floor", "_target")):
            continue
        floor = figures.get(f"{key}_floor")
        target = figures.get(f"{key}_target")
        name = REPORT_KEYS.get(key, key)
        rows.append(Row(f"{label}: {name} (demokommunen)", f"{num(value, 2)} s",
                        "–" if floor is None else f"{num(floor, 2)} s",
                        "–" if not floor else f"{num(value / floor, 2)}×",
                        "–" if target is None else f"≤ {num(target, 2)} s",
                        "–" if target is None else yes(value <= target)))
    return rows


def report_rows(quick: bool) -> list[Row]:
    """Helpers' report benchmarks (``benchmarks/reports.py`` and ``presentation.py``), each with
    ``measure(store_path) -> dict[str, float]``, run on the demo store."""
    from bmsdata.demo import build_demo

    out: list[Row] = []
    found = [(m, HERE / f"{m}.py") for m in ("reports", "presentation")]
    labels = {"reports": "Rapporter", "presentation": "Møtepresentasjon"}
    if not any(p.is_file() for _m, p in found):
        return [not_measured("Rapportfart (enhetsark per sekund)",
                             "benchmarks/reports.py og presentation.py finnes ikke ennå")]
    with tempfile.TemporaryDirectory(prefix="bms-bench-") as tmp:
        demo = Path(tmp) / "bms.duckdb"
        build_demo(demo, Path(tmp) / "src")
        for module, path in found:
            label = labels[module]
            if not path.is_file():
                out.append(not_measured(label, f"benchmarks/{module}.py finnes ikke ennå"))
                continue
            try:
                mod = importlib.import_module(module)
                figures = mod.measure(demo)
            except Exception as exc:  # another helper's code: report, do not stop the table
                log(traceback.format_exc())
                out.append(not_measured(label, f"feilet: {type(exc).__name__}: {exc}"[:80]))
                continue
            out.extend(_report_figures(label, figures))
    return out


# ---------------------------------------------------------------------------------------------
def print_table(rows: list[Row]) -> None:
    head = Row("Hva", "Median", "Gulv", "Forhold", "Mål", "Nådd")
    cols = ["what", "median", "floor", "ratio", "target", "met"]
    width = {c: max(len(getattr(r, c)) for r in [head, *rows]) for c in cols}

    def line(r: Row) -> str:
        cells = [getattr(r, c).ljust(width[c]) if c == "what" else
                 getattr(r, c).rjust(width[c]) for c in cols]
        return "| " + " | ".join(cells) + " |"

    print(line(head))
    print("|" + "|".join("-" * (width[c] + 2) for c in cols) + "|")
    for r in rows:
        print(line(r))


def national_tti_row(store: Path, quick: bool) -> list[Row]:
    """Dashboard TTI on the national store (issue #7): the same measurement as the TTI row,
    with the dashboards served over the national store instead of the demo municipality."""
    import dashboard_tti

    runs, switches = (2, 4) if quick else (3, 8)
    fig = dashboard_tti.measure(runs, switches, store=store)
    tti = {k: statistics.median(v) for k, v in fig["tti"].items()}
    bare = tti[("bare.ipynb", "preheated")]
    slowest, page = max((tti[(nb, "preheated")], nb)
                        for nb in ("oversikt.ipynb", "fokusomrade.ipynb"))
    ratio = slowest / bare
    return [Row(f"Dashboard TTI på den nasjonale databasen, forvarmet ({page}) mot bar "
                "Voila-notatbok", f"{num(slowest, 2)} s", f"{num(bare, 2)} s",
                f"{num(ratio, 2)}×", "≤ 1,5×", yes(ratio <= 1.5))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Kjør alle ytelsesmålinger og skriv én tabell.")
    ap.add_argument("--quick", action="store_true",
                    help="mindre nasjonal database (60 kommuner) og færre gjentakelser")
    ap.add_argument("--only", action="append", choices=ROWS, metavar="RAD",
                    help=f"bare denne raden (kan gjentas): {', '.join(ROWS)}")
    args = ap.parse_args(argv)
    only = set(args.only or ROWS)
    started = time.perf_counter()
    load_before = os.getloadavg()
    rows: list[Row] = []

    def step(name: str, fn: Callable[[], list[Row]]) -> None:
        log(f"Måler: {name} …")
        try:
            rows.extend(fn())
        except Exception as exc:  # one failing benchmark must not hide the others' figures
            log(traceback.format_exc())
            rows.append(not_measured(name, f"feilet: {type(exc).__name__}: {exc}"[:80]))

    if only & {"tti", "latency", "rss"}:
        step("dashboard", lambda: dashboard_rows(args.quick, only))
    national: tuple[Path, Scale] | None = None
    if only & {"status", "indicator", "import", "tti"}:
        national = national_store(args.quick)
    if national and only & {"status", "indicator"}:
        step("spørringer", lambda: query_rows(national[0], national[1], args.quick, only))
    if national and "tti" in only:
        step("dashboard nasjonalt", lambda: national_tti_row(national[0], args.quick))
    if national and "import" in only:
        step("import", lambda: [import_row(national[0], args.quick)])
    if "journal" in only:
        step("journal", lambda: journal_rows(args.quick))
    if "reports" in only:
        step("rapporter", lambda: report_rows(args.quick))

    order = {"Dashboard": 0, "Interaksjon": 1, "Status": 2, "Én": 3, "Importfart": 4,
             "Kjerne-RSS": 5, "Journal": 6}
    rows.sort(key=lambda r: order.get(r.what.split(" ")[0].rstrip(":,"), 7))
    load_after = os.getloadavg()
    print()
    print(f"Ytelsesmålinger {dt.datetime.now():%Y-%m-%d %H:%M} – "
          f"{'rask kjøring (--quick)' if args.quick else 'full kjøring'}; "
          f"{os.cpu_count()} kjerner, belastning (1 min) før {num(load_before[0], 2)}, "
          f"etter {num(load_after[0], 2)}")
    if national:
        print(f"Nasjonal database: {national[0]} ({national[1].label})")
    print()
    print_table(rows)
    took = num(time.perf_counter() - started)
    print(f"\nMedianer; gulvet er målt i samme kjøring. Tid i alt {took} s. "
          "Se docs/benchmarks.md.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
