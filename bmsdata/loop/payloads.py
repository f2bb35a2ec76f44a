"""Entry kinds and the shape of their payloads.

Each kind has one normaliser that turns what a person typed into the payload stored in the
journal, or refuses with a Norwegian sentence naming the field. The same normaliser checks a
correction's new payload, so a correction can never store something an original could not.
Unknown fields are refused rather than ignored: a typo in a field name must not silently drop
what a politician said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from bmsdata.loop.errors import LoopValidationError
from bmsdata.loop.stages import LOOP_KINDS

LOOP_OPENED = "loop_opened"
MEETING_HELD = "meeting_held"
STAGE_ADVANCED = "stage_advanced"
NOTE = "note"
COUNCIL_DECISIONS = "council_decisions"
PROPOSAL = "proposal"
VEDTAK = "vedtak"
TILTAK_STATUS = "tiltak_status"
CORRECTION = "correction"

ENTRY_KINDS = (
    LOOP_OPENED, MEETING_HELD, STAGE_ADVANCED, NOTE, COUNCIL_DECISIONS,
    PROPOSAL, VEDTAK, TILTAK_STATUS, CORRECTION,
)

NOTE_TYPES = ("reflection", "question", "analysis_request")
DRAFTED_BY = ("politikerne", "bestilling")
TILTAK_STATUSES = ("planlagt", "igangsatt", "fullført", "forsinket", "avbrutt")
#: A tiltak in one of these states is no longer expected to meet its deadline.
CLOSED_STATUSES = frozenset({"fullført", "avbrutt"})
#: Changing to these needs a comment: the next loop must know why.
STATUSES_NEEDING_COMMENT = frozenset({"forsinket", "avbrutt"})

#: Fields a correction may not change, per kind: changing them would move the entry to
#: another stage or tiltak, which is a new entry, not a correction.
FIXED_ON_CORRECTION: dict[str, tuple[str, ...]] = {
    LOOP_OPENED: ("kind", "stage_list"),
    MEETING_HELD: ("stage",),
    STAGE_ADVANCED: ("stage",),
    NOTE: ("stage",),
    COUNCIL_DECISIONS: ("stage", "meeting_entry_id"),
    PROPOSAL: ("stage",),
    TILTAK_STATUS: ("tiltak_id",),
}

SHORT = 200
LONG = 10_000


class _Reader:
    """Reads one payload field by field; every refusal names the field in Norwegian."""

    def __init__(self, raw: Mapping[str, Any], what_nb: str) -> None:
        if not isinstance(raw, Mapping):
            raise LoopValidationError(
                f"Innholdet i {what_nb} mangler.", "payload must be a mapping"
            )
        self.raw = raw
        self.what = what_nb
        self.seen: set[str] = set()

    def _fail(self, label: str, problem: str, field: str, problem_en: str) -> LoopValidationError:
        return LoopValidationError(
            f"«{label}» i {self.what} {problem}.", f"{field}: {problem_en}"
        )

    def get(self, field: str) -> Any:
        self.seen.add(field)
        return self.raw.get(field)

    def text(self, field: str, label: str, *, required: bool = True, max_len: int = SHORT) -> str:
        value = self.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self._fail(label, "må være tekst", field, "must be a string")
        value = value.strip()
        if required and not value:
            raise self._fail(label, "må fylles ut", field, "is required")
        if len(value) > max_len:
            raise self._fail(
                label, f"er for lang (høyst {max_len} tegn)", field, f"longer than {max_len}"
            )
        return value

    def optional_text(self, field: str, label: str, max_len: int = SHORT) -> str | None:
        return self.text(field, label, required=False, max_len=max_len) or None

    def choice(self, field: str, label: str, choices: Iterable[str]) -> str:
        choices = tuple(choices)
        value = self.get(field)
        if value not in choices:
            raise self._fail(
                label, f"må være en av: {', '.join(choices)}", field, f"must be one of {choices}"
            )
        return value

    def flag(self, field: str, label: str) -> bool:
        value = self.get(field)
        if not isinstance(value, bool):
            raise self._fail(label, "må være ja eller nei", field, "must be a bool")
        return value

    def integer(self, field: str, label: str, lo: int = 1, hi: int = 10**12) -> int:
        value = self.get(field)
        if type(value) is not int or not lo <= value <= hi:
            raise self._fail(
                label, f"må være et helt tall fra {lo} til {hi}", field, f"int in [{lo}, {hi}]"
            )
        return value

    def optional_integer(self, field: str, label: str) -> int | None:
        return None if self.get(field) is None else self.integer(field, label)

    def day(self, field: str, label: str) -> str:
        value = self.get(field)
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise self._fail(
                label, "må være en dato (ÅÅÅÅ-MM-DD)", field, "must be an ISO date"
            ) from None

    def texts(self, field: str, label: str, *, at_least: int = 0) -> list[str]:
        value = self.get(field)
        if value is None:
            value = []
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise self._fail(label, "må være en liste", field, "must be a list of strings")
        value = list(value)
        items = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        if len(items) != len(value) or any(len(v) > SHORT for v in items):
            raise self._fail(
                label, "må bare inneholde korte tekster", field, "must be non-empty strings"
            )
        if len(items) < at_least:
            raise self._fail(label, f"må ha minst {at_least}", field, f"needs {at_least}+ items")
        return list(dict.fromkeys(items))

    def ids(self, field: str, label: str) -> list[int]:
        value = self.get(field)
        if isinstance(value, int | str) or not isinstance(value, Iterable):
            raise self._fail(label, "må være en liste med nummer", field, "must be a list of ids")
        items = list(value)
        if not items or not all(type(v) is int and v > 0 for v in items):
            raise self._fail(label, "må ha minst ett gyldig nummer", field, "positive ints")
        if len(set(items)) != len(items):
            raise self._fail(label, "inneholder samme nummer to ganger", field, "duplicates")
        return items

    def amount(self, field: str, label: str) -> float | int | None:
        value = self.get(field)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise self._fail(label, "må være et tall (kroner)", field, "must be a number")
        if value < 0 or value > 1e12:
            raise self._fail(label, "må være mellom 0 og 1 000 milliarder", field, "out of range")
        return value

    def done(self, payload: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.raw) - self.seen)
        if unknown:
            raise LoopValidationError(
                f"Ukjente felt i {self.what}: {', '.join(unknown)}. Fjern dem og prøv igjen.",
                f"unknown payload fields: {unknown}",
            )
        return payload


def loop_opened(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "resultatsløyfen")
    return r.done({
        "title": r.text("title", "Tittel"),
        "kind": r.choice("kind", "Type resultatsløyfe", LOOP_KINDS),
        "release": r.text("release", "Resultatsløyfe (f.eks. RS1)", max_len=50),
        "year": r.integer("year", "År", 1990, 2100),
        "focus_areas": r.texts("focus_areas", "Fokusområder"),
        "indicators": r.texts("indicators", "Indikatorer"),
        "stage_list": r.text("stage_list", "Trinnliste", max_len=100),
    })


def meeting_held(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "møtet")
    return r.done({
        "stage": r.integer("stage", "Trinn", 1, 39),
        "organ": r.text("organ", "Organ"),
        "date": r.day("date", "Møtedato"),
        "sak": r.optional_text("sak", "Saksnummer", max_len=50),
        "presenter": r.text("presenter", "Hvem la fram"),
    })


def stage_advanced(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "trinnskiftet")
    return r.done({
        "stage": r.integer("stage", "Trinn", 1, 39),
        "reason": r.text("reason", "Begrunnelse", max_len=LONG),
    })


def note(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "notatet")
    return r.done({
        "stage": r.integer("stage", "Trinn", 1, 39),
        "note_type": r.choice("note_type", "Type notat", NOTE_TYPES),
        "text": r.text("text", "Tekst", max_len=LONG),
    })


def council_decisions(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "kommunestyrets avklaringer")
    payload = {
        "stage": r.integer("stage", "Trinn", 1, 39),
        "meeting_entry_id": r.optional_integer("meeting_entry_id", "Møte"),
        "others_in_analysis": r.flag("others_in_analysis", "Skal andre delta i analysen?"),
        "others_who": r.optional_text("others_who", "Hvem andre", max_len=LONG),
        "follow_up": r.text("follow_up", "Hvordan følger vi opp?", max_len=LONG),
        "tiltak_needed": r.flag("tiltak_needed", "Trenger vi tiltak?"),
        "drafted_by": r.get("drafted_by"),
    }
    if payload["others_in_analysis"] and not payload["others_who"]:
        raise LoopValidationError(
            "Kommunestyret har sagt at andre skal delta i analysen. Skriv hvem.",
            "others_who is required when others_in_analysis is true",
        )
    if payload["tiltak_needed"] or payload["drafted_by"] is not None:
        payload["drafted_by"] = r.choice(
            "drafted_by", "Hvem utarbeider forslag til tiltak?", DRAFTED_BY
        )
    return r.done(payload)


def proposal(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "forslaget til tiltak")
    payload = {
        "stage": r.integer("stage", "Trinn", 1, 39),
        "title": r.text("title", "Tittel"),
        "description": r.text("description", "Beskrivelse", required=False, max_len=LONG),
        "focus_area": r.optional_text("focus_area", "Fokusområde"),
        "indicators": r.texts("indicators", "Indikatorer tiltaket skal påvirke", at_least=1),
        "responsible_unit": r.optional_text("responsible_unit", "Ansvarlig enhet"),
        "responsible_person": r.optional_text("responsible_person", "Ansvarlig person"),
        "deadline": r.day("deadline", "Frist"),
        "cost": r.amount("cost", "Kostnad"),
        "within_unit_budget": r.flag("within_unit_budget", "Innenfor enhetens budsjett"),
    }
    if not payload["responsible_unit"] and not payload["responsible_person"]:
        raise LoopValidationError(
            "Hvert tiltak trenger en eier. Fyll ut ansvarlig enhet eller ansvarlig person.",
            "a proposal needs responsible_unit or responsible_person",
        )
    return r.done(payload)


def vedtak(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "vedtaket")
    return r.done({
        "proposal_ids": r.ids("proposal_ids", "Forslag som vedtas"),
        "meeting_entry_id": r.integer("meeting_entry_id", "Møte"),
        "override_reason": r.optional_text("override_reason", "Begrunnelse", max_len=LONG),
        "overrides_same_meeting_rule": r.flag(
            "overrides_same_meeting_rule", "Unntak fra regelen om samme møte"
        ),
    })


def tiltak_status(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "statusen")
    payload = {
        "tiltak_id": r.integer("tiltak_id", "Tiltak"),
        "status": r.choice("status", "Status", TILTAK_STATUSES),
        "comment": r.text("comment", "Kommentar", required=False, max_len=LONG),
    }
    if payload["status"] in STATUSES_NEEDING_COMMENT and not payload["comment"]:
        raise LoopValidationError(
            f"Skriv en kort kommentar om hvorfor tiltaket er {payload['status']}.",
            f"a comment is required for status {payload['status']!r}",
        )
    return r.done(payload)


def correction(raw: Mapping[str, Any]) -> dict[str, Any]:
    r = _Reader(raw, "rettelsen")
    payload = {"reason": r.text("reason", "Begrunnelse for rettelsen", max_len=LONG)}
    new = r.get("payload")
    if not isinstance(new, Mapping):
        raise LoopValidationError("Rettelsen mangler innhold.", "correction needs a payload")
    payload["payload"] = dict(new)
    return r.done(payload)


NORMALISERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    LOOP_OPENED: loop_opened,
    MEETING_HELD: meeting_held,
    STAGE_ADVANCED: stage_advanced,
    NOTE: note,
    COUNCIL_DECISIONS: council_decisions,
    PROPOSAL: proposal,
    VEDTAK: vedtak,
    TILTAK_STATUS: tiltak_status,
    CORRECTION: correction,
}

#: The fields of each kind, checked before anything else so that a misspelt field name is
#: reported as such rather than as a missing field.
FIELDS: dict[str, frozenset[str]] = {
    LOOP_OPENED: frozenset(
        {"title", "kind", "release", "year", "focus_areas", "indicators", "stage_list"}
    ),
    MEETING_HELD: frozenset({"stage", "organ", "date", "sak", "presenter"}),
    STAGE_ADVANCED: frozenset({"stage", "reason"}),
    NOTE: frozenset({"stage", "note_type", "text"}),
    COUNCIL_DECISIONS: frozenset({
        "stage", "meeting_entry_id", "others_in_analysis", "others_who", "follow_up",
        "tiltak_needed", "drafted_by",
    }),
    PROPOSAL: frozenset({
        "stage", "title", "description", "focus_area", "indicators", "responsible_unit",
        "responsible_person", "deadline", "cost", "within_unit_budget",
    }),
    VEDTAK: frozenset(
        {"proposal_ids", "meeting_entry_id", "override_reason", "overrides_same_meeting_rule"}
    ),
    TILTAK_STATUS: frozenset({"tiltak_id", "status", "comment"}),
    CORRECTION: frozenset({"reason", "payload"}),
}


def normalise(kind: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check and clean a payload of ``kind``; unknown fields are named first."""
    if not isinstance(raw, Mapping):
        raise LoopValidationError("Innholdet mangler.", "payload must be a mapping")
    unknown = sorted(set(raw) - FIELDS[kind])
    if unknown:
        raise LoopValidationError(
            f"Ukjente felt: {', '.join(map(str, unknown))}. Fjern dem og prøv igjen.",
            f"unknown payload fields for {kind}: {unknown}",
        )
    return NORMALISERS[kind](raw)

