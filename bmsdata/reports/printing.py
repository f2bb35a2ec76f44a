"""PDF and PNG from our own HTML, printed by Debian's headless Chromium through Playwright.

Why Chromium and not a Python PDF library: the reports carry the same plotly charts as the
dashboards, and only a browser draws those. Why Debian's Chromium: we never download a browser
(``playwright install``); the executable is ``$BMS_CHROMIUM`` or ``/usr/bin/chromium``.

Rules that make the output reproducible and safe:

* **Offline.** Every request that is not ``file:``, ``data:``, ``blob:`` or ``about:`` is
  aborted, and the host resolver knows no host at all, so a report prints the same with or
  without a network and can never call home. Report HTML inlines everything it needs.
* **Charts are finished before printing.** A page that draws asynchronously sets
  ``window.bmsReady = false`` early and ``true`` when it is done, and/or marks each chart
  container with ``data-bms-chart`` and sets ``data-drawn`` on it once drawn (the helper
  :data:`DRAW_CHARTS_JS` does both for plotly figures). :class:`Printer` waits for both, and
  for web fonts.
* **One browser, many documents.** Starting Chromium takes about a second; :class:`Printer`
  keeps one open for all unit sheets of a run. Each document gets a fresh browser context.

Playwright's sync API refuses to run where an asyncio loop is running (a Jupyter/Voila kernel),
so every browser call runs on one private worker thread.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from bmsdata.errors import BmsError

log = logging.getLogger(__name__)

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ENV = "BMS_CHROMIUM"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Belt and braces beside the request route: no host name resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
#: Schemes a report page may load; everything else is aborted.
ALLOWED_SCHEMES = ("file:", "data:", "blob:", "about:")
#: How long a page may take to load and draw its charts.
READY_TIMEOUT_MS = 60_000
#: ``one_page`` never shrinks below this (text would get too small to read).
MIN_SCALE = 0.55
#: Leave a little room: rounding in Chromium's print layout must not push a line over.
FIT_SAFETY = 0.97
#: A4 at 96 CSS px per inch, and the margin we print with (12 mm on every side).
A4_MM = (210, 297)
MARGIN_MM = 12
_PX_PER_MM = 96 / 25.4

#: JavaScript for report templates: draw every ``<script type="application/json"
#: class="bms-figure">`` into the ``[data-bms-chart]`` element that holds it, with plotly.js
#: (inlined by the template before this script), without animation; mark each one drawn and set
#: ``window.bmsReady`` when all are. Static output (``staticPlot``) is right for print.
DRAW_CHARTS_JS = """
(function () {
  window.bmsReady = false;
  function drawAll() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll('[data-bms-chart]'));
    var jobs = boxes.map(function (box) {
      var src = box.querySelector('script.bms-figure');
      var target = box.querySelector('.bms-plot') || box;
      if (!src || !window.Plotly) { box.setAttribute('data-drawn', 'none'); return null; }
      var fig = JSON.parse(src.textContent);
      var config = Object.assign({}, fig.config || {}, {staticPlot: true, responsive: false,
                                                         displayModeBar: false});
      var layout = Object.assign({}, fig.layout || {}, {transition: {duration: 0}});
      return Plotly.newPlot(target, fig.data, layout, config).then(function () {
        box.setAttribute('data-drawn', 'true');
      });
    });
    Promise.all(jobs).then(function () { window.bmsReady = true; },
                           function (err) { window.bmsError = String(err); });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else { drawAll(); }
})();
"""

_READY_JS = """() => window.bmsReady !== false
  && Array.prototype.every.call(document.querySelectorAll('[data-bms-chart]'),
                                 function (e) { return e.hasAttribute('data-drawn'); })"""

T = TypeVar("T")


class ReportError(BmsError):
    """A report problem a person must act on: ``message`` (also ``str()``) says what to do,
    ``english`` is for logs."""


def chromium_path() -> Path:
    """``$BMS_CHROMIUM``, else ``/usr/bin/chromium``; a Norwegian error when it is not there."""
    path = Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise ReportError(
            f"Fant ikke nettleseren Chromium ({path}), som trengs for å lage PDF og bilder. "
            "Installer Debian-pakken «chromium» (sudo apt-get install chromium; «./run demo» "
            f"gjør det for deg), eller sett miljøvariabelen {CHROMIUM_ENV} til stien til en "
            "Chromium-fil.",
            f"Chromium not found at {path}; install the Debian package chromium or set "
            f"{CHROMIUM_ENV}",
        )
    return path


def printable_width_px(landscape: bool) -> int:
    """The width of the printable area in CSS pixels: the viewport we lay pages out in, so
    charts are drawn at the size they are printed."""
    width_mm = A4_MM[1] if landscape else A4_MM[0]
    return int((width_mm - 2 * MARGIN_MM) * _PX_PER_MM)


def _route(route: Any) -> None:
    url = route.request.url
    if url.startswith(ALLOWED_SCHEMES):
        route.continue_()
    else:
        log.warning("blocked a network request from a report page: %s", url[:200])
        route.abort()


class Printer:
    """One headless Chromium for many documents. Use as a context manager::

        with Printer() as printer:
            printer.pdf(html, Path("a.pdf"), landscape=True)
            pngs = printer.screenshots(html, ".slide")
    """

    def __init__(self) -> None:
        self._executable = chromium_path()
        self._thread: ThreadPoolExecutor | None = None
        self._pw: Any = None
        self._playwright: Any = None
        self._browser: Any = None
        self._pages: dict[tuple[str, float], Any] = {}
        self._errors: list[str] = []

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Printer:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bms-printer")
        try:
            self._call(self._start)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _start(self) -> None:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright()
        self._playwright = self._pw.start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=str(self._executable), args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise ReportError(
                f"Chromium ({self._executable}) kunne ikke startes. Sjekk at Debian-pakken "
                f"«chromium» er riktig installert, eller sett {CHROMIUM_ENV} til en annen "
                "Chromium-fil.",
                f"Chromium at {self._executable} failed to start: {exc}",
            ) from exc

    def close(self) -> None:
        """Close the browser and the worker thread; safe to call twice."""
        if self._thread is None:
            return

        def stop() -> None:
            try:
                self._pages.clear()
                if self._browser is not None:
                    self._browser.close()
            finally:
                self._browser = None
                if self._playwright is not None:
                    self._playwright.stop()
                self._playwright = self._pw = None

        try:
            self._call(stop)
        finally:
            self._thread.shutdown(wait=True)
            self._thread = None

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._thread is None:
            raise RuntimeError("use Printer as a context manager: with Printer() as p: ...")
        return self._thread.submit(fn, *args, **kwargs).result()

    # -- documents -------------------------------------------------------------------------

    def pdf(self, html: str, out: Path, *, landscape: bool = False,
            one_page: bool = False) -> Path:
        """Print ``html`` to an A4 PDF at ``out`` (backgrounds printed), after its charts are
        drawn. The file appears whole or not at all.

        ``one_page``: shrink the content (down to :data:`MIN_SCALE`) until it fits one page,
        for sheets that must stay one page whatever the size of the municipality's scorecard.
        """
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        return self._call(self._pdf, html, out, landscape, one_page)

    def screenshots(self, html: str, selector: str, *, scale: float = 2.0,
                    viewport: tuple[int, int] = (1280, 720)) -> list[bytes]:
        """A PNG of every element matching ``selector``, in document order, at ``scale``
        device pixels per CSS pixel."""
        return self._call(self._screenshots, html, selector, scale, viewport)

    def _page(self, width: int, height: int, scale: float, media: str) -> Any:
        """A page to load documents into, kept for the next document: a new browser context
        starts a renderer process, which costs more than printing a sheet. Navigating to the
        next file leaves nothing of the previous document behind."""
        key = (media, round(scale, 3))
        if key not in self._pages:
            context = self._browser.new_context(viewport={"width": width, "height": height},
                                                device_scale_factor=scale, locale="nb-NO")
            context.route("**/*", _route)
            page = context.new_page()
            page.on("pageerror", lambda e: self._errors.append(str(e)))
            # PDFs are laid out as they print (so one_page measures the printed height);
            # screenshots as they show on screen.
            page.emulate_media(media=media)
            self._pages[key] = page
        page = self._pages[key]
        page.set_viewport_size({"width": width, "height": height})
        return page

    def _open(self, html: str, workdir: Path, width: int, height: int,
              scale: float = 1.0, media: str = "print") -> Any:
        # A file rather than set_content: big pages (plotly.js is inlined) load faster, and
        # the document gets a file: origin that the route lets through.
        src = workdir / "page.html"
        if "charset" not in html[:1024].lower():
            # A file without a declared charset is read as windows-1252: "på" would print
            # as "pÃ¥". We write UTF-8, so say so.
            html = '<meta charset="utf-8">' + html
        src.write_text(html, encoding="utf-8")
        page = self._page(width, height, scale, media)
        self._errors.clear()
        try:
            page.goto(src.as_uri(), wait_until="load", timeout=READY_TIMEOUT_MS)
            page.wait_for_function(_READY_JS, timeout=READY_TIMEOUT_MS)
            page.evaluate("() => document.fonts.ready.then(() => true)")
        except Exception as exc:
            self._discard(media, scale)
            raise ReportError(
                "Rapporten ble ikke ferdig tegnet i nettleseren (diagrammene ble ikke klare). "
                "Prøv igjen; gjentar feilen seg, kjør med --debug og meld fra om feilen.",
                f"page did not become ready: {exc}; page errors: {self._errors}",
            ) from exc
        if self._errors:
            log.warning("JavaScript errors on a report page: %s", self._errors)
        return page

    def _discard(self, media: str, scale: float) -> None:
        page = self._pages.pop((media, round(scale, 3)), None)
        if page is not None:
            try:
                page.context.close()
            except Exception:  # the browser may be gone already; close() reports that
                log.debug("could not close a report page", exc_info=True)

    def _leave(self, page: Any, media: str, scale: float) -> None:
        """Unload the document, so nothing of it stays in memory; a page that will not
        unload is dropped (the next document gets a new one)."""
        try:
            page.goto("about:blank")
        except Exception:
            log.debug("could not unload a report page", exc_info=True)
            self._discard(media, scale)

    def _pdf(self, html: str, out: Path, landscape: bool, one_page: bool) -> Path:
        width = printable_width_px(landscape)
        height = int(((A4_MM[0] if landscape else A4_MM[1]) - 2 * MARGIN_MM) * _PX_PER_MM)
        with tempfile.TemporaryDirectory(prefix="bms-print-") as tmp:
            page = self._open(html, Path(tmp), width, height)
            try:
                scale = self._fit(page, width, height) if one_page else 1.0
                part = out.with_name(out.name + ".part")
                page.pdf(path=str(part), format="A4", landscape=landscape,
                         print_background=True, scale=scale,
                         margin={side: f"{MARGIN_MM}mm"
                                 for side in ("top", "right", "bottom", "left")})
            finally:
                self._leave(page, "print", 1.0)
        os.replace(part, out)
        log.info("wrote %s", out)
        return out

    @staticmethod
    def _fit(page: Any, width: int, height: int) -> float:
        """The print scale at which the page fits one sheet. At scale ``s`` Chromium lays the
        page out ``width / s`` wide, so each guess is re-measured at its own width."""
        scale = 1.0
        for _ in range(4):
            if scale < 1.0:
                page.set_viewport_size({"width": int(width / scale), "height": height})
            needed = page.evaluate("() => document.documentElement.scrollHeight")
            if needed * scale <= height * FIT_SAFETY:
                break
            scale = max(MIN_SCALE, scale * height * FIT_SAFETY / (needed * scale))
            if scale == MIN_SCALE:
                break
        if scale < 1.0:
            log.info("shrank a one-page document to %.0f %%", scale * 100)
        return round(scale, 3)

    def _screenshots(self, html: str, selector: str, scale: float,
                     viewport: tuple[int, int]) -> list[bytes]:
        with tempfile.TemporaryDirectory(prefix="bms-shot-") as tmp:
            page = self._open(html, Path(tmp), viewport[0], viewport[1], scale, "screen")
            try:
                return [el.screenshot(type="png", animations="disabled")
                        for el in page.locator(selector).all()]
            finally:
                self._leave(page, "screen", scale)


def html_to_pdf(html: str, out: Path, *, landscape: bool = False) -> Path:
    """Print one document (starts and stops its own Chromium; use :class:`Printer` for many)."""
    with Printer() as printer:
        return printer.pdf(html, out, landscape=landscape)


__all__ = ["CHROMIUM_ARGS", "DRAW_CHARTS_JS", "Printer", "ReportError", "chromium_path",
           "html_to_pdf", "printable_width_px"]
