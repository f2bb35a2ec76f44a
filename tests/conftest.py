"""Shared fixtures: a demo store built once per test session by the ordinary importer."""

from __future__ import annotations

import inspect
import re
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


#: Fixtures that start Debian's Chromium (tests/browser and tests/server: ``browser``;
#: tests/reports: ``chromium``), and the helpers that start or require it directly.
CHROMIUM_FIXTURES = frozenset({"browser", "chromium"})
#: (``require_chromium(some_path)`` checks a path, as the test of tests/requires.py does.)
CHROMIUM_CALLS = re.compile(r"sync_playwright\(|chromium_or_skip\(|require_chromium\((CHROMIUM)?\)")


def _drives_chromium(item: pytest.Item) -> bool:
    """Whether ``item`` starts Chromium: through a Chromium fixture, or by calling one of the
    helpers in its own body or in a fixture it uses that is defined in a test module."""
    names = set(getattr(item, "fixturenames", ()))
    if names & CHROMIUM_FIXTURES:
        return True
    funcs = [getattr(item, "obj", None)]
    info = getattr(item, "_fixtureinfo", None)
    for name in names:
        for fixturedef in (info.name2fixturedefs.get(name, ()) if info else ()):
            module = getattr(fixturedef.func, "__module__", "") or ""
            if module.rpartition(".")[2].startswith("test_"):
                funcs.append(fixturedef.func)
    for func in funcs:
        try:
            source = inspect.getsource(func) if func is not None else ""
        except (OSError, TypeError):
            continue
        if CHROMIUM_CALLS.search(source):
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse to run a test that drives Chromium without the ``browser`` marker.

    Why: ``-m "not browser"`` must give a run without a browser, and the marker is how a reader
    (and CI's summary) tells which tests need ``/usr/bin/chromium``.
    """
    unmarked = [item.nodeid for item in items
                if item.get_closest_marker("browser") is None and _drives_chromium(item)]
    if unmarked:
        raise pytest.UsageError(
            "These tests drive Chromium but lack @pytest.mark.browser:\n  "
            + "\n  ".join(unmarked))
    # Modules holding a ``slow`` test run first (order within a module is kept): under xdist
    # (``--dist loadscope`` hands out whole modules in this order) the long ones, such as
    # test_wheel.py's venv install, then overlap with the many short ones instead of
    # finishing alone at the end.
    # test_wheel.py (pip installs the wheel into a fresh venv: minutes, mostly waiting) leads.
    slow = {item.nodeid.split("::", 1)[0] for item in items if item.get_closest_marker("slow")}

    def rank(item: pytest.Item) -> int:
        module = item.nodeid.split("::", 1)[0]
        return 0 if module.endswith("test_wheel.py") else 1 if module in slow else 2

    items.sort(key=rank)
