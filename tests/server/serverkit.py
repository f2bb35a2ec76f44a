"""Helpers for the server tests (issue #11, item 3): a real hardened Voila server.

``running_server(store, log_path, **launch_kwargs)`` starts the server on a free loopback port,
waits until it answers (and, with preheating on, until both pools have run their first cell),
yields a :class:`browserkit.VoilaServer` and stops it. ``fetch`` is a plain HTTP call that
returns status, headers and body for any status.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parents[1]
for folder in (TESTS, TESTS / "browser"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from browserkit import VoilaServer, free_port, stop_server  # noqa: E402

from bmsdata import serve  # noqa: E402

#: Voila's option that turns the preheated pools off (faster start for tests that need no pool).
NO_PREHEAT = ["--VoilaConfiguration.preheat_kernel=False"]


@contextmanager
def running_server(store_file: Path, log_path: Path, pools: bool = True, timeout: float = 120,
                   **launch: Any) -> Iterator[VoilaServer]:
    port = free_port()
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    extra = list(launch.pop("extra_args", []) or []) + ([] if pools else NO_PREHEAT)
    proc = serve.launch(store_file, port=port, ip="127.0.0.1", extra_args=extra,
                        stdout=log_file, stderr=log_file, **launch)
    server = VoilaServer(f"http://127.0.0.1:{port}", proc, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError("Voila did not start:\n" + server.log()[-3000:])
            try:
                with urllib.request.urlopen(f"{server.base}/voila/static/voila.js", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError("Voila did not answer:\n" + server.log()[-3000:]) from None
                time.sleep(0.25)
        if pools:
            server.wait_for_pools(timeout=timeout)
        yield server
    finally:
        stop_server(server)
        log_file.close()


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None,
          data: bytes | None = None, timeout: float = 150) -> tuple[int, Message, str]:
    """Status, headers and body of one request; an HTTP error status is an answer, not a raise."""
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", errors="replace")
