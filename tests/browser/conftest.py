"""A real Voila server (as ``bms serve`` runs it) and Debian's Chromium, for browser tests.

Reusable by any test module under ``tests/browser/``:

* ``voila_server`` (session): starts :func:`bmsdata.serve.launch` on a free loopback port against
  the demo store, waits until it answers and its preheated kernel pools are filled, and yields
  a :class:`VoilaServer` (``.url(page, **params)``, ``.base``, ``.log()``).
* ``browser`` (module): Chromium from ``/usr/bin/chromium`` — never a downloaded browser.
* ``page`` (function): a fresh browser context and page (1366×900, Norwegian locale).
* ``screenshot(page, name)``: saves ``artifacts/screenshots/<name>.png`` (git-ignored).

Without ``/usr/bin/chromium`` the browser tests skip with the reason, unless ``CI`` is set: in
CI a missing browser is a failure. The browser resolves no host but 127.0.0.1, so a page can
never reach the internet.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import (
    VoilaServer,
    chromium,
    start_server,
    stop_server,
)


@pytest.fixture(scope="session")
def voila_server(demo_store_master: Path, tmp_path_factory: pytest.TempPathFactory,
                 ) -> Iterator[VoilaServer]:
    """``bms serve`` against the demo store on a free loopback port."""
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    server = start_server(demo_store_master, log_path)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: Playwright's sync API allows one running instance, so a module that
    starts its own (``sync_playwright()``) must not find ours still open."""
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nb-NO")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    try:
        yield pg
    finally:
        # Leaving the page lets Voilà's unload beacon shut the kernel down.
        with contextlib.suppress(Exception):
            pg.goto("about:blank", timeout=5_000)
        context.close()
