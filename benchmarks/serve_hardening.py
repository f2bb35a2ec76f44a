"""What the hardened ``bms serve`` costs and how it behaves at its limits (issue #11, item 3).

    .venv/bin/python benchmarks/serve_hardening.py [--store data/bms.duckdb] [--pages 4]

Prints figures; it is not a test (benchmarks never assert timings). It starts the real
``bms serve`` (the CLI, as a subprocess) on a free loopback port with ``--max-kernels`` set to
room for Oversikt and Fokusområde (their pool kernels), the two refilled pool kernels and
``--pages`` Enhet pages, then:

* loads Oversikt, Fokusområde and ``--pages`` Enhet pages one after another and reports each
  page's answer time and every kernel's resident memory (VmRSS): the basis for the default cap
  of available memory / 250 MB;
* loads one page more than the cap allows and reports the status and answer time of the
  «Serveren er full» page;
* sends SIGTERM to ``bms serve`` and reports how long it took until ``bms serve`` had exited
  and no Voila or kernel process was left.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 180) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - start


def descendants(pid: int) -> set[int]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="a store to serve (default: a fresh demo store)")
    ap.add_argument("--pages", type=int, default=4, help="Enhet pages under the cap")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bms-bench-") as tmp:
        store = Path(args.store) if args.store else Path(tmp) / "bms.duckdb"
        if not args.store:
            from bmsdata.demo import build_demo

            build_demo(store)
        port = free_port()
        base = f"http://127.0.0.1:{port}/voila/render"
        cap = 4 + args.pages  # 2 pool kernels taken by pages + 2 refills + the pages
        log = open(Path(tmp) / "serve.log", "w")  # noqa: SIM115 - closed at the end
        bms = [str(Path(sys.executable).parent / "bms")]
        proc = subprocess.Popen([*bms, "--store", str(store), "serve", "--port", str(port),
                                 "--max-kernels", str(cap)], stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/voila.js",
                                           timeout=2).read()
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if time.monotonic() > deadline or proc.poll() is not None:
                        print((Path(tmp) / "serve.log").read_text()[-3000:])
                        return 1
                    time.sleep(0.25)
            time.sleep(15)  # let the two pools run their notebooks
            print(f"cap: {cap} kernels (2 pool kernels in use + 2 refills + {args.pages} pages)")
            pages = ["oversikt", "fokusomrade"] + ["enhet"] * args.pages
            for page in pages:
                status, seconds = get(f"{base}/{page}.ipynb")
                print(f"  {page:<12} HTTP {status}  {seconds:6.2f} s")
            kernels = [p for p in descendants(proc.pid) if "ipykernel" in cmdline(p)]
            sizes = sorted(s for s in (rss_mb(p) for p in kernels) if s is not None)
            if sizes:
                print(f"kernels: {len(sizes)}; RSS min {sizes[0]:.0f} MB, "
                      f"median {sizes[len(sizes) // 2]:.0f} MB, max {sizes[-1]:.0f} MB")
            status, seconds = get(f"{base}/enhet.ipynb")
            print(f"one page over the cap: HTTP {status} in {seconds * 1000:.0f} ms")
            family = descendants(proc.pid)
            start = time.perf_counter()
            os.kill(proc.pid, signal.SIGTERM)
            code = proc.wait(timeout=120)
            exited = time.perf_counter() - start
            while any(running(p) for p in family) and time.perf_counter() - start < 60:
                time.sleep(0.05)
            gone = time.perf_counter() - start
            left = [p for p in family if running(p)]
            print(f"SIGTERM: bms serve exited (code {code}) after {exited:.2f} s; "
                  f"{len(family)} processes gone after {gone:.2f} s; left: {len(left)}")
        finally:
            if proc.poll() is None:
                proc.kill()
            log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
