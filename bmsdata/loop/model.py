"""The result loop's rules: validate a request against the loop's state, then append it.

``LoopService`` is what dashboards call. Each method reads the loop's entries, folds them into
a ``LoopState`` (``state.py``), checks the guide's rules, and appends one entry. The append is
conditional on nobody else having written to the loop since the read (optimistic concurrency,
retried), so two kernels cannot, say, decide the same proposal twice.

The rules, and why:

* **Stage order.** A meeting is held at the current stage or the next one. Skipping stages
  (a municipality without committees skips III) needs ``advance_stage`` with a reason, so
  the minutes show the loop was shortened on purpose.
* **Results and tiltak are never treated in the same meeting** (the guide's rule 4). A vedtak
  may not be made in the loop's first meeting (where the results were first presented) nor
  in any meeting on that same date. An override needs a reason, which is stored in the vedtak
  and printed in the minutes.
* **Vedtak** only in a meeting at a stage that records ``vedtak`` — the last stage (V): the
  council in a political loop, the leader group in an administrative one.
* **Proposals** (forslag til tiltak) only once the loop has reached a stage of the "actions"
  phase or a stage that records ``proposal`` (administrative IV: "only after this does work
  on tiltak begin"; political V), *or* after the council at political stage II decided that
  tiltak are needed — then the politicians or the rådmann (bestilling) draft them while
  committees and dialogue (III–IV) continue.
* **Council decisions** (the four questions) only at a stage that records them (political II),
  once the council's meeting there is recorded, and once; changes are corrections.
* **Corrections** never edit: they append a new entry pointing to the newest version.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bmsdata.loop import payloads
from bmsdata.loop.author import author_from_environment
from bmsdata.loop.errors import (
    ConflictError,
    JournalMissingError,
    LoopValidationError,
    NotFoundError,
    SameMeetingError,
    StageOrderError,
)
from bmsdata.loop.journal import Backoff, Entry, Journal
from bmsdata.loop.labels import NOTE_TYPE_LABELS
from bmsdata.loop.payloads import (
    CORRECTION,
    COUNCIL_DECISIONS,
    LOOP_OPENED,
    MEETING_HELD,
    NOTE,
    PROPOSAL,
    STAGE_ADVANCED,
    TILTAK_STATUS,
    VEDTAK,
)
from bmsdata.loop.stages import Stage, StageList, StageLists, load_stage_lists, roman
from bmsdata.loop.state import (
    COMMENT,
    PRESENTATION,
    LoopState,
    Tiltak,
    fold_loop,
    oslo_today,
    root_and_latest,
)

__all__ = [
    "COMMENT", "CORRECTION", "COUNCIL_DECISIONS", "LOOP_OPENED", "MEETING_HELD", "NOTE",
    "PRESENTATION", "PROPOSAL",
    "STAGE_ADVANCED", "TILTAK_STATUS", "VEDTAK", "LoopService", "LoopState", "LoopSummary",
    "SameMeetingError", "StageOrderError", "author_from_environment", "check_proposals_allowed",
]

#: How long (seconds) a write is re-validated and retried when another kernel wrote first.
CONFLICT_WAIT_S = 20.0
#: A comment is read aloud and shown on one slide beside a chart: a few sentences, not a memo.
COMMENT_MAX_LENGTH = 1500
#: A presentation is "few, relevant results" (DOMAIN.md); this only stops accidents.
PRESENTATION_MAX_ITEMS = 200


@dataclass(frozen=True)
class LoopSummary:
    """One line in the list of loops."""

    loop_id: str
    title: str
    kind: str
    release: str
    year: int
    current_stage: int
    stage_count: int
    opened_at: datetime
    open_tiltak: int


Build = Callable[[LoopState | None], tuple[str, dict[str, Any], int | None]]


class LoopService:
    """Validates requests against the guide's rules and appends them to the journal."""

    def __init__(
        self, journal: Journal, stage_lists: StageLists | Iterable[StageLists] | None = None
    ) -> None:
        """``stage_lists``: the municipality's own lists (the first is used for new loops).

        The guide's built-in lists stay available, so loops opened with them still fold.
        """
        self.journal = journal
        given = [stage_lists] if isinstance(stage_lists, StageLists) else list(stage_lists or [])
        builtin = load_stage_lists()
        self._catalogs: dict[str, StageLists] = {builtin.name: builtin}
        for catalog in given:
            self._catalogs[catalog.name] = catalog
        self.default_stage_lists = given[0] if given else builtin

    # -- reading ---------------------------------------------------------------------------

    def state(self, loop_id: str, today: date | None = None) -> LoopState:
        """The loop's current state, folded from the journal; overdue flags as of ``today``."""
        entries = self.journal.entries(loop_id)
        if not entries:
            raise _no_loop(loop_id)
        return fold_loop(entries, self._resolve, today)

    def history(self, loop_id: str) -> list[Entry]:
        """Every entry of the loop, corrected ones included, in the order they were written."""
        return self.journal.entries(loop_id)

    def list_loops(self, today: date | None = None) -> list[LoopSummary]:
        """All loops, newest first."""
        summaries = [
            LoopSummary(
                s.loop_id, s.title, s.kind, s.release, s.year, s.current_stage,
                len(s.stages.stages), s.opened_at,
                sum(1 for t in s.tiltak.values() if t.status not in payloads.CLOSED_STATUSES),
            )
            for s in self._all_states(today)
        ]
        return sorted(summaries, key=lambda s: s.opened_at, reverse=True)

    def tiltak_register(
        self, today: date | None = None, include_closed: bool = True
    ) -> list[Tiltak]:
        """Every decided tiltak across loops: overdue first, then by deadline.

        Overdue means the deadline has passed and the status is not fullført/avbrutt, or the
        owner has reported it ``forsinket``.
        """
        rows = [
            t
            for s in self._all_states(today)
            for t in s.tiltak.values()
            if include_closed or t.status not in payloads.CLOSED_STATUSES
        ]
        return sorted(rows, key=lambda t: (not t.overdue, t.deadline, t.loop_id, t.id))

    def stage_list(self, name: str, kind: str) -> StageList:
        return self._resolve(name, kind)

    # -- writing ---------------------------------------------------------------------------

    def open_loop(
        self,
        title: str,
        kind: str,
        release: str,
        year: int,
        author: str,
        focus_areas: Sequence[str] = (),
        indicators: Sequence[str] = (),
        stage_list: str | None = None,
        loop_id: str | None = None,
    ) -> str:
        """Open a loop for a release ("RS1", or an ad-hoc label) and return its id."""
        payload = payloads.loop_opened({
            "title": title, "kind": kind, "release": release, "year": year,
            "focus_areas": list(focus_areas), "indicators": list(indicators),
            "stage_list": stage_list or self.default_stage_lists.name,
        })
        self._resolve(payload["stage_list"], payload["kind"])
        if loop_id is None:
            loop_id = _new_loop_id(payload["year"], payload["release"])
        elif not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}", loop_id):
            raise LoopValidationError(
                "Løyfe-id kan bare inneholde bokstavene a–z, tall, punktum, bindestrek og "
                "understrek.",
                f"invalid loop id {loop_id!r}",
            )

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            if state is not None:
                raise LoopValidationError(
                    f"Det finnes allerede en resultatsløyfe med id «{loop_id}». Velg en annen.",
                    f"loop {loop_id!r} exists",
                )
            return LOOP_OPENED, payload, None

        self._write(loop_id, author, build, must_exist=False)
        return loop_id

    def hold_meeting(
        self,
        loop_id: str,
        stage: int,
        date: date | str,
        sak: str | None,
        presenter: str | None,
        author: str,
        organ: str | None = None,
    ) -> Entry:
        """Record a meeting at ``stage`` (the current stage or the next one)."""

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            target = state.stages.stage(stage)
            allowed = {state.current_stage, state.current_stage + 1} - {0}
            if stage not in allowed:
                raise _stage_order(state, stage)
            payload = payloads.meeting_held({
                "stage": stage, "organ": organ or target.organ, "date": date, "sak": sak,
                "presenter": presenter or target.presenter,
            })
            if state.meetings:
                latest = max(m.date for m in state.meetings)
                if payload["date"] < latest.isoformat():
                    raise StageOrderError(
                        f"Møtedatoen er tidligere enn forrige møte i løyfen ({latest:%d.%m.%Y}). "
                        "Kontroller datoen; møtene registreres i den rekkefølgen de holdes.",
                        f"meeting date {payload['date']} is before the latest meeting {latest}",
                    )
            return MEETING_HELD, payload, None

        return self._write(loop_id, author, build)

    def advance_stage(self, loop_id: str, stage: int, reason: str, author: str) -> Entry:
        """Move the loop to ``stage`` without a meeting at the stages in between, with a reason.

        For a municipality that, for example, has no committees (stage III): the minutes then
        show that the stage was left out on purpose, by whom and why.
        """

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            state.stages.stage(stage)
            if stage <= state.current_stage:
                raise StageOrderError(
                    f"Løyfen er allerede på trinn {state.current_stage}. Du kan bare gå videre "
                    "til et senere trinn.",
                    f"cannot advance to {stage}; loop is at {state.current_stage}",
                )
            return STAGE_ADVANCED, payloads.stage_advanced({"stage": stage, "reason": reason}), None

        return self._write(loop_id, author, build)

    def add_note(
        self,
        loop_id: str,
        text: str,
        author: str,
        note_type: str = "reflection",
        stage: int | None = None,
    ) -> Entry:
        """Record a reflection, a question or a request for more analysis at a reached stage."""

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            if state.current_stage == 0:
                raise StageOrderError(
                    "Løyfen har ikke startet. Registrer det første møtet før du skriver notater.",
                    "no meeting held yet",
                )
            at = state.current_stage if stage is None else stage
            target = state.stages.stage(at)
            if at > state.current_stage:
                raise _stage_order(state, at)
            payload = payloads.note({"stage": at, "note_type": note_type, "text": text})
            if not target.allows(payload["note_type"]):
                label = NOTE_TYPE_LABELS[payload["note_type"]].lower()
                raise LoopValidationError(
                    f"Trinn {target.numeral} ({target.title}) registrerer ikke «{label}». "
                    "Velg en annen type notat.",
                    f"stage {at} does not record {payload['note_type']}",
                )
            return NOTE, payload, None

        return self._write(loop_id, author, build)

    def record_council_decisions(
        self,
        loop_id: str,
        others_in_analysis: bool,
        follow_up: str,
        tiltak_needed: bool,
        author: str,
        others_who: str | None = None,
        drafted_by: str | None = None,
    ) -> Entry:
        """The council's four decisions at political stage II (Kommunestyret)."""

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            current = state.current
            if current is None or not current.allows("council_decisions"):
                where = _first_stage_allowing(state.stages, "council_decisions")
                if where is None:
                    raise LoopValidationError(
                        "Kommunestyrets fire avklaringer hører til den politiske "
                        "resultatsløyfen. Denne løyfen er administrativ.",
                        "council decisions only in a loop whose stages record them",
                    )
                raise StageOrderError(
                    f"Kommunestyrets fire avklaringer registreres i trinn {where.numeral} "
                    f"({where.title}). Registrer møtet der først, eller rett avklaringene "
                    "hvis de allerede er registrert.",
                    f"council decisions only at stage {where.number}",
                )
            meetings = state.meetings_at(current.number)
            if not meetings:
                raise StageOrderError(
                    f"Registrer møtet i {current.organ} (trinn {current.numeral}) før "
                    "avklaringene.",
                    "no meeting recorded at the council stage",
                )
            if state.council_decisions is not None:
                raise LoopValidationError(
                    "Kommunestyrets avklaringer er allerede registrert. Bruk «Rett» for å "
                    "endre dem; den opprinnelige registreringen blir stående i historikken.",
                    "council decisions already recorded; use correct()",
                )
            payload = payloads.council_decisions({
                "stage": current.number, "meeting_entry_id": meetings[-1].id,
                "others_in_analysis": others_in_analysis, "others_who": others_who,
                "follow_up": follow_up, "tiltak_needed": tiltak_needed, "drafted_by": drafted_by,
            })
            return COUNCIL_DECISIONS, payload, None

        return self._write(loop_id, author, build)

    def propose_tiltak(
        self,
        loop_id: str,
        title: str,
        indicators: Sequence[str],
        deadline: date | str,
        author: str,
        description: str = "",
        focus_area: str | None = None,
        responsible_unit: str | None = None,
        responsible_person: str | None = None,
        cost: float | None = None,
        within_unit_budget: bool = False,
    ) -> Entry:
        """Record a forslag til tiltak (see the module docstring for when that is allowed)."""

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            check_proposals_allowed(state)
            payload = payloads.proposal({
                "stage": state.current_stage, "title": title, "description": description,
                "focus_area": focus_area, "indicators": list(indicators),
                "responsible_unit": responsible_unit, "responsible_person": responsible_person,
                "deadline": deadline, "cost": cost, "within_unit_budget": within_unit_budget,
            })
            return PROPOSAL, payload, None

        return self._write(loop_id, author, build)

    def decide_tiltak(
        self,
        loop_id: str,
        proposal_ids: Sequence[int],
        meeting_entry_id: int,
        author: str,
        override_reason: str | None = None,
    ) -> Entry:
        """Vedtak: the proposals become tiltak. Refused in the meeting where results were shown.

        ``override_reason`` (non-empty) makes an explicit exception to the same-meeting rule;
        the reason is stored in the vedtak and shown in the minutes.
        """

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            meeting = state.meeting(meeting_entry_id)
            if meeting is None:
                raise NotFoundError(
                    f"Fant ikke møte nr. {meeting_entry_id} i denne resultatsløyfen. Velg "
                    "møtet der vedtaket ble fattet.",
                    f"meeting {meeting_entry_id} not in loop {loop_id}",
                )
            stage = state.stages.stage(meeting.stage)
            if not stage.allows("vedtak"):
                final = state.stages.last
                raise StageOrderError(
                    f"Tiltak vedtas i trinn {final.numeral} ({final.title}). Registrer møtet i "
                    f"trinn {final.numeral} og velg det møtet.",
                    f"vedtak only at stage {final.number}; meeting is at stage {meeting.stage}",
                )
            for proposal_id in proposal_ids:
                proposal = state.proposals.get(proposal_id)
                if proposal is None:
                    raise NotFoundError(
                        f"Fant ikke forslag nr. {proposal_id} i denne resultatsløyfen.",
                        f"proposal {proposal_id} not in loop {loop_id}",
                    )
                if proposal.decided_in is not None:
                    raise LoopValidationError(
                        f"Forslaget «{proposal.title}» er allerede vedtatt (vedtak nr. "
                        f"{proposal.decided_in}).",
                        f"proposal {proposal_id} already decided",
                    )
            reason = (override_reason or "").strip() or None
            violates = state.violates_same_meeting_rule(meeting)
            if violates and reason is None:
                raise _same_meeting(state)
            payload = payloads.vedtak({
                "proposal_ids": list(proposal_ids), "meeting_entry_id": meeting_entry_id,
                "override_reason": reason, "overrides_same_meeting_rule": violates,
            })
            return VEDTAK, payload, None

        return self._write(loop_id, author, build)

    def set_tiltak_status(
        self, loop_id: str, tiltak_id: int, status: str, author: str, comment: str = ""
    ) -> Entry:
        """Report a tiltak's status (planlagt, igangsatt, fullført, forsinket, avbrutt)."""

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            tiltak = state.tiltak.get(tiltak_id)
            if tiltak is None:
                raise NotFoundError(
                    f"Fant ikke tiltak nr. {tiltak_id} i denne resultatsløyfen. Bare vedtatte "
                    "tiltak har status.",
                    f"tiltak {tiltak_id} not in loop {loop_id}",
                )
            payload = payloads.tiltak_status({"tiltak_id": tiltak_id, "status": status,
                                       "comment": comment})
            if payload["status"] == tiltak.status and not payload["comment"]:
                raise LoopValidationError(
                    f"Tiltaket har allerede status «{tiltak.status}». Velg en annen status "
                    "eller skriv en kommentar.",
                    "status unchanged and no comment",
                )
            return TILTAK_STATUS, payload, None

        return self._write(loop_id, author, build)

    def correct(
        self, entry_id: int, new_payload: Mapping[str, Any], author: str, reason: str
    ) -> Entry:
        """Append a correction of ``entry_id`` (any version of it) carrying the full new payload.

        The derived state shows the corrected value; the journal keeps every version.
        """
        original = self.journal.get(entry_id)
        if original is None or original.loop_id is None:
            raise NotFoundError(
                f"Fant ikke oppføring nr. {entry_id}. Velg en oppføring fra listen.",
                f"entry {entry_id} not found",
            )
        loop_id = original.loop_id

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            entries = self.journal.entries(loop_id)
            root_id, latest_id = root_and_latest(entries, entry_id)
            root = next(e for e in entries if e.id == root_id)
            current = next(e for e in entries if e.id == latest_id)
            if root.kind not in payloads.FIXED_ON_CORRECTION:
                if root.kind == VEDTAK:
                    raise LoopValidationError(
                        "Et vedtak kan ikke rettes. Fatt et nytt vedtak, eller sett status "
                        "«avbrutt» på tiltaket med en kommentar.",
                        f"entries of kind {root.kind!r} cannot be corrected",
                    )
                raise LoopValidationError(
                    "Denne oppføringen rettes ved å registrere en ny (for eksempel en ny "
                    "kommentar eller et nytt utvalg). Den nyeste gjelder, og historikken beholdes.",
                    f"entries of kind {root.kind!r} are replaced by a newer entry, not corrected",
                )
            new = payloads.normalise(root.kind, new_payload)
            old = current.payload if current.kind != CORRECTION else current.payload["payload"]
            for fixed in payloads.FIXED_ON_CORRECTION[root.kind]:
                if new.get(fixed) != old.get(fixed):
                    raise LoopValidationError(
                        f"Feltet «{fixed}» kan ikke endres med en rettelse. Registrer en ny "
                        "oppføring i stedet.",
                        f"field {fixed!r} is fixed on correction",
                    )
            payload = payloads.correction({"reason": reason, "payload": new})
            _check_correction_keeps_rules(entries, latest_id, payload, author, self._resolve)
            return CORRECTION, payload, latest_id

        return self._write(loop_id, author, build)

    def save_presentation(
        self,
        loop_id: str,
        author: str,
        focus_areas: Sequence[str] = (),
        indicators: Sequence[str] = (),
        units: Sequence[str] = (),
        period: str | None = None,
        title: str = "",
    ) -> Entry:
        """Record what the loop's meeting presentation shows (the newest selection wins).

        Empty lists mean "the loop's own" focus areas/indicators and no unit slides. The
        selection is journalled, not kept in the kernel, so a colleague (or the CLI export)
        builds the same deck, and the minutes of who chose what survive.
        """
        r = payloads._Reader({
            "title": title, "focus_areas": list(focus_areas), "indicators": list(indicators),
            "units": list(units), "period": period,
        }, "presentasjonen")
        payload = r.done({
            "title": r.text("title", "Tittel", required=False),
            "focus_areas": r.texts("focus_areas", "Fokusområder"),
            "indicators": r.texts("indicators", "Indikatorer"),
            "units": r.texts("units", "Enheter"),
            "period": r.optional_text("period", "Periode", max_len=20),
        })
        for field_name, label in (("focus_areas", "fokusområder"), ("indicators", "indikatorer"),
                                  ("units", "enheter")):
            if len(payload[field_name]) > PRESENTATION_MAX_ITEMS:
                raise LoopValidationError(
                    f"Presentasjonen har for mange {label} (høyst {PRESENTATION_MAX_ITEMS}). "
                    "Velg færre; veilederen anbefaler få, relevante resultater.",
                    f"too many {field_name}",
                )

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            return PRESENTATION, payload, None

        return self._write(loop_id, author, build)

    def comment(self, loop_id: str, indicator_id: str, text: str, author: str) -> Entry:
        """Record the rådmann's comment on an indicator for the presentation.

        A changed comment is a new entry; the newest wins and the journal keeps every version
        with its author. Empty ``text`` withdraws the comment (also a new entry).
        """
        r = payloads._Reader({"indicator_id": indicator_id, "text": text}, "kommentaren")
        payload = r.done({
            "indicator_id": r.text("indicator_id", "Indikator"),
            "text": r.text("text", "Kommentar", required=False, max_len=COMMENT_MAX_LENGTH),
        })

        def build(state: LoopState | None) -> tuple[str, dict[str, Any], int | None]:
            assert state is not None
            allowed = set(state.indicators)
            if state.presentation is not None:
                allowed |= set(state.presentation.indicators)
            if allowed and payload["indicator_id"] not in allowed:
                raise LoopValidationError(
                    f"Indikatoren «{payload['indicator_id']}» er ikke med i presentasjonen. "
                    "Velg den i presentasjonen først, eller kommenter en annen indikator.",
                    f"indicator {payload['indicator_id']!r} not in the presentation",
                )
            history = state.comment_history.get(payload["indicator_id"], [])
            current = history[-1].text if history else ""
            if payload["text"] == current:
                raise LoopValidationError(
                    "Kommentaren er uendret. Skriv en ny tekst, eller la den stå.",
                    "comment unchanged",
                )
            return COMMENT, payload, None

        return self._write(loop_id, author, build)

    # -- internals -------------------------------------------------------------------------

    def _write(
        self, loop_id: str, author: str, build: Build, must_exist: bool = True
    ) -> Entry:
        """Read, validate (``build``), append – with nobody writing to the loop in between.

        SQLite and PostgreSQL (``append_decided``): all three under the journal's write lock
        (the loop's lock on PostgreSQL), so no attempt is wasted. A journal without it: append
        conditionally and, if someone wrote first, retry after a jittered backoff
        (``Backoff``) for at most ``CONFLICT_WAIT_S``.
        """
        serialised = getattr(self.journal, "append_decided", None)
        if serialised is not None:  # read, validate and append under one lock

            def decide(entries: list[Entry]) -> tuple[str, dict[str, Any], int | None]:
                if must_exist and not entries:
                    raise _no_loop(loop_id)
                return build(fold_loop(entries, self._resolve) if entries else None)

            return serialised(loop_id, author, decide, create=not must_exist)
        backoff = Backoff(CONFLICT_WAIT_S)
        while True:
            try:
                entries = self.journal.entries(loop_id)
            except JournalMissingError:
                if must_exist:
                    raise
                entries = []  # the first write into an existing folder creates the journal
            if must_exist and not entries:
                raise _no_loop(loop_id)
            state = fold_loop(entries, self._resolve) if entries else None
            kind, payload, corrects = build(state)
            last = entries[-1].id if entries else 0
            try:
                return self.journal.append(
                    kind, loop_id, payload, author, corrects, expect_last_id=last
                )
            except ConflictError:
                if not backoff.sleep():
                    break
        raise ConflictError(
            "Mange registrerer i den samme resultatsløyfen akkurat nå. Prøv igjen om litt.",
            f"gave up after {backoff.attempts + 1} conflicting writes in {CONFLICT_WAIT_S} s "
            f"to loop {loop_id!r}",
        )

    def _all_states(self, today: date | None) -> list[LoopState]:
        by_loop: dict[str, list[Entry]] = {}
        for entry in self.journal.entries():
            if entry.loop_id is not None:
                by_loop.setdefault(entry.loop_id, []).append(entry)
        today = today or oslo_today()
        return [
            fold_loop(entries, self._resolve, today)
            for entries in by_loop.values()
            if any(e.kind == LOOP_OPENED for e in entries)
        ]

    def _resolve(self, name: str, kind: str) -> StageList:
        catalog = self._catalogs.get(name)
        if catalog is None:
            raise NotFoundError(
                f"Trinnlisten «{name}» er ikke lastet. Start tjenesten med kommunens "
                "trinnliste.",
                f"stage list {name!r} not loaded (have {sorted(self._catalogs)})",
            )
        return catalog[kind]


def check_proposals_allowed(state: LoopState) -> None:
    """Raise when the loop has not yet reached the point where tiltak may be proposed.

    Public so the dashboard can grey out the proposal form by the same rule the service uses.
    """
    current = state.current
    decisions = state.council_decisions
    if current is not None and (current.phase == "actions" or current.allows("proposal")):
        return
    if decisions is not None and decisions.tiltak_needed:
        return
    first = next(
        (s for s in state.stages.stages if s.phase == "actions" or s.allows("proposal")), None
    )
    council = _first_stage_allowing(state.stages, "council_decisions")
    where = f"trinn {first.numeral} ({first.title})" if first else "siste trinn"
    extra = (
        f", eller etter at kommunestyret i trinn {council.numeral} har bestemt at det trengs "
        "tiltak"
        if council
        else ""
    )
    raise StageOrderError(
        f"Forslag til tiltak kan først registreres når løyfen har nådd {where}{extra}. "
        "Ikke hopp rett på løsninger: fortsett med refleksjon og analyse av resultatene til da.",
        f"proposals not allowed at stage {state.current_stage}",
    )


def _first_stage_allowing(stages: StageList, record_kind: str) -> Stage | None:
    return next((s for s in stages.stages if s.allows(record_kind)), None)


def _check_correction_keeps_rules(
    entries: list[Entry],
    latest_id: int,
    payload: dict[str, Any],
    author: str,
    resolve: Callable[[str, str], StageList],
) -> None:
    """A corrected meeting date must not turn an earlier vedtak into a same-meeting vedtak."""
    probe = Entry(entries[-1].id + 1, entries[-1].ts, author, CORRECTION, entries[-1].loop_id,
                  latest_id, payload)
    after = fold_loop([*entries, probe], resolve)
    for vedtak in after.vedtak:
        meeting = after.meeting(vedtak.meeting_entry_id)
        if meeting and not vedtak.overrides_same_meeting_rule and (
            after.violates_same_meeting_rule(meeting)
        ):
            raise SameMeetingError(
                f"Rettelsen ville flyttet vedtak nr. {vedtak.id} til samme dag som resultatene "
                "ble lagt fram. Kontroller møtedatoene.",
                f"correction would make vedtak {vedtak.id} violate the same-meeting rule",
            )


def _same_meeting(state: LoopState) -> SameMeetingError:
    first = state.first_meeting
    assert first is not None
    return SameMeetingError(
        "Tiltak kan ikke vedtas i samme møte som resultatene ble lagt fram (første møte i "
        f"løyfen: {first.organ}, {first.date:%d.%m.%Y}). Veilederen anbefaler tid til "
        "refleksjon mellom resultater og tiltak, slik at ingen hopper rett på løsninger. "
        "Vedta tiltakene i et senere møte, eller oppgi en begrunnelse for å gjøre et unntak; "
        "begrunnelsen blir stående i protokollen.",
        "Tiltak may not be decided in the meeting (or on the date) where the loop's results "
        f"were first presented (meeting {first.id}, {first.date}); give override_reason to "
        "record an explicit exception.",
    )


def _stage_order(state: LoopState, wanted: int) -> StageOrderError:
    current = state.current
    nxt = state.next_stage
    if current is None:
        first = state.stages.first
        hint = f"Løyfen starter med trinn {first.numeral} ({first.title})."
    else:
        hint = f"Løyfen er på trinn {current.numeral} ({current.title})"
        hint += f"; neste trinn er {nxt.numeral} ({nxt.title})." if nxt else "."
    return StageOrderError(
        f"Trinn {roman(wanted)} kan ikke brukes nå. {hint} Vil dere hoppe over trinn, bruk "
        "«Gå videre til trinn» og skriv en begrunnelse.",
        f"stage {wanted} is not the current ({state.current_stage}) or next stage",
    )


def _no_loop(loop_id: str) -> NotFoundError:
    return NotFoundError(
        f"Fant ingen resultatsløyfe med id «{loop_id}». Velg en løyfe fra listen.",
        f"no loop {loop_id!r}",
    )


def _new_loop_id(year: int, release: str) -> str:
    text = release.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:30] or "loop"
    return f"{year}-{slug}-{secrets.token_hex(3)}"
