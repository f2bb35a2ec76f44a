"""Journal write latency under concurrency: N writer processes against one SQLite journal.

Each Voila kernel is a process, and a meeting may have 20 people typing reflections at once.
This script measures what each of them waits for one append (acknowledged = durable, since the
journal runs with synchronous=FULL), and compares it with a single writer doing the same
number of appends alone. Target: p95 ≤ 100 ms with 20 concurrent writers.

Not a test: figures depend on the disk (fsync cost) and the number of CPUs, so they are
printed, never asserted. Run from the repository root:

    .venv/bin/python benchmarks/journal_latency.py [--processes 20] [--writes 50] [--dir PATH]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bmsdata.loop import open_journal  # noqa: E402

TARGET_P95_MS = 100.0
PAYLOAD_TEXT = "Hvorfor har variasjonen i tilfredshet med hjemmetjenesten økt? " * 3


def _writer(path: str, worker: int, count: int, barrier, results) -> None:
    """Append ``count`` notes; report per-append latencies and the start/end instants."""
    journal = open_journal(path)
    journal.entries(kinds=["warm-up"])  # open the connection before the clock starts
    if barrier is not None:
        barrier.wait(timeout=300)
    latencies = []
    start = time.monotonic()  # CLOCK_MONOTONIC: comparable across processes on Linux
    for seq in range(count):
        t0 = time.perf_counter()
        journal.append("note", f"bench-{worker % 4}", {"seq": seq, "text": PAYLOAD_TEXT},
                       f"skriver-{worker}")
        latencies.append((time.perf_counter() - t0) * 1000)
    results.put((latencies, start, time.monotonic()))


def _run(path: str, processes: int, writes: int, ctx) -> dict[str, float]:
    results = ctx.Queue()
    barrier = ctx.Barrier(processes) if processes > 1 else None
    procs = [
        ctx.Process(target=_writer, args=(path, n, writes, barrier, results))
        for n in range(processes)
    ]
    for proc in procs:
        proc.start()
    reports = [results.get(timeout=600) for _ in procs]
    for proc in procs:
        proc.join()
    if any(proc.exitcode != 0 for proc in procs):
        raise SystemExit("a writer process failed")
    latencies = sorted(ms for lat, _, _ in reports for ms in lat)
    wall = max(end for _, _, end in reports) - min(start for _, start, _ in reports)
    return {
        "writers": processes,
        "writes": len(latencies),
        "p50": _percentile(latencies, 50),
        "p95": _percentile(latencies, 95),
        "p99": _percentile(latencies, 99),
        "max": latencies[-1],
        "mean": statistics.fmean(latencies),
        "throughput": len(latencies) / wall,
    }


def _percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile: an actual observed latency, no interpolation."""
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _filesystem(path: Path) -> str:
    """The mount type holding ``path`` (tmpfs makes fsync free and the figures optimistic)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "unknown"
    best, fstype = "", "unknown"
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) > 2 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fstype = parts[1], parts[2]
    return fstype


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--writes", type=int, default=50, help="appends per process")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the temp journal")
    parser.add_argument("--start-method", default="spawn", choices=["spawn", "forkserver", "fork"])
    args = parser.parse_args(argv)
    ctx = multiprocessing.get_context(args.start_method)

    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bms-journal-bench-") as tmp:
        tmp_path = Path(tmp)
        total = args.processes * args.writes
        single = _run(str(tmp_path / "single.sqlite"), 1, total, ctx)
        concurrent = _run(str(tmp_path / "concurrent.sqlite"), args.processes, args.writes, ctx)
        fstype = _filesystem(tmp_path)

    print(f"Journal write latency: SQLite WAL, synchronous=FULL, {total} appends per scenario")
    print(f"Journal on {fstype} ({args.dir or tempfile.gettempdir()}), {os.cpu_count()} CPUs, "
          f"start method {args.start_method}")
    print()
    header = f"{'scenario':<22}{'writers':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}" \
             f"{'max ms':>9}{'writes/s':>10}"
    print(header)
    print("-" * len(header))
    for name, r in (("single writer", single), ("concurrent", concurrent)):
        print(f"{name:<22}{r['writers']:>8}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['p99']:>9.2f}"
              f"{r['max']:>9.2f}{r['throughput']:>10.0f}")
    print("-" * len(header))
    print(f"{'ratio concurrent/single':<30}{concurrent['p50'] / single['p50']:>9.1f}"
          f"{concurrent['p95'] / single['p95']:>9.1f}{concurrent['p99'] / single['p99']:>9.1f}"
          f"{concurrent['max'] / single['max']:>9.1f}"
          f"{concurrent['throughput'] / single['throughput']:>10.2f}")
    met = concurrent["p95"] <= TARGET_P95_MS
    print()
    print(f"Target p95 ≤ {TARGET_P95_MS:.0f} ms with {args.processes} writers: "
          f"{'met' if met else 'NOT met'} ({concurrent['p95']:.2f} ms)")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
