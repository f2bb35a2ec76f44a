"""The meeting presentation (deck) of a result loop, as data: slides in the guide's order.

The guide's advice, and what the politicians asked for: **first the whole picture, then
detail**, few and relevant results, and time for questions. So a deck is always

1. a title slide (the loop, the period, the municipality);
2. **the whole picture**: every selected focus area with its indicators' status;
3. per focus area: its slide, then one slide per indicator (status as symbol + word + colour,
   result against ambisjonsnivå, the trend chart, the rådmann's comment with its author);
4. per selected unit: the balanced view (all focus areas side by side);
5. the tiltak that should move these indicators (this loop's and earlier loops'), and
6. the guide's questions for reflection.

Status comes from :func:`bmsdata.scorecard.evaluate.scorecard_status` — the one place it is
decided — for the same unit and period the dashboards use, so the deck can never disagree with
them. The trend chart is the dashboards' own figure (:func:`bmsdata.views.chart.trend_figure`).

The selection (focus areas, indicators, units, period) and the comments live in the loop's
journal (``LoopService.save_presentation`` / ``LoopService.comment``), so the dashboard, the
CLI and a colleague all build the same deck. This module only reads; exporting is in
:mod:`bmsdata.reports.deck_export`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import duckdb

from bmsdata import formatting, queries, store
from bmsdata.errors import BmsError
from bmsdata.loop import labels
from bmsdata.loop.state import OSLO, Comment, LoopState, Tiltak
from bmsdata.reports import deck_text
from bmsdata.scorecard.evaluate import add_status, concerns_unit, root_unit, scorecard_status
from bmsdata.scorecard.periods import Period
from bmsdata.scorecard.status import STATUS_LOOK, STATUS_ORDER, Status
from bmsdata.views.context import records

#: Slide kinds, in the order a deck shows them.
SLIDE_KINDS = ("title", "overview", "focus_area", "indicator", "unit", "tiltak", "end")


class DeckError(BmsError, ValueError):
    """The deck cannot be built from this selection; ``str()`` is a Norwegian sentence."""


@dataclass(frozen=True)
class Selection:
    """What to present. Empty means: the loop's own focus areas/indicators, no unit slides."""

    focus_areas: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    period: str | None = None
    title: str = ""


@dataclass(frozen=True)
class StatusRow:
    """One indicator's result with its status, as every table in the deck shows it."""

    indicator_id: str
    name: str
    focus_area_id: str
    focus_area: str
    success_factor: str
    method: str
    status: str
    symbol: str
    word: str
    colour: str
    background: str
    value_text: str
    ambition_text: str
    period_label: str
    trend_symbol: str
    trend_word: str
    decimals: int
    unit_of_measure: str | None

    @property
    def status_text(self) -> str:
        """«✖ Ikke akseptabelt»: symbol and word, never colour alone."""
        return f"{self.symbol} {self.word}"

    @property
    def trend_text(self) -> str:
        return f"{self.trend_symbol} {self.trend_word}".strip()


@dataclass(frozen=True)
class StatusCount:
    status: str
    symbol: str
    word: str
    colour: str
    background: str
    count: int


@dataclass(frozen=True)
class FocusAreaBlock:
    """A focus area with its selected indicators (overview, focus-area and unit slides)."""

    focus_area_id: str
    name: str
    goal: str
    scorecard: str
    rows: tuple[StatusRow, ...]

    @property
    def counts(self) -> list[StatusCount]:
        return status_counts(self.rows)


@dataclass(frozen=True)
class TrendPoint:
    period: str
    period_label: str
    value: float | None
    value_text: str
    status: str
    status_text: str


@dataclass(frozen=True)
class CommentView:
    text: str
    author: str
    when: str  # «12.03.2026 kl. 14.05», Norwegian time


@dataclass(frozen=True)
class TiltakRow:
    title: str
    loop_title: str
    status_text: str
    deadline_text: str
    overdue: bool
    owner: str
    indicators: str


@dataclass(frozen=True)
class Slide:
    """One slide. ``kind`` is one of :data:`SLIDE_KINDS`; the other fields by kind."""

    kind: str
    title: str
    lead: str = ""
    indicator: StatusRow | None = None
    trend: tuple[TrendPoint, ...] = ()
    figure: dict[str, Any] | None = None
    comment: CommentView | None = None
    blocks: tuple[FocusAreaBlock, ...] = ()
    tiltak: tuple[TiltakRow, ...] = ()
    prompts: tuple[str, ...] = ()
    anchor: str = ""


@dataclass
class Deck:
    """A presentation: its slides in order plus what the title slide and footer need."""

    title: str
    subtitle: str
    municipality: str
    fictional: bool
    period: str
    period_label: str
    loop_id: str | None
    generated_at: datetime
    slides: list[Slide] = field(default_factory=list)

    @property
    def titles(self) -> list[str]:
        return [s.title for s in self.slides]

    def indicator_slides(self) -> list[Slide]:
        return [s for s in self.slides if s.kind == "indicator"]


# -- helpers ---------------------------------------------------------------------------------


def _decimals(row: dict[str, Any]) -> int:
    d = row.get("decimals")
    return 1 if d is None else int(d)


def value_text(value: Any, decimals: int, unit: Any) -> str:
    """«4,5», «5,3 %», «12 dager» (Babel nb_NO)."""
    text = formatting.number(value, decimals)
    if text == formatting.MISSING or not isinstance(unit, str) or not unit:
        return text
    return f"{text} %" if unit == "%" else f"{text} {unit}"


def status_row(row: dict[str, Any]) -> StatusRow:
    """A row of ``scorecard_status`` (with its status columns) as the deck shows it."""
    status = Status(row["status"])
    look = STATUS_LOOK[status]
    dec = _decimals(row)
    return StatusRow(
        indicator_id=str(row["indicator_id"]), name=str(row["indicator"]),
        focus_area_id=str(row["focus_area_id"]), focus_area=str(row["focus_area"]),
        success_factor=str(row.get("success_factor") or ""), method=str(row.get("method") or ""),
        status=status.value, symbol=look.symbol, word=look.word, colour=look.colour,
        background=look.background,
        value_text=value_text(row.get("value"), dec, row.get("unit_of_measure")),
        ambition_text=formatting.ambition(row),
        period_label=str(row.get("period_label") or formatting.MISSING),
        trend_symbol=str(row.get("trend_symbol") or ""),
        trend_word=str(row.get("trend_word") or ""),
        decimals=dec, unit_of_measure=row.get("unit_of_measure"),
    )


def status_counts(rows: Iterable[StatusRow]) -> list[StatusCount]:
    """How many indicators have each status, worst first; statuses with none left out."""
    rows = list(rows)
    out = []
    for status in STATUS_ORDER:
        n = sum(1 for r in rows if r.status == status.value)
        if n:
            look = STATUS_LOOK[status]
            out.append(StatusCount(status.value, look.symbol, look.word, look.colour,
                                   look.background, n))
    return out


def _when(ts: datetime) -> str:
    local = ts.astimezone(OSLO) if ts.tzinfo else ts.replace(tzinfo=UTC).astimezone(OSLO)
    return f"{local:%d.%m.%Y} kl. {local:%H.%M}"


def _comment_view(comment: Comment | None) -> CommentView | None:
    if comment is None or not comment.text:
        return None
    return CommentView(comment.text, comment.author, _when(comment.ts))


# -- building --------------------------------------------------------------------------------


def selection_of(state: LoopState | None) -> Selection:
    """The selection saved in the loop's journal (the newest), else the loop's own."""
    if state is None:
        return Selection()
    chosen = state.presentation
    if chosen is None:
        return Selection(state.focus_areas, state.indicators)
    return Selection(chosen.focus_areas or state.focus_areas,
                     chosen.indicators or (() if chosen.focus_areas else state.indicators),
                     chosen.units, chosen.period, chosen.title)


def build_deck(
    con: duckdb.DuckDBPyConnection,
    state: LoopState | None = None,
    selection: Selection | None = None,
    tiltak: Sequence[Tiltak] = (),
    generated_at: datetime | None = None,
) -> Deck:
    """Build the deck for a loop (its saved selection and comments) or a bare selection.

    ``tiltak``: decided tiltak from every loop (``LoopService.tiltak_register()``); those that
    should move a presented indicator are shown. Raises :class:`DeckError` (Norwegian) when
    the selection names indicators or units the store does not have, or nothing at all.
    """
    sel = selection or selection_of(state)
    meta = dict(queries.rows(con, "meta"))
    root = root_unit(con)
    period = _period(con, sel.period)
    period_label = Period.parse(period).label()

    whole = records(scorecard_status(con, root, period))
    by_id = {str(r["indicator_id"]): r for r in whole}
    wanted = _indicator_ids(sel, whole)
    unknown = [i for i in wanted if i not in by_id]
    if unknown:
        raise DeckError(deck_text.UNKNOWN_INDICATORS.format(ids=", ".join(unknown)),
                        f"unknown indicators {unknown}")
    if not wanted:
        raise DeckError(deck_text.NOTHING_SELECTED, "no indicators selected")
    units = {str(u[0]): u for u in queries.rows(con, "units")}
    unknown_units = [u for u in sel.units if u not in units]
    if unknown_units:
        raise DeckError(deck_text.UNKNOWN_UNITS.format(ids=", ".join(unknown_units)),
                        f"unknown units {unknown_units}")

    # Målekart order: scorecard, focus area, indicator (the query's ORDER BY).
    chosen = [status_row(r) for r in whole if str(r["indicator_id"]) in set(wanted)]
    blocks = _blocks(chosen, whole)
    comments = state.comments if state is not None else {}

    title = sel.title or (state.title if state is not None else
                          deck_text.TITLE_DEFAULT.format(release="", year=period_label).strip())
    loop_name = (f"{labels.LOOP_KIND_LABELS.get(state.kind, state.kind)} {state.release} "
                 f"{state.year}" if state is not None else deck_text.DECK_LABEL)
    deck = Deck(
        title=title, subtitle=deck_text.SUBTITLE.format(loop=loop_name, period=period_label),
        municipality=meta.get("municipality", "Kommunen"),
        fictional=meta.get("fictional") == "true", period=period, period_label=period_label,
        loop_id=state.loop_id if state is not None else None,
        generated_at=generated_at or datetime.now(UTC),
    )
    deck.slides.append(Slide("title", title, deck.subtitle, anchor="tittel"))
    deck.slides.append(Slide(
        "overview", deck_text.OVERVIEW,
        deck_text.OVERVIEW_LEAD.format(n=len(chosen), m=len(blocks), period=period_label),
        blocks=tuple(blocks), anchor="samlet"))
    as_of = Period.parse(period).end
    for block in blocks:
        lead = deck_text.FOCUS_GOAL.format(goal=block.goal) if block.goal else ""
        deck.slides.append(Slide("focus_area", deck_text.FOCUS_AREA.format(name=block.name), lead,
                                 blocks=(block,), anchor=f"fokus-{block.focus_area_id}"))
        for row in block.rows:
            points = _trend(con, row, root, as_of)
            deck.slides.append(Slide(
                "indicator", deck_text.INDICATOR_TITLE.format(name=row.name),
                f"{row.focus_area} · {row.success_factor}".strip(" ·"),
                indicator=row, trend=tuple(_points(points, row)),
                figure=_figure(row, points, deck.municipality),
                comment=_comment_view(comments.get(row.indicator_id)),
                anchor=f"indikator-{row.indicator_id}"))
    for unit_id in sel.units:
        deck.slides.append(_unit_slide(con, unit_id, str(units[unit_id][1]), period,
                                       period_label))
    deck.slides.append(_tiltak_slide(tiltak, state, wanted, {r.indicator_id: r.name
                                                             for r in chosen}))
    deck.slides.append(Slide("end", deck_text.END, prompts=deck_text.END_PROMPTS,
                             anchor="refleksjon"))
    return deck


def _period(con: duckdb.DuckDBPyConnection, wanted: str | None) -> str:
    known = [str(r[0]) for r in queries.rows(con, "periods")]
    if not known:
        raise DeckError(deck_text.NO_PERIOD, "the store has no periods")
    if not wanted:
        return known[0]
    try:
        normal = str(Period.parse(wanted))
    except Exception:
        normal = wanted
    if normal not in known:
        raise DeckError(deck_text.UNKNOWN_PERIOD.format(period=wanted),
                        f"unknown period {wanted!r}")
    return normal


def _indicator_ids(sel: Selection, whole: list[dict[str, Any]]) -> list[str]:
    """The chosen indicators; else every indicator of the chosen focus areas (id or name)."""
    if sel.indicators:
        return list(dict.fromkeys(sel.indicators))
    areas = set(sel.focus_areas)
    return [str(r["indicator_id"]) for r in whole
            if r["focus_area_id"] in areas or r["focus_area"] in areas]


def _blocks(chosen: list[StatusRow], whole: list[dict[str, Any]]) -> list[FocusAreaBlock]:
    info = {str(r["focus_area_id"]): r for r in whole}
    order: dict[str, list[StatusRow]] = {}
    for row in chosen:
        order.setdefault(row.focus_area_id, []).append(row)
    return [
        FocusAreaBlock(fid, str(info[fid]["focus_area"]), str(info[fid].get("focus_goal") or ""),
                       str(info[fid].get("scorecard") or ""), tuple(rows))
        for fid, rows in order.items()
    ]


def _trend(con: duckdb.DuckDBPyConnection, row: StatusRow, unit: str,
           as_of: date) -> list[dict[str, Any]]:
    frame = queries.frame(con, "indicator_trend", indicator_id=row.indicator_id, unit_id=unit,
                          as_of=as_of)
    return records(add_status(frame)) if len(frame) else []


def _points(points: list[dict[str, Any]], row: StatusRow) -> list[TrendPoint]:
    out = []
    for p in points:
        status = Status(p.get("status") or "missing")
        look = STATUS_LOOK[status]
        out.append(TrendPoint(
            str(p["period"]), str(p.get("period_label") or p["period"]), p.get("value"),
            value_text(p.get("value"), row.decimals, row.unit_of_measure), status.value,
            f"{look.symbol} {look.word}"))
    return out


def _figure(row: StatusRow, points: list[dict[str, Any]],
            municipality: str) -> dict[str, Any] | None:
    """The dashboards' trend chart for the whole municipality (no reference series)."""
    if not points:
        return None
    from bmsdata.views import chart  # the dashboards' own figure, so both look alike

    last = points[-1]
    # Plain text: the template escapes it for the aria-label, the JSON encoder for the script.
    description = (f"{row.name}, {municipality}: {points[0].get('period_label')} til "
                   f"{last.get('period_label')}. Siste resultat {row.value_text} ({row.word}).")
    figure = chart.trend_figure(
        figure_id=f"deck-trend-{row.indicator_id}", title="", points=points,
        decimals=row.decimals, unit_of_measure=row.unit_of_measure, reference=None,
        description=description)
    layout = figure["layout"]
    layout["title"] = {"text": ""}
    layout["margin"] = {"l": 60, "r": 20, "t": 16, "b": 40}
    layout["font"]["size"] = 16
    return figure


def _unit_slide(con: duckdb.DuckDBPyConnection, unit_id: str, name: str, period: str,
                period_label: str) -> Slide:
    whole = records(scorecard_status(con, unit_id, period))
    rows = [status_row(r) for r in whole if concerns_unit(r)]
    blocks = _blocks(rows, whole)
    lead = (deck_text.UNIT_LEAD.format(period=period_label) if rows
            else deck_text.UNIT_NOTHING.format(unit=name, period=period_label))
    return Slide("unit", deck_text.UNIT_TITLE.format(name=name), lead, blocks=tuple(blocks),
                 anchor=f"enhet-{unit_id}")


def _tiltak_slide(tiltak: Sequence[Tiltak], state: LoopState | None, indicators: list[str],
                  names: dict[str, str]) -> Slide:
    wanted = set(indicators)
    seen: set[tuple[str, int]] = set()
    rows = []
    own = list(state.tiltak.values()) if state is not None else []
    for t in [*own, *tiltak]:
        key = (t.loop_id, t.id)
        if key in seen:
            continue
        hits = [i for i in t.proposal.indicators if i in wanted]
        if not hits and t.loop_id != (state.loop_id if state else None):
            continue
        seen.add(key)
        owner = ", ".join(x for x in (t.proposal.responsible_unit,
                                      t.proposal.responsible_person) if x)
        rows.append(TiltakRow(
            t.title, t.loop_title, labels.TILTAK_STATUS_LABELS.get(t.status, t.status),
            f"{t.deadline:%d.%m.%Y}", t.overdue, owner,
            ", ".join(names.get(i, i) for i in (hits or t.proposal.indicators))))
    rows.sort(key=lambda r: (not r.overdue, r.deadline_text[6:], r.deadline_text[3:5],
                             r.deadline_text[:2]))
    return Slide("tiltak", deck_text.TILTAK,
                 deck_text.TILTAK_LEAD if rows else deck_text.TILTAK_NONE,
                 tiltak=tuple(rows), anchor="tiltak")


# -- convenience -----------------------------------------------------------------------------


def deck_for_loop(
    loop_id: str,
    store_file: str | os.PathLike[str] | None = None,
    journal: Any = None,
    generated_at: datetime | None = None,
) -> Deck:
    """The deck of a loop as saved in its journal: what the CLI and the dashboard export.

    ``journal``: a ``Journal`` or a ``LoopService``; ``None`` opens ``$BMS_JOURNAL`` (else
    ``journal.sqlite`` beside the store, as the dashboards do). The store is opened read-only.
    """
    from bmsdata.loop.journal import JOURNAL_ENV, open_journal
    from bmsdata.loop.model import LoopService

    if isinstance(journal, LoopService):
        service = journal
    else:
        if journal is None:
            target = os.environ.get(JOURNAL_ENV, "").strip() or \
                store.store_path(store_file).resolve().with_name("journal.sqlite")
            journal = open_journal(target)
        service = LoopService(journal)
    state = service.state(loop_id)
    con = store.open_readonly(store_file)
    try:
        return build_deck(con, state, tiltak=service.tiltak_register(),
                          generated_at=generated_at)
    finally:
        con.close()


__all__ = ["SLIDE_KINDS", "CommentView", "Deck", "DeckError", "FocusAreaBlock", "Selection",
           "Slide", "StatusRow", "TiltakRow", "build_deck", "deck_for_loop", "selection_of",
           "status_counts", "status_row"]
