"""Widgets our dashboards do not use yet, run in a real kernel and turned into the archive form:
tabs all shown under their titles, choices as «Etikett: verdi», text escaped, buttons left out,
Output widgets with what they printed, and an unknown widget as a visible note."""

from __future__ import annotations

import nbformat
import pytest
from archivekit import balance_problems, external_resources, parse, visible_text

from bmsdata.archive.build import take_snapshot

WIDGETS = '''
import ipywidgets as w
from traitlets import Unicode

class Kart(w.DOMWidget):
    _model_name = Unicode("KartModel").tag(sync=True)
    _model_module = Unicode("kommunekart").tag(sync=True)
    _view_name = Unicode("KartView").tag(sync=True)
    _view_module = Unicode("kommunekart").tag(sync=True)

out = w.Output()
with out:
    print("Utskrift fra " + tittel)
tabs = w.Tab(children=[w.HTML("<p class='inne'>Første fane</p>"),
                       w.Label("<b>ikke fet</b>")])
tabs.set_title(0, "Barnehage")
tabs.set_title(1, "Skole")
acc = w.Accordion(children=[w.Text(value="<i>skrevet</i>", description="Notat")])
acc.set_title(0, "Notater")
hidden = w.HTML("skjult innhold", layout=w.Layout(display="none"))
w.VBox([
    w.HTML("<h1>" + tittel + "</h1>"),
    w.HBox([w.Dropdown(options=[("Ett", 1), ("To", 2)], value=2, description="Antall"),
            w.RadioButtons(options=["a", "b"], value="b", description="Valg"),
            w.Checkbox(value=True, description="Med"),
            w.IntText(value=2026, description="År"),
            w.FloatText(value=4.5, description="Snitt"),
            w.Button(description="Trykk her")]),
    tabs, acc, out, hidden, Kart(),
    w.HTML('<img src="https://example.invalid/logo.png" alt="Logo">'
           '<a href="https://www.ssb.no/">SSB</a>'),
])
'''


@pytest.fixture(scope="module")
def archive(demo_store_master, tmp_path_factory):
    folder = tmp_path_factory.mktemp("widgets")
    nb = nbformat.v4.new_notebook()
    nb.metadata["title"] = "Prøveside"
    nb.cells = [
        nbformat.v4.new_markdown_cell("Innledning med **uthevet** tekst."),
        nbformat.v4.new_code_cell('tittel = "standard"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(WIDGETS),
    ]
    path = folder / "prove.ipynb"
    nbformat.write(nb, path)
    lines: list[str] = []
    out = take_snapshot(str(path), ["tittel=Arkivtest"], folder / "prove.html",
                        demo_store_master, progress=lines.append)
    return out.read_text(encoding="utf-8"), lines


def test_every_widget_has_its_archive_form(archive):
    html, lines = archive
    assert balance_problems(html) == []
    doc = parse(html)
    text = visible_text(doc)
    assert doc.xpath("//main//h1")[0].text_content() == "Arkivtest"
    assert "Innledning med uthevet tekst." in text and doc.xpath("//main//strong")
    # tabs and accordion: every child shown, under its title
    assert [h.text_content() for h in doc.xpath('//h2[@class="bms-archive-tab-title"]')] == \
        ["Barnehage", "Skole", "Notater"]
    assert "Første fane" in text and doc.xpath('//p[@class="inne"]')
    # plain-text widgets are escaped, HTML widgets are not
    assert "<b>ikke fet</b>" in text and not doc.xpath("//main//b")
    assert "Notat: <i>skrevet</i>" in text and not doc.xpath("//main//i")
    # choices as «Etikett: verdi»
    for shown in ("Antall: To", "Valg: b", "Med: ja", "År: 2026", "Snitt: 4,5"):
        assert shown in text, shown
    assert "Trykk her" not in text and not doc.xpath("//main//button")
    assert "Utskrift fra Arkivtest" in text
    assert "skjult innhold" not in html
    notes = [n.text_content() for n in doc.xpath('//*[@class="bms-archive-note"]')]
    assert notes == ["Et element av typen «Kart» kan ikke vises i arkivkopien."]
    assert any("Lagret arkivkopien" in line for line in lines)


def test_nothing_is_fetched_from_outside_but_links_stay(archive):
    """An image from the internet in a notebook's HTML would make the copy depend on the
    network (and leak that someone opened it): it is neutralised; a link to click stays."""
    html, _ = archive
    doc = parse(html)
    assert external_resources(doc, html) == []
    img = doc.xpath('//img[@alt="Logo"]')[0]
    assert img.get("src") is None
    assert img.get("data-bms-removed-src") == "https://example.invalid/logo.png"
    assert doc.xpath('//a[@href="https://www.ssb.no/"]')[0].text_content() == "SSB"


def test_header_lists_the_notebooks_parameter(archive):
    html, _ = archive
    doc = parse(html)
    row = doc.xpath('//table[contains(@class, "bms-archive-params")]//tr[th/code="tittel"]')[0]
    assert "Arkivtest" in row.text_content() and "oppgitt" in row.text_content()
    assert "Prøveside" in doc.xpath("//title")[0].text_content()
