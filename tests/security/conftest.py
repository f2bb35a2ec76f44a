"""A real Voila server configured as a deployment would be, for attacks over HTTP and websockets.

``secure_server(env)`` starts :func:`bmsdata.serve.launch` on a free loopback port against a
private copy of the demo store and a fresh journal, with the deployment's variables in ``env``
(``BMS_AUTHOR_HEADER``, ``BMS_ROLES``, a hub's ``HTTP_X_BMS_HUB_USER`` …). Preheating is off:
the pages attacked here (Resultatsløyfe, Presentasjon) are never preheated, and two idle
pools would only slow a 2-core machine down.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
for folder in (TESTS, TESTS / "browser"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from browserkit import VoilaServer, free_port, stop_server, wait_until_answering  # noqa: E402

from bmsdata import serve  # noqa: E402
from bmsdata.loop import LoopService, open_journal  # noqa: E402
from bmsdata.loop.journal import ensure_journal  # noqa: E402

ROLES = """\
standard = "leser"
skriver = ["ola", "kari"]
"""


@dataclass
class Deployment:
    """A running server and the files it writes to."""

    server: VoilaServer
    journal: Path
    loop_id: str

    def entries(self) -> list:
        journal = open_journal(self.journal)
        try:
            return LoopService(journal).history(self.loop_id)
        finally:
            journal.close()


@contextmanager
def _env(overrides: Mapping[str, str]) -> Iterator[None]:
    before = {k: os.environ.get(k) for k in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def start_deployment(store_master: Path, work: Path, env: Mapping[str, str],
                     timeout: float = 120) -> Deployment:
    """Serve the dashboards as configured by ``env``, with one loop open in a fresh journal."""
    store = work / "bms.duckdb"
    shutil.copyfile(store_master, store)
    journal = work / "journal.sqlite"
    ensure_journal(journal)
    j = open_journal(journal)
    try:
        service = LoopService(j)
        loop_id = service.open_loop(
            "RS1 2026: innbyggerundersøkelsen", "politisk", "RS1", 2026, "kari",
            indicators=["POL-BOSTED"])
        # A meeting at stage I, so the page's note form has a stage to write to.
        service.hold_meeting(loop_id, 1, "2026-03-10", None, None, "kari")
    finally:
        j.close()
    roles = work / "roller.toml"
    roles.write_text(ROLES, encoding="utf-8")
    full = {"BMS_JOURNAL": str(journal), "BMS_ROLES": str(roles), **env}
    port = free_port()
    log_path = work / "voila.log"
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
    with _env(full):
        proc = serve.launch(store, port=port, ip="127.0.0.1", stdout=log_file,
                            stderr=subprocess.STDOUT,
                            extra_args=["--VoilaConfiguration.preheat_kernel=False"])
    server = VoilaServer(f"http://127.0.0.1:{port}", proc, log_path)
    wait_until_answering(server, timeout)
    return Deployment(server, journal, loop_id)


@pytest.fixture(scope="module")
def deploy(demo_store_master: Path, tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[Callable[[Mapping[str, str]], Deployment]]:
    """Start deployments for this module; all are stopped when the module ends."""
    started: list[Deployment] = []

    def make(env: Mapping[str, str]) -> Deployment:
        d = start_deployment(demo_store_master, tmp_path_factory.mktemp("deploy"), env)
        started.append(d)
        return d

    try:
        yield make
    finally:
        for d in started:
            stop_server(d.server)
