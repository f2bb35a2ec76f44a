"""Running one dashboard notebook headless with papermill, the way Voila would run it.

* The parameters are injected by papermill (a cell after the one tagged ``parameters``).
* The kernel is the ``python3`` kernelspec, which jupyter_client starts with this process's own
  interpreter — the project's venv when run through ``.venv/bin/bms``.
* The kernel gets :func:`bmsdata.serve.serve_env` (``BMS_STORE``, ``BMS_JOURNAL``, …) and starts
  in the notebook's folder, as Voila's kernels do; the Voila request variables are removed, so
  :mod:`bmsdata.params` takes the injected values and does not wait for a browser.
* Its own stdout/stderr (jupyter's start-up chatter) go to a log file, not to the person's
  terminal; the command logs them in English at debug level.

Nothing here touches ``os.environ`` or the working directory of the calling process: the
environment and folder travel in the kernel manager's launch arguments.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import nbformat
from jupyter_client.manager import AsyncKernelManager

log = logging.getLogger("bmsdata.archive")

KERNEL = "python3"
#: Variables that make bmsdata.params read a Voila request instead of the injected values.
VOILA_VARIABLES = ("VOILA_PREHEAT", "QUERY_STRING", "SERVER_SOFTWARE", "SCRIPT_NAME",
                   "PATH_INFO", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class NotebookFailed(Exception):
    """A cell raised. ``nb`` is the notebook as far as it ran (for messages it displayed)."""

    cell: int
    ename: str
    evalue: str
    traceback: str
    nb: nbformat.NotebookNode | None

    def __str__(self) -> str:
        return f"cell {self.cell} raised {self.ename}: {self.evalue}"


class KernelStartFailed(Exception):
    """The kernel could not be started (no ipykernel, a broken kernelspec, a timeout)."""


def kernel_env(store_file: str | os.PathLike[str] | None) -> dict[str, str]:
    """What the kernel sees: ``bms serve``'s environment without a Voila request."""
    from bmsdata.serve import serve_env

    env = serve_env(store_file)
    for name in VOILA_VARIABLES:
        env.pop(name, None)
    return env


def _kernel_manager_class(env: Mapping[str, str], cwd: Path, output: IO[str]) -> type:
    """A kernel manager whose kernels start with ``env`` in ``cwd``, writing to ``output``.

    nbclient creates the kernel manager itself and starts the kernel without arguments; this
    subclass supplies the launch arguments (jupyter_client passes them on to ``Popen``).
    """

    class SnapshotKernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            kw.setdefault("env", dict(env))
            kw.setdefault("cwd", str(cwd))
            kw.setdefault("stdout", output)
            kw.setdefault("stderr", output)
            await super().start_kernel(**kw)

    return SnapshotKernelManager


@contextlib.contextmanager
def _quiet_papermill(debug: bool) -> Iterator[None]:
    """papermill warns about comments it cannot parse in our parameters cells («Unable to parse
    line …») and about the parameters it therefore thinks are unknown. The command checks the
    names itself, so those warnings are noise for a person; ``--debug`` keeps them."""
    logger = logging.getLogger("papermill")
    before = logger.level
    if not debug:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(before)


def execute(notebook: Path, parameters: Mapping[str, Any], *,
            store_file: str | os.PathLike[str] | None, timeout: int = 600,
            debug: bool = False) -> nbformat.NotebookNode:
    """Run ``notebook`` with ``parameters``; return the executed notebook with widget state.

    Raises :class:`NotebookFailed` when a cell raises, :class:`KernelStartFailed` when no
    kernel starts.
    """
    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    env = kernel_env(store_file)
    with tempfile.TemporaryDirectory(prefix="bms-snapshot-") as tmp:
        executed = Path(tmp) / "executed.ipynb"
        kernel_log = Path(tmp) / "kernel.log"
        with open(kernel_log, "w", encoding="utf-8") as output, _quiet_papermill(debug):
            manager = _kernel_manager_class(env, notebook.parent, output)
            try:
                nb = papermill.execute_notebook(
                    str(notebook), str(executed), parameters=dict(parameters),
                    kernel_name=KERNEL, language="python", progress_bar=False,
                    log_output=False,
                    request_save_on_cell_execute=False, start_timeout=120,
                    execution_timeout=timeout, kernel_manager_class=manager,
                )
            except PapermillExecutionError as exc:
                partial = nbformat.read(executed, as_version=4) if executed.is_file() else None
                trace = _ANSI.sub("", "\n".join(exc.traceback or []))
                raise NotebookFailed(exc.cell_index, exc.ename, str(exc.evalue), trace,
                                     partial) from None
            except (NoSuchKernel, DeadKernelError) as exc:
                raise KernelStartFailed(f"{type(exc).__name__}: {exc}") from exc
            except RuntimeError as exc:
                if "kernel" not in str(exc).lower():
                    raise
                raise KernelStartFailed(f"{type(exc).__name__}: {exc}") from exc
            finally:
                output.flush()
                chatter = kernel_log.read_text(encoding="utf-8", errors="replace").strip()
                if chatter:
                    log.debug("kernel output:\n%s", chatter)
    return nb
