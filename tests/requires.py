"""One rule for the external tools the tests drive: Debian's Chromium and PostgreSQL.

Why one rule: a browser or journal test that silently skips is a test that does not run, and
CI must never go green that way. So, wherever a test needs one of these tools:

* under CI (the ``CI`` environment variable set, as CI sets ``CI=true``) a missing tool FAILS
  the test, saying what ``./run test`` should have installed;
* elsewhere (a developer without the package) the test is skipped with the reason, which
  ``-rs`` (pyproject addopts) prints in the summary.

Tests call :func:`require_chromium` or :func:`require_postgresql` (or :func:`missing` with a
reason found some other way) instead of writing their own ``if os.environ.get("CI")``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

CHROMIUM = Path("/usr/bin/chromium")

_FALSE = ("", "0", "false", "no", "off")


def in_ci() -> bool:
    """True when the ``CI`` environment variable is set to anything but an off-value."""
    return os.environ.get("CI", "").strip().lower() not in _FALSE


def missing(tool: str, reason: str) -> NoReturn:
    """Fail (under CI) or skip (elsewhere) because ``tool`` is not available: ``reason``."""
    if in_ci():
        pytest.fail(f"{tool} is required under CI, and ./run test installs it: {reason}",
                    pytrace=False)
    pytest.skip(f"{tool} not available (skipped outside CI): {reason}")


def require_chromium(path: Path = CHROMIUM) -> Path:
    """Debian's Chromium (``apt-get install chromium``), never a downloaded browser."""
    if not (path.is_file() and os.access(path, os.X_OK)):
        missing("Chromium", f"{path} is not installed (apt-get install chromium)")
    return path


def require_postgresql() -> Path:
    """The directory of Debian's PostgreSQL server binaries (``initdb``, ``pg_ctl``)."""
    import pg_server

    bindir = pg_server.find_bindir()
    if bindir is None:
        missing("PostgreSQL", "no initdb/pg_ctl under /usr/lib/postgresql/*/bin "
                "(apt-get install postgresql)")
    return bindir
