"""The demo municipality «Eksempel kommune» and the national-scale data (`bms demo`).

``build_demo`` and ``write_sources`` are the two entry points tests and benchmarks use.
"""

from bmsdata.demo.build import build_demo
from bmsdata.demo.municipality import write_sources

__all__ = ["build_demo", "write_sources"]
