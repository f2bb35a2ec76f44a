"""Serving the dashboards with Voila over localhost.

``bms serve`` and ``bms demo`` both come here. Voila runs as :mod:`bmsdata.server.app` (Voila
with the hardening of issue #11: guarded request-info sockets, a kernel cap, XSRF checks, no
tracebacks over the comm channel) from ``dashboards/`` so it picks up ``dashboards/voila.json``
(preheated kernels for Oversikt and Fokusområde, no tracebacks in the browser). The ``bms``
template lives in ``dashboards/share/jupyter/voila/templates/bms/`` — a Jupyter data directory
that :func:`serve_env` puts first on ``JUPYTER_PATH``. The store path travels to the kernels in
``BMS_STORE``; the municipality's name reaches the template through
``VoilaConfiguration.resources``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bmsdata import resources, store
from bmsdata.loop.identity import startup_warnings
from bmsdata.loop.journal import journal_location
from bmsdata.server.capacity import resolve_max_kernels

log = logging.getLogger("bmsdata.serve")

DASHBOARDS = resources.dashboards_dir()
JUPYTER_DATA = resources.jupyter_data_dir()
TEMPLATE = "bms"
FIRST_PAGE = "oversikt.ipynb"
#: Seconds Voila gets to shut its kernels down after SIGTERM before its process group is killed.
GRACE_SECONDS = 20


def template_resources(store_file: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """What the template shows before any kernel runs: the municipality's name."""
    try:
        con = store.open_readonly(store_file)
    except store.StoreError:
        return {"bms_municipality": "Kommunen"}
    try:
        facts = store.meta(con)
    finally:
        con.close()
    return {"bms_municipality": facts.get("municipality", "Kommunen")}


def voila_command(port: int, ip: str = "127.0.0.1", open_browser: bool = False,
                  resources: dict[str, str] | None = None, max_kernels: int | None = None,
                  connection_root: str | os.PathLike[str] | None = None) -> list[str]:
    # port_retries=0: a busy port is an error, not a silent move to the next one (the printed
    # URL and the preheated kernels' callback URL would both be wrong).
    cmd = [sys.executable, "-m", "bmsdata.server.app", f"--port={port}", f"--Voila.ip={ip}",
           "--Voila.port_retries=0", "--show_tracebacks=False", f"--template={TEMPLATE}"]
    if max_kernels is not None:
        cmd.append(f"--BmsVoila.max_kernels={max_kernels}")
    if connection_root is not None:
        cmd.append(f"--Voila.connection_dir_root={connection_root}")
    for key, value in (resources or {}).items():
        # one key=value per option: traitlets adds each to the resources dict
        cmd += ["--VoilaConfiguration.resources", f"{key}={value}"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def serve_env(store_file: str | os.PathLike[str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    path = store.store_path(store_file).resolve()
    env["BMS_STORE"] = str(path)
    # Voila runs in dashboards/, so relative defaults would land there; keep the journal
    # beside the store unless the deployment says otherwise.
    env["BMS_JOURNAL"] = journal_location(path)
    paths = [str(JUPYTER_DATA)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def url(ip: str, port: int, page: str = FIRST_PAGE) -> str:
    return f"http://{ip}:{port}/voila/render/{page}"


def launch(store_file: str | os.PathLike[str] | None = None, port: int = 8866,
           ip: str = "127.0.0.1", open_browser: bool = False,
           extra_args: list[str] | None = None, max_kernels: int | None = None,
           connection_root: str | os.PathLike[str] | None = None,
           **popen: Any) -> subprocess.Popen:
    """Start Voila in the background (the tests and benchmarks use this too).

    ``extra_args`` go to Voila after ours, e.g. ``["--VoilaConfiguration.preheat_kernel=False"]``.
    ``max_kernels`` is the kernel cap (None: ``BMS_MAX_KERNELS``, else from memory).
    ``connection_root`` is where Voila makes its folder of kernel connection files.
    Voila gets its own process group (``start_new_session``), so :func:`serve` can stop it and
    everything it started as one, and a terminal's Ctrl+C reaches it only through :func:`serve`.
    """
    cmd = voila_command(port, ip, open_browser, template_resources(store_file), max_kernels,
                        connection_root)
    popen.setdefault("start_new_session", True)
    return subprocess.Popen(cmd + list(extra_args or []), cwd=DASHBOARDS,
                            env=serve_env(store_file), **popen)


def _alive(pid: int) -> bool:
    """True for a running process (a zombie waiting for its parent counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def kernels_using(connection_root: str | os.PathLike[str]) -> list[int]:
    """Pids of live processes whose command line names a file under ``connection_root``.

    Kernels are started in sessions of their own (jupyter_client), so they are outside Voila's
    process group; their connection file (``-f <root>/voila_*/kernel-*.json``) identifies them.
    Linux only (``/proc``); elsewhere the list is empty.
    """
    root = str(Path(connection_root).resolve())
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
        except OSError:
            continue
        if root in cmdline and int(entry.name) != os.getpid() and _alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL Voila's process group (its own, from ``start_new_session``); POSIX only."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    elif proc.poll() is None:
        proc.kill()


def _kill_leftovers(proc: subprocess.Popen, connection_root: Path) -> None:
    """After Voila has gone: kill its process group and any kernel it left behind."""
    _kill_group(proc)
    leftovers = kernels_using(connection_root)
    for pid in leftovers:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while leftovers and time.monotonic() < deadline:
        time.sleep(0.1)
        leftovers = [pid for pid in leftovers if _alive(pid)]
    for pid in leftovers:
        log.warning("Kernel process %s did not stop on SIGTERM; killing it", pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def serve(store_file: str | os.PathLike[str] | None = None, port: int = 8866,
          ip: str = "127.0.0.1", open_browser: bool = False,
          max_kernels: int | None = None) -> int:
    """Run Voila in the foreground until it stops or this process gets SIGTERM/SIGINT/SIGHUP.

    The signal is passed on to Voila as SIGTERM: Voila shuts its kernels down and exits. After
    :data:`GRACE_SECONDS` its process group is killed, and any kernel still running from this
    server's connection folder too, so the port and the memory are free when ``bms serve``
    returns. Returns 0 after a signal, else Voila's exit code.
    """
    cap = resolve_max_kernels(max_kernels)  # a bad BMS_MAX_KERNELS stops here, in Norwegian
    print(f"Dashboardene serveres på {url(ip, port)}  (høyst {cap} samtidige kjerner; "
          f"Ctrl+C for å stoppe)", flush=True)
    for warning in startup_warnings():  # login without roles file, broken roles file, …
        print(warning, file=sys.stderr, flush=True)
    connection_root = Path(tempfile.mkdtemp(prefix="bms-serve-"))
    proc = launch(store_file, port, ip, open_browser, max_kernels=cap,
                  connection_root=connection_root)
    stopping: list[float] = []

    def forward(signum: int, frame: Any) -> None:
        if not stopping:
            stopping.append(time.monotonic())
            log.info("Signal %s: stopping Voila (pid %s)", signum, proc.pid)
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)

    watched = [getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP")
               if hasattr(signal, name)]  # no SIGHUP on Windows
    previous = {sig: signal.signal(sig, forward) for sig in watched}
    code = 0
    try:
        while True:
            try:
                code = proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if stopping and time.monotonic() - stopping[0] > GRACE_SECONDS:
                    log.warning("Voila did not stop within %s s; killing it", GRACE_SECONDS)
                    _kill_group(proc)
                    code = proc.wait()
                    break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if proc.poll() is None:  # an exception in this loop: do not leave Voila behind
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=GRACE_SECONDS)
        _kill_leftovers(proc, connection_root)
        shutil.rmtree(connection_root, ignore_errors=True)
    if stopping:
        print("Serveren er stoppet.", flush=True)
        return 0
    if code:
        print(f"Voila stoppet med kode {code}. Se meldingene over; er porten {port} "
              f"allerede i bruk, velg en annen med --port.", file=sys.stderr, flush=True)
    return code
