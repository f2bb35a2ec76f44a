"""Real Voila, real Chromium: snapshot swaps under load, and injection probes.

One Voila server (``browserkit.start_server``, as ``bms serve`` runs it) serves a private copy
of the demo store into which hostile names and texts were imported the ordinary way, and a
private journal holding a result loop whose title, notes and tiltak are hostile too:

* ``<script>window.__pwned=…</script>`` and ``<img src=x onerror=window.__pwned=…>`` in unit,
  focus-area, success-factor, indicator and survey names and question texts;
* ``'; DROP TABLE …; --`` and ``x' OR 1=1--`` in names, texts and every URL parameter.

**Swap under load.** Several Chromium pages keep reloading and clicking through dashboards
while a background thread imports a changed result again and again (each import builds a new
snapshot and swaps it in). The pages must keep answering – no error message, no traceback – and
after the last swap the next reload shows the last imported number, as a person reads it.

**Injection.** In Chromium no injected script may run (``window.__pwned`` stays undefined, no
dialog opens) and the hostile text is shown literally. The store keeps every table and row.
The minutes (HTML and Markdown), the CLI status table and the HTML reports get the same
probes outside the browser.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from _reliability_support import (
    DEFINITION_HEADER,
    LONG_HEADER,
    table_counts,
    write_csv,
)
from markupsafe import escape

BROWSER_DIR = Path(__file__).resolve().parents[1] / "browser"
sys.path.insert(0, str(BROWSER_DIR))

from browserkit import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    VoilaServer,
    chromium_or_skip,
    screenshot,
    start_server,
    stop_server,
)

from bmsdata import formatting  # noqa: E402
from bmsdata.importers import import_files  # noqa: E402
from bmsdata.importers.surveys import import_surveys  # noqa: E402
from bmsdata.loop import LoopService, open_journal  # noqa: E402
from bmsdata.scorecard.evaluate import latest_period  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCRIPT = "<script>window.__pwned='{n}'</script>"
IMG = "<img src=x onerror=\"window.__pwned='{n}'\">"
SQL = "'; DROP TABLE measurement; --"
UNIT_NAME = SCRIPT.format(n="unit") + "Injeksjonsskolen" + SQL
FOCUS_NAME = SCRIPT.format(n="focus") + "Fokus & <b>fet</b>"
FACTOR_NAME = IMG.format(n="factor") + "Suksessfaktor"
INDICATOR_NAME = IMG.format(n="indicator") + "Indikator" + SQL
QUESTION = SCRIPT.format(n="question") + "Spørsmål" + IMG.format(n="question2")
LOOP_TITLE = SCRIPT.format(n="loop") + "Løyfe" + SQL
NOTE = IMG.format(n="note") + "Hva sier tallene? x' OR 1=1--"
URL_PAYLOAD = "x' OR 1=1--\"><script>window.__pwned='url'</script><img src=x onerror=alert(1)>"
INDICATOR = "INJ-IND"


@dataclass
class Env:
    server: VoilaServer
    store: Path
    journal: Path
    loop_id: str
    period: str
    counts: dict[str, int]


def _import_hostile(store: Path, src: Path, period: str) -> None:
    """The hostile names and texts go in the way a municipality's files would."""
    units = write_csv(src / "enheter.csv", ["enhet_id", "navn", "overordnet_id", "type"],
                      [["INJ-SKO", UNIT_NAME, "K0000", "skole"]])
    card = write_csv(src / "malekart.csv", [
        "målekart_id", "målekart", "type", "fokusområde", "suksessfaktor", "indikator_id",
        "indikator", "retning", "skala_min", "skala_maks", "desimaler"], [
        ["pol", "Politisk målekart 2023–2027", "politisk", FOCUS_NAME, FACTOR_NAME, INDICATOR,
         INDICATOR_NAME, "høyere er bedre", "1", "6", "1"]])
    results = write_csv(src / "resultater.csv", ["indikator_id", "enhet_id", "periode", "verdi"],
                        [[INDICATOR, "K0000", period, "4,2"], [INDICATOR, "INJ-SKO", period,
                                                                 "3,9"]])
    import_files({"units": [units], "scorecard": [card], "measurements": [results]}, store)
    definition = write_csv(src / "undersokelse.csv", DEFINITION_HEADER, [
        ["INJ", SCRIPT.format(n="survey") + "Undersøkelse", "innbygger", "D1",
         IMG.format(n="dimension") + "Dimensjon", "Q1", QUESTION, "1–6", "9", "nei", "", ""]])
    answers = write_csv(src / "svar.csv", LONG_HEADER, [
        ["INJ", period[:4], "INJ-SKO", f"R{i}", "Q1", str(1 + i % 6)] for i in range(12)])
    import_surveys({"survey_definitions": [definition], "survey_responses": [answers]}, store)


def _hostile_loop(journal: Path) -> str:
    j = open_journal(journal)
    try:
        service = LoopService(j)
        loop_id = service.open_loop(LOOP_TITLE, "politisk", "RS1", 2025,
                                    author=SCRIPT.format(n="author") + "Kari",
                                    focus_areas=[], indicators=[INDICATOR])
        service.hold_meeting(loop_id, 1, "2025-03-10", "12/25", None, "Kari Nordmann")
        service.add_note(loop_id, NOTE, "Ola", note_type="question")
        service.comment(loop_id, INDICATOR, SCRIPT.format(n="comment") + "Kommentar", "Ola")
        return loop_id
    finally:
        j.close()


@pytest.fixture(scope="module")
def env(demo_store_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    chromium_or_skip()
    work = tmp_path_factory.mktemp("reliability-browser")
    store = work / "bms.duckdb"
    shutil.copyfile(demo_store_master, store)
    con = duckdb.connect(str(store), read_only=True)
    period = str(latest_period(con))
    con.close()
    _import_hostile(store, work / "src", period)
    journal = work / "journal.sqlite"
    loop_id = _hostile_loop(journal)
    counts = table_counts(store)
    before = os.environ.get("BMS_JOURNAL")
    os.environ["BMS_JOURNAL"] = str(journal)
    try:
        server = start_server(store, work / "voila.log")
    finally:
        if before is None:
            os.environ.pop("BMS_JOURNAL", None)
        else:
            os.environ["BMS_JOURNAL"] = before
    try:
        yield Env(server, store, journal, loop_id, period, counts)
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def browser(env: Env) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Client:
    """One viewer: a browser context and page that records dialogs and page errors."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": 900},
                                           locale="nb-NO")
        self.page = self.context.new_page()
        # Generous: four pages start kernels at once on 2 cores while imports run; a slow page
        # still has to answer, but CPU starvation alone must not fail the run.
        self.page.set_default_timeout(150_000)
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        with contextlib.suppress(Exception):
            dialog.dismiss()

    def pwned(self) -> Any:
        return self.page.evaluate("() => window.__pwned")

    def text(self) -> str:
        return self.page.locator("body").inner_text()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.page.goto("about:blank", timeout=5_000)
        self.context.close()


@pytest.fixture
def clients(browser: Any) -> Iterator[list[Client]]:
    made: list[Client] = []
    yield made
    for c in made:
        c.close()


def _healthy(c: Client) -> None:
    body = c.text()
    assert "Traceback" not in body, body[:2000]
    assert c.page.locator(".jp-OutputArea-output[data-mime-type*='error'], "
                          ".output_error").count() == 0
    assert c.pwned() is None and c.dialogs == []


def _wait_page(c: Client, env: Env, selector: str = ".bms-page h1") -> None:
    """Wait for the page's heading; on a timeout, fail with what the person saw and the
    server's log, so a failure under load can be told from an error on the page."""
    try:
        c.page.wait_for_selector(selector, state="visible")
    except Exception as exc:
        body = ""
        with contextlib.suppress(Exception):
            body = c.text()[:1500]
        raise AssertionError(f"{c.page.url}: {selector} never showed ({exc}).\nPage:\n{body}"
                             f"\nVoila log:\n{env.server.log()[-4000:]}") from exc


def _open(c: Client, env: Env, url: str) -> None:
    c.page.goto(url, wait_until="commit")
    _wait_page(c, env)


def _shown_value(c: Client) -> str:
    return c.page.locator(f'li[data-indicator="{INDICATOR}"] .bms-value').inner_text()


@pytest.mark.timeout(900)
def test_dashboards_keep_answering_while_snapshots_are_swapped_in(env: Env, browser, clients,
                                                                 tmp_path: Path) -> None:
    viewers = [Client(browser) for _ in range(3)]
    clients.extend(viewers)
    chooser = Client(browser)
    clients.append(chooser)
    for v in viewers:
        _open(v, env, env.server.url("oversikt"))
        assert _shown_value(v) == formatting.number(4.2, 1)
    _open(chooser, env, env.server.url("fokusomrade"))
    # The dropdown's labels keep words together with no-break spaces; the heading does not.
    options = [o.replace("\xa0", " ") for o in chooser.page.locator(
        ".widget-dropdown:has(label:text-is('Fokusområde')) select option").all_inner_texts()]
    assert len(options) >= 2

    values = [round(4.3 + 0.1 * i, 1) for i in range(6)]
    swapped: list[float] = []
    failure: list[BaseException] = []

    def importer() -> None:
        try:
            for i, value in enumerate(values):
                f = tmp_path / f"resultat_{i}.csv"
                f.write_text(f"indikator_id;enhet_id;periode;verdi\n{INDICATOR};K0000;"
                             f"{env.period};{str(value).replace('.', ',')}\n", encoding="utf-8")
                report = import_files({"measurements": [f]}, env.store)
                assert report.changed.get("measurement") == 1
                swapped.append(value)
                time.sleep(0.5)
        except BaseException as exc:  # reported in the test thread
            failure.append(exc)

    thread = threading.Thread(target=importer)
    thread.start()
    rounds = 0
    try:
        while thread.is_alive() or rounds < 2:
            # All viewers reload at once, so their kernels query while the store is swapped.
            for v in viewers:
                v.page.goto(env.server.url("oversikt"), wait_until="commit")
            for v in viewers:
                _wait_page(v, env)
                _healthy(v)
                shown = _shown_value(v)
                assert shown in {formatting.number(x, 1) for x in [4.2, *values]}, shown
            select = chooser.page.locator(
                ".widget-dropdown:has(label:text-is('Fokusområde')) select")
            current = chooser.page.locator(".bms-page h1").inner_text()
            target = next(o for o in options[rounds % len(options):] + options
                          if not o.startswith(current))
            select.select_option(index=options.index(target))
            chooser.page.wait_for_function(
                "c => (document.querySelector('.bms-page h1')?.textContent ?? c) !== c",
                arg=current)
            _healthy(chooser)
            heading = chooser.page.locator(".bms-page h1").inner_text()
            assert target.startswith(heading), (target, heading)
            rounds += 1
    finally:
        thread.join(timeout=120)
    assert not failure, failure
    assert swapped == values
    # The next reload after the last swap shows the last number, in every viewer.
    for v in viewers:
        _open(v, env, env.server.url("oversikt"))
        _healthy(v)
        assert _shown_value(v) == formatting.number(values[-1], 1)
    screenshot(viewers[0].page, "reliability-swap-under-load")
    print(f"\nswap under load: {len(values)} snapshots swapped in during {rounds} rounds of "
          f"{len(viewers)} reloading viewers and one clicking viewer")


def test_hostile_names_are_shown_literally_and_run_nothing(env: Env, browser, clients) -> None:
    c = Client(browser)
    clients.append(c)
    _open(c, env, env.server.url("oversikt"))
    _healthy(c)
    body = c.text()
    for text in (FOCUS_NAME, INDICATOR_NAME):
        assert text in body, text  # the markup is shown as text, character for character
    _open(c, env, env.server.url("enhet", enhet="INJ-SKO"))
    _healthy(c)
    assert UNIT_NAME in c.text()
    _open(c, env, env.server.url("undersokelser", undersokelse="INJ"))
    c.page.wait_for_timeout(500)
    _healthy(c)
    assert "Undersøkelse" in c.text() and SCRIPT.format(n="survey") in c.text()
    c.page.goto(env.server.url("resultatsloyfe", loop=env.loop_id), wait_until="commit")
    c.page.wait_for_selector(".bms-loop h1", state="visible")
    c.page.get_by_text("Hva sier tallene?").first.wait_for()
    _healthy(c)
    assert LOOP_TITLE in c.text() and NOTE in c.text()
    screenshot(c.page, "reliability-injection-loop")
    assert table_counts(env.store)[  # the hostile names dropped nothing
        "measurement"] >= env.counts["measurement"]


PAGES = {
    "oversikt": ["organ", "periode", "visning"],
    "fokusomrade": ["fokus", "indikator", "referanse", "organ", "periode", "visning"],
    "enhet": ["enhet", "organ", "periode", "visning"],
    "arshjul": ["dato", "organ", "visning"],
    "undersokelser": ["undersokelse", "dimensjon", "sporsmal", "enhet", "periode", "organ",
                      "visning"],
    "resultatsloyfe": ["loop"],
}
# Pages whose subject is a parameter: an unknown value is named back to the person.
ECHOED = {"fokusomrade": "fokus", "enhet": "enhet", "undersokelser": "undersokelse"}


@pytest.mark.parametrize("page_name", list(PAGES))
def test_hostile_url_parameters_are_inert_on_every_dashboard(env: Env, browser, clients,
                                                             page_name: str) -> None:
    c = Client(browser)
    clients.append(c)
    before = table_counts(env.store)
    url = env.server.url(page_name, **dict.fromkeys(PAGES[page_name], URL_PAYLOAD))
    c.page.goto(url, wait_until="commit")
    c.page.wait_for_selector(".bms-page, .bms-loop, [role=alert]", state="visible")
    c.page.wait_for_timeout(300)
    _healthy(c)
    if page_name in ECHOED:
        only = env.server.url(page_name, **{ECHOED[page_name]: URL_PAYLOAD})
        c.page.goto(only, wait_until="commit")
        c.page.wait_for_selector("[role=alert]", state="visible")
        _healthy(c)
        assert URL_PAYLOAD[:100] in c.page.locator("[role=alert]").first.inner_text()
    assert table_counts(env.store) == before


def test_minutes_escape_every_typed_text(env: Env, browser, clients) -> None:
    from bmsdata.reports.minutes import minutes_html, minutes_markdown

    j = open_journal(env.journal)
    try:
        state = LoopService(j).state(env.loop_id)
    finally:
        j.close()
    page_html = minutes_html(state)
    markdown = minutes_markdown(state)
    for raw in (LOOP_TITLE, NOTE):
        assert raw not in page_html
        assert str(escape(raw)) in page_html  # escaped exactly as autoescape does
    assert "<script>window.__pwned" not in page_html and "<img src=x" not in page_html
    assert "<script>window.__pwned" not in markdown and "<img src=x" not in markdown
    c = Client(browser)
    clients.append(c)
    c.page.set_content(page_html)
    c.page.wait_for_timeout(200)
    assert c.pwned() is None and c.dialogs == []
    assert "Løyfe" in c.text() and "Hva sier tallene?" in c.text()
    assert SCRIPT.format(n="loop") in c.text()  # shown literally


def test_cli_status_table_prints_names_as_text_and_the_store_is_intact(env: Env) -> None:
    bms = Path(sys.executable).with_name("bms")
    done = subprocess.run([str(bms), "--store", str(env.store), "status"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Indikator'; DROP TABLE measurement; --" in done.stdout
    counts = table_counts(env.store)
    assert set(counts) == set(env.counts)  # every table is still there


def _reports(env: Env, out: Path) -> list[Path]:
    bms = Path(sys.executable).with_name("bms")
    environ = {**os.environ, "BMS_JOURNAL": str(env.journal)}
    made: list[Path] = []
    for args in (["report", "units", "--out", str(out / "ark"), "--format", "html"],
                 ["report", "fokus", "--out", str(out / "fokus"), "--format", "html"],
                 ["report", "presentasjon", "--loop", env.loop_id, "--out",
                  str(out / "deck.html")]):
        done = subprocess.run([str(bms), "--store", str(env.store), *args], capture_output=True,
                              text=True, check=False, env=environ, timeout=300)
        assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-2000:])
    made = sorted(p for p in out.rglob("*.html"))
    return made


def test_reports_and_presentations_escape_imported_names_and_comments(env: Env, browser,
                                                                     clients,
                                                                     tmp_path: Path) -> None:
    made = _reports(env, tmp_path)
    assert made, "no HTML report was written"
    seen: dict[str, list[str]] = {"unit": [], "indicator": [], "loop": [], "comment": []}
    for path in made:
        text = path.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text, path.name
        assert "<img src=x onerror" not in text, path.name
        for key, marker in (("unit", "Injeksjonsskolen"), ("indicator", "Indikator&#39;; DROP"),
                            ("loop", "Løyfe&#39;; DROP"), ("comment", "</script>Kommentar")):
            if marker in text or str(escape(marker)) in text:
                seen[key].append(path.name)
    print(f"\nhostile texts found escaped in: {seen}")
    assert seen["unit"] and seen["indicator"] and seen["loop"] and seen["comment"]
    c = Client(browser)
    clients.append(c)
    for path in made:
        c.page.goto(path.as_uri())
        c.page.wait_for_timeout(200)
        assert c.pwned() is None and c.dialogs == [], path.name
