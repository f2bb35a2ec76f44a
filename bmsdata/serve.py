"""Serving the dashboards with Voila over localhost.

``bms serve`` and ``bms demo`` both come here. Voila runs from ``dashboards/`` so it picks up
``dashboards/voila.json`` (preheated kernels for Oversikt and Fokusområde, no tracebacks in the
browser). The ``bms`` template lives in ``dashboards/share/jupyter/voila/templates/bms/`` — a
Jupyter data directory that :func:`serve_env` puts first on ``JUPYTER_PATH``. The store path
travels to the kernels in ``BMS_STORE``; the municipality's name reaches the template through
``VoilaConfiguration.resources``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from bmsdata import resources, store
from bmsdata.loop.journal import journal_location

DASHBOARDS = resources.dashboards_dir()
JUPYTER_DATA = resources.jupyter_data_dir()
TEMPLATE = "bms"
FIRST_PAGE = "oversikt.ipynb"


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
                  resources: dict[str, str] | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "voila", f"--port={port}", f"--Voila.ip={ip}",
           "--show_tracebacks=False", f"--template={TEMPLATE}"]
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
           extra_args: list[str] | None = None, **popen: Any) -> subprocess.Popen:
    """Start Voila in the background (the tests and benchmarks use this too).

    ``extra_args`` go to Voila after ours, e.g. ``["--VoilaConfiguration.preheat_kernel=False"]``.
    """
    cmd = voila_command(port, ip, open_browser, template_resources(store_file))
    return subprocess.Popen(cmd + list(extra_args or []), cwd=DASHBOARDS,
                            env=serve_env(store_file), **popen)


def serve(store_file: str | os.PathLike[str] | None = None, port: int = 8866,
          ip: str = "127.0.0.1", open_browser: bool = False) -> int:
    """Run Voila in the foreground until interrupted. Returns its exit code."""
    print(f"Dashboardene serveres på {url(ip, port)}  (Ctrl+C for å stoppe)", flush=True)
    proc = launch(store_file, port, ip, open_browser)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait(timeout=10)
        return 0
