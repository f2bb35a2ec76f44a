"""KOSTRA tests: a base store with a målekart, and no network, ever.

Every test here runs with sockets unable to connect, so a test that would reach SSB fails
instead of quietly depending on the internet; downloads are tested with a stand-in for
``urlopen`` and the fixtures in ``tests/fixtures/kostra/`` are shaped exactly like SSB's
json-stat2 answers.
"""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "surveys"))

from _kostra_files import FIXTURES, MAPPING, MAPPING_HEADER  # noqa: E402
from _survey_files import build_base_store, write_csv  # noqa: E402


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("tests must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="session")
def kostra_base_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("kostra_base")
    build_base_store(d / "bms.duckdb", d / "src")
    return d / "bms.duckdb"


@pytest.fixture
def store(kostra_base_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "bms.duckdb"
    shutil.copyfile(kostra_base_master, path)
    return path


@pytest.fixture
def mapping(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "kostra_kobling.csv", MAPPING_HEADER, MAPPING)


@pytest.fixture
def fixture_file(tmp_path: Path):
    """A private copy of a fixture, so a test may damage it."""
    def copy(name: str, new_name: str | None = None) -> Path:
        target = tmp_path / (new_name or name)
        shutil.copyfile(FIXTURES / name, target)
        return target
    return copy
