"""Dashboard speed in Debian's Chromium: time to interactive, interaction latency, kernel memory.

    .venv/bin/python benchmarks/dashboard_tti.py [--runs 5] [--switches 20]

Prints figures; it is not a test (DESIGN.md: benchmarks never assert timings). In one run it
starts, on free loopback ports:

* ``bms serve`` over a fresh demo store, with the preheated kernels of ``dashboards/voila.json``
  and once more with preheating switched off;
* a bare Voila over a temporary folder holding one notebook with one button (Voila's defaults),
  with and without a preheated pool.

Time to interactive (TTI) is measured in a fresh browser context (cold cache) from navigation
until the page can be used: the bare notebook's button is visible; Oversikt's focus-area links
are visible; Fokusområde's focus-area picker is there and its chart is drawn. The three pages
are loaded in turn (bare, Oversikt, Fokusområde, bare, …) so that other work on the machine
weighs on all alike. After each preheated load the benchmark waits until the pool's new kernel
has run its first cell (``bmsdata.ui.prepare`` logs it), as a viewer arriving a little after the
previous one would find it.

Interaction latency: on Fokusområde, pick another focus area in the browser and wait until the
chart shows the new figure (measured inside the page, from the change event to plotly's
redraw), ``--switches`` times. Kernel memory: resident set size of every kernel process.
Targets (issue #3): preheated TTI ≤ 1.5 × the bare notebook's, interaction p95 ≤ 150 ms,
kernel RSS ≤ 250 MB.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bmsdata import serve  # noqa: E402
from bmsdata.demo import build_demo  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, proc: subprocess.Popen, port: int, log: Path) -> None:
        self.name, self.proc, self.port, self.log = name, proc, port, log
        self.base = f"http://127.0.0.1:{port}/voila/render/"

    def ready(self, page: str) -> int:
        """Kernels that have run ``page``'s first cell (they log it to Voila's log)."""
        text = self.log.read_text("utf-8", "replace")
        return len(re.findall(rf"(?:bmsdata\.ui prepared|\[bare\] ready) {page} ", text))

    def wait_ready(self, pages: tuple[str, ...], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/voila/static/voila.js",
                                       timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        while any(self.ready(p) < 1 for p in pages) and time.monotonic() < deadline:
            time.sleep(0.2)

    def wait_refill(self, page: str, before: int, timeout: float = 90) -> None:
        """After a preheated load: wait until the pool's new kernel is ready again."""
        deadline = time.monotonic() + timeout
        while self.ready(page) <= before and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)

    def kernel_rss_mb(self) -> list[float]:
        try:
            import psutil
        except ImportError:  # /proc fallback
            return _proc_rss(self.proc.pid)
        out = []
        for c in psutil.Process(self.proc.pid).children(recursive=True):
            try:  # a kernel Voila just shut down can be a zombie for a moment
                if "ipykernel" in " ".join(c.cmdline()):
                    out.append(c.memory_info().rss / 2**20)
            except psutil.Error:
                continue
        return out

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _proc_rss(pid: int) -> list[float]:
    out = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmd = (status.parent / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "ipykernel" in cmd and f"PPid:\t{pid}" in text:
            rss = int(re.search(r"VmRSS:\s+(\d+)", text).group(1))
            out.append(rss / 1024)
    return out


def start_dashboards(store: Path, preheat: bool, work: Path) -> Server:
    port = free_port()
    log = work / f"dash-{'pre' if preheat else 'cold'}.log"
    extra = [] if preheat else ["--VoilaConfiguration.preheat_kernel=False"]
    proc = serve.launch(store, port=port, extra_args=extra, stdout=open(log, "w"),  # noqa: SIM115
                        stderr=subprocess.STDOUT)
    s = Server(f"bms ({'preheated' if preheat else 'cold'})", proc, port, log)
    s.wait_ready(("oversikt", "fokusomrade") if preheat else ())
    return s


def start_bare(folder: Path, preheat: bool) -> Server:
    port = free_port()
    log = folder / f"bare-{'pre' if preheat else 'cold'}.log"
    config = {"VoilaConfiguration": {"preheat_kernel": preheat},
              "VoilaKernelManager": {"kernel_pools_config": {"bare.ipynb": {"pool_size": 1}},
                                     "fill_delay": 0}}
    (folder / "voila.json").write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "voila", f"--port={port}",
                             "--Voila.ip=127.0.0.1", "--no-browser"], cwd=folder,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    s = Server(f"bare ({'preheated' if preheat else 'cold'})", proc, port, log)
    s.wait_ready(("bare",) if preheat else ())
    return s


def write_bare(folder: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import sys\nimport ipywidgets as widgets\n"
        "print('[bare] ready bare ', file=sys.__stderr__, flush=True)\n"
        "widgets.Button(description='Klikk')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "bare.ipynb")


READY = {
    "bare.ipynb": "button.jupyter-button",
    "oversikt.ipynb": "a.bms-focus-link",
    "fokusomrade.ipynb": ".bms-plot .main-svg",
}


def load_once(browser, server: Server, notebook: str, preheated: bool) -> float:
    """One cold-cache load; afterwards wait until a preheated pool is ready again."""
    page_name = notebook.removesuffix(".ipynb")
    before = server.ready(page_name)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(server.base + notebook, wait_until="commit", timeout=120_000)
    page.wait_for_selector(READY[notebook], state="visible", timeout=120_000)
    if notebook == "fokusomrade.ipynb":
        page.wait_for_selector(".bms-controls select", state="visible")
    elapsed = time.perf_counter() - t0
    page.goto("about:blank")  # Voilà's unload beacon shuts the kernel down
    context.close()
    if preheated:
        server.wait_refill(page_name, before)
    else:
        time.sleep(1.0)
    return elapsed


def tti_round_robin(browser, bare: Server, dash: Server, runs: int,
                    preheated: bool) -> dict[str, list[float]]:
    """Load bare, Oversikt, Fokusområde in turn, ``runs`` times: the machine's other work
    then weighs on all three alike."""
    plan = [(bare, "bare.ipynb"), (dash, "oversikt.ipynb"), (dash, "fokusomrade.ipynb")]
    for server, nb in plan:  # warm-up: OS file cache, template compilation
        load_once(browser, server, nb, preheated)
    out: dict[str, list[float]] = {nb: [] for _, nb in plan}
    for _ in range(runs):
        for server, nb in plan:
            out[nb].append(load_once(browser, server, nb, preheated))
    return out


SWITCH_JS = """async (label) => {
  const select = [...document.querySelectorAll('.widget-dropdown')]
      .find(d => d.querySelector('label')?.textContent === 'Fokusområde').querySelector('select');
  const option = [...select.options].find(o => o.textContent === label);
  const chart = document.querySelector('.bms-chart');
  const before = chart.querySelector('.bms-plot').getAttribute('data-bms-figure-id');
  const t0 = performance.now();
  const done = new Promise(resolve => chart.addEventListener('bms:chart-drawn', function h() {
      if (chart.querySelector('.bms-plot').getAttribute('data-bms-figure-id') !== before) {
        chart.removeEventListener('bms:chart-drawn', h); resolve(performance.now() - t0); }
  }));
  select.value = option.value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  return await done;
}"""


def interaction(browser, server: Server, switches: int) -> tuple[list[float], list[float]]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(server.base + "fokusomrade.ipynb", wait_until="commit", timeout=120_000)
    page.wait_for_selector(".bms-plot .main-svg", state="visible", timeout=120_000)
    labels = page.eval_on_selector_all(
        ".widget-dropdown:has(label:text-is('Fokusområde')) select option",
        "os => os.map(o => o.textContent)")
    latencies = []
    for i in range(switches + 2):
        label = labels[(i + 1) % len(labels)]
        ms = page.evaluate(SWITCH_JS, label)
        if i >= 2:  # the first two warm the caches of areas not preheated
            latencies.append(ms)
    rss = server.kernel_rss_mb()
    page.goto("about:blank")
    context.close()
    return latencies, rss


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def import_time() -> float:
    code = ("import time; t = time.perf_counter(); from bmsdata import ui; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True)
    return float(out.stdout.strip())


def measure(runs: int = 5, switches: int = 20,
            store: Path | None = None) -> dict[str, object]:
    """Run the whole benchmark once and return its raw figures (``benchmarks/run`` uses this).

    ``store``: serve the dashboards over this store (e.g. ``data/national.duckdb``, opened
    read-only) instead of a fresh demo store, to see whether they hold at national scale.

    Keys: ``tti`` {(notebook, "preheated"|"cold"): [seconds, …]}, ``latencies`` [ms, …],
    ``rss_idle`` {"bare preheated"|"bms preheated"|…: [MB per kernel]}, ``rss_used`` [MB].
    Raises RuntimeError when Chromium is missing.
    """
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} mangler (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bms-bench-") as tmp:
        work = Path(tmp)
        if store is None:
            store = work / "bms.duckdb"
            build_demo(store, work / "src")
        bare_dir = work / "bare"
        bare_dir.mkdir()
        write_bare(bare_dir)
        results: dict[tuple[str, str], list[float]] = {}
        rss_idle: dict[str, list[float]] = {}
        latencies: list[float] = []
        rss_used: list[float] = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for preheat in (True, False):
                mode = "preheated" if preheat else "cold"
                bare = start_bare(bare_dir, preheat)
                dash = start_dashboards(store, preheat, work)
                try:
                    for nb, times in tti_round_robin(browser, bare, dash, runs,
                                                     preheat).items():
                        results[(nb, mode)] = times
                    rss_idle[f"bare {mode}"] = bare.kernel_rss_mb()
                    rss_idle[f"bms {mode}"] = dash.kernel_rss_mb()
                    if preheat:
                        latencies, rss_used = interaction(browser, dash, switches)
                finally:
                    bare.stop()
                    dash.stop()
            browser.close()
    return {"tti": results, "latencies": latencies, "rss_idle": rss_idle,
            "rss_used": rss_used}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--switches", type=int, default=20)
    ap.add_argument("--store", type=Path, default=None,
                    help="serve this store (e.g. data/national.duckdb) instead of a demo store")
    args = ap.parse_args()
    try:
        figures = measure(args.runs, args.switches, args.store)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2
    results = figures["tti"]
    latencies = figures["latencies"]
    rss_idle = figures["rss_idle"]
    rss_used = figures["rss_used"]

    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"\nbmsdata.ui import in a fresh interpreter: {import_time():.2f} s")
    print(f"\nTime to interactive, median of {args.runs} cold-cache loads (seconds)\n")
    print(f"| {'Side':<20} | {'Forvarmet':>9} | {'× bar':>6} | {'Uten forvarming':>15} | "
          f"{'× bar':>6} |")
    print(f"|{'-' * 22}|{'-' * 11}|{'-' * 8}|{'-' * 17}|{'-' * 8}|")
    for nb in ("bare.ipynb", "oversikt.ipynb", "fokusomrade.ipynb"):
        p, c = med[(nb, "preheated")], med[(nb, "cold")]
        rp, rc = p / med[("bare.ipynb", "preheated")], c / med[("bare.ipynb", "cold")]
        print(f"| {nb:<20} | {p:>9.2f} | {rp:>6.2f} | {c:>15.2f} | {rc:>6.2f} |")
    worst = max(med[(nb, "preheated")] for nb in ("oversikt.ipynb", "fokusomrade.ipynb"))
    ratio = worst / med[("bare.ipynb", "preheated")]
    p50, p95 = statistics.median(latencies), pct(latencies, 0.95)
    kernels = [x for v in rss_idle.values() for x in v] + rss_used
    bms_rss = max(rss_idle.get("bms preheated", []) + rss_idle.get("bms cold", []) + rss_used)
    print(f"\n| {'Mål':<44} | {'Resultat':>10} | {'Krav':>8} | {'OK':>3} |")
    print(f"|{'-' * 46}|{'-' * 12}|{'-' * 10}|{'-' * 5}|")
    rows = [
        ("Forvarmet TTI, tregeste side / bar notatbok", f"{ratio:.2f}×", "≤ 1,5×", ratio <= 1.5),
        (f"Bytte fokusområde → diagram, p50 ({len(latencies)} bytter)", f"{p50:.0f} ms", "",
         True),
        ("Bytte fokusområde → diagram, p95", f"{p95:.0f} ms", "≤ 150 ms", p95 <= 150),
        ("Kjerne-RSS, største bms-kjerne", f"{bms_rss:.0f} MB", "≤ 250 MB", bms_rss <= 250),
    ]
    for name, value, target, ok in rows:
        print(f"| {name:<44} | {value:>10} | {target:>8} | {'ja' if ok else 'NEI':>3} |")
    print("\nRSS per kernel (MB): " + "; ".join(
        f"{k}: {', '.join(f'{x:.0f}' for x in v)}" for k, v in rss_idle.items()) +
        f"; bms after {len(latencies)} switches: {', '.join(f'{x:.0f}' for x in rss_used)}")
    print(f"Latencies (ms): {', '.join(f'{x:.0f}' for x in latencies)}")
    print(f"Kernels measured: {len(kernels)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
