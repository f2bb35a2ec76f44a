"""``python -m bmsdata.server.app``: Voila as ``bms serve`` runs it, hardened (issue #11).

:class:`BmsVoila` is :class:`voila.app.Voila` with its tornado handlers partly replaced:

* the public ``/voila/query/<id>`` socket is closed; kernels fetch their request on a secret
  path (:mod:`bmsdata.server.query`);
* the page handler refuses a page with the «Serveren er full» page (503) when it would need a
  kernel beyond the cap (:mod:`bmsdata.server.capacity`), and sets the ``_xsrf`` cookie that
  Voila's unload beacon sends back, so page close frees the kernel with XSRF checks on
  (voila-dashboards/voila#1458: without the cookie the beacon was refused);
* every kernel loads :mod:`bmsdata.server.kernel_hook` (no tracebacks over the comm channel).

Two of Voila's module-level names are replaced in this process only, because Voila's own code
looks them up at call time: ``voila.handler.RequestInfoSocketHandler`` (the page handler sends
the request info through it) and ``voila.app.voila_kernel_manager_factory`` (to put the
capacity rules on top of Voila's preheating kernel manager). Both are checked at import, so a
Voila upgrade that moves them fails loudly instead of silently losing the guard.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
from collections import Counter
from typing import Any

import voila.app
import voila.handler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Integer
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.voila_kernel_manager import voila_kernel_manager_factory

from bmsdata.server import capacity
from bmsdata.server.query import (
    KERNEL_PREFIX,
    KernelRequestInfoHandler,
    RefusedQueryHandler,
    new_secret,
)

log = logging.getLogger("bmsdata.server")

#: What every kernel is started with, on top of its kernelspec.
KERNEL_ARGUMENTS = ("--IPKernelApp.extensions=bmsdata.server.kernel_hook",)

class _Reservation:
    """One page request's claim on a kernel slot, held from the capacity check to the start."""

    def __init__(self) -> None:
        self.used = False


#: The page request that is running in this asyncio task, if any (see BmsKernelManager).
_page_reservation: contextvars.ContextVar[_Reservation | None] = contextvars.ContextVar(
    "bms_page_reservation", default=None)


class BmsKernelManager(AsyncMappingKernelManager):
    """Counts kernels against the cap and starts each with :data:`KERNEL_ARGUMENTS`.

    A kernel counts from the moment a slot is claimed (a page request that passed the check,
    a pool refill that found room) until it has shut down; preheated pool kernels count.
    """

    max_kernels = Integer(0, config=True,
                          help="Most live kernels (pool kernels included); 0 = from memory.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0
        self._reserved = 0
        self._closing = False

    @property
    def cap(self) -> int:
        return self.max_kernels if self.max_kernels > 0 else capacity.default_max_kernels()

    def kernel_count(self) -> int:
        return len(self._kernels) + self._starting + self._reserved

    def at_capacity(self) -> bool:
        return self.kernel_count() >= self.cap

    def reserve(self) -> _Reservation:
        """Claim a slot for a page request now (the start comes after awaits)."""
        self._reserved += 1
        return _Reservation()

    def release(self, reservation: _Reservation) -> None:
        if not reservation.used:
            reservation.used = True
            self._reserved -= 1

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        extra = [*(kwargs.pop("extra_arguments", None) or []), *KERNEL_ARGUMENTS]
        preheat = (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True"
        counted = not preheat  # pool starts hold a slot in _initialize already
        if counted:
            # Turn this page request's reservation into a start, in the same step.
            reservation = _page_reservation.get()
            if reservation is not None:
                self.release(reservation)
            self._starting += 1
        try:
            return await super().start_kernel(*args, extra_arguments=extra, **kwargs)
        finally:
            if counted:
                self._starting -= 1


def _pooled_factory(base_class: type, preheat_kernel: bool, default_pool_size: int,
                    page_config_hook: Any = None) -> type:
    """Voila's preheating kernel manager, with pool refills that wait for room under the cap."""
    pooled = voila_kernel_manager_factory(base_class, preheat_kernel, default_pool_size,
                                          page_config_hook=page_config_hook)
    if not preheat_kernel:
        return pooled

    class BmsPooledKernelManager(pooled):  # type: ignore[valid-type, misc]
        def __init__(self, **kwargs: Any) -> None:
            self._waiting_for_room: Counter[str] = Counter()
            super().__init__(**kwargs)

        async def _initialize(self, notebook_path: str, kernel_id: str | None = None,
                              **kwargs: Any) -> Any:
            if kernel_id is not None:  # a restart: the kernel already has its slot
                return await super()._initialize(notebook_path, kernel_id, **kwargs)
            self._waiting_for_room[notebook_path] += 1
            try:
                while self.at_capacity():
                    if self._closing:
                        raise RuntimeError("the server is stopping")
                    await asyncio.sleep(0.5)
            finally:
                self._waiting_for_room[notebook_path] -= 1
            if self._closing:
                raise RuntimeError("the server is stopping")
            self._reserved += 1
            try:
                return await super()._initialize(notebook_path, kernel_id, **kwargs)
            finally:
                self._reserved -= 1

        def ready_in_pool(self, notebook_path: str) -> bool:
            """A pool kernel for this notebook is started or starting (not waiting for room)."""
            waiting = self._waiting_for_room.get(notebook_path, 0)
            return len(self._pools.get(notebook_path, ())) - waiting > 0

        async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> Any:
            KernelRequestInfoHandler.forget(kernel_id)
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)

        async def shutdown_all(self, *args: Any, **kwargs: Any) -> Any:
            self._closing = True
            return await super().shutdown_all(*args, **kwargs)

    return BmsPooledKernelManager


class BmsPageHandler(TornadoVoilaHandler):
    """Voila's page handler with the cap and the ``_xsrf`` cookie."""

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        # Voila's unload beacon reads the _xsrf cookie and posts it back; tornado sets the
        # cookie when the token is first read.
        _ = self.xsrf_token
        manager = self.kernel_manager
        notebook = self.notebook_path or path or ""
        # Voila takes a pool kernel only when the pool has rendered once (notebook_data) and
        # the URL does not ask for another template or theme; otherwise it starts a kernel.
        pooled = (getattr(manager, "ready_in_pool", None) is not None
                  and manager.ready_in_pool(notebook)
                  and bool(manager.notebook_data.get(notebook))
                  and self.get_argument("template", None) is None
                  and self.get_argument("theme", None) is None)
        if not pooled and notebook.lower().endswith(".ipynb"):
            if manager.at_capacity():
                log.warning("Kernel cap reached (%s live of %s): refused %s",
                            manager.kernel_count(), manager.cap, notebook)
                self._server_full()
                return
            reservation = manager.reserve()
            token = _page_reservation.set(reservation)
            try:
                await super().get(path)
            finally:
                _page_reservation.reset(token)
                manager.release(reservation)
            return
        await super().get(path)

    def _server_full(self) -> None:
        resources = self.voila_configuration.resources or {}
        self.set_status(503)
        self.set_header("Retry-After", str(capacity.RETRY_AFTER))
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
        self.finish(capacity.full_page(resources.get("bms_municipality", "Kommunen"),
                                       self.base_url))


class BmsVoila(voila.app.Voila):
    """Voila for ``bms serve``: see the module docstring."""

    max_kernels = Integer(0, config=True,
                          help="Most live kernels, pool kernels included (0 = from memory).")

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        # Our guards log through Voila's handlers, so their lines land in the same server log.
        for handler in self.log.handlers:
            log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
        self.voila_configuration.multi_kernel_manager_class = BmsKernelManager
        self._kernel_secret = new_secret()

    def init_settings(self) -> dict:
        # The kernels inherit this server's environment when they are started (the pool is
        # filled while the settings are made), and build their request-info URL from it.
        server_url = self.server_url or self.base_url
        os.environ["VOILA_WS_BASE_URL"] = f"{server_url}{KERNEL_PREFIX}/{self._kernel_secret}/"
        if self.ip and self.ip not in ("0.0.0.0", "::", "", "localhost"):
            os.environ.setdefault("VOILA_APP_IP", self.ip)
        settings = super().init_settings()
        self.kernel_manager.max_kernels = capacity.resolve_max_kernels(
            self.max_kernels or None)
        self.log.info("At most %s live kernels (pool kernels included).",
                      self.kernel_manager.cap)
        return settings

    def init_handlers(self) -> list:
        handlers = []
        for spec in super().init_handlers():
            pattern, handler, *rest = spec
            if handler is RequestInfoSocketHandler:
                handlers.append((pattern, RefusedQueryHandler))
            elif handler is TornadoVoilaHandler:
                handlers.append((pattern, BmsPageHandler, *rest))
            else:
                handlers.append(spec)
        server_url = self.server_url or self.base_url
        secret_path = url_path_join(
            server_url, f"/{KERNEL_PREFIX}/{self._kernel_secret}/voila/query/"
            + voila.app._kernel_id_regex)
        handlers.insert(0, (secret_path, KernelRequestInfoHandler))
        return handlers


def _install() -> None:
    """Point Voila's call-time lookups at ours (see the module docstring)."""
    for module, name in ((voila.handler, "RequestInfoSocketHandler"),
                         (voila.app, "voila_kernel_manager_factory")):
        if not hasattr(module, name):
            raise RuntimeError(f"{module.__name__}.{name} is gone: check bmsdata.server "
                               f"against this Voila version")
    voila.handler.RequestInfoSocketHandler = KernelRequestInfoHandler  # type: ignore[misc]
    voila.app.voila_kernel_manager_factory = _pooled_factory  # type: ignore[assignment]


_install()

main = BmsVoila.launch_instance

if __name__ == "__main__":
    main()
