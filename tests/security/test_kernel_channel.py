"""What a script can send on a viewer's kernel channel, on a real Voila server (issue #11).

The page's kernel websocket is open to the browser, so anything a script there can send is
an attack surface. Voila (as ``bms serve`` runs it) lets through only the widget protocol's
comm messages and kernel info: an ``execute_request`` must run nothing, whatever it asks.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from widgetkit import WidgetPage

if TYPE_CHECKING:  # the conftest module is on sys.path only while this folder is collected
    from conftest import Deployment

pytestmark = [pytest.mark.slow]


async def _execute_then_ping(page: WidgetPage, code: str) -> list[dict]:
    """Send ``execute_request`` for ``code``, then ``kernel_info_request``; collect every
    message until the kernel info reply arrives (the kernel handles shell messages in order,
    so an execution it accepted would have replied before)."""
    execute = page._message("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True})
    ping = page._message("kernel_info_request", {})
    await page._ws.write_message(json.dumps(execute))
    await page._ws.write_message(json.dumps(ping))
    seen: list[dict] = []
    while True:
        raw = await page._ws.read_message()
        if raw is None:
            raise ConnectionError("the kernel's websocket closed")
        if isinstance(raw, bytes):
            continue
        msg = json.loads(raw)
        seen.append(msg)
        if (msg.get("msg_type") == "kernel_info_reply"
                and msg["parent_header"].get("msg_id") == ping["header"]["msg_id"]):
            return seen


def test_a_viewer_cannot_run_code_in_the_kernel(
        deploy: Callable[[Mapping[str, str]], Deployment], tmp_path: Path) -> None:
    site = deploy({})
    proof = tmp_path / "pwned.txt"
    with WidgetPage.open(site.server.url("resultatsloyfe.ipynb")) as page:
        seen = page._loop.run_until_complete(asyncio.wait_for(
            _execute_then_ping(page, f"open({str(proof)!r}, 'w').write('x')"), page.timeout))
    assert not proof.exists(), "the execute_request ran in the viewer's kernel"
    types = {m.get("msg_type") for m in seen}
    assert "execute_reply" not in types and "execute_input" not in types
