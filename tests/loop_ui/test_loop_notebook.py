"""dashboards/resultatsloyfe.ipynb executes headless (nbclient), with and without ``loop``.

Parameters are injected as papermill does: a cell right after the one tagged ``parameters``.
What the page shows is read from the widget state nbclient stores in the notebook.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from bmsdata.loop import LoopService, open_journal
from bmsdata.loop.journal import ensure_journal

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "dashboards" / "resultatsloyfe.ipynb"

pytestmark = pytest.mark.slow


def _run(tmp_path: Path, store: Path, journal: Path, monkeypatch: pytest.MonkeyPatch,
         **parameters: str) -> tuple[nbformat.NotebookNode, list[str]]:
    monkeypatch.setenv("BMS_STORE", str(store))
    monkeypatch.setenv("BMS_JOURNAL", str(journal))
    monkeypatch.delenv("BMS_AUTHOR_HEADER", raising=False)
    monkeypatch.delenv("BMS_ROLES", raising=False)  # the local user, who may write
    nb = nbformat.read(NOTEBOOK, as_version=4)
    if parameters:
        at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        source = "\n".join(f"{k} = {json.dumps(v)}" for k, v in parameters.items())
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = ["injected-parameters"]
        nb.cells.insert(at + 1, cell)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "dashboards")}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out
            assert out.get("name") != "stderr", out.get("text")
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    html = [m["state"].get("value", "") for m in state.values()
            if m["model_name"] == "HTMLModel"]
    return nb, html


def test_notebook_is_thin_with_one_parameters_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(code) == 3 and len(tagged) == 1 and code[1] is tagged[0]
    assert 'ctx = ui.prepare("resultatsloyfe")' in code[0].source
    assert code[2].source.strip() == "ui.resultatsloyfe(ctx, params.read(loop=loop))"
    assert nb.metadata.get("title") == "Resultatsløyfe"


def test_without_loop_lists_loops_and_offers_a_new_one(demo_store_master, tmp_path, monkeypatch):
    journal = tmp_path / "journal.sqlite"
    service = LoopService(open_journal(journal))
    loop_id = service.open_loop("RS1 2025: brukerundersøkelsen", "politisk", "RS1", 2025, "Kari")
    _nb, html = _run(tmp_path, demo_store_master, journal, monkeypatch)
    page = "\n".join(html)
    assert "Resultatsløyfer" in page
    assert f'href="?loop={loop_id}"' in page
    assert "Åpne en ny resultatsløyfe" in page


def test_with_loop_shows_the_loop(demo_store_master, tmp_path, monkeypatch):
    journal = tmp_path / "journal.sqlite"
    service = LoopService(open_journal(journal))
    loop_id = service.open_loop("RS1 2025: innbyggerne", "politisk", "RS1", 2025, "Kari",
                                indicators=["POL-BOSTED"])
    service.hold_meeting(loop_id, 1, "2025-03-10", "12/25", None, "Kari")
    _nb, html = _run(tmp_path, demo_store_master, journal, monkeypatch, loop=loop_id)
    page = "\n".join(html)
    assert "RS1 2025: innbyggerne" in page
    assert 'aria-current="step"' in page and "► Nåværende trinn" in page
    assert "Tilfredshet med kommunen som bosted" in page
    assert "Hva sier resultatene oss?" in page
    assert "Skriv inn navnet ditt" in page  # no header configured: the page asks for a name


def test_unknown_loop_gives_a_norwegian_message(demo_store_master, tmp_path, monkeypatch):
    ensure_journal(tmp_path / "journal.sqlite")  # reading never creates one
    _nb, html = _run(tmp_path, demo_store_master, tmp_path / "journal.sqlite", monkeypatch,
                     loop="2025-rs9-ukjent")
    page = "\n".join(html)
    assert "Fant ingen resultatsløyfe med id «2025-rs9-ukjent»" in page
    assert "Traceback" not in page
