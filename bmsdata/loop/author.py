"""Who is writing: the author of a journal entry, from the reverse proxy's user header.

Behind single sign-on, the proxy in front of Voila passes the signed-in user in a header such
as ``X-Forwarded-User``. Voila copies configured headers into the kernel's environment
(``VoilaConfiguration.http_header_envs``), naming each variable as in CGI (RFC 3875 4.1.18):
``HTTP_`` + the header name upper-cased with ``-`` turned into ``_``, so ``X-Forwarded-User``
arrives as ``HTTP_X_FORWARDED_USER``. With preheated kernels the variables arrive only when the
request does, so call this after ``bmsdata.params`` has waited for the request.

Only trust a header that the proxy sets and strips from client requests; which header that is
belongs to the deployment, so nothing is read unless it is configured. Without it, the UI asks
the person for their name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

#: Names the header to read when the caller does not, e.g. ``X-Forwarded-User``.
AUTHOR_HEADER_ENV = "BMS_AUTHOR_HEADER"
MAX_AUTHOR_LENGTH = 200


def header_env_name(header: str) -> str:
    """``X-Forwarded-User`` → ``HTTP_X_FORWARDED_USER`` (Voila's naming); env names pass through."""
    name = header.strip().upper().replace("-", "_")
    return name if name.startswith("HTTP_") else "HTTP_" + name


def author_from_environment(
    header_env: str | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The signed-in user's name, or ``None`` if unknown (then the UI asks for a name).

    ``header_env`` is the configured header (``X-Forwarded-User``) or its environment variable
    (``HTTP_X_FORWARDED_USER``); ``None`` reads the header name from ``$BMS_AUTHOR_HEADER``.
    """
    env = os.environ if environ is None else environ
    header = header_env if header_env is not None else env.get(AUTHOR_HEADER_ENV)
    if not header or not header.strip():
        return None
    value = env.get(header_env_name(header), "")
    # Control characters have no place in a name and would garble the minutes.
    value = "".join(ch for ch in value if ch.isprintable()).strip()
    if not value or len(value) > MAX_AUTHOR_LENGTH:
        return None
    return value
