"""Shared helpers for the benchmark scripts: a base store, timing in a fresh process.

Each measured step runs in its own process, so its peak memory (``ru_maxrss``) is its own and
not what generating the input cost. Benchmarks print figures; they never assert.
"""

from __future__ import annotations

import csv
import multiprocessing as mp
import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bmsdata.importers import import_files


def write_csv(path: Path, header: list[str], rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(header)
        w.writerows(rows)
    return path


def base_store(directory: Path, units: list[str], indicators: list[tuple[str, str]]) -> Path:
    """A store with ``units`` under a root «K» and indicators (id, direction) on a 0–100 scale."""
    store = directory / "bms.duckdb"
    u = write_csv(directory / "enheter.csv", ["enhet_id", "navn", "overordnet_id"],
                  [["K", "Benchmark kommune", ""]] + [[x, f"Enhet {x}", "K"] for x in units])
    card = write_csv(directory / "malekart.csv",
                     ["målekart", "type", "fokusområde", "suksessfaktor", "indikator_id",
                      "indikator", "retning", "skala_min", "skala_maks", "desimaler"],
                     [["Adm", "administrativ", "Område", "Faktor", ind, f"Indikator {ind}",
                       "høyere er bedre" if d == "higher" else "lavere er bedre", "0", "1000",
                       "1"] for ind, d in indicators])
    import_files({"units": [u], "scorecard": [card]}, store)
    return store


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _child(queue: mp.Queue, fn: Callable[..., Any], args: tuple) -> None:
    t, c = time.perf_counter(), _cpu()
    result = fn(*args)
    seconds, cpu = time.perf_counter() - t, _cpu() - c
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((seconds, cpu, rss_kib, result))


@dataclass
class Measured:
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the process (all threads): steadier on a busy machine
    peak_mib: float  # peak resident memory of the process
    result: Any


def measure(fn: Callable[..., Any], *args: Any) -> Measured:
    """Run ``fn(*args)`` in a fresh process and measure it."""
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(queue, fn, args))
    proc.start()
    seconds, cpu, rss_kib, result = queue.get()
    proc.join()
    return Measured(seconds, cpu, rss_kib / 1024, result)


def num(x: float, decimals: int = 0) -> str:
    """Thousands with a space, decimal comma: 43 910 / 4,55."""
    return f"{x:,.{decimals}f}".replace(",", " ").replace(".", ",")


def machine() -> str:
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} kjerner, belastning (1 min) {num(load, 1)}"
            + (" – maskinen er opptatt; tallene er høyere enn på en ledig maskin"
               if load > (os.cpu_count() or 1) else ""))


def print_reimport(m: Measured) -> None:
    """The second import of the same file: it must change nothing, so its time is pure checking."""
    print(f"  {'samme fil igjen':15s} {num(m.seconds, 2):>6s} s (cpu {num(m.cpu, 2)} s)  "
          f"topp {num(m.peak_mib)} MiB  endret {m.result} rader (databasen står urørt)")
