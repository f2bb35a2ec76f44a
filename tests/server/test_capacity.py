"""A cap on live kernels: a calm Norwegian «Serveren er full» page instead of swapping.

Every page load starts (or takes) a kernel of about 200 MB; ten anonymous loads took 1.85 GiB
and nothing stopped the eleventh. Preheated pool kernels count against the cap.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from serverkit import fetch, running_server

from bmsdata import cli
from bmsdata.server import capacity

FULL = "Serveren er full – prøv igjen om litt"


def test_cap_comes_from_option_then_environment_then_memory() -> None:
    assert capacity.resolve_max_kernels(5, {"BMS_MAX_KERNELS": "9"}) == 5
    assert capacity.resolve_max_kernels(None, {"BMS_MAX_KERNELS": " 9 "}) == 9
    assert capacity.default_max_kernels(mb=24_000) == 96  # 250 MB per kernel
    assert capacity.default_max_kernels(mb=300) == 3  # never below the pools plus one page
    assert capacity.resolve_max_kernels(None, {}) >= 3


@pytest.mark.parametrize("value", ["mange", "0", "-2"])
def test_a_bad_cap_stops_bms_serve_with_a_norwegian_sentence(
        demo_store_master: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], value: str) -> None:
    monkeypatch.setenv("BMS_MAX_KERNELS", value)
    code = cli.main(["--store", str(demo_store_master), "serve", "--port", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "BMS_MAX_KERNELS må være et helt tall større enn 0" in err
    assert f"«{value}»" in err


@pytest.mark.slow
def test_a_full_server_answers_503_in_norwegian_and_starts_no_kernel(
        demo_store_master: Path, tmp_path: Path) -> None:
    with running_server(demo_store_master, tmp_path / "voila.log", max_kernels=2) as server:
        # The two preheated pool kernels fill the cap: a page without a pool is refused.
        started = server.log().count("Kernel started")
        status, headers, html = fetch(server.url("enhet"))
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert '<html lang="nb">' in html
        assert FULL in html
        assert "Eksempel kommune" in html  # the bms look: top bar with the municipality
        assert "bms.css" in html
        assert "Traceback" not in html and "kernelId" not in html
        assert server.log().count("Kernel started") == started

        # Pages with a ready pool kernel still open; their refills wait for room.
        for page in ("oversikt", "fokusomrade"):
            status, _, html = fetch(server.url(page))
            assert status == 200, page
            assert "kernelId" in html
        status, _, html = fetch(server.url("oversikt"))
        assert status == 503
        assert FULL in html
