"""``bms snapshot NOTEBOOK --param k=v … --out FILE.html``: a dashboard as a static archive copy.

Why: a case (sak) to kommunestyret or formannskapet must keep what the politicians saw, and the
case archive must open it in ten years with no network, no Jupyter and no store. The command
runs the real dashboard notebook headless (papermill, :mod:`bmsdata.archive.run`), then turns
the page it built into one self-contained HTML file (:mod:`bmsdata.archive.render`).

What it refuses, with a Norwegian sentence and no file written:

* a notebook that does not exist or is no notebook, a ``--param`` that is not ``NAVN=VERDI`` or
  names no variable of the notebook's ``parameters`` cell (exit 2);
* a value the page itself rejects: the page's own check (:mod:`bmsdata.params`) shows a message
  box, and an archive copy that says «periode=1999» above the latest period would be wrong, so
  any such message is an error here, with the valid choices the page offered (exit 2);
* a cell that raises: the page's Norwegian message if it showed one, the English traceback in
  the log (``--debug``) (exit 2: the notebook is the command's input);
* no store, or an unreadable one (exit 3).

The file is written to a temporary file beside ``--out`` and renamed into place, so a failed
run never leaves half a file (and never touches an older copy with the same name).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import io
import logging
import os
import sys
import tempfile
import time
import tokenize
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import nbformat
from babel.dates import format_datetime

from bmsdata import __version__, formatting, resources, store
from bmsdata.archive import texts
from bmsdata.archive.render import (
    ArchiveInfo,
    PageMessage,
    document,
    page_messages,
    render_notebook,
)
from bmsdata.archive.run import KernelStartFailed, NotebookFailed, execute
from bmsdata.errors import EXIT_INPUT, EXIT_STORE, BmsError

log = logging.getLogger("bmsdata.archive")

DASHBOARDS = resources.dashboards_dir()
#: How many valid choices an error lists before «… og N til».
MAX_CHOICES = 40


class SnapshotError(BmsError):
    """Why no snapshot was made. ``str()`` is Norwegian for the person; ``english`` is logged."""

    exit_code = EXIT_INPUT


@dataclass(frozen=True)
class NotebookParameter:
    """One variable of the notebook's ``parameters`` cell: its default and its comment."""

    name: str
    default: Any
    help: str


# ---------------------------------------------------------------------------------------------
# the notebook and its parameters
def resolve_notebook(name: str) -> Path:
    """``dashboards/enhet.ipynb``, ``enhet.ipynb`` or ``enhet`` (looked up in ``dashboards/``;
    a relative path that is not found from here is tried from the project folder)."""
    given = Path(name).expanduser()
    candidates = [given]
    if given.suffix != ".ipynb":
        candidates.append(given.with_name(given.name + ".ipynb"))
    if len(given.parts) == 1:
        candidates += [DASHBOARDS / c.name for c in list(candidates)]
    elif not given.is_absolute():  # «dashboards/enhet.ipynb» from outside the project folder
        candidates += [DASHBOARDS.parent / c for c in list(candidates)]
    for path in candidates:
        if path.is_file() and path.suffix == ".ipynb":
            return path.resolve()
    names = ", ".join(sorted(p.name for p in DASHBOARDS.glob("*.ipynb")))
    raise SnapshotError(texts.NO_NOTEBOOK.format(name=name, folder=DASHBOARDS, names=names),
                        f"notebook not found: {name}")


def read_notebook(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # JSON errors, nbformat validation, unreadable file
        raise SnapshotError(texts.NOT_A_NOTEBOOK.format(name=path.name, reason=exc),
                            f"cannot read notebook {path}: {exc!r}") from exc


def notebook_parameters(nb: nbformat.NotebookNode) -> dict[str, NotebookParameter] | None:
    """The variables the cell tagged ``parameters`` assigns, in order; ``None`` without one.

    Read with :mod:`ast` and :mod:`tokenize` rather than papermill's inspector, which cannot
    parse our cells' comments («f.eks. 2025; tom = …») and then reports no parameters at all.
    """
    cell = next((c for c in nb.cells if c.cell_type == "code"
                 and "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return None
    source = cell.source
    try:
        tree = ast.parse(source)
        comments = {tok.start[0]: tok.string.lstrip("#").strip()
                    for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                    if tok.type == tokenize.COMMENT}
    except (SyntaxError, tokenize.TokenError):
        log.warning("parameters cell is not plain Python; no parameters read")
        return {}
    found: dict[str, NotebookParameter] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        try:
            default = ast.literal_eval(value)
        except ValueError:
            default = None
        note = comments.get(node.end_lineno or node.lineno) or comments.get(node.lineno, "")
        found[target.id] = NotebookParameter(target.id, default, note)
    return found


def _convert(name: str, text: str, default: Any) -> Any:
    """The value as the type the notebook's default has (our dashboards take text only)."""
    if isinstance(default, bool):
        word = text.strip().lower()
        if word in ("ja", "true", "1", "sann"):
            return True
        if word in ("nei", "false", "0", "usann"):
            return False
        kind = texts.KIND_BOOL
    elif isinstance(default, int):
        with contextlib.suppress(ValueError):
            return int(text.strip())
        kind = texts.KIND_INT
    elif isinstance(default, float):
        with contextlib.suppress(ValueError):
            return float(text.strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        kind = texts.KIND_FLOAT
    else:
        return text
    raise SnapshotError(texts.BAD_PARAM_TYPE.format(name=name, kind=kind, value=text),
                        f"parameter {name}: {text!r} does not fit {type(default).__name__}")


def parse_parameters(items: Sequence[str], declared: Mapping[str, NotebookParameter] | None,
                     notebook: str) -> dict[str, Any]:
    """``["enhet=BHG-GAR"]`` → ``{"enhet": "BHG-GAR"}``, checked against the notebook's cell."""
    values: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise SnapshotError(texts.BAD_PARAM_SYNTAX.format(text=item),
                                f"--param {item!r} is not NAME=VALUE")
        if name in values:
            raise SnapshotError(texts.DUPLICATE_PARAM.format(name=name),
                                f"--param {name} given twice")
        if declared is None:
            raise SnapshotError(texts.NO_PARAMETERS_CELL.format(notebook=notebook),
                                f"{notebook} has no parameters cell")
        if name not in declared:
            valid = ", ".join(declared) or "–"
            raise SnapshotError(texts.UNKNOWN_PARAM.format(notebook=notebook, name=name,
                                                       valid=valid),
                                f"{notebook} has no parameter {name!r}; valid: {valid}")
        values[name] = _convert(name, value, declared[name].default)
    return values


# ---------------------------------------------------------------------------------------------
# the store and the time, as the header shows them
def _when(moment: datetime) -> str:
    """«20. mai 2026 kl. 14:03 (UTC+02:00)» — Babel, nb_NO."""
    local = moment.astimezone()
    text = format_datetime(local, "d. MMMM y 'kl.' HH:mm", locale=formatting.LOCALE)
    return f"{text} (UTC{local.isoformat()[-6:]})"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_facts(store_file: str | os.PathLike[str] | None) -> dict[str, Any]:
    """Municipality, latest period, file date and checksum — and a Norwegian error (exit 3)
    before any kernel starts when there is no store to read."""
    from bmsdata.scorecard.evaluate import latest_period

    path = store.store_path(store_file)
    try:
        con = store.open_readonly(path)
    except store.StoreError as exc:
        raise SnapshotError(str(exc), exc.english, EXIT_STORE) from exc
    except Exception as exc:  # a file that is not a DuckDB database, no permission, …
        raise SnapshotError(f"Databasen {path} kan ikke leses: {exc}",
                            f"cannot open store {path}: {exc!r}", EXIT_STORE) from exc
    try:
        meta = store.meta(con)
        period = latest_period(con)
    except Exception as exc:
        raise SnapshotError(f"Databasen {path} kan ikke leses: {exc}",
                            f"cannot read store {path}: {exc!r}", EXIT_STORE) from exc
    finally:
        con.close()
    changed = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    return {
        "municipality": meta.get("municipality", ""),
        "kommune_nr": meta.get("kommune_nr", ""),
        "fictional": meta.get("fictional", "").lower() == "true",
        "store_name": path.name,
        "store_changed_text": _when(changed),
        "store_changed_iso": changed.isoformat(timespec="seconds"),
        "store_sha256": _sha256(path),
        "latest_period": period.label() if period else "",
    }


# ---------------------------------------------------------------------------------------------
# messages the page showed → the command's error
def _choices(message: PageMessage, given: Mapping[str, Any]) -> tuple[str | None,
                                                                     list[tuple[str, str]]]:
    """Which parameter the message is about, and its valid values (value, label).

    The page's choice links carry the page's parameters; the one that differs from what the
    person gave in every link is the one the message is about.
    """
    queries = [dict(parse_qsl(urlsplit(href).query, keep_blank_values=True))
               for href, _label in message.links]
    if not queries:
        return None, []
    common = set.intersection(*(set(q) for q in queries))
    names = [k for k in given if k in common and all(q[k] != str(given[k]) for q in queries)]
    if len(names) != 1:
        return None, [(label, "") for _href, label in message.links]
    name = names[0]
    return name, [(q[name], label) for q, (_href, label) in zip(queries, message.links,
                                                               strict=True)]


def _message_error(messages: list[PageMessage], given: Mapping[str, Any],
                   notebook: str) -> SnapshotError:
    from bmsdata.ui.text import STORE_ERROR

    store_prefix = STORE_ERROR.split("{", 1)[0].strip()
    lines = [texts.NOTEBOOK_MESSAGE.format(notebook=notebook)]
    exit_code = EXIT_INPUT
    for m in messages:
        lines.append(f"  {m.text}")
        if store_prefix and m.text.startswith(store_prefix):
            exit_code = EXIT_STORE
        name, choices = _choices(m, given)
        if not choices:
            continue
        if name:
            lines.append(texts.VALID_CHOICES.format(name=name))
        width = max(len(v) for v, _ in choices[:MAX_CHOICES])
        for value, label in choices[:MAX_CHOICES]:
            lines.append(f"  {value.ljust(width)}  {label}".rstrip())
        if len(choices) > MAX_CHOICES:
            lines.append(texts.MORE_CHOICES.format(n=len(choices) - MAX_CHOICES))
    lines.append(texts.NOT_SAVED)
    english = "; ".join(m.text for m in messages)
    return SnapshotError("\n".join(lines), f"{notebook} showed message(s): {english}", exit_code)


def _failure_error(exc: NotebookFailed, given: Mapping[str, Any],
                   notebook: str) -> SnapshotError:
    """A raising cell: the page's own Norwegian message when it showed one, else a pointer to
    ``--debug``; the traceback goes to the log."""
    log.debug("notebook %s failed in cell %s: %s: %s\n%s", notebook, exc.cell, exc.ename,
              exc.evalue, exc.traceback)
    head = texts.NOTEBOOK_FAILED.format(notebook=notebook, cell=exc.cell, error=exc.ename)
    shown: list[str] = []
    if exc.nb is not None:
        with contextlib.suppress(Exception):
            rendered = render_notebook(exc.nb)
            messages = page_messages(rendered.body)
            if messages:
                return SnapshotError(head + "\n" + str(_message_error(messages, given, notebook)),
                                     f"cell {exc.cell} raised {exc.ename}: {exc.evalue}")
        for cell in exc.nb.cells:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stdout":
                    shown.append("".join(out.get("text") or "").strip())
    lines = [head, *(f"  {s}" for s in shown if s), texts.NOTEBOOK_FAILED_HINT]
    return SnapshotError("\n".join(lines), f"cell {exc.cell} raised {exc.ename}: {exc.evalue}")


# ---------------------------------------------------------------------------------------------
# writing
def _check_out(out: Path) -> None:
    if out.is_dir():
        raise SnapshotError(texts.OUT_IS_FOLDER.format(path=out), f"--out {out} is a directory")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SnapshotError(texts.OUT_NOT_WRITABLE.format(path=out, reason=exc.strerror or exc),
                            f"cannot create {out.parent}: {exc!r}") from exc
    if not os.access(out.parent, os.W_OK):
        raise SnapshotError(texts.OUT_NOT_WRITABLE.format(path=out, reason="ingen skrivetilgang"),
                            f"{out.parent} is not writable")


def write_atomically(path: Path, text: str) -> None:
    """Temporary file in the same folder, fsync, rename: the old file or the whole new one."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an archive file is read by others
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# ---------------------------------------------------------------------------------------------
def _size(n: int) -> str:
    return (formatting.number(n / 1e6, 1) + " MB" if n >= 1e6
            else formatting.number(n / 1e3, 0) + " kB")


def _say(line: str) -> None:
    print(line, flush=True)


def take_snapshot(notebook: str, params: Sequence[str], out: str | os.PathLike[str],
                  store_file: str | os.PathLike[str] | None = None, *,
                  progress: Callable[[str], None] = _say, debug: bool = False,
                  now: datetime | None = None) -> Path:
    """Run ``notebook`` with ``params`` (``NAVN=VERDI``) and write the archive copy to ``out``.

    Raises :class:`SnapshotError` (Norwegian ``str``, ``exit_code``) and writes nothing then.
    """
    started = time.monotonic()
    path = resolve_notebook(notebook)
    nb = read_notebook(path)
    declared = notebook_parameters(nb)
    given = parse_parameters(params, declared, path.name)
    out_path = Path(out).expanduser()
    _check_out(out_path)
    facts = store_facts(store_file)
    shown = "".join(f" {k}={v}" for k, v in given.items())
    progress(texts.RUNNING.format(notebook=path.name, params=f" med{shown}" if shown else ""))
    log.info("snapshot of %s with %s, store %s", path, given, store.store_path(store_file))
    try:
        executed = execute(path, given, store_file=store.store_path(store_file).resolve(),
                           debug=debug)
    except NotebookFailed as exc:
        raise _failure_error(exc, given, path.name) from None
    except KernelStartFailed as exc:
        raise SnapshotError(texts.KERNEL_FAILED.format(reason=exc),
                            f"kernel did not start: {exc}") from exc
    progress(texts.RENDERING)
    rendered = render_notebook(executed)
    messages = page_messages(rendered.body)
    if messages:
        raise _message_error(messages, given, path.name)
    if not rendered.body.strip():
        raise SnapshotError(texts.NOTHING_SHOWN.format(notebook=path.name),
                            f"{path.name} displayed nothing")
    moment = (now or datetime.now()).astimezone()
    parameters = []
    for p in (declared or {}).values():
        value = given.get(p.name, p.default)
        parameters.append((p.name, "" if value is None else str(value), p.name in given,
                           p.help))
    info = ArchiveInfo(
        title=str(nb.metadata.get("title") or path.stem), notebook=path.name,
        parameters=parameters, made_text=_when(moment),
        made_iso=moment.isoformat(timespec="seconds"),
        software=f"bmsdata {__version__} (bms snapshot)", **facts,
    )
    html_text = document(rendered, info)
    write_atomically(out_path, html_text)
    size = _size(len(html_text.encode("utf-8")))
    seconds = formatting.number(time.monotonic() - started, 1)
    progress(texts.SAVED.format(path=out_path, size=size, seconds=seconds))
    log.info("snapshot written: %s (%d charts, %d unknown widgets)", out_path, rendered.charts,
             len(rendered.unknown))
    return out_path


def command(args: argparse.Namespace) -> int:
    """``bms snapshot``: the CLI's entry (see :mod:`bmsdata.cli`)."""
    try:
        take_snapshot(args.notebook, args.param or [], args.out, args.store,
                      debug=bool(getattr(args, "debug", False)))
    except SnapshotError as exc:
        log.debug("snapshot refused: %s", exc.english)
        print(f"Feil: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0
