"""Benchmark: import one JSON-stat 2.0 file with 1 000 000 values, shaped like SSB's answers.

400 regions (kommune numbers, EAK, EAKUO, EKG01–EKG17) × 50 statistikkvariabler × 50 years,
about 1 % nulls with status «..»; every content code is mapped to an indicator, and the
kommune's own figures become measurements. Prints time, values per second and peak memory of
``import_kostra``, and a floor from the same run: ``json.load`` of the same file (the least
any reader must do). Target: ≤ 5 s on 2 cores.
Run: ``.venv/bin/python benchmarks/kostra_import.py``.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _bench_import import (  # noqa: E402
    base_store,
    machine,
    measure,
    num,
    print_reimport,
    write_csv,
)

REGIONS = [f"{3001 + i:04d}" for i in range(381)] + ["EAK", "EAKUO"] + \
    [f"EKG{i:02d}" for i in range(1, 18)]
CONTENTS = [f"KOSbench{i:02d}0000" for i in range(50)]
YEARS = [str(1975 + i) for i in range(50)]
OWN = REGIONS[0]


def write_dataset(path: Path) -> int:
    rng = random.Random(7)
    total = len(REGIONS) * len(CONTENTS) * len(YEARS)
    values: list[float | None] = [round(rng.uniform(0, 100), 1) for _ in range(total)]
    status = {}
    for pos in rng.sample(range(total), total // 100):
        values[pos] = None
        status[str(pos)] = ".."
    dims = {"KOKkommuneregion0000": ("region", [(r, f"Region {r}") for r in REGIONS]),
            "ContentsCode": ("statistikkvariabel", [(c, f"Variabel {c}") for c in CONTENTS]),
            "Tid": ("år", [(y, y) for y in YEARS])}
    data = {"version": "2.0", "class": "dataset", "label": "99999: Benchmark (K)",
            "source": "Statistisk sentralbyrå", "updated": "2025-06-16T06:00:00Z",
            "role": {"time": ["Tid"], "metric": ["ContentsCode"],
                     "geo": ["KOKkommuneregion0000"]},
            "id": list(dims), "size": [len(c) for _l, c in dims.values()],
            "dimension": {d: {"label": lab, "category": {
                "index": {c: i for i, (c, _n) in enumerate(cats)}, "label": dict(cats)}}
                for d, (lab, cats) in dims.items()},
            "extension": {"px": {"tableid": "99999", "language": "no"}},
            "value": values, "status": status}
    path.write_text(json.dumps(data), encoding="utf-8")
    return total


def do_import(batch: dict, store: str) -> int:
    from bmsdata.importers.kostra import import_kostra

    return import_kostra(batch, store, kommune_nr=OWN).total_changed


def floor(path: str) -> int:
    with open(path, "rb") as fh:
        return len(json.load(fh)["value"])


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bms-bench-"))
    try:
        indicators = [(f"IND{i:02d}", "higher") for i in range(len(CONTENTS))]
        store = base_store(work, ["U1"], indicators)
        mapping = write_csv(work / "kobling.csv", ["tabell", "statistikkvariabel",
                                                   "indikator_id", "egen_måling"],
                            [["99999", c, ind, "ja"]
                             for c, (ind, _d) in zip(CONTENTS, indicators, strict=True)])
        data = work / "99999.json"
        total = write_dataset(data)
        size_mib = data.stat().st_size / 2**20
        print(f"KOSTRA: én JSON-stat-fil med {num(total)} verdier ({num(size_mib, 1)} MiB) "
              f"({machine()})")
        print("  Mål: ≤ 5 s på 2 kjerner. «cpu» er prosessens cpu-tid (alle tråder).")
        batch = {"kostra_mapping": [mapping], "kostra": [data]}
        m = measure(do_import, batch, str(store))
        base = measure(floor, str(data))
        print(f"  {'import':15s} {num(m.seconds, 2):>6s} s (cpu {num(m.cpu, 2)} s)  "
              f"{num(total / m.seconds):>9s} verdier/s  topp {num(m.peak_mib)} MiB  "
              f"endret {num(m.result)} rader  gulv json.load {num(base.seconds, 2)} s "
              f"(topp {num(base.peak_mib)} MiB) → forhold {num(m.seconds / base.seconds, 1)}×")
        m = measure(do_import, {"kostra": [data]}, str(store))
        print_reimport(m)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
