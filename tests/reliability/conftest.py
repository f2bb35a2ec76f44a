"""Fixtures for the reliability suite: small and demo-sized stores, built by the real importers.

``small_store`` is the survey/KOSTRA tests' base store (units, a målekart, targets, the KOSTRA
mapping); every kind's valid file from ``write_valid_sources`` imports into it. ``demo_store``
(from ``tests/conftest.py``) is the demo municipality.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _reliability_support import build_small_base, write_valid_sources  # noqa: E402


@pytest.fixture(scope="session")
def small_store_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("reliability_base")
    build_small_base(d / "bms.duckdb", d / "src")
    return d / "bms.duckdb"


@pytest.fixture
def small_store(small_store_master: Path, tmp_path: Path) -> Path:
    """A private copy that a test may change."""
    path = tmp_path / "store" / "bms.duckdb"
    path.parent.mkdir()
    shutil.copyfile(small_store_master, path)
    return path


@pytest.fixture(scope="session")
def valid_sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_valid_sources(tmp_path_factory.mktemp("valid_sources"))
