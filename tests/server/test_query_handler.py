"""The request-info socket's rules, on a real tornado server (a set stands in for the kernels).

One socket per running kernel; a refused or closed socket never removes another kernel's; a
request that arrives before its kernel's socket waits for it. (Voila's handler let any number
of sockets replace each other and its ``on_close`` deleted whichever waiter was last.)
"""

from __future__ import annotations

import asyncio
import json

from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port
from tornado.web import Application
from tornado.websocket import WebSocketClientConnection, websocket_connect

from bmsdata.server.query import KernelRequestInfoHandler

RUNNING = {"k-1", "k-2", "k-3"}


async def _scenario() -> dict[str, object]:
    KernelRequestInfoHandler._waiters.clear()
    KernelRequestInfoHandler._pending.clear()
    sock, port = bind_unused_port()
    app = Application([(r"/q/(?P<kernel_id>[\w-]+)", KernelRequestInfoHandler)],
                      kernel_manager=RUNNING)
    server = HTTPServer(app)
    server.add_sockets([sock])

    async def connect(kernel_id: str) -> WebSocketClientConnection:
        return await websocket_connect(f"ws://127.0.0.1:{port}/q/{kernel_id}")

    async def closed_with(conn: WebSocketClientConnection) -> int | None:
        assert await asyncio.wait_for(conn.read_message(), 10) is None
        return conn.close_code

    seen: dict[str, object] = {}
    try:
        kernel_1 = await connect("k-1")
        kernel_2 = await connect("k-2")
        seen["second"] = await closed_with(await connect("k-1"))
        seen["unknown"] = await closed_with(await connect("not-a-kernel"))
        # Open and close more sockets on k-1 (refused ones) and an extra on k-3, then close it.
        for _ in range(3):
            await closed_with(await connect("k-1"))
        extra = await connect("k-3")
        extra.close()
        await asyncio.sleep(0.2)
        KernelRequestInfoHandler.send_updates({"kernel_id": "k-2", "payload": {"Q": "a=2"}})
        KernelRequestInfoHandler.send_updates({"kernel_id": "k-1", "payload": {"Q": "a=1"}})
        seen["k-1"] = json.loads(await asyncio.wait_for(kernel_1.read_message(), 10))
        seen["k-2"] = json.loads(await asyncio.wait_for(kernel_2.read_message(), 10))
        # A request before its kernel's socket: kept, then delivered once it connects.
        KernelRequestInfoHandler.send_updates({"kernel_id": "k-3", "payload": {"Q": "a=3"}})
        kernel_3 = await connect("k-3")
        seen["k-3"] = json.loads(await asyncio.wait_for(kernel_3.read_message(), 10))
        for conn in (kernel_1, kernel_2, kernel_3):
            conn.close()
    finally:
        server.stop()
    return seen


def test_one_socket_per_kernel_and_no_socket_unhooks_another() -> None:
    loop = asyncio.new_event_loop()
    try:
        seen = loop.run_until_complete(_scenario())
    finally:
        loop.close()
    assert seen["second"] == 4409
    assert seen["unknown"] == 4404
    assert seen["k-1"] == {"Q": "a=1"}
    assert seen["k-2"] == {"Q": "a=2"}
    assert seen["k-3"] == {"Q": "a=3"}
    assert KernelRequestInfoHandler._pending == {}
