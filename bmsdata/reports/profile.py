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

Override templates are rendered in jinja2's sandbox with autoescaping on, so a template in a
profile can change the layout but cannot reach Python or print a note unescaped by accident.
"""

from __future__ import annotations

import base64
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from bmsdata import formatting
from bmsdata.contrast import contrast_ratio
from bmsdata.reports import minutes
from bmsdata.reports.printing import ReportError
from bmsdata.scorecard.status import STATUS_LOOK, TREND_LOOK, Status, Trend

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


def report_environment(profile: Profile) -> Environment:
    """A jinja2 environment for reports: the profile's templates first, then the built-in
    ones; autoescaping on for HTML; unknown variables are errors, not blanks."""
    loaders = [FileSystemLoader(profile.template_dir)] if profile.template_dir else []
    loaders.append(FileSystemLoader(TEMPLATES))
    env: Environment = SandboxedEnvironment(
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
    env.globals.update(profile=profile, STATUS_LOOK=STATUS_LOOK, STATUS_ORDER=list(Status))
    return env


__all__ = ["Profile", "contrast_ratio", "load_profile", "report_environment", "report_filters"]
