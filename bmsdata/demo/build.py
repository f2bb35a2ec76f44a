"""`bms demo`: write the demo municipality's source files and build its store from them.

Apart from :mod:`bmsdata.demo.municipality` (the scorecard, units and results) and
:mod:`bmsdata.demo.surveys` (surveys and KOSTRA, which reuse the municipality's units and
years), so that neither of those two imports the other back.
"""

from __future__ import annotations

import os
from pathlib import Path

from bmsdata import store
from bmsdata.demo.municipality import MUNICIPALITY, write_sources
from bmsdata.demo.surveys import add_to_demo
from bmsdata.importers import import_files
from bmsdata.importers.loader import ImportReport


def build_demo(
    store_file: str | os.PathLike[str] | None = None,
    source_dir: str | os.PathLike[str] | None = None,
    progress: bool = False,
) -> ImportReport:
    """Write the sources and build a fresh demo store, swapped in atomically at the end."""
    target = store.store_path(store_file)
    sources = Path(source_dir) if source_dir else target.parent / "demo"
    batch = write_sources(sources)
    fresh = target.with_name(f".{target.name}.demo-{os.getpid()}")
    for leftover in (fresh, fresh.with_name(fresh.name + ".lock")):
        leftover.unlink(missing_ok=True)
    try:
        report = import_files(batch, fresh, progress=progress,
                              meta={"fictional": "true", "municipality": MUNICIPALITY})
        add_to_demo(sources, fresh, progress=progress)  # surveys and KOSTRA (issue #5)
        os.replace(fresh, target)
    finally:
        for leftover in (fresh, fresh.with_name(fresh.name + ".lock")):
            leftover.unlink(missing_ok=True)
    return report
