"""Project hygiene a new contributor relies on: dependencies agree, code is ruff-clean,
notebooks are committed without outputs, and the README's two commands are what CI runs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_runtime_dependencies_as_pyproject():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {_name(r): r.replace(" ", "") for r in pyproject["project"]["dependencies"]}
    text = (REPO / "environment.yml").read_text(encoding="utf-8")
    pip_block = text.split("- pip:", 1)[1]
    listed = {_name(x): x.replace(" ", "") for x in re.findall(r"^\s+-\s+(\S.*)$", pip_block,
                                                               re.M)}
    assert listed == wanted


def test_requires_python_and_console_script():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["requires-python"] == ">=3.11"
    assert pyproject["project"]["scripts"]["bms"] == "bmsdata.cli:main"


def test_readme_has_exactly_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Kom i gang", 1)[1].split("\n## ", 1)[0]
    commands = [ln.strip() for block in re.findall(r"```(?:bash|sh)\n(.*?)```", quick, re.S)
                for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]
    assert commands == ["./run demo", "./run test"]
    assert "./run test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_notebooks_are_committed_without_outputs():
    for nb in (REPO / "dashboards").glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{nb.name} has outputs; strip them"
                assert cell.get("execution_count") is None, f"{nb.name} has execution counts"


def test_code_is_ruff_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.fail("ruff is not installed; ./run test installs it with the test extras")
    result = subprocess.run([ruff, "check", "--output-format", "concise", "."], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_tool_fails_under_ci_and_skips_elsewhere(monkeypatch, tmp_path):
    """tests/requires.py: CI must never go green by skipping the browser or journal tests."""
    import requires

    absent = tmp_path / "chromium"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium is required under CI"):
        requires.require_chromium(absent)
    monkeypatch.setenv("BMS_PG_BINDIR", str(tmp_path))  # pg_server looks only there
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL is required under CI"):
        requires.require_postgresql()
    for value in ("", "0", "false"):
        monkeypatch.setenv("CI", value)
        with pytest.raises(pytest.skip.Exception, match=str(absent)):
            requires.require_chromium(absent)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
        requires.require_postgresql()


def test_tests_decide_about_missing_tools_in_one_place():
    """No test writes its own ``CI`` rule for a missing tool; they call tests/requires.py.
    (The fuzz tests' hypothesis profile reads ``CI`` for another reason: fixed examples.)"""
    own_rules = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        if path.name == "requires.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"environ(\.get)?\W+[\"']CI[\"']", line) and "PROFILE" not in line:
                own_rules.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert own_rules == []


def test_pytest_lists_skips_refuses_unknown_markers_and_runs_in_parallel():
    """``./run test`` is plain pytest, so these options come from pyproject.toml."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    addopts = pyproject["tool"]["pytest"]["ini_options"]["addopts"].split()
    assert {"-rs", "--strict-markers"} <= set(addopts)
    assert addopts[addopts.index("-n") + 1] == "auto"
    assert addopts[addopts.index("--dist") + 1] == "loadscope"
    assert "pytest-xdist" in {_name(r) for r in
                              pyproject["project"]["optional-dependencies"]["test"]}
