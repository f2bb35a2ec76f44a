"""Where the project's non-Python files are: ``queries/``, ``dashboards/`` and its Voila data.

In the repository (and an editable install) they are top-level folders beside ``bmsdata/``,
where analysts edit them. A wheel ships copies inside the package, under ``bmsdata/_shipped/``
(see ``pyproject.toml``), because a wheel installs nothing outside ``site-packages``. Every
module asks here instead of walking up from ``__file__``, so both layouts work.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE / "_shipped"
_CHECKOUT = _PACKAGE.parent


@cache
def _folder(name: str) -> Path:
    """``<checkout>/<name>`` when it is there (repository, ``pip install -e``), else the copy
    shipped in the wheel."""
    for base in (_CHECKOUT, _SHIPPED):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"bmsdata cannot find its {name}/ folder (looked in {_CHECKOUT} and {_SHIPPED}); "
        "reinstall the package")


def queries_dir() -> Path:
    """The SQL files; ``BMS_QUERIES`` points elsewhere (tests, an analyst's own copy)."""
    override = os.environ.get("BMS_QUERIES")
    return Path(override) if override else _folder("queries")


def dashboards_dir() -> Path:
    """The Voila notebooks and ``voila.json``."""
    return _folder("dashboards")


def jupyter_data_dir() -> Path:
    """The Jupyter data directory holding the ``bms`` Voila templates (put on JUPYTER_PATH)."""
    return dashboards_dir() / "share" / "jupyter"
