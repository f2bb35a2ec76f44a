"""A small Jupyter-widget client: what an attacker's script can do to a Voila page.

A browser is not needed to drive a Voila page: the page's HTML names its kernel, the kernel's
websocket (``/api/kernels/<id>/channels``) accepts the widget protocol's comm messages, and
every widget model in the kernel can be listed, changed and "clicked" from there, whether the
page shows it or not. Security tests use this to check that what is hidden or not built
cannot be used.

    page = WidgetPage.open(url, headers={"X-Forwarded-User": "kari"})
    for model in page.find("TextareaModel"):
        page.update(model, value="forged")
    page.click(page.find("ButtonModel", description="Lagre")[0])
    page.close()

Only tornado (already a Voila dependency) and the standard library; the messages follow the
Jupyter messaging spec (v5.3, JSON over the websocket, no subprotocol) and the ipywidgets
protocol 2.1 (``jupyter.widget.control`` for ``request_states``, ``update`` and ``custom``
click events on a model's own comm).
"""

from __future__ import annotations

import asyncio
import json
import re
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import urlsplit

from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

#: ipywidgets' control-comm protocol version (``ipywidgets.widgets.widget``).
CONTROL_PROTOCOL = "1.0.0"
KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')


@dataclass
class Model:
    """One widget model in the kernel: its id (also its comm id), class name and state."""

    id: str
    name: str
    state: dict[str, Any]

    @property
    def description(self) -> str:
        return str(self.state.get("description", ""))


class WidgetPage:
    """One rendered Voila page and a websocket to its kernel. Synchronous, for tests."""

    def __init__(self, html: str, kernel_id: str, ws: WebSocketClientConnection,
                 loop: asyncio.AbstractEventLoop, timeout: float) -> None:
        self.html = html
        self.kernel_id = kernel_id
        self._ws = ws
        self._loop = loop
        self.timeout = timeout
        self.session = uuid.uuid4().hex

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, headers: Mapping[str, str] | None = None,
             timeout: float = 150) -> WidgetPage:
        """GET the page with ``headers`` (as a proxy or an attacker would send them), wait for
        it to finish rendering, and connect to its kernel."""
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        request = urllib.request.Request(url, headers=dict(headers or {}))
        with opener.open(request, timeout=timeout) as resp:
            html = resp.read().decode("utf-8")
        found = KERNEL_ID.search(html)
        if found is None:
            raise AssertionError("no kernel id in the page:\n" + html[-2000:])
        kernel_id = found.group(1)
        parts = urlsplit(url)
        ws_url = (f"ws://{parts.netloc}/api/kernels/{kernel_id}/channels"
                  f"?session_id={uuid.uuid4().hex}")
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        ws_headers = dict(headers or {})
        if cookie:
            ws_headers["Cookie"] = cookie
        async def connect() -> WebSocketClientConnection:
            return await websocket_connect(HTTPRequest(ws_url, headers=ws_headers))

        loop = asyncio.new_event_loop()
        ws = loop.run_until_complete(asyncio.wait_for(connect(), timeout))
        return cls(html, kernel_id, ws, loop, timeout)

    def close(self) -> None:
        self._ws.close()
        self._loop.run_until_complete(asyncio.sleep(0))
        self._loop.close()

    def __enter__(self) -> WidgetPage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the protocol ----------------------------------------------------------------------

    def _message(self, msg_type: str, content: dict[str, Any],
                 metadata: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                       "username": "", "date": datetime.now(UTC).isoformat(),
                       "version": "5.3"},
            "parent_header": {}, "metadata": metadata or {}, "content": content,
            "channel": "shell",
            "buffers": [],
        }

    async def _send_and_collect(self, msg: dict[str, Any]) -> list[dict[str, Any]]:
        """Send ``msg`` and collect every reply to it until the kernel is idle again."""
        await self._ws.write_message(json.dumps(msg))
        msg_id = msg["header"]["msg_id"]
        replies: list[dict[str, Any]] = []
        while True:
            raw = await self._ws.read_message()
            if raw is None:
                raise ConnectionError("the kernel's websocket closed")
            if isinstance(raw, bytes):  # binary frames carry buffers; not needed here
                continue
            reply = json.loads(raw)
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            replies.append(reply)
            if (reply.get("msg_type") == "status"
                    and reply["content"].get("execution_state") == "idle"):
                return replies

    def send(self, msg_type: str, content: dict[str, Any],
             metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Send one shell message; returns the kernel's replies (iopub and shell)."""
        msg = self._message(msg_type, content, metadata)
        return self._loop.run_until_complete(
            asyncio.wait_for(self._send_and_collect(msg), self.timeout))

    def comm_msg(self, comm_id: str, data: dict[str, Any]) -> list[dict[str, Any]]:
        return self.send("comm_msg", {"comm_id": comm_id, "data": data})

    # -- widgets ---------------------------------------------------------------------------

    def models(self) -> list[Model]:
        """Every widget model the kernel holds, shown on the page or not."""
        comm_id = uuid.uuid4().hex
        self.send("comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control",
                                "data": {}}, {"version": CONTROL_PROTOCOL})
        replies = self.comm_msg(comm_id, {"method": "request_states"})
        for reply in replies:
            data = reply.get("content", {}).get("data", {})
            if data.get("method") == "update_states":
                return [Model(mid, s.get("model_name", ""), s.get("state", {}))
                        for mid, s in data["states"].items()]
        raise AssertionError(f"no update_states reply: {replies!r}")

    def find(self, model_name: str | None = None, **state: Any) -> list[Model]:
        """Models of that class (``"ButtonModel"``) whose state has these values."""
        return [m for m in self.models()
                if (model_name is None or m.name == model_name)
                and all(m.state.get(k) == v for k, v in state.items())]

    def update(self, model: Model | str, **state: Any) -> list[dict[str, Any]]:
        """Set state as the browser does when a person types or picks a value."""
        model_id = model.id if isinstance(model, Model) else model
        return self.comm_msg(model_id, {"method": "update", "state": state,
                                        "buffer_paths": []})

    def click(self, model: Model | str) -> list[dict[str, Any]]:
        """Press a button, as the browser does (also one that is hidden)."""
        model_id = model.id if isinstance(model, Model) else model
        return self.comm_msg(model_id, {"method": "custom", "content": {"event": "click"}})


def html_of(models: list[Model]) -> str:
    """The HTML the widgets show (their state is sent over the websocket, not in the page)."""
    return "\n".join(str(m.state.get("value", "")) for m in models if m.name == "HTMLModel")


def texts_of(replies: list[dict[str, Any]]) -> str:
    """Everything the kernel sent back as text (widget state updates, outputs, errors)."""
    return json.dumps([r.get("content", {}) for r in replies], ensure_ascii=False)
