"""The presentation builder and the slides, driven in Python and executed as notebooks.

Widgets are used as a person would in the browser: set a value, ``button.click()``. Comments go
to the journal with the author; typed text is escaped in every widget; the notebooks run
headless (nbclient) with and without a loop, without error outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from deckkit import COMMENT, SCRIPT, make_loop
from nbclient import NotebookClient

from bmsdata.serve import DASHBOARDS
from bmsdata.ui.lysbilder import slides as S
from bmsdata.ui.presentasjon import page as P


@pytest.fixture
def session(demo_store_master: Path, tmp_path: Path):
    journal = tmp_path / "journal.sqlite"
    loop_id = make_loop(journal)
    s = P.open_session(demo_store_master, journal)
    assert s.service is not None
    yield s, loop_id
    s.service.journal.close()


def _all_html(widget) -> str:
    """Every HTML value under ``widget`` (what the browser would render)."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if hasattr(w, "value") and isinstance(w.value, str):
            out.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


def test_builder_saves_comments_with_author_and_escapes_them(session):
    s, loop_id = session
    view = P.PresentationView(s, loop_id, author="Rådmann Rå")
    assert list(view.comment_forms) == ["POL-BEFOLKNINGSVEKST", "POL-BOSTED", "POL-INFORMERT"]
    assert view.comment_forms["POL-BOSTED"].text.value == COMMENT  # the newest version
    form = view.comment_forms["POL-BEFOLKNINGSVEKST"]
    form.text.value = f"Ny kommentar {SCRIPT}"
    form.submit.click()
    assert "Kommentaren til «Befolkningsvekst» er lagret" in form.message.value
    state = s.service.state(loop_id)
    latest = state.comments["POL-BEFOLKNINGSVEKST"]
    assert (latest.text, latest.author) == (f"Ny kommentar {SCRIPT}", "Rådmann Rå")
    html = _all_html(view.widget)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html.replace(form.text.value, "").replace(
        view.comment_forms["POL-BOSTED"].text.value, "")  # only inside text areas, as text
    assert "Sist skrevet av Rådmann Rå" in form.info.value
    assert "Tidligere versjoner (1)" in view.comment_forms["POL-BOSTED"].info.value
    # the preview lists every slide in the guide's order, with the comment and its author
    preview = view.preview.value
    assert preview.index("Det samlede bildet") < preview.index("Fokusområde: Det gode bosted")
    assert "Ny kommentar &lt;script&gt;" in preview and "– Rådmann Rå," in preview


def test_builder_without_a_name_refuses_to_write(session):
    s, loop_id = session
    view = P.PresentationView(s, loop_id, author=None)
    form = view.comment_forms["POL-INFORMERT"]
    form.text.value = "Skrevet uten navn"
    form.submit.click()
    assert 'role="alert"' in form.message.value and "navnet ditt" in form.message.value
    assert s.service.state(loop_id).comments["POL-INFORMERT"].text == "Vi må informere bedre."


def test_builder_selection_and_html_export(session):
    s, loop_id = session
    view = P.PresentationView(s, loop_id, author="Sara Stab")
    view.focus_areas.value = ("pol.kompetanse",)
    view.indicators.value = ()
    view.units.value = ()
    view.save.click()
    assert "Utvalget er lagret: 2 indikatorer, 0 enheter." in view.selection_message.value
    assert [s_.indicator.indicator_id for s_ in view.deck.indicator_slides()] == [
        "POL-GRUNNSKOLEPOENG", "POL-BARNEHAGELAERERE"]
    assert list(view.comment_forms) == ["POL-GRUNNSKOLEPOENG", "POL-BARNEHAGELAERERE"]
    view.export_buttons["html"].click()
    assert "HTML er klar" in view.export_message.value
    assert 'download="presentasjon-' in view.export_links.value
    assert "data:text/html;base64," in view.export_links.value
    assert f"lysbilder.ipynb?loyfe={loop_id}" in view.open_slides.value


def test_unknown_loop_and_index(session):
    s, loop_id = session
    w = P.page(s, "finnes-ikke", author="Sara")
    assert "Fant ingen resultatsløyfe med id «finnes-ikke»" in w.value
    index = P.page(s, "")
    assert f"presentasjon.ipynb?loyfe={loop_id}" in index.value
    w = P.page(s, "<script>alert(1)</script>")
    assert SCRIPT not in w.value and "&lt;script&gt;" in w.value


def test_slides_stepper_moves_through_indicators(session):
    s, loop_id = session
    show = S.load(s, loop_id)
    assert show.deck is not None
    stepper_widget = show.indicators()
    stepper = show.steppers["indicator"]
    assert "Befolkningsvekst" in stepper.title.value and "1 av 3" in stepper.position.value
    assert stepper.prev.disabled and not stepper.next.disabled
    stepper.next.click()
    assert "Tilfredshet med kommunen som bosted" in stepper.title.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in stepper.body.value
    assert "Rådmann Rå" in stepper.body.value
    assert "bms-figure" in stepper.chart.widget.value
    stepper.choice.value = 2
    assert "Tilfredshet med informasjon fra kommunen" in stepper.title.value
    assert stepper.next.disabled
    assert SCRIPT not in _all_html(stepper_widget)
    units = show.units()
    assert "Garderåsen barnehage" in _all_html(units)
    assert "Informasjonsplan for innbyggerne" in show.tiltak().value
    bad = S.load(s, "finnes-ikke")
    assert "Fant ingen resultatsløyfe" in bad.title().value and bad.indicators().value == ""


def _run(name: str, values: dict[str, str], store: Path, journal: Path,
         monkeypatch: pytest.MonkeyPatch) -> tuple[nbformat.NotebookNode, str]:
    nb = nbformat.read(DASHBOARDS / f"{name}.ipynb", as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    cell = nbformat.v4.new_code_cell("\n".join(f"{k} = {json.dumps(v)}" for k, v in
                                               values.items()))
    nb.cells.insert(index + 1, cell)
    monkeypatch.setenv("BMS_STORE", str(store))
    monkeypatch.setenv("BMS_JOURNAL", str(journal))
    for var in ("VOILA_PREHEAT", "QUERY_STRING", "SERVER_SOFTWARE", "BMS_AUTHOR_HEADER"):
        monkeypatch.delenv(var, raising=False)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(DASHBOARDS)}}).execute()
    for c in nb.cells:
        for out in c.get("outputs", []):
            assert out["output_type"] != "error", out.get("traceback")
            assert out.get("name") != "stderr", out.get("text")
    return nb, json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "with_loop", "expected"), [
    ("presentasjon", True, ["Rådmannens kommentar per indikator", "Lagre kommentaren",
                            "Det samlede bildet", "Lag PDF"]),
    ("presentasjon", False, ["Velg resultatsløyfe", "RS1 2026: innbyggerundersøkelsen"]),
    ("lysbilder", True, ["Det samlede bildet", "Befolkningsvekst", "Ikke akseptabelt",
                         "Spørsmål og refleksjon"]),
    ("lysbilder", False, ["Lysbildene trenger en resultatsløyfe"]),
])
def test_notebooks_execute(name, with_loop, expected, demo_store_master, tmp_path, monkeypatch):
    journal = tmp_path / "journal.sqlite"
    loop_id = make_loop(journal)
    _nb, state = _run(name, {"loyfe": loop_id if with_loop else ""}, demo_store_master,
                      journal, monkeypatch)
    for text in expected:
        assert text in state, f"{text!r} not shown by {name}"
    # Markup reaches the page only through HTML widgets; there the script must be escaped.
    # (A text area holds it as its plain-text value, which the browser never parses.)
    models = json.loads(state).get("application/vnd.jupyter.widget-state+json", {})
    html = [m["state"].get("value", "") for m in models.get("state", {}).values()
            if m.get("model_name") == "HTMLModel"]
    assert html and not any(SCRIPT in v for v in html)
    if with_loop and name == "presentasjon":  # the slides show it on indicator 2 of 3
        assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in v for v in html)


@pytest.mark.parametrize("name", ["presentasjon", "lysbilder"])
def test_notebooks_are_thin_and_stripped(name):
    nb = nbformat.read(DASHBOARDS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "import" in code[0].source and f'ctx = ui.prepare("{name}")' in code[0].source
    assert code[1].metadata.get("tags") == ["parameters"]
    for cell in code:
        assert not cell.outputs and cell.execution_count is None
    if name == "lysbilder":
        assert nb.metadata["voila"]["template"] == "bms-reveal"
        assert [c.metadata["slideshow"]["slide_type"] for c in code].count("slide") == 7
