"""Every dashboard notebook runs headless with nbclient, with several parameter sets.

Parameters are injected the way papermill does it: a cell after the one tagged ``parameters``
that assigns new values. The widget state nbclient stores tells what a person would read.
A bad value must give the Norwegian message, never an error output.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from bmsdata.serve import DASHBOARDS

NOTEBOOKS = sorted(p.stem for p in DASHBOARDS.glob("*.ipynb"))
OURS = ("oversikt", "fokusomrade", "enhet", "arshjul")

CASES = [
    ("oversikt", {}, ["Målekartet", "Fiktive tall – demokommune", "Status per"]),
    ("oversikt", {"organ": "formannskap", "periode": "2025"},
     ["Administrativt målekart", "Enhetene", "Status per 2025"]),
    ("oversikt", {"periode": "1999"}, ["«1999» er ikke gyldig for perioden"]),
    ("fokusomrade", {"fokus": "adm.organisasjon_medarbeidere", "referanse": "EAKUO",
                     "indikator": "ADM-SYKEFRAVAER"},
     ["Organisasjon/medarbeidere", "Kritiske suksessfaktorer", "bms-figure",
      "Hvilke enheter er røde?"]),
    ("fokusomrade", {"fokus": "finnes-ikke"},
     ["Fant ikke fokusområdet «finnes-ikke»", "fokusomrade.ipynb?"]),
    ("fokusomrade", {"fokus": "<script>alert(1)</script>"},
     ["Fant ikke fokusområdet «&lt;script&gt;alert(1)&lt;/script&gt;»"]),
    ("enhet", {"enhet": "BHG-GAR", "visning": "presentasjon"},
     ["Garderåsen barnehage", "Balansert resultat", "bms-presentasjon"]),
    ("enhet", {"enhet": "HO-HJN"}, ["slått sammen med"]),
    ("enhet", {"enhet": "FINNES-IKKE"}, ["Fant ikke enheten «FINNES-IKKE»", "enhet=BHG-GAR"]),
    ("arshjul", {"dato": "2026-03-15"}, ["RS 1", "● Nå", "Brukerundersøkelsen"]),
    ("arshjul", {"dato": "ikke-en-dato"}, ["er ikke en dato"]),
]


def _inject(nb: nbformat.NotebookNode, values: dict[str, str]) -> None:
    """What papermill does: a cell after the parameters cell that overrides the defaults."""
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in values.items())
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)


def run_notebook(name: str, values: dict[str, str], store: Path,
                 monkeypatch: pytest.MonkeyPatch) -> tuple[nbformat.NotebookNode, str]:
    nb = nbformat.read(DASHBOARDS / f"{name}.ipynb", as_version=4)
    if values:
        _inject(nb, values)
    monkeypatch.setenv("BMS_STORE", str(store))
    for var in ("VOILA_PREHEAT", "QUERY_STRING", "SERVER_SOFTWARE"):
        monkeypatch.delenv(var, raising=False)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(DASHBOARDS)}})
    client.execute()
    state = json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False)
    return nb, state


def _no_errors(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out.get("traceback")
            assert out.get("name") != "stderr", out.get("text")
            text = json.dumps(out.get("data", {}), ensure_ascii=False)
            assert "Traceback" not in text


def test_the_four_dashboards_exist():
    assert set(OURS) <= set(NOTEBOOKS)


@pytest.mark.parametrize(("name", "values", "expected"), CASES,
                         ids=[f"{n}-{'-'.join(v) or 'standard'}" for n, v, _ in CASES])
def test_notebook_executes_with_parameters(name, values, expected, demo_store_master,
                                           monkeypatch):
    nb, state = run_notebook(name, values, demo_store_master, monkeypatch)
    _no_errors(nb)
    for text in expected:
        assert text in state, f"{text!r} not shown by {name} with {values}"
    assert "<script>alert(1)</script>" not in state  # user text is always escaped


@pytest.mark.parametrize("name", OURS)
def test_notebooks_are_thin(name):
    nb = nbformat.read(DASHBOARDS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 3
    assert "ui.prepare(" in code[0].source and "import" in code[0].source
    assert code[1].metadata.get("tags") == ["parameters"]
    assert "params.read(" in code[2].source and f"ui.{name}(" in code[2].source
    assert nb.metadata.get("title")
    for cell in code:
        assert not cell.outputs and cell.execution_count is None


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_starts_a_page_the_same_way(name):
    """One way to start a page (docs/notebooks.md): the first cell imports ``params`` and
    ``ui`` and prepares the page by its notebook's name, the ``parameters`` cell follows, and
    the next cell calls the page function named like the notebook with ``params.read``."""
    nb = nbformat.read(DASHBOARDS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "from bmsdata import params, ui\n" in code[0].source
    assert f'ctx = ui.prepare("{name}")' in code[0].source
    assert code[1].metadata.get("tags") == ["parameters"]
    assert f"ui.{name}(ctx,params.read(" in "".join(code[2].source.split())
