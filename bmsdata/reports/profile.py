"""The municipal look without code: a profile folder with name, logo, colours, texts, templates.

A municipality puts its look in a folder (``--profil DIR``, else ``$BMS_PROFIL``, else
``profil/`` in the working directory when it exists, else the built-in look)::

    profil/
      profil.toml        kommunenavn, logo, [farger], [tekster]
      logo.svg           PNG or SVG, embedded in every report as a data: URI (no network)
      templates/         optional: files here replace built-in templates of the same name

Every mistake is refused with a Norwegian sentence naming the file, the key and what to do,
including colours whose text contrast is below WCAG 2.1 AA (4.5:1): a report must stay readable
on paper and for people with low vision, whatever the house colours are.

Override templates are rendered in jinja2's immutable sandbox with autoescaping on, and they
get plain data only (text, numbers, dates, lists and dicts: :func:`plain`), so a template in a
profile can change the layout but cannot reach Python, read or write a file, or print a note
unescaped by accident. A template file that resolves outside the profile's ``templates/``
folder (a symlink, ``..`` or an absolute name) is refused by name, and every template mistake
is a :class:`ReportError` naming the template file (:class:`ReportTemplate`).
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import logging
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from bmsdata import formatting
from bmsdata.contrast import contrast_ratio
from bmsdata.reports import minutes
from bmsdata.reports.printing import ReportError
from bmsdata.scorecard.status import STATUS_LOOK, TREND_LOOK, Status, Trend

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).with_name("templates")
PROFILE_ENV = "BMS_PROFIL"
PROFILE_FILE = "profil.toml"
DEFAULT_FOLDER = Path("profil")
MAX_LOGO_BYTES = 1_000_000
WCAG_AA = 4.5
WHITE = "#ffffff"

#: Norwegian keys in profil.toml → the names the templates use.
COLOUR_KEYS = {"hovedfarge": "primary", "aksentfarge": "accent", "tekstfarge": "text"}
TEXT_KEYS = {"innledning": "intro", "bunntekst": "footer", "kontakt": "contact"}
TOP_KEYS = {"kommunenavn", "logo", "farger", "tekster"}
LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}

DEFAULT_COLOURS = {"primary": "#0b3a66", "accent": "#1d5f99", "text": "#1f2328"}
DEFAULT_TEXTS = {
    "intro": "Rapporten viser status for alle mål i målekartet: først helheten, så hvert "
             "fokusområde med resultater, utvikling og tiltak.",
    "footer": "Balansert målstyring",
    "contact": "",
}
#: Why each colour must contrast with white: where the templates use it.
COLOUR_USE = {
    "primary": "overskrifter på hvit bakgrunn og hvit tekst på fargen",
    "accent": "lenker og uthevet tekst på hvit bakgrunn",
    "text": "brødtekst på hvit bakgrunn",
}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Profile:
    """A municipality's look. ``name`` is None when the profile does not set it: reports then
    use the municipality's name from the store."""

    name: str | None = None
    logo_data_uri: str | None = None
    colours: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLOURS))
    texts: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TEXTS))
    template_dir: Path | None = None
    source: Path | None = None


# -- contrast ------------------------------------------------------------------------------


def _ratio_text(x: float) -> str:
    return formatting.number(x, 1) + ":1"


# -- loading -------------------------------------------------------------------------------


def profile_folder(path: str | os.PathLike[str] | None = None) -> Path | None:
    """Where the profile is: ``path``, ``$BMS_PROFIL``, ``./profil`` if it exists, or None."""
    if path:
        return Path(path)
    if os.environ.get(PROFILE_ENV):
        return Path(os.environ[PROFILE_ENV])
    return DEFAULT_FOLDER if (DEFAULT_FOLDER / PROFILE_FILE).is_file() else None


def _fail(file: Path, key: str | None, problem: str, todo: str, english: str) -> ReportError:
    where = f"{file}" + (f", nøkkel «{key}»" if key else "")
    return ReportError(f"Profilen kan ikke brukes ({where}): {problem} {todo}",
                       f"bad profile {file}" + (f" key {key!r}" if key else "") + f": {english}")


def load_profile(path: str | os.PathLike[str] | None = None) -> Profile:
    """Read and check a profile folder (or its ``profil.toml``); the built-in look when no
    profile is given or found."""
    folder = profile_folder(path)
    if folder is None:
        return Profile()
    toml_file = folder if folder.suffix == ".toml" else folder / PROFILE_FILE
    folder = toml_file.parent
    if not toml_file.is_file():
        raise _fail(toml_file, None, "filen finnes ikke.",
                    "Lag profil.toml i profilmappen (se data/profil-eksempel/ og "
                    "docs/reports.md), eller pek på riktig mappe med --profil eller "
                    f"{PROFILE_ENV}.", "profil.toml not found")
    try:
        data = tomllib.loads(toml_file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise _fail(toml_file, None, "filen er ikke lagret som UTF-8.",
                    "Lagre den som UTF-8 og prøv igjen.", str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise _fail(toml_file, None, f"filen er ikke gyldig TOML ({exc}).",
                    "Rett linjen som nevnes; tekst skal stå i anførselstegn, f.eks. "
                    'kommunenavn = "Fet kommune".', str(exc)) from exc
    for key in data:
        if key not in TOP_KEYS:
            raise _fail(toml_file, key, "nøkkelen er ukjent.",
                        "Tillatte nøkler er " + ", ".join(sorted(TOP_KEYS)) + ".",
                        "unknown key")

    name = data.get("kommunenavn")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise _fail(toml_file, "kommunenavn", "verdien må være en tekst.",
                    'Skriv f.eks. kommunenavn = "Fet kommune".', "not a string")

    colours = dict(DEFAULT_COLOURS)
    colours.update(_section(toml_file, data, "farger", COLOUR_KEYS, _HEX,
                            'en farge skrives som «#rrggbb», f.eks. "#0b3a66".'))
    for key_nb, key in COLOUR_KEYS.items():
        ratio = contrast_ratio(colours[key], WHITE)
        if ratio < WCAG_AA:
            raise _fail(toml_file, f"farger.{key_nb}",
                        f"fargen {colours[key]} har kontrast {_ratio_text(ratio)} mot hvitt, "
                        f"men må ha minst {_ratio_text(WCAG_AA)} (WCAG 2.1 AA) fordi den brukes "
                        f"til {COLOUR_USE[key]}.",
                        "Velg en mørkere variant av fargen.",
                        f"contrast {ratio:.2f} below 4.5 against white")

    texts = dict(DEFAULT_TEXTS)
    texts.update(_section(toml_file, data, "tekster", TEXT_KEYS, None, ""))

    logo = data.get("logo")
    logo_uri = None
    if logo is not None:
        if not isinstance(logo, str) or not logo.strip():
            raise _fail(toml_file, "logo", "verdien må være et filnavn.",
                        'Skriv f.eks. logo = "logo.svg".', "not a file name")
        logo_uri = _logo_data_uri(toml_file, folder / logo)

    templates = folder / "templates"
    return Profile(name=name.strip() if isinstance(name, str) else None,
                   logo_data_uri=logo_uri, colours=colours, texts=texts,
                   template_dir=templates if templates.is_dir() else None, source=folder)


def _section(toml_file: Path, data: dict[str, Any], section: str, keys: dict[str, str],
             pattern: re.Pattern[str] | None, example: str) -> dict[str, str]:
    values = data.get(section, {})
    if not isinstance(values, dict):
        raise _fail(toml_file, section, "skal være en egen seksjon.",
                    f"Skriv [{section}] på en egen linje og verdiene under.", "not a table")
    out = {}
    for key, value in values.items():
        if key not in keys:
            raise _fail(toml_file, f"{section}.{key}", "nøkkelen er ukjent.",
                        "Tillatte nøkler er " + ", ".join(keys) + ".", "unknown key")
        if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
            raise _fail(toml_file, f"{section}.{key}", f"verdien {value!r} kan ikke brukes.",
                        example or "Verdien må være en tekst i anførselstegn.", "bad value")
        out[keys[key]] = value.lower() if pattern is not None else value
    return out


def _logo_data_uri(toml_file: Path, logo: Path) -> str:
    mime = LOGO_TYPES.get(logo.suffix.lower())
    if mime is None:
        raise _fail(toml_file, "logo", f"«{logo.name}» er verken PNG eller SVG.",
                    "Lagre logoen som .png eller .svg.", "logo must be PNG or SVG")
    if not logo.is_file():
        raise _fail(toml_file, "logo", f"filen {logo} finnes ikke.",
                    "Legg logoen i profilmappen, eller rett filnavnet (det regnes fra "
                    "profilmappen).", f"logo {logo} not found")
    data = logo.read_bytes()
    if len(data) > MAX_LOGO_BYTES:
        raise _fail(toml_file, "logo", f"logoen er {len(data) // 1000} kB; grensen er "
                    f"{MAX_LOGO_BYTES // 1000} kB.", "Lagre en mindre versjon av logoen.",
                    "logo too large")
    looks_right = (data.startswith(b"\x89PNG\r\n\x1a\n") if mime == "image/png"
                   else b"<svg" in data[:4096])
    if not looks_right:
        raise _fail(toml_file, "logo", f"{logo.name} ser ikke ut som en gyldig "
                    f"{'PNG' if mime == 'image/png' else 'SVG'}-fil.",
                    "Lagre logoen på nytt fra et tegneprogram.", "logo content does not match")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# -- templates -----------------------------------------------------------------------------


def _status_badge(status: str | None) -> Markup:
    """Symbol + word on the status colour: never colour alone."""
    look = STATUS_LOOK[Status(status or Status.MISSING)]
    return Markup(
        '<span class="status status-{cls}" style="color:{fg};background:{bg}">'
        '<span aria-hidden="true">{sym}</span> {word}</span>'
    ).format(cls=Status(status or Status.MISSING).value, fg=look.colour, bg=look.background,
             sym=look.symbol, word=look.word)


def _trend_text(trend: str | None) -> Markup:
    look = TREND_LOOK[Trend(trend or Trend.UNKNOWN)]
    if not look.word:
        return Markup("")
    return Markup('<span class="trend" style="color:{fg}">{sym} {word}</span>').format(
        fg=look.colour, sym=look.symbol, word=look.word)


def _value(x: Any, decimals: Any = 1, unit_of_measure: Any = None) -> str:
    text = formatting.number(x, decimals)
    if text != formatting.MISSING and unit_of_measure:
        text += "\u00a0" + str(unit_of_measure)
    return text


def report_filters() -> dict[str, Any]:
    """Filters every report template gets: the minutes' Babel dates and amounts, plus the
    scorecard's numbers, ambisjonsnivå, status and trend."""
    filters = dict(minutes._filters())  # dato, tid, kr, tall, and the tiltak/notes labels
    filters.update({
        "verdi": _value,
        "ambisjon": formatting.ambition,
        "statusmerke": _status_badge,
        "statusord": lambda s: STATUS_LOOK[Status(s or Status.MISSING)].word,
        "statussymbol": lambda s: STATUS_LOOK[Status(s or Status.MISSING)].symbol,
        "trendtekst": _trend_text,
    })
    return filters


# -- plain data for templates ---------------------------------------------------------------

#: Values a template may hold as they are: immutable, without methods that reach files or code.
#: Markup is text our own code built and escaped; dates are needed by the «dato»/«tid» filters.
PLAIN_LEAVES = (str, bool, int, float, date, time, Decimal, type(None))


def plain(obj: Any) -> Any:
    """``obj`` as plain data a template may hold: str (and Markup), int, float, bool, None,
    dates, lists and dicts with text keys.

    Why: jinja2's sandbox stops ``__class__`` tricks, but not the ordinary methods of the
    objects a template is given: ``profile.source.joinpath('/etc/passwd').read_text()`` is a
    legal call on a ``Path``. So nothing with methods reaches a template: dataclasses become
    dicts (with their properties, which the templates read like fields), enums their value,
    pandas/numpy scalars Python values (missing ones None), tuples lists. A ``Path``, a module,
    a function or any type not named here is a ``TypeError``: a programming error the report
    tests catch, never silently turned into text.
    """
    if isinstance(obj, enum.Enum):
        return plain(obj.value)
    if isinstance(obj, PLAIN_LEAVES):
        if isinstance(obj, float) and obj != obj:  # NaN: missing, as the filters expect
            return None
        if isinstance(obj, datetime) and type(obj) is not datetime:
            # pandas.Timestamp is a datetime with many more methods
            return plain_datetime(obj)
        return obj
    if isinstance(obj, Mapping):
        return {_plain_key(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [plain(v) for v in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        for name in dir(type(obj)):
            if not name.startswith("_") and isinstance(getattr(type(obj), name, None), property):
                out[name] = plain(getattr(obj, name))
        return out
    scalar = _numpy_scalar(obj)
    if scalar is not _NOT_SCALAR:
        return scalar
    raise TypeError(f"{type(obj).__module__}.{type(obj).__qualname__} is not plain data for a "
                    "template; convert it in the renderer (bmsdata.reports.profile.plain)")


_NOT_SCALAR = object()


def plain_datetime(obj: datetime) -> datetime:
    return datetime(obj.year, obj.month, obj.day, obj.hour, obj.minute, obj.second,
                    obj.microsecond, obj.tzinfo)


def _numpy_scalar(obj: Any) -> Any:
    """numpy/pandas scalars (DuckDB rows read through pandas) as Python values."""
    module = type(obj).__module__
    if not (module.startswith("numpy") or module.startswith("pandas")):
        return _NOT_SCALAR
    import pandas as pd

    try:
        if pd.isna(obj):
            return None
    except (TypeError, ValueError):
        return _NOT_SCALAR
    if isinstance(obj, pd.Timestamp):
        return plain_datetime(obj.to_pydatetime())
    item = getattr(obj, "item", None)
    if callable(item):
        return plain(item())
    return _NOT_SCALAR


def _plain_key(key: Any) -> Any:
    key = plain(key)
    if not isinstance(key, (str, int, float, bool, type(None))):
        raise TypeError(f"template dict keys must be text or numbers, not {type(key).__name__}")
    return key


def plain_profile(profile: Profile) -> dict[str, Any]:
    """What templates see of a profile: name, logo, colours, texts. Never its folders."""
    return {"name": profile.name, "logo_data_uri": profile.logo_data_uri,
            "colours": dict(profile.colours), "texts": dict(profile.texts)}


def plain_module(module: ModuleType) -> dict[str, str]:
    """A module of text constants (like ``deck_text``) as a dict: its UPPER_CASE strings."""
    return {k: v for k, v in vars(module).items() if k.isupper() and isinstance(v, str)}


# -- templates: loading and the sandbox ------------------------------------------------------


def _escape_error(name: str, folder: Path, english: str) -> ReportError:
    return ReportError(
        f"Malen «{name}» i profilmappen {folder} kan ikke brukes: den peker ut av "
        "templates-mappen (en snarvei/symbolsk lenke, «..» eller en absolutt sti). Legg selve "
        "malfilen i templates-mappen og bruk bare filnavnet.",
        f"profile template {name!r} resolves outside {folder}: {english}")


class ProfileTemplateLoader(BaseLoader):
    """The profile's ``templates/`` folder, and nothing outside it.

    jinja2's ``FileSystemLoader`` follows symlinks, and a name it cannot use (``../x``) only
    makes it say "not found", upon which the built-in template would be used in silence. Here
    a name with ``..``, an absolute name, or a file that resolves (through a symlink anywhere
    on its path) outside the folder is a :class:`ReportError` naming the template; a name that
    simply is not in the folder falls through to the built-in templates.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.root = self.folder.resolve()

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        pieces = template.replace("\\", "/").split("/")
        if template.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", template) or \
                ".." in pieces:
            raise _escape_error(template, self.folder, "name leaves the folder")
        candidate = self.folder.joinpath(*[p for p in pieces if p not in ("", ".")])
        if not os.path.lexists(candidate):
            raise TemplateNotFound(template)
        resolved = candidate.resolve()
        if not resolved.is_relative_to(self.root):
            raise _escape_error(template, self.folder, f"file resolves to {resolved}")
        if not resolved.is_file():
            raise TemplateNotFound(template)
        source = resolved.read_text(encoding="utf-8")
        mtime = resolved.stat().st_mtime
        return source, str(candidate), lambda: resolved.stat().st_mtime == mtime


class _PlainSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, and on anything but text, lists and dicts only attributes that
    are plain values (``date.year``), never methods (``date.replace``, ``tzinfo.…``)."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, (str, list, dict)) or type(obj).__module__.startswith("jinja2."):
            return True  # jinja2's own helpers: loop.cycle(), self.block(), namespace()
        return isinstance(value, PLAIN_LEAVES) and not isinstance(value, datetime | date) \
            or type(value) in (datetime, date)


def report_environment(profile: Profile) -> Environment:
    """A jinja2 environment for reports: the profile's templates first, then the built-in
    ones; autoescaping on for HTML; unknown variables are errors, not blanks. Templates are
    sandboxed and immutable; render them through :class:`ReportTemplate`, which gives them
    plain data and turns their mistakes into Norwegian errors."""
    loaders: list[BaseLoader] = (
        [ProfileTemplateLoader(profile.template_dir)] if profile.template_dir else [])
    loaders.append(FileSystemLoader(TEMPLATES))
    env: Environment = _PlainSandbox(
        loader=ChoiceLoader(loaders),
        # CSS templates are not HTML: escaping would break quotes. They only ever receive
        # the profile's checked #rrggbb colours, never free text.
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"),
                                     disabled_extensions=("css", "css.j2"),
                                     default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(report_filters())
    env.globals.update(profile=plain_profile(profile), STATUS_LOOK=plain(STATUS_LOOK),
                       STATUS_ORDER=plain(list(Status)))
    return env


class ReportTemplate:
    """One report template of a profile, rendered with plain data only.

    Every template mistake (a syntax error, an unknown variable, a sandbox refusal such as
    calling a method on a value) is a :class:`ReportError` naming the template file, so
    ``bms report`` says what to fix (exit 2) instead of "Uventet feil" (exit 70).
    """

    def __init__(self, profile: Profile, name: str,
                 filters: Mapping[str, Callable[..., Any]] | None = None) -> None:
        self.profile = profile
        self.name = name
        self.env = report_environment(profile)
        self.env.filters.update(filters or {})
        try:
            self.template = self.env.get_template(name)
        except ReportError:
            raise
        except TemplateError as exc:
            raise self._error(exc, None) from exc

    def render(self, **data: Any) -> str:
        values = {k: plain_profile(v) if isinstance(v, Profile) else plain(v)
                  for k, v in data.items()}
        try:
            return self.template.render(**values)
        except ReportError:
            raise
        except TemplateError as exc:
            raise self._error(exc, exc.__traceback__) from exc

    def _error(self, exc: TemplateError, tb: TracebackType | None) -> ReportError:
        name = getattr(exc, "filename", None) or _template_file(tb) or \
            getattr(exc, "name", None) or self.name
        where = _shown_template(str(name), self.profile)
        kind = type(exc).__name__
        if isinstance(exc, TemplateSyntaxError):
            problem = f"malen har en skrivefeil på linje {exc.lineno} ({exc.message})."
        elif isinstance(exc, TemplateNotFound):
            problem = f"malen ber om «{exc.name}», som ikke finnes."
        else:
            what = (re.findall(r"attribute '([^']+)'", exc.message or "")
                    or re.findall(r"'([^']+)'", exc.message or ""))
            used = f"«{what[0]}»" if what else "noe"
            problem = (f"malen bruker {used}, som ikke finnes eller som maler ikke har tilgang "
                       "til. En mal får bare tekst, tall, datoer, lister og oppslag, ikke filer "
                       "eller Python-metoder.")
        log.warning("report template %s failed: %s: %s", name, kind, exc)
        return ReportError(
            f"Rapportmalen {where} kan ikke brukes: {problem} Rett malen i profilens "
            "templates-mappe (se docs/reports.md), eller fjern den for å bruke den innebygde.",
            f"template {name} failed: {kind}: {exc}")


def _template_file(tb: TracebackType | None) -> str | None:
    """The innermost template in a traceback (jinja2 rewrites frames to the template file)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            found = filename
        tb = tb.tb_next
    return found


def _shown_template(name: str, profile: Profile) -> str:
    """The template as a person finds it: the profile's file, else the built-in's name."""
    path = Path(name)
    if profile.template_dir is not None and path.is_absolute() and \
            path.is_relative_to(profile.template_dir):
        return str(path)
    if profile.template_dir is not None and (profile.template_dir / path.name).is_file():
        return str(profile.template_dir / path.name)
    return f"«{path.name}» (innebygd)"


__all__ = ["Profile", "ProfileTemplateLoader", "ReportTemplate", "contrast_ratio", "load_profile",
           "plain", "plain_module", "plain_profile", "report_environment", "report_filters"]
