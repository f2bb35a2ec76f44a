"""What ``bms snapshot`` refuses, in Norwegian, with a non-zero exit and no file — and user text
from the store reaching the archive copy escaped."""

from __future__ import annotations

import csv
import json

import nbformat
import pytest
from archivekit import balance_problems, parse, run_cli

from bmsdata import cli, queries, store
from bmsdata.importers import import_files


def _bms(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_unknown_parameter_name_lists_the_valid_ones(demo_store_master, tmp_path, capsys):
    out = tmp_path / "x.html"
    code, _out, err = _bms(capsys, "--store", str(demo_store_master), "snapshot",
                           "dashboards/enhet.ipynb", "--param", "unit=BHG-GAR", "--out", str(out))
    assert code == cli.EXIT_INPUT
    assert "har ingen parameter «unit»" in err
    assert "Gyldige parametere: enhet, organ, periode, visning" in err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("bad", ["enhet", "=BHG-GAR", "en het=x"])
def test_bad_param_syntax(demo_store_master, tmp_path, capsys, bad):
    out = tmp_path / "x.html"
    code, _out, err = _bms(capsys, "--store", str(demo_store_master), "snapshot", "enhet",
                           "--param", bad, "--out", str(out))
    assert code == cli.EXIT_INPUT
    assert "på formen NAVN=VERDI" in err
    assert not out.exists()


def test_unknown_notebook(demo_store_master, tmp_path, capsys):
    out = tmp_path / "x.html"
    code, _out, err = _bms(capsys, "--store", str(demo_store_master), "snapshot",
                           "dashboards/finnes-ikke.ipynb", "--out", str(out))
    assert code == cli.EXIT_INPUT
    assert "Fant ikke dashboardet «dashboards/finnes-ikke.ipynb»" in err
    assert "oversikt.ipynb" in err  # the dashboards that do exist
    assert not out.exists()


def test_missing_store_is_exit_3(tmp_path, capsys):
    out = tmp_path / "x.html"
    code, _out, err = _bms(capsys, "--store", str(tmp_path / "ingen.duckdb"), "snapshot",
                           "oversikt", "--out", str(out))
    assert code == cli.EXIT_STORE
    assert "Fant ingen database" in err
    assert not out.exists()


def test_bad_value_gives_the_pages_own_message_and_no_file(demo_store_master, tmp_path):
    """The page's check (bmsdata.params) rejects the unit; the command shows that message with
    the valid ids, exits 2, and an older copy with the same name is left as it was."""
    out = tmp_path / "enhet.html"
    out.write_text("eldre kopi", encoding="utf-8")
    run = run_cli(demo_store_master, "dashboards/enhet.ipynb", {"enhet": "FINNES-IKKE"}, out)
    assert run.code == 2
    assert "Fant ikke enheten «FINNES-IKKE»" in run.stderr
    assert "Gyldige verdier for «enhet»:" in run.stderr
    con = store.open_readonly(demo_store_master)
    try:
        some_unit = queries.rows(con, "units")[-1][0]
    finally:
        con.close()
    assert some_unit in run.stderr
    assert "Ingen arkivkopi er lagret" in run.stderr
    assert "Traceback" not in run.stderr
    assert out.read_text(encoding="utf-8") == "eldre kopi"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["enhet.html"]


def test_notebook_that_raises_shows_what_it_printed(demo_store_master, tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('aar = "2025"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell('print("Tallene for " + aar + " er ikke klare ennå.")\n'
                                  'raise RuntimeError("data not ready")'),
    ]
    path = tmp_path / "feiler.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "feiler.html"
    code, _out, err = _bms(capsys, "--store", str(demo_store_master), "snapshot", str(path),
                           "--param", "aar=2030", "--out", str(out))
    assert code == cli.EXIT_INPUT
    assert "feilet i celle" in err and "RuntimeError" in err
    assert "Tallene for 2030 er ikke klare ennå." in err
    assert "--debug" in err and "Traceback" not in err
    assert not out.exists()


def test_unit_name_with_markup_is_escaped(demo_store, tmp_path):
    """A unit renamed through the ordinary importer to contain a script tag."""
    evil = "<script>alert(1)</script> barnehage"
    con = store.open_readonly(demo_store)
    try:
        row = next(r for r in queries.rows(con, "units") if r[0] == "BHG-GAR")
    finally:
        con.close()
    unit_id, _name, parent, kind, valid_from, valid_to, successor = row
    source = tmp_path / "enheter.csv"
    with open(source, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["enhet_id", "navn", "overordnet_id", "type", "gyldig_fra", "gyldig_til",
                    "etterfølger_id"])
        w.writerow([unit_id, evil, parent or "", kind or "", valid_from or "", valid_to or "",
                    successor or ""])
    import_files({"units": [source]}, demo_store)

    run = run_cli(demo_store, "enhet", {"enhet": unit_id}, tmp_path / "enhet.html")
    assert run.code == 0, run.stderr
    html = run.html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; barnehage" in html
    assert balance_problems(html) == []
    doc = parse(html)
    assert doc.xpath("//main//h1")[0].text_content() == evil  # shown as text, as typed
    # the only scripts are ours: the metadata block (JSON) and nothing the unit name made
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json"]
    meta = json.loads(scripts[0].text)
    assert meta["parameters"]["enhet"] == unit_id
