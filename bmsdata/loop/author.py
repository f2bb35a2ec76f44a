"""Kept for older imports: the author header is read in :mod:`bmsdata.loop.identity`.

Pages resolve the whole identity (name, role, where it comes from) with
:func:`bmsdata.loop.identity.resolve_identity`; reading the header alone says nothing about
what the person may do.
"""

from bmsdata.loop.identity import (
    AUTHOR_HEADER_ENV,
    MAX_AUTHOR_LENGTH,
    author_from_environment,
    header_env_name,
)

__all__ = ["AUTHOR_HEADER_ENV", "MAX_AUTHOR_LENGTH", "author_from_environment",
           "header_env_name"]
