"""The request info a preheated kernel waits for, on a socket only that kernel can open.

A preheated kernel runs its notebook before anyone asks for it, then blocks
(:func:`voila.utils.wait_for_request`) on a websocket until Voila sends it the request that
took it (query string, login header). Voila's own handler for that socket
(``voila.request_info_handler``) is open to anyone at ``/voila/query/<kernel_id>``, keeps the
*last* socket per kernel id, and its ``on_close`` deletes whichever waiter happens to be last
in its dict when the closing socket is not found. Two sockets opened and closed on any id
therefore unhook another kernel's waiter: the next viewer's page never gets its request, its
kernel stays busy for ever and is never culled (issue #11).

Here:

* the kernels connect on a path with a per-server secret (``VOILA_WS_BASE_URL``, which the
  kernels inherit from the server's environment and browsers never see); the public
  ``/voila/query/`` path answers 404;
* one socket per kernel id, and only for a kernel the server is running; a second is refused;
* a closing socket removes only itself;
* a request that arrives before its kernel's socket waits in :attr:`_pending`, and is dropped
  when the kernel shuts down (Voila's cache grew for ever).
"""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any, ClassVar

from tornado import web
from tornado.websocket import WebSocketHandler

log = logging.getLogger("bmsdata.server")

#: Path segment under which the kernels reach the server; the secret follows it.
KERNEL_PREFIX = "bms-kernel"


def new_secret() -> str:
    """A fresh, unguessable path segment for one server's lifetime."""
    return secrets.token_urlsafe(32)


class KernelRequestInfoHandler(WebSocketHandler):
    """Hands one page request's info to the one kernel that serves it."""

    _waiters: ClassVar[dict[str, KernelRequestInfoHandler]] = {}
    _pending: ClassVar[dict[str, str]] = {}

    def initialize(self, **kwargs: Any) -> None:
        self._kernel_id: str | None = None

    def open(self, *args: str, **kwargs: str) -> None:
        kernel_id = args[-1] if args else kwargs.get("kernel_id", "")
        manager = self.settings.get("kernel_manager")
        if manager is None or kernel_id not in manager:
            log.warning("Refused request-info socket for unknown kernel %s", kernel_id)
            self.close(4404, "unknown kernel")
            return
        if kernel_id in self._waiters:
            log.warning("Refused a second request-info socket for kernel %s", kernel_id)
            self.close(4409, "already connected")
            return
        self._kernel_id = kernel_id
        self._waiters[kernel_id] = self
        log.info("Kernel %s is waiting for its page request", kernel_id)
        payload = self._pending.pop(kernel_id, None)
        if payload is not None:
            self.write_message(payload)

    def on_close(self) -> None:
        if self._kernel_id is not None and self._waiters.get(self._kernel_id) is self:
            del self._waiters[self._kernel_id]

    @classmethod
    def send_updates(cls, msg: dict[str, Any]) -> None:
        """Voila's page handler calls this (same signature as Voila's) when a kernel is used."""
        kernel_id = msg["kernel_id"]
        payload = msg["payload"]
        text = payload if isinstance(payload, str) else json.dumps(payload)
        waiter = cls._waiters.get(kernel_id)
        if waiter is None:
            cls._pending[kernel_id] = text
            return
        try:
            waiter.write_message(text)
        except Exception:
            log.error("Could not send the request info to kernel %s", kernel_id, exc_info=True)

    @classmethod
    def forget(cls, kernel_id: str) -> None:
        """Drop what is kept for a kernel that has shut down."""
        cls._pending.pop(kernel_id, None)
        waiter = cls._waiters.pop(kernel_id, None)
        if waiter is not None:
            waiter.close()


class RefusedQueryHandler(web.RequestHandler):
    """``/voila/query/<id>``: the old public door, now closed for everyone."""

    def get(self, *args: str, **kwargs: str) -> None:
        raise web.HTTPError(404)
