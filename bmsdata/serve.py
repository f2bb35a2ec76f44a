"""Serving the dashboards with Voila over localhost.

``bms serve`` and ``bms demo`` both come here. Voila runs from ``dashboards/`` so it picks up
``dashboards/voila.json`` (preheated kernels, no tracebacks in the browser); the store path
travels to the kernels in ``BMS_STORE``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bmsdata import store

DASHBOARDS = Path(__file__).resolve().parent.parent / "dashboards"


def voila_command(port: int, ip: str = "127.0.0.1", open_browser: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "voila", f"--port={port}", f"--Voila.ip={ip}",
           "--show_tracebacks=False"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def serve_env(store_file: str | os.PathLike[str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    path = store.store_path(store_file).resolve()
    env["BMS_STORE"] = str(path)
    # Voila runs in dashboards/, so relative defaults would land there; keep the journal
    # beside the store unless the deployment says otherwise.
    env.setdefault("BMS_JOURNAL", str(path.with_name("journal.sqlite")))
    return env


def serve(store_file: str | os.PathLike[str] | None = None, port: int = 8866,
          ip: str = "127.0.0.1", open_browser: bool = False) -> int:
    """Run Voila in the foreground until interrupted. Returns its exit code."""
    url = f"http://{ip}:{port}/voila/render/oversikt.ipynb"
    print(f"Dashboardene serveres på {url}  (Ctrl+C for å stoppe)", flush=True)
    proc = subprocess.Popen(voila_command(port, ip, open_browser), cwd=DASHBOARDS,
                            env=serve_env(store_file))
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait(timeout=10)
        return 0
