"""One way to read a notebook's parameters: the Voila URL, papermill, or the defaults.

A dashboard notebook has one cell tagged ``parameters`` with its defaults. papermill (and
nbclient tests) inject a cell after it that overrides them, so the notebook's variables already
hold "papermill or default". Under Voila the page's URL (``?fokus=pol.kompetanse``) wins; Voila
hands it to the kernel in ``QUERY_STRING``. A preheated kernel runs the notebook *before* anyone
asks for it, so it must first wait for the request (:func:`voila.utils.wait_for_request`).

Values are text from the outside world. :func:`read` only collects them; :func:`check` tests
them against the allowed choices (from the store) and returns Norwegian problems with the valid
choices, so a dashboard shows a helpful message instead of a traceback. Nothing here touches
SQL; values reach queries only as bound parameters.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

#: Longest value accepted from a URL (ids and period codes are short; this stops silly input).
MAX_LENGTH = 200


def running_under_voila(env: Mapping[str, str] | None = None) -> bool:
    """True inside a kernel started by Voila (normal or preheated)."""
    env = os.environ if env is None else env
    return "VOILA_PREHEAT" in env or env.get("SERVER_SOFTWARE", "").startswith("voila")


_request_seen = False


def _wait_for_request(env: Mapping[str, str]) -> None:
    """Under preheated kernels, block until Voila sends the request (and its QUERY_STRING).

    Voila sends the request once; a second wait would block for ever, so it is remembered.
    """
    global _request_seen
    if env.get("VOILA_PREHEAT") == "True" and not _request_seen:
        from voila.utils import wait_for_request

        wait_for_request()
        _request_seen = True


def query_values(query_string: str | None) -> dict[str, str]:
    """``a=1&b=x`` → ``{"a": "1", "b": "x"}``; the first value wins, blanks are kept as ""."""
    parsed = parse_qs(query_string or "", keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items() if v}


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text[:MAX_LENGTH]


@dataclass(frozen=True)
class Parameters:
    """A notebook's parameters after reading: ``values`` plus where each came from."""

    values: dict[str, str | None]
    sources: dict[str, str] = field(default_factory=dict)  # name → "url" | "notebook"

    def __getitem__(self, name: str) -> str | None:
        return self.values[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return default if value in (None, "") else value


def read(
    _query_string: str | None = None,
    *,
    _env: Mapping[str, str] | None = None,
    _wait: Callable[[Mapping[str, str]], None] | None = None,
    **notebook_values: Any,
) -> Parameters:
    """Read the notebook's parameters.

    Pass the parameters cell's variables as keywords (``read(fokus=fokus, periode=periode)``):
    they carry the defaults, or papermill's injected values. When the kernel runs under Voila,
    the URL's query string overrides them (after waiting for the request under preheating).
    Only the names passed in are read from the URL; anything else in it is ignored.
    ``_query_string`` lets tests give a query string directly.
    """
    env = os.environ if _env is None else _env
    values = {k: _clean(v) for k, v in notebook_values.items()}
    sources = dict.fromkeys(values, "notebook")
    query = _query_string
    if query is None and running_under_voila(env):
        (_wait or _wait_for_request)(env)
        query = env.get("QUERY_STRING", "")
    for name, value in query_values(query).items():
        if name in values:
            values[name] = _clean(value)
            sources[name] = "url"
    return Parameters(values, sources)


@dataclass(frozen=True)
class Choice:
    """One valid value of a parameter and how a person sees it."""

    value: str
    label: str


@dataclass(frozen=True)
class Problem:
    """A parameter value that is not valid, as a Norwegian sentence, with the valid choices."""

    name: str
    value: str
    message: str
    choices: tuple[Choice, ...]
    blocking: bool  # True: the page cannot be shown (unknown focus area or unit)


@dataclass(frozen=True)
class Rule:
    """How to check one parameter: its choices, what it is called, and what a bad value does."""

    what: str                      # Norwegian noun with article, e.g. "fokusområdet"
    choices: Sequence[Choice]
    blocking: bool = False         # unknown value stops the page (it is the page's subject)
    fallback: str | None = None    # used instead of a bad or blank value when not blocking
    required: bool = False         # blank is a problem too
    normalise: Callable[[str], str] | None = None


def check(params: Parameters, rules: Mapping[str, Rule]) -> tuple[dict[str, str | None],
                                                                   list[Problem]]:
    """Check values against their rules. Returns the values to use and the problems found.

    A blank value takes the rule's fallback. A bad value gives a :class:`Problem`; a
    non-blocking one also falls back, so the page can still be shown with a notice.
    """
    out: dict[str, str | None] = dict(params.values)
    problems: list[Problem] = []
    for name, rule in rules.items():
        raw = params.values.get(name)
        if raw in (None, ""):
            if rule.required:
                problems.append(Problem(name, "", f"Velg {rule.what}.", tuple(rule.choices),
                                        True))
            out[name] = rule.fallback
            continue
        value = rule.normalise(raw) if rule.normalise else raw
        valid = {c.value for c in rule.choices}
        if value in valid:
            out[name] = value
            continue
        if rule.blocking:
            message = f"Fant ikke {rule.what} «{raw}». Velg en av disse:"
        else:
            message = f"«{raw}» er ikke gyldig for {rule.what}. Viser {_label(rule)} i stedet."
        problems.append(Problem(name, raw, message, tuple(rule.choices), rule.blocking))
        out[name] = None if rule.blocking else rule.fallback
    return out, problems


def _label(rule: Rule) -> str:
    for c in rule.choices:
        if c.value == rule.fallback:
            return c.label
    return "standardvalget"


def choices(pairs: Iterable[tuple[str, str]]) -> tuple[Choice, ...]:
    return tuple(Choice(str(v), str(label)) for v, label in pairs)
