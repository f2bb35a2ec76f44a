"""A profile's templates can change the layout, and nothing else: they cannot read or write a
file, include one from outside the profile's ``templates/`` folder, or crash ``bms report``.

Each attack is a real report run (``write_result_report`` or the ``bms`` CLI) against the
report store, with a secret file beside the profile that must never appear in any output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bmsdata.reports.printing import ReportError
from bmsdata.reports.profile import plain
from bmsdata.reports.result_report import write_result_report

SECRET = "HEMMELIG-passord-4711"
FOOTER = "report_footer.html.j2"


def _evil_profile(tmp_path: Path, footer: str | None) -> tuple[Path, Path]:
    """A valid profile whose footer template is ``footer``, and a secret file outside it."""
    secret = tmp_path / "hemmelig.txt"
    secret.write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "profil"
    (folder / "templates").mkdir(parents=True)
    (folder / "profil.toml").write_text('kommunenavn = "Fet kommune"\n', encoding="utf-8")
    if footer is not None:
        (folder / "templates" / FOOTER).write_text(footer, encoding="utf-8")
    return folder, secret


def _call_on_path(path: Path, call: str) -> str:
    """A footer that reaches a file through the profile's folder, as an attacker would."""
    return "<footer>{{ profile.source.joinpath('" + str(path) + "')." + call + " }}</footer>"


def _everything_written(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*") if p.is_file()) if out.exists() else ""


def _report(store: Path, out: Path, profile: Path) -> list[Path]:
    return write_result_report(store, None, out, formats=("html",), profile=profile)


def test_a_template_cannot_read_a_file(report_store: Path, tmp_path: Path):
    secret = tmp_path / "hemmelig.txt"
    folder, secret = _evil_profile(
        tmp_path, _call_on_path(secret, "read_text()"))
    out = tmp_path / "ut"
    with pytest.raises(ReportError) as caught:
        _report(report_store, out, folder)
    message = str(caught.value)
    assert "Rapportmalen" in message and FOOTER in message
    assert SECRET not in message
    assert SECRET not in _everything_written(out)


def test_a_template_cannot_write_a_file(report_store: Path, tmp_path: Path):
    target = tmp_path / "skrevet-av-malen.txt"
    folder, _ = _evil_profile(
        tmp_path, _call_on_path(target, "write_text('x')"))
    with pytest.raises(ReportError, match="Rapportmalen"):
        _report(report_store, tmp_path / "ut", folder)
    assert not target.exists()


def test_a_symlinked_template_pointing_outside_is_refused_by_name(report_store: Path,
                                                                 tmp_path: Path):
    folder, secret = _evil_profile(tmp_path, None)
    (folder / "templates" / FOOTER).symlink_to(secret)
    out = tmp_path / "ut"
    with pytest.raises(ReportError) as caught:
        _report(report_store, out, folder)
    message = str(caught.value)
    assert FOOTER in message and "peker ut av templates-mappen" in message
    assert SECRET not in message and SECRET not in _everything_written(out)


@pytest.mark.parametrize("name", ["../../hemmelig.txt", "sub/../../../hemmelig.txt", "ABSOLUTE"])
def test_including_a_file_outside_the_templates_folder_is_refused(report_store: Path,
                                                                 tmp_path: Path, name: str):
    if name == "ABSOLUTE":
        name = str(tmp_path / "hemmelig.txt")
    folder, _ = _evil_profile(tmp_path, '<footer>{% include "' + name + '" %}</footer>')
    out = tmp_path / "ut"
    with pytest.raises(ReportError) as caught:
        _report(report_store, out, folder)
    assert name in str(caught.value) and "peker ut av templates-mappen" in str(caught.value)
    assert SECRET not in _everything_written(out)


def test_bms_report_with_an_evil_template_says_what_to_fix(report_store: Path, tmp_path: Path):
    secret = tmp_path / "hemmelig.txt"
    folder, _ = _evil_profile(
        tmp_path, _call_on_path(secret, "read_text()"))
    out = tmp_path / "ut"
    env = {k: v for k, v in os.environ.items() if k != "BMS_PROFIL"}
    run = subprocess.run(
        [sys.executable, "-m", "bmsdata.cli", "--store", str(report_store), "report", "fokus",
         "--profil", str(folder), "--out", str(out), "--format", "html"],
        capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 2, run.stderr  # the user's input, not 70 (a bug) nor 0
    assert "Rapportmalen" in run.stderr and FOOTER in run.stderr
    assert "Uventet feil" not in run.stderr and "Traceback" not in run.stderr
    assert SECRET not in run.stdout + run.stderr + _everything_written(out)


def test_plain_data_refuses_objects_with_methods():
    with pytest.raises(TypeError, match="not plain data"):
        plain({"folder": Path("/etc")})
    assert plain({"a": (1, 2.5, None), "b": [True]}) == {"a": [1, 2.5, None], "b": [True]}
