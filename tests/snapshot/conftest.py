"""Archive copies of the real dashboards against the demo store, made once per session with the
real command (``bms snapshot`` as a subprocess), and what the store says they must show."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from archivekit import Run, run_cli

from bmsdata import queries, store
from bmsdata.scorecard.evaluate import latest_period, root_unit, scorecard_status


@dataclass
class Snapshot:
    run: Run
    params: dict[str, str]
    expected: pd.DataFrame  # scorecard_status rows the page must show, with status_word


def _status(store_file: Path, unit: str | None = None) -> pd.DataFrame:
    con = store.open_readonly(store_file)
    try:
        return scorecard_status(con, unit_id=unit or root_unit(con), period=latest_period(con))
    finally:
        con.close()


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("archive")


@pytest.fixture(scope="session")
def snap_oversikt(demo_store_master: Path, archive_dir: Path) -> Snapshot:
    """Oversikt with its defaults: kommunestyret sees the political målekart."""
    rows = _status(demo_store_master)
    run = run_cli(demo_store_master, "dashboards/oversikt.ipynb", {},
                  archive_dir / "oversikt.html")
    return Snapshot(run, {}, rows[rows["scorecard_kind"] == "politisk"])


@pytest.fixture(scope="session")
def snap_fokus(demo_store_master: Path, archive_dir: Path) -> Snapshot:
    """The political focus area with the most indicators (ties: the first), read from the store."""
    rows = _status(demo_store_master)
    political = rows[rows["scorecard_kind"] == "politisk"]
    focus = political.groupby("focus_area_id", sort=False).size().idxmax()
    params = {"fokus": str(focus)}
    run = run_cli(demo_store_master, "dashboards/fokusomrade.ipynb", params,
                  archive_dir / "fokusomrade.html")
    return Snapshot(run, params, political[political["focus_area_id"] == focus])


@pytest.fixture(scope="session")
def snap_enhet(demo_store_master: Path, archive_dir: Path) -> Snapshot:
    """A kindergarten of the demo (Garderåsen), checked to be in the store."""
    con = store.open_readonly(demo_store_master)
    try:
        units = {r[0] for r in queries.rows(con, "units")}
    finally:
        con.close()
    assert "BHG-GAR" in units
    rows = _status(demo_store_master, "BHG-GAR")
    params = {"enhet": "BHG-GAR"}
    run = run_cli(demo_store_master, "enhet", params, archive_dir / "enhet.html")
    return Snapshot(run, params, rows[rows["measured_for_unit"].astype(bool)])
