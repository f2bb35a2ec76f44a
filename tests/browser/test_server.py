"""Voila serves every dashboard over loopback (plain HTTP, no browser needed)."""

from __future__ import annotations

import urllib.request

import pytest

from bmsdata.serve import DASHBOARDS

NOTEBOOKS = sorted(p.name for p in DASHBOARDS.glob("*.ipynb"))


def test_every_dashboard_is_there():
    assert {"oversikt.ipynb", "fokusomrade.ipynb", "enhet.ipynb", "arshjul.ipynb"} <= set(
        NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_render_url_answers_200_in_norwegian(voila_server, notebook):
    with urllib.request.urlopen(voila_server.url(notebook), timeout=120) as resp:
        assert resp.status == 200
        html = resp.read().decode("utf-8")
    assert '<html lang="nb">' in html
    assert "Eksempel kommune" in html  # the template's header
    assert "Traceback" not in html
    assert "cdn.jsdelivr.net" not in html  # nothing is fetched from outside the server


def test_bad_parameter_is_a_page_not_an_error(voila_server):
    with urllib.request.urlopen(voila_server.url("enhet", enhet="<script>"), timeout=120) as r:
        assert r.status == 200
        assert "Traceback" not in r.read().decode("utf-8")
