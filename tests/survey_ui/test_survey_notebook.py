"""dashboards/undersokelser.ipynb runs headless (nbclient) with parameters, without error.

Parameters are injected the way papermill does it: a cell after the one tagged ``parameters``.
The widget state nbclient stores is what a person would read.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from bmsdata.serve import DASHBOARDS

NOTEBOOK = DASHBOARDS / "undersokelser.ipynb"

CASES = [
    ({}, ["Brukerundersøkelse i barnehagene", "Svarfordeling", "bms-figure",
          "Enhetene sammenlignet"]),
    ({"undersokelse": "INN", "dimensjon": "KULTUR", "periode": "2024", "organ": "formannskap"},
     ["Fets grupper", "Andel av respondentene", "Formannskapet"]),
    ({"undersokelse": "BU-HEL", "enhet": "HO-HEL"},
     ["Skjult (færre enn 5 svar)", "har for få svar"]),
    ({"undersokelse": "BU-PLO", "dimensjon": "<script>alert(1)</script>"},
     ["er ikke gyldig for dimensjonen", "&lt;script&gt;", "dimensjon=HELHET"]),
    ({"undersokelse": "finnes-ikke"},
     ["Fant ikke undersøkelsen «finnes-ikke»", "undersokelser.ipynb?"]),
]


def _inject(nb: nbformat.NotebookNode, values: dict[str, str]) -> None:
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in values.items())
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, cell)


@pytest.mark.parametrize(("values", "expected"), CASES,
                         ids=["standard", "innbygger", "liten-enhet", "xss", "ukjent"])
def test_notebook_executes_with_parameters(values, expected, demo_store_master: Path,
                                           monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    if values:
        _inject(nb, values)
    monkeypatch.setenv("BMS_STORE", str(demo_store_master))
    for var in ("VOILA_PREHEAT", "QUERY_STRING", "SERVER_SOFTWARE"):
        monkeypatch.delenv(var, raising=False)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(DASHBOARDS)}}).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out.get("traceback")
            assert out.get("name") != "stderr", out.get("text")
            assert "Traceback" not in json.dumps(out.get("data", {}))
    state = json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False)
    for text in expected:
        assert text in state, f"{text!r} not shown with {values}"
    assert "<script>alert(1)</script>" not in state
    if values.get("undersokelse") == "BU-HEL":
        assert "HO-HEL" not in "".join(
            s for s in state.split("bms-figure")[1:])  # no figure carries the small unit


def test_notebook_is_thin_and_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 3
    assert "prepare(" in code[0].source and "import" in code[0].source
    assert code[1].metadata.get("tags") == ["parameters"]
    assert "params.read(" in code[2].source and "undersokelser(" in code[2].source
    for name in ("undersokelse", "dimensjon", "sporsmal", "enhet", "periode", "organ"):
        assert f"{name} = " in code[1].source
    assert nb.metadata.get("title")
    for cell in code:
        assert not cell.outputs and cell.execution_count is None
