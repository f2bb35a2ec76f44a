"""Where the project's non-Python files are: ``queries/``, ``dashboards/`` and its Voila data,
and the import templates and example profile under ``data/``.

In the repository (and an editable install) they are top-level folders beside ``bmsdata/``,
where analysts edit them. A wheel ships copies inside the package, under ``bmsdata/_shipped/``
(see ``[tool.hatch.build.targets.wheel]`` in ``pyproject.toml``), because a wheel installs
nothing outside ``site-packages``. Every module asks here instead of walking up from
``__file__``, so both layouts work.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE / "_shipped"
_CHECKOUT = _PACKAGE.parent
#: Only a folder with the project's pyproject.toml is a checkout. Installed from a wheel,
#: ``_PACKAGE.parent`` is site-packages, where another distribution may own a top-level
#: ``queries/`` or ``dashboards/``; those must never be taken for ours.
_IS_CHECKOUT = (_CHECKOUT / "pyproject.toml").is_file()


@cache
def _folder(name: str, shipped: str | None = None) -> Path:
    """``<checkout>/<name>`` when it is there (repository, ``pip install -e``), else the copy
    shipped in the wheel as ``_shipped/<shipped>`` (the same name unless given: the wheel
    flattens ``data/templates`` to ``import-templates``; keep the two in step with
    ``pyproject.toml``)."""
    candidates = [_CHECKOUT / name] if _IS_CHECKOUT else []
    for candidate in [*candidates, _SHIPPED / (shipped or name)]:
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


def import_templates_dir() -> Path:
    """The empty import templates and filled examples (``data/templates/`` in the repository)
    that the importer's messages point people to; a wheel ships them too."""
    return _folder("data/templates", "import-templates")


def profile_example_dir() -> Path:
    """The example report profile (``data/profil-eksempel/``) to copy and adapt."""
    return _folder("data/profil-eksempel", "profil-eksempel")
