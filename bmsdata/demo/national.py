"""``bms demo --scale national``: 357 fictional municipalities, built through the importers.

Why: the demo municipality is small, so it cannot show whether the store, the queries and the
dashboards hold up when a KS-like body, or a municipality benchmarking itself against every
other, loads national data. This builds such a store from source files written by
:mod:`bmsdata.demo.national_sources`, loading them with the same importers a municipality uses
(validation included, nothing inserted behind their back), and prints how long it took and
how many rows each table got. ``benchmarks/run`` uses it for its query figures.

The store is ``--store``, else ``BMS_STORE``; when neither is given it is
``data/national.duckdb``, never the demo's ``data/bms.duckdb``. The sources go in a folder
beside the store (``data/national/``). ``BMS_NATIONAL_SCALE`` shrinks the data for tests and
quick runs (see :meth:`Scale.parse`).
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from bmsdata import queries, store
from bmsdata.demo.national_sources import ROOT, ROOT_NAME, Scale, write_sources
from bmsdata.importers import import_files
from bmsdata.importers.kostra import import_kostra
from bmsdata.importers.surveys import import_surveys

log = logging.getLogger(__name__)

DEFAULT_NATIONAL_STORE = Path("data") / "national.duckdb"
SCALE_ENV = "BMS_NATIONAL_SCALE"


@dataclass
class NationalReport:
    store: Path
    sources: Path
    scale: Scale
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    @property
    def message(self) -> str:
        steps = ", ".join(f"{STEP_NB[k]} {v:.1f} s" for k, v in self.seconds.items())
        lines = [f"Nasjonal testdatabase bygget: {self.store}",
                 f"Kildefiler: {self.sources}",
                 f"Skala: {self.scale.label}",
                 f"Byggetid: {self.total_seconds:.1f} s ({steps})",
                 "Rader per tabell:"]
        width = max(len(t) for t in self.counts) if self.counts else 0
        lines += [f"  {table:<{width}}  {n:>12,}".replace(",", " ")
                  for table, n in self.counts.items()]
        return "\n".join(lines)


STEP_NB = {"sources": "kildefiler", "core": "enheter/målekart/resultater",
           "cluster": "sortering", "kostra": "KOSTRA", "surveys": "undersøkelser"}


def national_store_path(explicit: str | os.PathLike[str] | None) -> Path:
    """``--store`` or ``BMS_STORE`` if given; otherwise ``data/national.duckdb``, so the national
    build never overwrites the small demo store."""
    path = store.store_path(explicit)
    if explicit is None and path == store.DEFAULT_STORE:
        return DEFAULT_NATIONAL_STORE
    return path


def source_dir_for(store_file: Path) -> Path:
    """The folder beside the store that holds its source files: data/national.duckdb →
    data/national/."""
    return store_file.with_name(store_file.stem)


def table_counts(path: str | os.PathLike[str]) -> dict[str, int]:
    con = store.open_readonly(path)
    try:
        return {table: int(n) for table, n in queries.rows(con, "table_counts")}
    finally:
        con.close()


def cluster_measurements(store_file: str | os.PathLike[str]) -> int:
    """Rewrite the measurements in unit order, in a new snapshot. Returns the rows rewritten.

    Why: status for one unit filters ``measurement`` on ``unit_id``; DuckDB skips row groups
    whose min/max cannot hold the unit, but only when a unit's rows sit together, and imports
    (a hash-based MERGE in DuckDB) scatter them. Rows are only moved, never changed.
    """
    with store.snapshot(store_file) as snap:
        queries.execute(snap.con, "set_progress_bar_off")
        queries.execute(snap.con, "cluster_measurement_copy")
        queries.execute(snap.con, "cluster_measurement_clear")
        return int(queries.execute(snap.con, "cluster_measurement_insert").fetchone()[0])


def build_national(
    store_file: str | os.PathLike[str] | None = None,
    scale: Scale | None = None,
    source_dir: str | os.PathLike[str] | None = None,
    progress: bool = False,
) -> NationalReport:
    """Write the sources and build a fresh store from them, swapped in atomically at the end."""
    scale = scale or Scale()
    target = Path(store_file) if store_file else DEFAULT_NATIONAL_STORE
    target.parent.mkdir(parents=True, exist_ok=True)
    sources = Path(source_dir) if source_dir else source_dir_for(target)
    report = NationalReport(target, sources, scale)
    fresh = target.with_name(f".{target.name}.national-{os.getpid()}")
    leftovers = [fresh, fresh.with_name(fresh.name + ".lock")]
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    steps = tqdm(total=5, desc="Nasjonale testdata", unit="steg", disable=not progress,
                 position=0)
    try:
        t = time.perf_counter()
        steps.set_postfix_str("skriver kildefiler")
        batches = write_sources(sources, scale, progress=progress)
        report.seconds["sources"] = time.perf_counter() - t
        steps.update()

        t = time.perf_counter()
        steps.set_postfix_str("enheter, målekart og resultater")
        import_files(batches.core, fresh, progress=progress,
                     meta={"fictional": "true", "municipality": ROOT_NAME, "root_unit": ROOT,
                           "national_scale": scale.label})
        report.seconds["core"] = time.perf_counter() - t
        steps.update()

        # Right after the big measurement import, so the space the old order took is reused
        # by the KOSTRA and survey rows instead of growing the file.
        t = time.perf_counter()
        steps.set_postfix_str("sorterer målinger per enhet")
        cluster_measurements(fresh)
        report.seconds["cluster"] = time.perf_counter() - t
        steps.update()

        t = time.perf_counter()
        steps.set_postfix_str("KOSTRA")
        import_kostra(batches.kostra, fresh, progress=progress)
        report.seconds["kostra"] = time.perf_counter() - t
        steps.update()

        t = time.perf_counter()
        steps.set_postfix_str("undersøkelser")
        if scale.respondents:  # an answer file without answers would be refused
            import_surveys(batches.surveys, fresh, progress=progress)
        report.seconds["surveys"] = time.perf_counter() - t
        steps.update()
        os.replace(fresh, target)
    finally:
        steps.close()
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
    report.counts = table_counts(target)
    log.info("national store built in %.1f s: %s", report.total_seconds, report.counts)
    return report


def scale_from_env() -> Scale:
    return Scale.parse(os.environ.get(SCALE_ENV))


def command(args: argparse.Namespace) -> int:
    """The CLI's ``demo --scale national``: build, print time and counts. The CLI serves the
    store afterwards (after creating the journal), so this folder never reaches up to Voila."""
    path = national_store_path(args.store)
    report = build_national(path, scale_from_env(), progress=True)
    print(report.message)
    return 0
