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
