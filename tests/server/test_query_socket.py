"""``/voila/query/<id>`` cannot unhook or hijack another viewer's preheated kernel (issue #11).

Seen before: two websockets opened on the same id and closed, three times, left Oversikt and
Fokusområde hanging (no answer in 120 s) — Voila's handler removed the *other* kernels'
waiting sockets, so their pages never got their request.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path

import pytest
from serverkit import fetch, running_server
from tornado.websocket import websocket_connect
from widgetkit import WidgetPage

pytestmark = pytest.mark.slow


async def _open_and_close_twice(base: str, kernel_id: str, rounds: int = 3) -> int:
    """The attack; returns how many of the sockets the server accepted."""
    accepted = 0
    for _ in range(rounds):
        sockets = []
        for _ in range(2):
            try:
                sockets.append(await websocket_connect(
                    f"{base.replace('http', 'ws', 1)}/voila/query/{kernel_id}"))
            except Exception:  # refused at the handshake: what we want
                continue
        accepted += len(sockets)
        for sock in sockets:
            sock.close()
        await asyncio.sleep(0.3)
    return accepted


def test_query_sockets_cannot_unhook_a_viewers_kernel(demo_store_master: Path,
                                                      tmp_path: Path) -> None:
    with running_server(demo_store_master, tmp_path / "voila.log") as server:
        # Let both pool kernels reach the point where they wait for their request (the
        # victims); this server logs it, Voila's own did not (then 30 s is plenty).
        deadline = time.monotonic() + 30
        while (server.log().count("is waiting for its page request") < 2
               and time.monotonic() < deadline):
            time.sleep(0.25)
        loop = asyncio.new_event_loop()  # not asyncio.run: widgetkit needs the loop policy
        try:
            accepted = loop.run_until_complete(
                _open_and_close_twice(server.base, str(uuid.uuid4())))
        finally:
            loop.close()
        for page in ("oversikt", "fokusomrade"):
            # A period that does not exist: the page says so, naming it, only if its kernel
            # got this request's query string.
            with WidgetPage.open(server.url(page, periode="1999T9"), timeout=120) as opened:
                shown = json.dumps([m.state for m in opened.models()], ensure_ascii=False)
            assert "«1999T9» er ikke gyldig" in shown, page
            assert "Traceback" not in opened.html
        assert server.log().count("Using pre-heated kernel") == 2
        assert accepted == 0, "the public /voila/query/ socket is open to anyone"
        status, _, _ = fetch(server.url("oversikt"), timeout=120)
        assert status == 200  # and the refilled pool serves the next viewer
