"""Benchmark: import 200 000 survey answers (long and wide files), with the scorecard feed.

Prints time, answers per second and peak memory for ``import_surveys``, and a floor for
comparison measured in the same run: DuckDB's own ``read_csv`` of the same file (no checks,
no store). Target: ≤ 5 s per file on 2 cores. Run: ``.venv/bin/python benchmarks/survey_import.py``.
"""

from __future__ import annotations

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

ANSWERS = 200_000
QUESTIONS = 10
UNITS = [f"U{i:02d}" for i in range(40)]


def write_definition(path: Path) -> Path:
    rows = [["BENCH", "Benchmark", "bruker", "D1" if q < 5 else "D2",
             "Dimensjon 1" if q < 5 else "Dimensjon 2", f"Q{q:02d}", f"Spørsmål {q}", "1–6", "9",
             "IND-A" if q == 0 else ("IND-B" if q == 5 else "")] for q in range(QUESTIONS)]
    return write_csv(path, ["undersøkelse_id", "undersøkelse", "type", "dimensjon_id",
                            "dimensjon", "spørsmål_id", "spørsmål", "skala", "vet_ikke",
                            "indikator_id"], rows)


def long_rows(rng: random.Random):
    people = ANSWERS // QUESTIONS
    for r in range(people):
        unit = UNITS[r % len(UNITS)]
        for q in range(QUESTIONS):
            a = "9" if rng.random() < 0.04 else str(rng.randint(1, 6))
            yield ["BENCH", "2025", unit, f"R{r:06d}", f"Q{q:02d}", a]


def wide_rows(rng: random.Random):
    for r in range(ANSWERS // QUESTIONS):
        yield ["BENCH", "2024", UNITS[r % len(UNITS)], f"W{r:06d}",
               *[str(rng.randint(1, 6)) for _ in range(QUESTIONS)]]


def do_import(batch: dict, store: str) -> int:
    from bmsdata.importers.surveys import import_surveys

    return import_surveys(batch, store).total_changed


def floor(path: str) -> int:
    import duckdb

    # The floor is not application SQL (that lives in queries/): just DuckDB's own CSV reader.
    con = duckdb.connect()
    return con.execute("SELECT count(*) FROM read_csv($p, delim = ';', header = true, "
                       "all_varchar = true)", {"p": path}).fetchone()[0]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bms-bench-"))
    try:
        store = base_store(work, UNITS, [("IND-A", "higher"), ("IND-B", "higher")])
        rng = random.Random(1)
        definition = write_definition(work / "definisjon.csv")
        do_import({"survey_definitions": [definition]}, str(store))
        long = write_csv(work / "lang.csv", ["undersøkelse_id", "periode", "enhet_id",
                                             "respondent_id", "spørsmål_id", "svar"],
                         long_rows(rng))
        wide = write_csv(work / "bred.csv", ["undersøkelse_id", "periode", "enhet_id",
                                             "respondent_id",
                                             *[f"Q{q:02d}" for q in range(QUESTIONS)]],
                         wide_rows(rng))
        print(f"Spørreundersøkelser: {num(ANSWERS)} svar per fil ({machine()})")
        print("  Mål: ≤ 5 s per fil på 2 kjerner. «cpu» er prosessens cpu-tid (alle tråder).")
        for name, path in (("langt format", long), ("bredt format", wide)):
            m = measure(do_import, {"survey_responses": [path]}, str(store))
            base = measure(floor, str(path))
            print(f"  {name:15s} {num(m.seconds, 2):>6s} s (cpu {num(m.cpu, 2)} s)  "
                  f"{num(ANSWERS / m.seconds):>7s} svar/s  topp {num(m.peak_mib)} MiB  "
                  f"endret {num(m.result)} rader  gulv DuckDB read_csv {num(base.seconds, 2)} s"
                  f" → forhold {num(m.seconds / base.seconds, 1)}×")
        m = measure(do_import, {"survey_responses": [long]}, str(store))
        print_reimport(m)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
