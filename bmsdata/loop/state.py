"""A loop's state, derived by folding its journal entries (event sourcing).

Nothing here is stored. The state is recomputed from the journal every time, so it can never
disagree with the record, and a correction changes what the state shows while the journal
keeps both the old and the new entry.

Corrections: an entry of kind ``correction`` points (``corrects``) to the entry it replaces
and carries the full new payload. Corrections form a chain (each points to the newest
version), and the fold uses the last link in place of the original, at the original's place
in the order of events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bmsdata.loop import payloads
from bmsdata.loop.errors import NotFoundError
from bmsdata.loop.journal import Entry
from bmsdata.loop.stages import Stage, StageList

OSLO = ZoneInfo("Europe/Oslo")

#: Entry kinds for the meeting presentation (``reports/deck.py``): the staff's selection of
#: focus areas, indicators and units, and the rådmann's comment per indicator. Both are
#: append-only like everything else; the newest entry wins and the older ones stay as history.
PRESENTATION = "presentation"
COMMENT = "comment"


def oslo_today() -> date:
    """Today's date in Norway: a deadline passes at midnight in Oslo, not in UTC."""
    return datetime.now(OSLO).date()


@dataclass(frozen=True)
class Correction:
    entry_id: int
    root_id: int
    corrects: int
    kind: str
    reason: str
    author: str
    ts: datetime


@dataclass(frozen=True)
class Meeting:
    id: int
    stage: int
    organ: str
    date: date
    sak: str | None
    presenter: str
    author: str
    ts: datetime
    corrected: bool = False


@dataclass(frozen=True)
class StageAdvance:
    id: int
    from_stage: int
    to_stage: int
    reason: str
    author: str
    ts: datetime


@dataclass(frozen=True)
class Note:
    id: int
    stage: int
    note_type: str
    text: str
    author: str
    ts: datetime
    corrected: bool = False


@dataclass(frozen=True)
class CouncilDecisions:
    id: int
    stage: int
    meeting_entry_id: int | None
    others_in_analysis: bool
    others_who: str | None
    follow_up: str
    tiltak_needed: bool
    drafted_by: str | None
    author: str
    ts: datetime
    corrected: bool = False


@dataclass(frozen=True)
class Proposal:
    id: int
    stage: int
    title: str
    description: str
    focus_area: str | None
    indicators: tuple[str, ...]
    responsible_unit: str | None
    responsible_person: str | None
    deadline: date
    cost: float | None
    within_unit_budget: bool
    author: str
    ts: datetime
    corrected: bool = False
    decided_in: int | None = None  # the vedtak entry id, once decided


@dataclass(frozen=True)
class Vedtak:
    id: int
    meeting_entry_id: int
    proposal_ids: tuple[int, ...]
    override_reason: str | None
    overrides_same_meeting_rule: bool
    author: str
    ts: datetime


@dataclass(frozen=True)
class StatusChange:
    entry_id: int
    status: str
    comment: str
    author: str
    ts: datetime
    corrected: bool = False


@dataclass(frozen=True)
class PresentationChoice:
    """What a loop's meeting presentation shows. Empty tuples mean "the loop's own"."""

    id: int
    title: str
    focus_areas: tuple[str, ...]
    indicators: tuple[str, ...]
    units: tuple[str, ...]
    period: str | None
    author: str
    ts: datetime


@dataclass(frozen=True)
class Comment:
    """The rådmann's comment on one indicator in the presentation. Empty text: withdrawn."""

    id: int
    indicator_id: str
    text: str
    author: str
    ts: datetime


@dataclass(frozen=True)
class Tiltak:
    """A decided proposal. Its id is the proposal's id, so it is stable across corrections."""

    id: int
    loop_id: str
    loop_title: str
    proposal: Proposal
    vedtak_id: int
    history: tuple[StatusChange, ...]
    overdue: bool = False
    deadline_passed: bool = False
    overdue_reason: str | None = None

    @property
    def status(self) -> str:
        return self.history[-1].status

    @property
    def deadline(self) -> date:
        return self.proposal.deadline

    @property
    def title(self) -> str:
        return self.proposal.title


@dataclass
class LoopState:
    """Everything known about one loop, as of the newest journal entry and ``today``."""

    loop_id: str
    title: str
    kind: str
    release: str
    year: int
    focus_areas: tuple[str, ...]
    indicators: tuple[str, ...]
    stage_list_name: str
    stages: StageList
    opened_by: str
    opened_at: datetime
    today: date
    current_stage: int = 0
    meetings: list[Meeting] = field(default_factory=list)
    advances: list[StageAdvance] = field(default_factory=list)
    notes: dict[int, list[Note]] = field(default_factory=dict)
    council_decisions: CouncilDecisions | None = None
    proposals: dict[int, Proposal] = field(default_factory=dict)
    vedtak: list[Vedtak] = field(default_factory=list)
    tiltak: dict[int, Tiltak] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    last_entry_id: int = 0
    #: Every saved presentation selection, oldest first; the last one is in force.
    presentations: list[PresentationChoice] = field(default_factory=list)
    #: indicator id → every comment written on it, oldest first (history is kept).
    comment_history: dict[str, list[Comment]] = field(default_factory=dict)

    @property
    def presentation(self) -> PresentationChoice | None:
        """The newest presentation selection, or ``None`` when none was saved."""
        return self.presentations[-1] if self.presentations else None

    @property
    def comments(self) -> dict[str, Comment]:
        """The comment in force per indicator: the newest one, unless it withdrew the comment."""
        return {
            ind: history[-1] for ind, history in self.comment_history.items()
            if history and history[-1].text
        }

    @property
    def current(self) -> Stage | None:
        """The stage the loop is at, or ``None`` before the first meeting."""
        return self.stages.stage(self.current_stage) if self.current_stage else None

    @property
    def next_stage(self) -> Stage | None:
        n = self.current_stage + 1
        return self.stages.stage(n) if n <= len(self.stages.stages) else None

    @property
    def first_meeting(self) -> Meeting | None:
        """The meeting where the results were first presented (first one recorded)."""
        return self.meetings[0] if self.meetings else None

    def meetings_at(self, stage: int) -> list[Meeting]:
        return [m for m in self.meetings if m.stage == stage]

    def meeting(self, entry_id: int) -> Meeting | None:
        return next((m for m in self.meetings if m.id == entry_id), None)

    def stage_status(self, stage: int) -> str:
        """``done``, ``current``, ``skipped`` or ``pending`` (words in ``labels``)."""
        if stage == self.current_stage:
            return "current"
        if stage > self.current_stage:
            return "pending"
        return "done" if self.meetings_at(stage) else "skipped"

    def skip_reason(self, stage: int) -> StageAdvance | None:
        """The explicit advance that moved the loop past ``stage`` without a meeting there."""
        return next(
            (a for a in self.advances if a.from_stage < stage <= a.to_stage), None
        )

    @property
    def undecided_proposals(self) -> list[Proposal]:
        return [pr for pr in self.proposals.values() if pr.decided_in is None]

    @property
    def overrides(self) -> list[Vedtak]:
        """Vedtak made despite the rule against results and tiltak in one meeting."""
        return [v for v in self.vedtak if v.overrides_same_meeting_rule]

    def violates_same_meeting_rule(self, meeting: Meeting) -> bool:
        """Whether deciding tiltak in ``meeting`` would treat results and tiltak together."""
        first = self.first_meeting
        return first is not None and (meeting.id == first.id or meeting.date == first.date)


StageListResolver = Callable[[str, str], StageList]


def fold_loop(
    entries: Iterable[Entry], resolve: StageListResolver, today: date | None = None
) -> LoopState:
    """Fold one loop's entries (in journal order) into its state."""
    entries = list(entries)
    effective, corrections = _resolve_corrections(entries)
    state: LoopState | None = None
    for entry in entries:
        if entry.kind == payloads.CORRECTION:
            continue
        payload = effective.get(entry.id, entry.payload)
        corrected = entry.id in effective
        if entry.kind == payloads.LOOP_OPENED:
            state = _opened(entry, payload, resolve, today or oslo_today())
        elif state is None:
            continue  # entries before loop_opened cannot be placed; the service never writes them
        else:
            _apply(state, entry, payload, corrected)
        if state is not None:
            state.last_entry_id = max(state.last_entry_id, entry.id)
    if state is None:
        loop_id = entries[0].loop_id if entries else "?"
        raise NotFoundError(
            f"Fant ingen resultatsløyfe med id «{loop_id}». Velg en løyfe fra listen.",
            f"No loop_opened entry for loop {loop_id!r}.",
        )
    state.last_entry_id = max([state.last_entry_id] + [e.id for e in entries])
    state.corrections = corrections
    _finish_tiltak(state)
    return state


def root_and_latest(entries: Iterable[Entry], entry_id: int) -> tuple[int, int]:
    """For any version of an entry: (the original's id, the newest version's id)."""
    root_of: dict[int, int] = {}
    latest: dict[int, int] = {}
    for e in entries:
        if e.kind == payloads.CORRECTION and e.corrects is not None:
            root = root_of.get(e.corrects, e.corrects)
            root_of[e.id] = root
            latest[root] = e.id
    root = root_of.get(entry_id, entry_id)
    return root, latest.get(root, root)


def _resolve_corrections(
    entries: list[Entry],
) -> tuple[dict[int, dict[str, Any]], list[Correction]]:
    root_of: dict[int, int] = {}
    kind_of = {e.id: e.kind for e in entries}
    effective: dict[int, dict[str, Any]] = {}
    corrections: list[Correction] = []
    for e in entries:
        if e.kind != payloads.CORRECTION or e.corrects is None:
            continue
        root = root_of.get(e.corrects, e.corrects)
        root_of[e.id] = root
        effective[root] = e.payload.get("payload", {})
        corrections.append(
            Correction(e.id, root, e.corrects, kind_of.get(root, "?"),
                       e.payload.get("reason", ""), e.author, e.ts)
        )
    return effective, corrections


def _opened(
    entry: Entry, payload: dict[str, Any], resolve: StageListResolver, today: date
) -> LoopState:
    return LoopState(
        loop_id=entry.loop_id or "",
        title=payload["title"],
        kind=payload["kind"],
        release=payload["release"],
        year=payload["year"],
        focus_areas=tuple(payload.get("focus_areas", ())),
        indicators=tuple(payload.get("indicators", ())),
        stage_list_name=payload["stage_list"],
        stages=resolve(payload["stage_list"], payload["kind"]),
        opened_by=entry.author,
        opened_at=entry.ts,
        today=today,
    )


def _apply(state: LoopState, e: Entry, pl: dict[str, Any], corrected: bool) -> None:
    kind = e.kind
    if kind == payloads.MEETING_HELD:
        state.meetings.append(Meeting(
            e.id, pl["stage"], pl["organ"], date.fromisoformat(pl["date"]), pl.get("sak"),
            pl["presenter"], e.author, e.ts, corrected,
        ))
        state.current_stage = max(state.current_stage, pl["stage"])
    elif kind == payloads.STAGE_ADVANCED:
        state.advances.append(StageAdvance(
            e.id, state.current_stage, pl["stage"], pl["reason"], e.author, e.ts
        ))
        state.current_stage = max(state.current_stage, pl["stage"])
    elif kind == payloads.NOTE:
        state.notes.setdefault(pl["stage"], []).append(
            Note(e.id, pl["stage"], pl["note_type"], pl["text"], e.author, e.ts, corrected)
        )
    elif kind == payloads.COUNCIL_DECISIONS:
        state.council_decisions = CouncilDecisions(
            e.id, pl["stage"], pl.get("meeting_entry_id"), pl["others_in_analysis"],
            pl.get("others_who"), pl["follow_up"], pl["tiltak_needed"], pl.get("drafted_by"),
            e.author, e.ts, corrected,
        )
    elif kind == payloads.PROPOSAL:
        state.proposals[e.id] = Proposal(
            e.id, pl["stage"], pl["title"], pl.get("description", ""), pl.get("focus_area"),
            tuple(pl["indicators"]), pl.get("responsible_unit"), pl.get("responsible_person"),
            date.fromisoformat(pl["deadline"]), pl.get("cost"), pl["within_unit_budget"],
            e.author, e.ts, corrected,
        )
    elif kind == payloads.VEDTAK:
        _apply_vedtak(state, e, pl)
    elif kind == PRESENTATION:
        state.presentations.append(PresentationChoice(
            e.id, pl.get("title", ""), tuple(pl.get("focus_areas", ())),
            tuple(pl.get("indicators", ())), tuple(pl.get("units", ())), pl.get("period"),
            e.author, e.ts,
        ))
    elif kind == COMMENT:
        state.comment_history.setdefault(pl["indicator_id"], []).append(
            Comment(e.id, pl["indicator_id"], pl.get("text", ""), e.author, e.ts)
        )
    elif kind == payloads.TILTAK_STATUS:
        tiltak = state.tiltak.get(pl["tiltak_id"])
        if tiltak is not None:
            change = StatusChange(e.id, pl["status"], pl.get("comment", ""), e.author, e.ts,
                                  corrected)
            state.tiltak[tiltak.id] = replace(tiltak, history=tiltak.history + (change,))


def _apply_vedtak(state: LoopState, e: Entry, pl: dict[str, Any]) -> None:
    decided = tuple(pl["proposal_ids"])
    state.vedtak.append(Vedtak(
        e.id, pl["meeting_entry_id"], decided, pl.get("override_reason"),
        bool(pl.get("overrides_same_meeting_rule")), e.author, e.ts,
    ))
    for proposal_id in decided:
        proposal = state.proposals.get(proposal_id)
        if proposal is None or proposal.decided_in is not None:
            continue
        proposal = replace(proposal, decided_in=e.id)
        state.proposals[proposal_id] = proposal
        start = StatusChange(e.id, "planlagt", "Vedtatt", e.author, e.ts)
        state.tiltak[proposal_id] = Tiltak(
            proposal_id, state.loop_id, state.title, proposal, e.id, (start,)
        )


def _finish_tiltak(state: LoopState) -> None:
    """Attach the final (corrected) proposal and the overdue flags as of ``state.today``."""
    for tiltak_id, tiltak in list(state.tiltak.items()):
        proposal = state.proposals[tiltak_id]
        passed = proposal.deadline < state.today and tiltak.status not in payloads.CLOSED_STATUSES
        reason = None
        if tiltak.status == "forsinket":
            reason = "Meldt forsinket"
        elif passed:
            reason = "Fristen er passert"
        state.tiltak[tiltak_id] = replace(
            tiltak, proposal=proposal, deadline_passed=passed,
            overdue=passed or tiltak.status == "forsinket", overdue_reason=reason,
        )
