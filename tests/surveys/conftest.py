"""Fixtures for survey tests: a private copy of a small, really imported base store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _survey_files import DEFINITION, DEFINITION_HEADER, build_base_store, write_csv


@pytest.fixture(scope="session")
def base_store_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("survey_base")
    build_base_store(d / "bms.duckdb", d / "src")
    return d / "bms.duckdb"


@pytest.fixture
def store(base_store_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "bms.duckdb"
    shutil.copyfile(base_store_master, path)
    return path


@pytest.fixture
def definition(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "definisjon.csv", DEFINITION_HEADER, DEFINITION)
