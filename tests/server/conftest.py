"""The server tests import ``serverkit`` (here), ``browserkit`` and ``widgetkit``.

``browser``: Debian's Chromium (``/usr/bin/chromium``, never a downloaded one), as in
``tests/browser/conftest.py``; skipped without it unless ``CI`` is set.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent, HERE.parent / "browser"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from browserkit import chromium  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b
