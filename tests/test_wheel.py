"""The package a municipality installs: a wheel, in a fresh venv, used from a folder of its own.

`pip install .` is what docs/deployment.md and the conda recipe tell people to run. It builds a
wheel, which installs nothing outside site-packages: the SQL in ``queries/``, the notebooks and
Voila templates in ``dashboards/`` and the report templates must travel inside the package
(``bmsdata/_shipped/``, see pyproject.toml). These tests build that wheel from this checkout,
install it with its dependencies in a new venv under tmp_path, and run ``bms`` from a working
folder outside the checkout, exactly as a user would; nothing imports the checkout's code.

Slow (about a minute to install the dependencies from pip's cache, a few minutes the first
time): the install happens once per module.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")

#: The tests that build and install the wheel; the first one to need it waits for the install.
slow = pytest.mark.slow
install_time = pytest.mark.timeout(1800)


@dataclass
class Installed:
    """A venv holding only the wheel and its dependencies, and a working folder beside it."""

    venv: Path
    work: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def env(self) -> dict[str, str]:
        """The user's environment, minus anything that could point back into the checkout."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("BMS_") and k not in (
                   "PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH", "PYTHONHOME")}
        rest = [p for p in env.get("PATH", "").split(os.pathsep)
                if p and not Path(p).resolve().is_relative_to(REPO)]
        env["PATH"] = os.pathsep.join([str(self.bin), *rest])
        env["VIRTUAL_ENV"] = str(self.venv)
        return env

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(a) for a in args], cwd=self.work, env=self.env(),
                              capture_output=True, text=True, timeout=timeout)

    def bms(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.bin / "bms"), *args, timeout=timeout)


def _check(result: subprocess.CompletedProcess[str], what: str) -> str:
    assert result.returncode == 0, (
        f"{what} failed with exit {result.returncode}:\n{result.stdout[-3000:]}\n"
        f"{result.stderr[-3000:]}")
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip install .` would build from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    _check(subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--disable-pip-version-check", "-q", "-w", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=600), "pip wheel")
    (found,) = out.glob("bmsdata-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """The wheel in a new venv outside the checkout, dependencies from the package index
    (pip's own cache makes the second time quick). The venv (~800 MB) is removed afterwards;
    the working folder stays for a look at what the commands wrote."""
    root = tmp_path_factory.mktemp("installed")
    venv, work = root / "venv", root / "kommune"
    work.mkdir()
    _check(subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True,
                          text=True, timeout=300), "python -m venv")
    inst = Installed(venv, work)
    # --no-compile: no .pyc for the ~800 MB up front (a third of pip's CPU time here); Python
    # compiles what the tests import as they import it, so nothing checked changes.
    _check(inst.run(str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile",
                    "--disable-pip-version-check", str(wheel), timeout=1500),
           "pip install <wheel>")
    yield inst
    shutil.rmtree(venv, ignore_errors=True)


@pytest.fixture(scope="module")
def demo(installed: Installed) -> Installed:
    """`bms demo --no-serve` in the working folder: the store lands in its data/."""
    out = _check(installed.bms("demo", "--no-serve"), "bms demo --no-serve")
    assert "Demodatabasen er bygget" in out
    assert (installed.work / "data" / "bms.duckdb").is_file()
    return installed


def _layout(root: Path, *folders: str) -> Path:
    """A copy of bmsdata/resources.py in ``root/bmsdata/``, with the given folders made."""
    (root / "bmsdata").mkdir(parents=True)
    shutil.copyfile(REPO / "bmsdata" / "resources.py", root / "bmsdata" / "resources.py")
    for folder in folders:
        (root / folder).mkdir(parents=True)
    return root


def _resources(root: Path) -> types.ModuleType:
    """resources.py as loaded from the fake layout (its paths come from its own file)."""
    spec = importlib.util.spec_from_file_location(f"resources_{root.name}",
                                                  root / "bmsdata" / "resources.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_installed_it_reads_its_shipped_copy_even_beside_a_stray_queries_folder(tmp_path):
    """In site-packages, a top-level queries/ or dashboards/ belongs to some other package."""
    site = _layout(tmp_path / "site-packages", "queries", "dashboards",
                   "bmsdata/_shipped/queries", "bmsdata/_shipped/dashboards",
                   "bmsdata/_shipped/import-templates")
    resources = _resources(site)
    shipped = site / "bmsdata" / "_shipped"
    assert resources.queries_dir() == shipped / "queries"
    assert resources.dashboards_dir() == shipped / "dashboards"
    assert resources.import_templates_dir() == shipped / "import-templates"


def test_in_a_checkout_it_reads_the_folders_analysts_edit(tmp_path):
    checkout = _layout(tmp_path / "checkout", "queries", "dashboards", "data/templates",
                       "data/profil-eksempel")
    (checkout / "pyproject.toml").write_text("[project]\nname = 'bmsdata'\n")
    resources = _resources(checkout)
    assert resources.queries_dir() == checkout / "queries"
    assert resources.dashboards_dir() == checkout / "dashboards"
    assert resources.import_templates_dir() == checkout / "data" / "templates"
    assert resources.profile_example_dir() == checkout / "data" / "profil-eksempel"


@slow
@install_time
def test_the_wheel_ships_queries_dashboards_and_templates_but_no_clutter(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = "bmsdata/_shipped/"
    for name in (
        "queries/schema.sql", "dashboards/oversikt.ipynb", "dashboards/voila.json",
        "dashboards/share/jupyter/voila/templates/bms/index.html.j2",
        "dashboards/share/jupyter/voila/templates/bms/static/plotly-basic.min.js",
        "dashboards/share/jupyter/voila/templates/bms-reveal/conf.json",
        "import-templates/enheter.xlsx", "import-templates/eksempel_enheter.csv",
        "profil-eksempel/profil.toml",
    ):
        assert shipped + name in names, f"the wheel lacks {name}"
    for name in ("bmsdata/reports/templates/result_report.html.j2",
                 "bmsdata/annual_cycle.json", "bmsdata/loop/stages.json"):
        assert name in names, f"the wheel lacks {name}"
    # every SQL file and every notebook of the checkout, nothing more
    assert {n.removeprefix(shipped + "queries/") for n in names
            if n.startswith(shipped + "queries/")} == {
                p.name for p in (REPO / "queries").glob("*.sql")}
    assert {n.removeprefix(shipped + "dashboards/") for n in names
            if n.endswith(".ipynb")} == {p.name for p in (REPO / "dashboards").glob("*.ipynb")}
    clutter = [n for n in names if "__pycache__" in n or ".ipynb_checkpoints" in n
               or n.endswith((".duckdb", ".pyc", ".sqlite")) or "make_templates" in n
               or n.startswith(("tests/", "data/", "queries/", "dashboards/", "docs/"))]
    assert clutter == []


@slow
@install_time
def test_the_venv_uses_its_own_copy_not_the_checkout(installed):
    code = ("import bmsdata, bmsdata.resources as r; "
            "print(bmsdata.__file__); print(r.queries_dir()); print(r.dashboards_dir()); "
            "print(r.jupyter_data_dir()); print(r.import_templates_dir()); "
            "print(r.profile_example_dir())")
    lines = _check(installed.run(str(installed.bin / "python"), "-c", code),
                   "import bmsdata").split()
    assert len(lines) == 6
    for line in lines:
        path = Path(line).resolve()
        assert path.is_relative_to(installed.venv.resolve()), f"{path} is not in the venv"
        assert path.exists()


@slow
@install_time
def test_demo_and_status_work_from_a_folder_outside_the_checkout(demo):
    out = _check(demo.bms("status"), "bms status")
    assert "Eksempel kommune" in out
    assert "Fiktive tall" in out
    assert "Mål nådd" in out


@slow
@install_time
def test_a_result_report_and_a_snapshot_come_from_the_wheel(demo):
    out = demo.work / "rapporter"
    _check(demo.bms("report", "fokus", "--format", "html", "--out", str(out)),
           "bms report fokus")
    (report,) = out.glob("resultatrapport-*.html")
    html = report.read_text(encoding="utf-8")
    assert "Eksempel kommune" in html and "Traceback" not in html
    assert "Plotly" in html  # the chart library travels from the shipped Voila template

    snap = demo.work / "enhet.html"
    _check(demo.bms("snapshot", "enhet", "--param", "enhet=BHG-GAR", "--out", str(snap)),
           "bms snapshot enhet")
    html = snap.read_text(encoding="utf-8")
    assert "Garderåsen barnehage" in html and "Traceback" not in html


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    base: str
    process: subprocess.Popen
    log: Path


@pytest.fixture(scope="module")
def served(demo: Installed) -> Iterator[Served]:
    """`bms serve --port <free>` from the working folder, in its own process group so that
    everything it starts (Voila, kernels) is stopped afterwards, however serve starts them."""
    port = _free_port()
    log = demo.work.parent / "serve.log"
    with open(log, "w", encoding="utf-8") as log_file:
        proc = subprocess.Popen([str(demo.bin / "bms"), "serve", "--port", str(port)],
                                cwd=demo.work, env=demo.env(), stdout=log_file,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Served(f"http://127.0.0.1:{port}", proc, log)
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail("bms serve stopped:\n" + log.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(f"{server.base}/voila/static/voila.js", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail("bms serve did not answer:\n"
                                + log.read_text(errors="replace")[-3000:])
                time.sleep(0.5)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):  # kernels left in the group
            os.killpg(proc.pid, signal.SIGKILL)


@slow
@install_time
def test_bms_serve_from_the_wheel_answers_oversikt_with_the_dashboard(served):
    with urllib.request.urlopen(f"{served.base}/voila/render/oversikt.ipynb",
                                timeout=180) as resp:
        assert resp.status == 200
        html = resp.read().decode("utf-8")
    assert '<html lang="nb">' in html
    assert "Eksempel kommune" in html  # the shipped bms template, with the store's name
    assert "bms.css" in html  # its static files are served from the package
    # the kernel ran the notebook with bmsdata from the wheel, without an error: the page's
    # widgets are there (the browser test below checks what they show)
    assert "application/vnd.jupyter.widget-view+json" in html
    assert '"output_type": "error"' not in html and "Traceback" not in html
    with urllib.request.urlopen(
            f"{served.base}/voila/templates/bms/static/plotly-basic.min.js", timeout=60) as r:
        assert r.status == 200


@pytest.mark.browser
@slow
@install_time
def test_the_served_oversikt_shows_the_demo_in_chromium(served):
    import requires

    requires.require_chromium(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"])
        try:
            page = browser.new_page(locale="nb-NO")
            page.set_default_timeout(120_000)
            page.goto(f"{served.base}/voila/render/oversikt.ipynb")
            page.wait_for_selector(".bms-lead")
            assert page.get_by_text("Fiktive tall – demokommune").first.is_visible()
            assert "Status per 2. tertial 2026" in page.locator(".bms-lead").inner_text()
            assert page.locator("li[data-indicator]").count() > 0
            assert "Traceback" not in page.content()
            with contextlib.suppress(Exception):  # lets Voila shut the kernel down
                page.goto("about:blank", timeout=5_000)
        finally:
            browser.close()
