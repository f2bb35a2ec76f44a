"""Helpers for browser tests: a real Voila server (as ``bms serve`` runs it) and Chromium.

``conftest.py`` turns these into fixtures; test modules import the helpers directly
(``from browserkit import open_dashboard, screenshot``).
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from requires import require_chromium

from bmsdata import serve

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Nothing but the local server: no CDN, no telemetry, no surprise traffic.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
POOLED = ("oversikt.ipynb", "fokusomrade.ipynb")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class VoilaServer:
    base: str
    process: subprocess.Popen
    log_path: Path

    def url(self, page: str, **params: Any) -> str:
        name = page if page.endswith(".ipynb") else f"{page}.ipynb"
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"{self.base}/voila/render/{name}" + (f"?{query}" if query else "")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def prepared(self, page: str) -> int:
        """How many kernels have run ``page``'s first cell (bmsdata.ui.prepare logs it)."""
        return len(re.findall(rf"bmsdata\.ui prepared {re.escape(page)} ", self.log()))

    def wait_for_pools(self, timeout: float = 90) -> bool:
        """Wait until every preheated pool has a kernel that has run its first cell."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(self.prepared(nb.removesuffix(".ipynb")) for nb in POOLED):
                return True
            if self.process.poll() is not None:
                raise RuntimeError("Voila stopped:\n" + self.log()[-3000:])
            time.sleep(0.25)
        return False


def start_server(store_file: Path, log_path: Path, timeout: float = 90) -> VoilaServer:
    port = free_port()
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
    proc = serve.launch(store_file, port=port, ip="127.0.0.1", stdout=log_file,
                        stderr=subprocess.STDOUT)
    server = VoilaServer(f"http://127.0.0.1:{port}", proc, log_path)
    wait_until_answering(server, timeout)
    server.wait_for_pools(timeout=timeout)
    return server


def wait_until_answering(server: VoilaServer, timeout: float = 90) -> None:
    """Wait until Voila serves its static files; stop it and raise with its log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("Voila did not start:\n" + server.log()[-3000:])
        try:
            with urllib.request.urlopen(f"{server.base}/voila/static/voila.js", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    stop_server(server)
    raise RuntimeError("Voila did not answer in time:\n" + server.log()[-3000:])


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright, closed afterwards (one per module: Playwright's
    sync API allows one running instance)."""
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def stop_server(server: VoilaServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


def chromium_or_skip() -> None:
    """Debian's Chromium or the one rule of ``tests/requires.py``: fail under CI, else skip."""
    require_chromium(CHROMIUM)


def screenshot(pg: Any, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=full_page)
    return path


def open_dashboard(pg: Any, url: str) -> None:
    """Go to a dashboard and wait until the kernel has rendered its page."""
    pg.goto(url, wait_until="commit")
    pg.wait_for_selector(".bms-page h1", state="visible")
