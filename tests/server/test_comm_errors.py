"""A failing or malformed widget message sends no traceback or file path to the browser.

After rendering, a page talks to its kernel only in comm messages; anyone can send any (see
``tests/widgetkit.py``). Before, a bad value for a widget came back as an ``error`` message
with the full traceback (``/…/site-packages/ipywidgets/…`` and the code lines), and a bad
``comm_open`` as a ``stderr`` stream with the same. The server's log keeps the traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from serverkit import running_server
from widgetkit import WidgetPage, texts_of

pytestmark = pytest.mark.slow


def test_comm_errors_reach_the_server_log_not_the_browser(demo_store_master: Path,
                                                          tmp_path: Path) -> None:
    with running_server(demo_store_master, tmp_path / "voila.log", pools=False) as server:
        with WidgetPage.open(server.url("enhet")) as page:
            models = page.models()
            dropdown = next(m for m in models if m.name == "DropdownModel")
            replies = []
            # A value the widget cannot take (its validator raises in the kernel).
            replies += page.update(dropdown, index=99_999)
            # A reference to a widget that does not exist.
            replies += page.comm_msg(models[0].id, {"method": "update", "buffer_paths": [],
                                                    "state": {"layout": "IPY_MODEL_nope"}})
            # Not a widget message at all.
            replies += page.comm_msg(models[0].id, {"garbage": 1})
            # A widget of a class that does not exist.
            replies += page.send("comm_open", {"comm_id": "bad-open", "data": {
                "state": {"_model_name": "NoSuchModel"}}, "target_name": "jupyter.widget"})
            # The kernel still answers, and the page still works.
            assert page.models()
        sent = texts_of(replies)
        assert not [r for r in replies if r.get("msg_type") == "error"]
        assert not [r for r in replies if r.get("msg_type") == "stream"]
        for leak in ("Traceback", "site-packages", ".py", "/work", "TraitError", "KeyError"):
            assert leak not in sent, leak
        log = server.log()
        assert "Error while handling a widget message (not sent to the browser)" in log
        assert "TraitError" in log
