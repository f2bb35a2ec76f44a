"""The layers of ``bmsdata`` that docs/architecture.md draws, kept true by reading the imports.

A newcomer trusts the picture in docs/architecture.md: a folder uses only the folders below it,
and no two folders lean on each other. This test reads that picture (the fenced block after the
``<!-- layers -->`` marker) and every module's imports with :mod:`ast` — imports inside
functions too, since a lazy import is still a dependency — so the picture and the code cannot
drift apart silently.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "bmsdata"
ARCHITECTURE = REPO / "docs" / "architecture.md"


def drawn_layers() -> list[list[str]]:
    """The layers as docs/architecture.md lists them, top first: one line, one layer."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    assert "<!-- layers -->" in text, "docs/architecture.md has lost its <!-- layers --> block"
    block = text.split("<!-- layers -->", 1)[1].split("```", 2)[1]
    lines = [line.split("#", 1)[0].split() for line in block.splitlines()[1:]]
    return [line for line in lines if line]


def folder_of(module: str) -> str:
    """``bmsdata.ui.oversikt`` → ``ui``; a top-level module is its own folder (``store``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "bmsdata"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every ``bmsdata`` module this file imports (line number, dotted name), lazy ones too."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # ``from bmsdata import ui`` names a module: count the module, not the package.
            found += ([(node.lineno, f"{target}.{alias.name}") for alias in node.names]
                      if target == "bmsdata" else [(node.lineno, target)])
    return [(line, target) for line, target in found if target.startswith("bmsdata.")]


def folder_imports() -> dict[tuple[str, str], list[str]]:
    """(importing folder, imported folder) → where it happens, for imports across folders."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        source = folder_of(module_name(path))
        for line, target in imported_modules(path):
            dest = folder_of(target)
            if dest != source:
                edges[source, dest].append(f"{path.relative_to(REPO)}:{line} imports {target}")
    return edges


def test_every_folder_has_a_place_in_the_drawn_layers() -> None:
    """A new folder or top-level module must be drawn before it is used."""
    placed = {folder for layer in drawn_layers() for folder in layer}
    present = {folder_of(module_name(p)) for p in PACKAGE.rglob("*.py")} - {"bmsdata"}
    assert sorted(present - placed) == [], "draw these in docs/architecture.md's layers"


def test_no_import_goes_up_the_layers() -> None:
    """A folder imports only from its own layer or below (``bmsdata/__init__`` is the floor)."""
    rank = {folder: i for i, layer in enumerate(drawn_layers()) for folder in layer}
    bottom = len(drawn_layers())
    upward = [where for (source, dest), places in sorted(folder_imports().items())
              if rank.get(dest, bottom) < rank.get(source, -1) for where in places]
    assert upward == [], "imports that go up the layers:\n" + "\n".join(upward)


def test_no_cycle_between_folders() -> None:
    """Two folders (or a ring of them) that import each other are one tangled capability."""
    edges = folder_imports()
    graph: dict[str, set[str]] = defaultdict(set)
    for source, dest in edges:
        graph[source].add(dest)

    def reaches(start: str, goal: str) -> list[str] | None:
        seen, stack = set(), [[start]]
        while stack:
            trail = stack.pop()
            for step in sorted(graph[trail[-1]]):
                if step == goal:
                    return [*trail, step]
                if step not in seen:
                    seen.add(step)
                    stack.append([*trail, step])
        return None

    cycles = []
    for source, dest in sorted(edges):
        back = reaches(dest, source)
        if back:
            cycles.append(f"{source} → {' → '.join(back)}: {edges[source, dest][0]}")
    assert cycles == [], "folders that import each other:\n" + "\n".join(cycles)
