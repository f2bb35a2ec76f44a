"""The JupyterHub setup: the author is set by the spawner, and no request header can change it.

As in ``docs/deployment.md``: the hub starts the user's Voila with
``BMS_AUTHOR_HEADER=X-Bms-Hub-User`` and ``HTTP_X_BMS_HUB_USER=<the signed-in user>`` in its
environment. A client that sends ``X-Bms-Hub-User: mallory`` (or ``X-Forwarded-User``) must not
become the author, neither through the header nor through the widget protocol.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import pytest
from widgetkit import WidgetPage, html_of

if TYPE_CHECKING:  # the conftest module is on sys.path only while this folder is collected
    from conftest import Deployment

pytestmark = [pytest.mark.slow]

FORGED = "mallory"
FORGED_HEADERS = {"X-Bms-Hub-User": FORGED, "X-Forwarded-User": FORGED}


@pytest.fixture(scope="module")
def hub(deploy: Callable[[Mapping[str, str]], Deployment]) -> Deployment:
    return deploy({"BMS_AUTHOR_HEADER": "X-Bms-Hub-User", "HTTP_X_BMS_HUB_USER": "kari"})


@pytest.mark.parametrize("notebook, param", [("resultatsloyfe", "loop"),
                                             ("presentasjon", "loyfe")])
def test_a_client_header_does_not_make_the_author(hub, notebook, param):
    page = WidgetPage.open(hub.server.url(notebook, **{param: hub.loop_id}),
                           headers=FORGED_HEADERS)
    try:
        models = page.models()
        assert not [m for m in models if m.description in {"Navnet ditt", "Bruk navnet"}]
        shown = html_of(models)
        assert FORGED not in shown
        assert "Du skriver som «kari» (fra innloggingen) · rolle: skriver" in shown

        # Save something legitimate, then try every text field and button with the forged name.
        if notebook == "resultatsloyfe":
            text = next(m for m in models if m.description == "Tekst")
            save = next(m for m in models if m.description == "Lagre notatet")
        else:
            text = next(m for m in models if m.description.startswith("Kommentar til"))
            save = next(m for m in models if m.description == "Lagre kommentaren")
        page.update(text, value="Skrevet gjennom huben.")
        page.click(save)
        assert hub.entries()[-1].author == "kari"
        for m in models:
            if m.name in {"TextModel", "TextareaModel"}:
                page.update(m, value=FORGED)
        for m in models:
            if m.name == "ButtonModel" and m.description not in {"Lag PDF", "Lag PPTX"}:
                page.click(m)
    finally:
        with contextlib.suppress(Exception):
            page.close()
    assert {e.author for e in hub.entries()} == {"kari"}
