"""Shared fixtures: a demo store built once per test session by the ordinary importer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bmsdata.demo import build_demo

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_store_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, built once. Treat it as read-only; use ``demo_store`` to modify."""
    path = tmp_path_factory.mktemp("demo") / "bms.duckdb"
    build_demo(path)
    return path


@pytest.fixture
def demo_store(demo_store_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store that a test may change."""
    path = tmp_path / "bms.duckdb"
    shutil.copyfile(demo_store_master, path)
    return path
