"""The query layer: SQL lives in ``queries/*.sql``; Python loads it by name and binds values.

Nothing typed by a user is ever pasted into SQL. Values travel as DuckDB named parameters
(``$name``), and the query name itself must be a file in ``queries/``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from bmsdata import resources

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


def queries_dir() -> Path:
    """``queries/`` (see :mod:`bmsdata.resources`), or ``BMS_QUERIES``."""
    return resources.queries_dir()


@cache
def load(name: str) -> str:
    """The text of ``queries/<name>.sql``. Names are checked so no path can be smuggled in."""
    if not _NAME.match(name):
        raise ValueError(f"invalid query name {name!r}")
    path = queries_dir() / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no query named {name!r} in {queries_dir()}")
    return path.read_text(encoding="utf-8")


@cache
def parameters(name: str) -> frozenset[str]:
    """The ``$names`` a query uses (comments are ignored, so the header may mention them)."""
    return frozenset(_PARAM.findall(_COMMENT.sub("", load(name))))


def _bind(name: str, params: dict[str, Any]) -> dict[str, Any]:
    wanted = parameters(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameters {sorted(missing)}")
    return {k: v for k, v in params.items() if k in wanted}


def execute(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run one statement from ``queries/`` with bound parameters."""
    sql = load(name)
    bound = _bind(name, params)
    return con.execute(sql, bound) if bound else con.execute(sql)


def frame(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run a query and return its rows as a DataFrame."""
    return execute(con, name, **params).df()


def rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[tuple]:
    return execute(con, name, **params).fetchall()


def script(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run a parameterless file of several statements (DDL)."""
    for statement in _COMMENT.sub("", load(name)).split(";"):
        if statement.strip():
            con.execute(statement)
