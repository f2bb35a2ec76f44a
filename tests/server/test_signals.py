"""``bms serve`` stopped with SIGTERM (or Ctrl+C) leaves no Voila or kernel process behind.

Before, SIGTERM ended ``bms serve`` alone: Voila and its kernels went on running and held the
port, so a restart by systemd failed with "address in use".
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browserkit import free_port
from serverkit import fetch

pytestmark = pytest.mark.slow


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _port_free(port: int) -> bool:
    """Can a restarted server listen here? (SO_REUSEADDR as tornado: TIME_WAIT is no owner.)"""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _bms_command() -> list[str]:
    script = shutil.which("bms", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "bmsdata.cli"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_bms_serve_stops_voila_and_every_kernel(
        demo_store_master: Path, tmp_path: Path, signum: int) -> None:
    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [*_bms_command(), "--store", str(demo_store_master), "serve", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    family: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, log_path.read_text()
            with contextlib.suppress(OSError):
                status, _, _ = fetch(f"http://127.0.0.1:{port}/voila/static/voila.js",
                                     timeout=2)
                if status == 200:
                    break
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.25)
        # A page, so a kernel serves a viewer; the pools hold two more.
        status, _, _ = fetch(f"http://127.0.0.1:{port}/voila/render/enhet.ipynb")
        assert status == 200
        family = _descendants(proc.pid)
        kernels = [pid for pid in family if "ipykernel" in _cmdline(pid)]
        assert len(kernels) >= 2, [_cmdline(pid) for pid in family]

        os.kill(proc.pid, signum)
        assert proc.wait(timeout=90) == 0
        left = [(pid, _cmdline(pid)) for pid in family if _running(pid)]
        assert left == [], "left behind after bms serve stopped"
        assert _port_free(port)
        assert "Serveren er stoppet." in log_path.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in family:  # what the code before this test left running
            if _running(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
