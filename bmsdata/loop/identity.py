"""Who is at the page, and what they may do: the identity, resolved once per page.

Identity comes from the deployment, never from the page. Two cases:

* **A login is configured** (``BMS_AUTHOR_HEADER`` names the header the proxy or JupyterHub
  sets, e.g. ``X-Forwarded-User``). Voila copies request headers listed in
  ``VoilaConfiguration.http_header_envs`` into the kernel's environment, named as in CGI
  (RFC 3875 4.1.18): ``HTTP_`` + the header upper-cased, ``-`` → ``_``. Behind JupyterHub the
  spawner sets that variable itself. The author is that value and nothing else. If it is
  missing, empty or not a usable name, the page fails closed: no name, role ``leser``, and a
  Norwegian sentence saying the login did not reach the tool.
  The role comes from the roles file named by ``BMS_ROLES`` (TOML), matched by the login name
  and by the hub groups in ``BMS_USER_GROUPS`` (a comma list the spawner sets from
  ``spawner.user.groups``). Without a roles file everyone signed in is ``leser``: a forgotten
  file must not let everyone write. A roles file that cannot be read also gives ``leser``.
* **No login** (the laptop default): one local user who may do everything (``admin``); the
  page asks for a name once and says on screen that anyone who opens it can write. If
  ``BMS_ROLES`` is set without a login, the roles cannot be applied to anybody, so the page
  fails closed as well (``leser``) instead of silently letting everyone write.

With preheated kernels the request's variables arrive only when the request does, so call
:func:`resolve_identity` after ``bmsdata.params`` has waited for the request. Everything read
here is server-side configuration (environment variables, files); nothing the browser sends
over the widget protocol can reach it.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from bmsdata.loop.errors import LoopError

log = logging.getLogger(__name__)

#: Names the login header, e.g. ``X-Forwarded-User`` (set by the deployment).
AUTHOR_HEADER_ENV = "BMS_AUTHOR_HEADER"
#: Path of the roles file (TOML), see :func:`load_roles`.
ROLES_ENV = "BMS_ROLES"
#: The signed-in user's hub groups, comma separated (set by the JupyterHub spawner).
GROUPS_ENV = "BMS_USER_GROUPS"
#: Whom to ask for access or help, shown on the page (e.g. «IT-servicedesk, tlf. 12 34 56 78»).
CONTACT_ENV = "BMS_CONTACT"
MAX_AUTHOR_LENGTH = 200

Role = Literal["leser", "skriver", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
#: What each role may do, in rising order; a higher role can do everything a lower one can.
WRITERS: frozenset[Role] = frozenset({"skriver", "admin"})
Source = Literal["login", "local"]

DEFAULT_CONTACT = "den som drifter verktøyet"


class RolesError(LoopError):
    """The roles file cannot be read or breaks the format; the pages fall back to ``leser``.

    ``str()`` names the full path and line (for ``bms serve`` and the logs); ``page_message``
    names only the file name, since no server path is shown in a browser.
    """

    def __init__(self, message_nb: str, message_en: str, page_message: str) -> None:
        super().__init__(message_nb, message_en)
        self.page_message = page_message


# -- the header --------------------------------------------------------------------------------


def header_env_name(header: str) -> str:
    """``X-Forwarded-User`` → ``HTTP_X_FORWARDED_USER`` (Voila's naming); env names pass through."""
    name = header.strip().upper().replace("-", "_")
    return name if name.startswith("HTTP_") else "HTTP_" + name


def clean_name(value: str) -> str | None:
    """A name fit for the journal, or ``None``: printable characters only, 1–200 of them.

    Control characters have no place in a name and would garble the minutes.
    """
    cleaned = "".join(ch for ch in value if ch.isprintable()).strip()
    if not cleaned or len(cleaned) > MAX_AUTHOR_LENGTH:
        return None
    return cleaned


def author_from_environment(
    header_env: str | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The signed-in user's name from the configured header, or ``None`` if unknown.

    ``header_env`` is the configured header (``X-Forwarded-User``) or its environment variable
    (``HTTP_X_FORWARDED_USER``); ``None`` reads the header name from ``$BMS_AUTHOR_HEADER``.
    Pages use :func:`resolve_identity`, which also decides what ``None`` means.
    """
    env = os.environ if environ is None else environ
    header = header_env if header_env is not None else env.get(AUTHOR_HEADER_ENV)
    if not header or not header.strip():
        return None
    return clean_name(env.get(header_env_name(header), ""))


# -- the roles file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Roles:
    """The parsed roles file: who has which role, by login name and by hub group."""

    standard: Role = "leser"
    users: Mapping[Role, frozenset[str]] = field(default_factory=dict)
    groups: Mapping[Role, frozenset[str]] = field(default_factory=dict)
    source: str = ""

    def role_of(self, name: str, groups: Iterable[str] = ()) -> Role:
        """The highest role the name or any of the groups is listed under, else ``standard``.

        Names and groups compare case-insensitively (logins like e-mail addresses do).
        """
        key = name.casefold()
        mine = {g.casefold() for g in groups}
        found = [
            role for role in ROLES
            if key in self.users.get(role, frozenset())
            or mine & self.groups.get(role, frozenset())
        ]
        return found[-1] if found else self.standard


_LINE = re.compile(r"line (\d+)")


def load_roles(path: str | os.PathLike[str]) -> Roles:
    """Read a roles file, e.g.::

        standard = "leser"            # a signed-in user who is not listed
        admin = ["kari.nordmann"]
        skriver = ["ola", "sekretariat@kommune.no"]
        leser = []                    # optional: listed here, not above → leser
        [grupper]                     # hub groups (BMS_USER_GROUPS)
        skriver = ["formannskapssekretariat"]

    Unknown keys are refused rather than ignored, so a misspelt role («skrivere») is an error
    instead of a user silently left without access. Raises :class:`RolesError`.
    """
    file = Path(path)
    where, short = str(file), file.name

    def fail(problem_nb: str, problem_en: str, line: int | None = None) -> RolesError:
        at = f", linje {line}" if line else ""
        return RolesError(
            f"Rollefilen {where}{at} kan ikke brukes: {problem_nb} Rett filen, eller pek "
            f"{ROLES_ENV} til riktig fil.",
            f"roles file {where}{f' line {line}' if line else ''}: {problem_en}",
            f"Rollefilen «{short}»{at} kan ikke brukes: {problem_nb} Derfor kan alle bare lese.",
        )

    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail("filen finnes ikke.", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail("filen kan ikke leses.", f"cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _LINE.search(str(exc))
        raise fail("den er ikke gyldig TOML.", f"invalid TOML: {exc}",
                   int(m.group(1)) if m else None) from None

    def line_of(key: str) -> int | None:
        for n, raw in enumerate(text.splitlines(), start=1):
            if re.match(rf"\s*{re.escape(key)}\s*=", raw):
                return n
        return None

    def names(table: Mapping[str, object], key: str, what: str) -> frozenset[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"«{key}» må være en liste med {what} i anførselstegn, "
                       f'for eksempel {key} = ["ola"].',
                       f"{key!r} must be a list of strings", line_of(key))
        return frozenset(v.strip().casefold() for v in value if v.strip())

    allowed = {"standard", "grupper", *ROLES}
    for key in data:
        if key not in allowed:
            raise fail(f"ukjent nøkkel «{key}». Bruk standard, {', '.join(ROLES)} og [grupper].",
                       f"unknown key {key!r}", line_of(key))
    standard = data.get("standard", "leser")
    if standard not in ROLES:
        raise fail(f"standard må være en av {', '.join(ROLES)}.",
                   f"bad standard role {standard!r}", line_of("standard"))
    groups = data.get("grupper", {})
    if not isinstance(groups, dict):
        raise fail("[grupper] må være en tabell.", "'grupper' must be a table", line_of("grupper"))
    for key in groups:
        if key not in ROLES:
            raise fail(f"ukjent rolle «{key}» under [grupper]. Bruk {', '.join(ROLES)}.",
                       f"unknown role {key!r} in [grupper]", line_of(key))
    return Roles(
        standard=standard,
        users={role: names(data, role, "brukernavn") for role in ROLES},
        groups={role: names(groups, role, "gruppenavn") for role in ROLES},
        source=where,
    )


# -- the identity ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Who writes, with which role, and where the name comes from.

    ``name`` is the login name (``source == "login"``), or ``None`` for the local user, whose
    name the page asks for. ``problem`` is a Norwegian sentence the page shows when the
    identity failed closed (login missing, roles file broken). ``contact`` is whom to ask.
    """

    name: str | None
    role: Role
    source: Source
    problem: str | None = None
    contact: str = DEFAULT_CONTACT

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS

    @property
    def from_login(self) -> bool:
        return self.source == "login"

    @property
    def asks_name(self) -> bool:
        """Only the local user types a name; a login name is never asked for or changed."""
        return self.source == "local" and self.can_write

    @classmethod
    def local(cls) -> Identity:
        """The laptop default: one local user who may do everything."""
        return cls(None, "admin", "local")


def _groups(env: Mapping[str, str]) -> list[str]:
    return [g.strip() for g in env.get(GROUPS_ENV, "").split(",") if g.strip()]


def _contact(env: Mapping[str, str]) -> str:
    return clean_name(env.get(CONTACT_ENV, "")) or DEFAULT_CONTACT


def resolve_identity(environ: Mapping[str, str] | None = None) -> Identity:
    """The identity for this page, from the deployment's environment (see the module doc).

    Never raises: every failure gives a ``leser`` with a Norwegian ``problem`` (and a log line
    in English), never a writer.
    """
    env = os.environ if environ is None else environ
    contact = _contact(env)
    header = env.get(AUTHOR_HEADER_ENV, "").strip()
    roles_file = env.get(ROLES_ENV, "").strip()
    if not header:
        if roles_file:
            log.warning("%s is set but %s is not: roles need a login, so everyone only reads",
                        ROLES_ENV, AUTHOR_HEADER_ENV)
            return Identity(None, "leser", "local", ROLES_WITHOUT_LOGIN.format(contact=contact),
                            contact)
        return Identity(None, "admin", "local", contact=contact)
    name = author_from_environment(header, env)
    if name is None:
        log.warning("login header %s is configured but %s is missing, empty or invalid",
                    header, header_env_name(header))
        return Identity(None, "leser", "login", LOGIN_MISSING.format(contact=contact), contact)
    if not roles_file:
        return Identity(name, "leser", "login", contact=contact)
    try:
        roles = load_roles(roles_file)
    except RolesError as exc:
        log.error("%s; everyone only reads", exc.english)
        return Identity(name, "leser", "login", exc.page_message + " " +
                        ASK_CONTACT.format(contact=contact), contact)
    return Identity(name, roles.role_of(name, _groups(env)), "login", contact=contact)


def startup_warnings(environ: Mapping[str, str] | None = None) -> list[str]:
    """Norwegian warnings for ``bms serve`` to print before it starts (empty when all is well).

    A login header without a roles file makes everyone a ``leser``; a roles file without a
    login header, or one that cannot be read, makes everyone a ``leser`` too.
    """
    env = os.environ if environ is None else environ
    header = env.get(AUTHOR_HEADER_ENV, "").strip()
    roles_file = env.get(ROLES_ENV, "").strip()
    warnings = []
    if header and not roles_file:
        warnings.append(
            f"Advarsel: {AUTHOR_HEADER_ENV}={header} er satt, men ingen rollefil ({ROLES_ENV}). "
            "Alle som logger inn, kan bare lese. Lag en rollefil og sett "
            f"{ROLES_ENV}=/sti/til/roller.toml for å gi skrivetilgang.")
    if roles_file and not header:
        warnings.append(
            f"Advarsel: {ROLES_ENV} er satt, men ingen innlogging ({AUTHOR_HEADER_ENV}). "
            "Rollene kan ikke knyttes til noen, så alle kan bare lese. Sett "
            f"{AUTHOR_HEADER_ENV} til headeren innloggingen setter.")
    if roles_file:
        try:
            load_roles(roles_file)
        except RolesError as exc:
            warnings.append(f"Advarsel: {exc} Til det er rettet, kan alle bare lese.")
    return warnings


LOGIN_MISSING = (
    "Innloggingen nådde ikke fram til verktøyet, så du kan bare lese. Last siden på nytt. "
    "Hjelper ikke det, kontakt {contact} og si at brukernavnet fra innloggingen mangler."
)
ROLES_WITHOUT_LOGIN = (
    "Verktøyet har en rollefil, men ingen innlogging, så du kan bare lese. Kontakt {contact}."
)
ASK_CONTACT = "Kontakt {contact}."
