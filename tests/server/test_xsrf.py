"""XSRF checks are on, and closing a page still frees its kernel.

``dashboards/voila.json`` used to turn XSRF checking off, because Voila's "shut down my
kernel" beacon (sent when a page closes) was refused without it: no page set the ``_xsrf``
cookie the beacon sends back (voila-dashboards/voila#1458), so every closed page left its
kernel running until the culler came.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from serverkit import fetch, running_server

KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')


def _kernel_alive(base: str, kernel_id: str) -> bool:
    status, _, _ = fetch(f"{base}/api/kernels/{kernel_id}", timeout=30)
    assert status in (200, 404), status
    return status == 200


@pytest.mark.slow
def test_kernel_api_refuses_a_request_without_xsrf_token(demo_store_master: Path,
                                                         tmp_path: Path) -> None:
    with running_server(demo_store_master, tmp_path / "voila.log", pools=False) as server:
        status, _, html = fetch(server.url("enhet"))
        assert status == 200
        kernel_id = KERNEL_ID.search(html).group(1)
        # A cross-site page (or a script without the cookie) cannot stop a viewer's kernel.
        status, _, body = fetch(f"{server.base}/api/kernels/{kernel_id}", method="DELETE")
        assert status == 403
        status, _, _ = fetch(f"{server.base}/voila/api/shutdown/{kernel_id}", method="POST",
                             data=b"")
        assert status == 403
        assert "Traceback" not in body
        assert _kernel_alive(server.base, kernel_id)


@pytest.mark.slow
@pytest.mark.browser
def test_closing_a_page_frees_its_kernel(demo_store_master: Path, tmp_path: Path,
                                         browser: Any) -> None:
    from browserkit import open_dashboard

    with running_server(demo_store_master, tmp_path / "voila.log", pools=False) as server:
        context = browser.new_context(locale="nb-NO")
        try:
            page = context.new_page()
            page.set_default_timeout(120_000)
            open_dashboard(page, server.url("enhet"))
            kernel_id = KERNEL_ID.search(page.content()).group(1)
            assert _kernel_alive(server.base, kernel_id)
            # The page carries the token the unload beacon posts back.
            assert any(c["name"] == "_xsrf" for c in context.cookies())
            page.goto("about:blank")
            deadline = time.monotonic() + 60
            while _kernel_alive(server.base, kernel_id) and time.monotonic() < deadline:
                time.sleep(0.5)
            assert not _kernel_alive(server.base, kernel_id)
            assert "403 POST /voila/api/shutdown" not in server.log()
        finally:
            context.close()
