"""An IPython extension every dashboard kernel loads: comm errors stay on the server.

After a page has rendered, the browser talks to its kernel only through comm messages
(widgets). When one of them fails — a widget callback raises, or a message is malformed —
ipywidgets calls ``shell.showtraceback()``, which publishes an ``error`` message with the full
traceback (file paths, code lines) on the kernel's iopub channel, straight to the browser; and
the comm manager logs to Python's last-resort handler, i.e. the kernel's ``sys.stderr``, which
ipykernel forwards to the browser as a ``stream`` message (so do warnings).

:func:`load_ipython_extension` (``--IPKernelApp.extensions=bmsdata.server.kernel_hook``, added
by :class:`bmsdata.server.app.BmsKernelManager`) makes all of these go to the server's log instead
(the kernel process's real stderr), in English. Errors while a cell runs during rendering are
untouched: Voila already hides those (``show_tracebacks=False``).
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from typing import Any

log = logging.getLogger("bmsdata.kernel")

#: Messages from the browser whose errors must not travel back to it.
COMM_MESSAGES = frozenset({"comm_msg", "comm_open", "comm_close"})

#: Loggers that report comm failures (``comm`` package, ipykernel, ipywidgets).
COMM_LOGGERS = ("Comm", "comm", "ipykernel.comm", "ipywidgets")


def _server_stderr_handler() -> logging.Handler:
    """A handler on the process's own stderr (the server log), not ipykernel's forwarded one.

    ipykernel redirects file descriptor 2 into a pipe it forwards to the browser
    (``capture_fd_output``), keeping a copy of the real one in ``_original_stdstream_copy``;
    writing to ``sys.__stderr__`` would still reach the browser.
    """
    fd = getattr(sys.stderr, "_original_stdstream_copy", None)
    stream = os.fdopen(os.dup(fd), "w", buffering=1) if isinstance(fd, int) else sys.__stderr__
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("[%(name)s] %(levelname)s %(message)s"))
    return handler


def _parent_type(shell: Any) -> str:
    try:
        header = shell.parent_header or {}
    except Exception:  # no parent yet: kernel start-up
        return ""
    return str((header.get("header") or {}).get("msg_type", ""))


def load_ipython_extension(shell: Any) -> None:
    """Route comm-time tracebacks to the server log; keep everything else as IPython does it."""
    if getattr(shell, "_bms_comm_guard", False):
        return
    original = shell.showtraceback

    def showtraceback(exc_tuple: Any = None, *args: Any, **kwargs: Any) -> None:
        if _parent_type(shell) in COMM_MESSAGES:
            info = exc_tuple if exc_tuple is not None else sys.exc_info()
            log.error("Error while handling a widget message (not sent to the browser)",
                      exc_info=info if info and info[0] is not None else None)
            return None
        return original(exc_tuple, *args, **kwargs)

    shell.showtraceback = showtraceback

    # A warning raised while a widget message is handled prints "<file>:<line>: Warning" on
    # sys.stderr, which ipykernel forwards to the browser; log it instead.
    original_showwarning = warnings.showwarning

    def showwarning(message: Any, category: Any, filename: str, lineno: int,
                    file: Any = None, line: str | None = None) -> None:
        if file is None and _parent_type(shell) in COMM_MESSAGES:
            log.warning("%s: %s (%s:%s)", getattr(category, "__name__", category), message,
                        filename, lineno)
            return
        original_showwarning(message, category, filename, lineno, file, line)

    warnings.showwarning = showwarning
    handler = _server_stderr_handler()
    for name in (*COMM_LOGGERS, log.name):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.propagate = False
    shell._bms_comm_guard = True
