"""Minutes (protokoll) of one result loop, as HTML or Markdown.

The minutes are the loop's public account: stages, meetings, reflections and questions, the
council's decisions, proposals, vedtak (with any exception to the same-meeting rule and its
reason) and the tiltak with their status. Everything in them is typed by people, so
everything is escaped:

* HTML: jinja2 autoescaping is on for the HTML template.
* Markdown: the environment *finalises* every printed value through ``escape_markdown``, so a
  value is escaped even where a template author forgot to; only ``Markup`` passes untouched.

Dates and amounts are formatted with Babel (``nb_NO``); times are shown in Norwegian time.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from bmsdata.loop import labels
from bmsdata.loop.stages import Stage
from bmsdata.loop.state import (
    OSLO,
    LoopState,
    Meeting,
    Note,
    Proposal,
    StageAdvance,
    Tiltak,
    Vedtak,
)

TEMPLATES = Path(__file__).with_name("templates")
LOCALE = "nb_NO"
FORMATS = ("html", "markdown")


@dataclass(frozen=True)
class StageView:
    stage: Stage
    status_label: str
    meetings: list[Meeting]
    notes: list[tuple[str, list[Note]]]
    skipped_by: StageAdvance | None


@dataclass(frozen=True)
class VedtakView:
    vedtak: Vedtak
    meeting: Meeting | None
    proposals: list[Proposal]


def render_minutes(
    state: LoopState, fmt: str = "html", generated_at: datetime | None = None
) -> str:
    """Render the minutes of ``state`` as ``"html"`` or ``"markdown"``."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    env = _html_env() if fmt == "html" else _markdown_env()
    name = "minutes.html.j2" if fmt == "html" else "minutes.md.j2"
    return env.get_template(name).render(**_context(state, generated_at))


def minutes_html(state: LoopState, generated_at: datetime | None = None) -> str:
    return render_minutes(state, "html", generated_at)


def minutes_markdown(state: LoopState, generated_at: datetime | None = None) -> str:
    return render_minutes(state, "markdown", generated_at)


# -- escaping --------------------------------------------------------------------------------

# Characters with inline meaning in CommonMark/GFM: emphasis, code, links, images, tables,
# strike-through, headings, escapes. Block markers that only matter at a line start are
# handled per line below. "<", ">", "&" and quotes are HTML-escaped afterwards, so no
# tag can come through (Markdown renderers pass raw HTML on).
_MD_INLINE = re.compile(r"([\\`*_\[\]{}()#+!|~])")
_MD_LINE_START = re.compile(r"^([-=:])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")


def escape_markdown(value: Any) -> str:
    """Make ``value`` inert text in Markdown: no formatting, no links, no HTML."""
    if value is None:
        return ""
    lines = []
    for raw in str(value).splitlines() or [""]:
        line = _MD_INLINE.sub(r"\\\1", raw.strip())  # strip: 4 leading spaces = code block
        line = _MD_LINE_START.sub(r"\\\1", line)
        line = _MD_ORDERED.sub(r"\1\\\2", line)
        lines.append(html.escape(line, quote=True))
    # A hard line break, indented so that the text stays inside its list item.
    return "  \n  ".join(lines)


def _finalize_markdown(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return escape_markdown(value)


def _oneline(value: Any) -> str:
    """Collapse line breaks, for table cells where a newline would end the table."""
    return "" if value is None else " ".join(str(value).split())


# -- formatting ------------------------------------------------------------------------------


def format_day(value: date | None) -> str:
    """``12. mars 2025``."""
    return "—" if value is None else format_date(value, "d. MMMM y", locale=LOCALE)


def format_time(value: datetime | None) -> str:
    """``12. mars 2025 kl. 14:05`` in Norwegian time."""
    if value is None:
        return "—"
    return format_datetime(value, "d. MMMM y 'kl.' HH:mm", tzinfo=OSLO, locale=LOCALE)


def format_kroner(value: float | None) -> str:
    """``kr 120 000`` (whole kroner), or a dash when no cost was given."""
    if value is None:
        return "—"
    return format_currency(value, "NOK", format="¤ #,##0", currency_digits=False, locale=LOCALE)


def format_number(value: float | None) -> str:
    return "—" if value is None else format_decimal(value, locale=LOCALE)


def _safe(fn: Any) -> Any:
    """Mark a formatter's output safe: Babel's dates and numbers hold no user text, and in
    Markdown "12. mars" must not become "12\\. mars"."""
    return lambda value: Markup(fn(value))


def _filters() -> dict[str, Any]:
    return {
        "dato": _safe(format_day),
        "tid": _safe(format_time),
        "kr": _safe(format_kroner),
        "tall": _safe(format_number),
        "janei": lambda v: labels.YES_NO[bool(v)],
        "oneline": _oneline,
        "status": lambda s: labels.TILTAK_STATUS_LABELS.get(s, s),
        "notetype": lambda s: labels.NOTE_TYPE_LABELS.get(s, s),
        "drafted_by": lambda s: labels.DRAFTED_BY_LABELS.get(s, s or "—"),
        "entrykind": lambda s: labels.ENTRY_KIND_LABELS.get(s, s),
    }


def _html_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_filters())
    return env


def _markdown_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,  # Markdown is not HTML; escaping is done by finalize instead
        finalize=_finalize_markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(_filters())
    return env


# -- view model ------------------------------------------------------------------------------


def _context(state: LoopState, generated_at: datetime | None) -> dict[str, Any]:
    stages = [
        StageView(
            stage=stage,
            status_label=labels.STAGE_STATUS_LABELS[state.stage_status(stage.number)],
            meetings=state.meetings_at(stage.number),
            notes=_notes_by_type(state.notes.get(stage.number, [])),
            skipped_by=(
                state.skip_reason(stage.number)
                if state.stage_status(stage.number) == "skipped"
                else None
            ),
        )
        for stage in state.stages.stages
    ]
    vedtak = [
        VedtakView(v, state.meeting(v.meeting_entry_id),
                   [state.proposals[i] for i in v.proposal_ids if i in state.proposals])
        for v in state.vedtak
    ]
    tiltak: list[Tiltak] = sorted(state.tiltak.values(), key=lambda t: (t.deadline, t.id))
    return {
        "s": state,
        "kind_label": labels.LOOP_KIND_LABELS.get(state.kind, state.kind),
        "current": state.current,
        "stages": stages,
        "decisions": state.council_decisions,
        "proposals": sorted(state.proposals.values(), key=lambda pr: pr.id),
        "vedtak": vedtak,
        "tiltak": tiltak,
        "corrections": state.corrections,
        "generated_at": generated_at or datetime.now(UTC),
        "today": state.today,
    }


def _notes_by_type(notes: list[Note]) -> list[tuple[str, list[Note]]]:
    return [
        (label, [n for n in notes if n.note_type == code])
        for code, label in labels.NOTE_TYPE_LABELS.items()
        if any(n.note_type == code for n in notes)
    ]
