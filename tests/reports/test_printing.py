"""Printing through Debian's Chromium: offline, after the charts are drawn, one page per
element for screenshots, and a Norwegian error without a browser."""

from __future__ import annotations

import http.server
import struct
import threading
from pathlib import Path

import pytest
from reportkit import pdf_pages, pdf_text

from bmsdata.reports.common import draw_charts_js, plotly_js
from bmsdata.reports.printing import Printer, ReportError, chromium_path, html_to_pdf


def test_missing_browser_is_a_norwegian_error(monkeypatch, tmp_path):
    monkeypatch.setenv("BMS_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(ReportError) as err:
        chromium_path()
    assert "Installer Debian-pakken «chromium»" in str(err.value)
    assert "BMS_CHROMIUM" in str(err.value) and "./run demo" in str(err.value)
    with pytest.raises(ReportError):
        html_to_pdf("<p>x</p>", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.browser
def test_a_page_cannot_reach_the_network(chromium, tmp_path: Path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        html = (f'<p>Frakoblet</p><img src="{base}/img.png"><link rel="stylesheet" '
                f'href="{base}/s.css"><script src="{base}/x.js"></script>'
                f'<script>fetch("{base}/fetch").catch(() => 0)</script>')
        out = html_to_pdf(html, tmp_path / "offline.pdf")
    finally:
        server.shutdown()
    assert _Counting.hits == []
    assert "Frakoblet" in pdf_text(out)


@pytest.mark.browser
def test_charts_are_drawn_before_printing_and_landscape_is_a4(chromium, tmp_path: Path):
    figure = ('{"data":[{"type":"scatter","x":["2024","2025"],"y":[1,2],"name":"Sjekkserie"}],'
              '"layout":{"showlegend":true,"title":{"text":"Tittel på diagram"}}}')
    html = (f"<script>{plotly_js()}</script><div data-bms-chart>"
            f'<script type="application/json" class="bms-figure">{figure}</script>'
            f'<div class="bms-plot" style="height:300px"></div></div>'
            f"<script>{draw_charts_js()}</script>")
    out = html_to_pdf(html, tmp_path / "chart.pdf", landscape=True)
    text = pdf_text(out)
    assert "Tittel på diagram" in text and "Sjekkserie" in text  # plotly's own SVG text
    assert pdf_pages(out) == 1


def _png_width(png: bytes) -> int:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">I", png[16:20])[0]


@pytest.mark.browser
def test_screenshots_one_png_per_element_in_document_order(chromium):
    html = ('<div class="s" style="width:100px;height:20px;background:#036">a</div>'
            '<div class="s" style="width:200px;height:20px;background:#036">b</div>'
            '<div class="t">not me</div>')
    with Printer() as printer:
        shots = printer.screenshots(html, ".s", scale=2.0)
        again = printer.screenshots(html, ".s", scale=1.0)  # the same browser, again
    assert [_png_width(s) for s in shots] == [200, 400]
    assert [_png_width(s) for s in again] == [100, 200]
