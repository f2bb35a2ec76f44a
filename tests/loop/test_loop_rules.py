"""The stage machine and the guide's rules, seen from what a clerk or politician would do."""

from __future__ import annotations

import pytest

from bmsdata.loop import (
    LoopService,
    LoopValidationError,
    NotFoundError,
    SameMeetingError,
    StageOrderError,
)


def _count(service: LoopService, loop_id: str) -> int:
    return len(service.history(loop_id))


def test_meetings_follow_the_stage_order(service: LoopService) -> None:
    loop_id = service.open_loop("RS3", "politisk", "RS3", 2025, author="Kari")
    with pytest.raises(StageOrderError) as info:
        service.hold_meeting(loop_id, 2, "2025-10-01", None, None, "Kari")
    assert "Løyfen starter med trinn I" in info.value.message
    assert "begrunnelse" in info.value.message

    service.hold_meeting(loop_id, 1, "2025-10-01", "1/25", None, "Kari")
    assert service.state(loop_id).current_stage == 1
    # A second meeting at the same stage is fine (the formannskap may need two).
    service.hold_meeting(loop_id, 1, "2025-10-03", "2/25", None, "Kari")
    with pytest.raises(StageOrderError) as info:
        service.hold_meeting(loop_id, 3, "2025-10-05", None, None, "Kari")
    assert "neste trinn er II" in info.value.message
    assert "stage 3" in info.value.english

    service.hold_meeting(loop_id, 2, "2025-10-10", None, None, "Kari")
    with pytest.raises(StageOrderError):  # no going back
        service.hold_meeting(loop_id, 1, "2025-10-11", None, None, "Kari")
    state = service.state(loop_id)
    assert state.current_stage == 2
    assert [m.stage for m in state.meetings] == [1, 1, 2]
    assert state.meetings[0].presenter == "ordfører"  # the stage's default presenter


def test_skipping_a_stage_needs_a_recorded_reason(service: LoopService) -> None:
    loop_id = service.open_loop("RS3", "politisk", "RS3", 2025, author="Kari")
    service.hold_meeting(loop_id, 1, "2025-10-01", None, None, "Kari")
    service.hold_meeting(loop_id, 2, "2025-10-10", None, None, "Kari")
    with pytest.raises(LoopValidationError, match="Begrunnelse"):
        service.advance_stage(loop_id, 4, "  ", "Kari")
    service.advance_stage(loop_id, 4, "Kommunen har ingen komiteer", "Kari")
    service.hold_meeting(loop_id, 4, "2025-10-20", None, None, "Kari")
    state = service.state(loop_id)
    assert state.stage_status(3) == "skipped"
    assert state.skip_reason(3).reason == "Kommunen har ingen komiteer"
    assert state.stage_status(4) == "current"


def test_meeting_dates_cannot_go_backwards(service: LoopService) -> None:
    loop_id = service.open_loop("RS3", "politisk", "RS3", 2025, author="Kari")
    service.hold_meeting(loop_id, 1, "2025-10-10", None, None, "Kari")
    with pytest.raises(StageOrderError, match="tidligere enn forrige møte"):
        service.hold_meeting(loop_id, 2, "2025-10-01", None, None, "Kari")


def test_notes_only_at_reached_stages_and_allowed_types(service: LoopService) -> None:
    loop_id = service.open_loop("RS1", "politisk", "RS1", 2025, author="Kari")
    with pytest.raises(StageOrderError, match="Registrer det første møtet"):
        service.add_note(loop_id, "For tidlig", "Ola")
    service.hold_meeting(loop_id, 1, "2025-03-10", None, None, "Kari")
    note = service.add_note(loop_id, "Hvorfor er spredningen større?", "Ola",
                            note_type="question")
    with pytest.raises(StageOrderError):
        service.add_note(loop_id, "Trinn II er ikke nådd", "Ola", stage=2)
    with pytest.raises(LoopValidationError, match="Type notat"):
        service.add_note(loop_id, "x", "Ola", note_type="vedtak")
    state = service.state(loop_id)
    assert [(n.id, n.note_type, n.text, n.author) for n in state.notes[1]] == [
        (note.id, "question", "Hvorfor er spredningen større?", "Ola")
    ]


def test_note_type_must_be_one_the_stage_records(service, political_loop) -> None:
    loop = political_loop()
    m5 = service.hold_meeting(loop.loop_id, 5, "2025-05-05", None, None, "Kari")
    assert m5.payload["stage"] == 5
    with pytest.raises(LoopValidationError, match="registrerer ikke"):
        service.add_note(loop.loop_id, "Mer analyse?", "Ola", note_type="analysis_request")


def test_council_decisions_only_at_political_stage_two(service: LoopService) -> None:
    loop_id = service.open_loop("RS1", "politisk", "RS1", 2025, author="Kari")
    service.hold_meeting(loop_id, 1, "2025-03-10", None, None, "Kari")
    decide = dict(others_in_analysis=False, follow_up="I helseutvalget", tiltak_needed=True,
                  drafted_by="politikerne", author="Kari")
    with pytest.raises(StageOrderError, match="trinn II"):
        service.record_council_decisions(loop_id, **decide)
    service.hold_meeting(loop_id, 2, "2025-03-20", None, None, "Kari")
    with pytest.raises(LoopValidationError, match="Hvem utarbeider"):
        service.record_council_decisions(loop_id, **{**decide, "drafted_by": None})
    with pytest.raises(LoopValidationError, match="Skriv hvem"):
        service.record_council_decisions(loop_id, **{**decide, "others_in_analysis": True})
    service.record_council_decisions(loop_id, **decide)
    with pytest.raises(LoopValidationError, match="allerede registrert"):
        service.record_council_decisions(loop_id, **decide)
    decisions = service.state(loop_id).council_decisions
    assert (decisions.tiltak_needed, decisions.drafted_by, decisions.follow_up) == (
        True, "politikerne", "I helseutvalget")

    admin = service.open_loop("RS1 adm", "administrativ", "RS1", 2025, author="Rådmann")
    service.hold_meeting(admin, 1, "2025-03-01", None, None, "Rådmann")
    service.hold_meeting(admin, 2, "2025-03-05", None, None, "Rådmann")
    with pytest.raises(LoopValidationError, match="administrativ"):
        service.record_council_decisions(admin, **decide)


def test_proposals_wait_for_the_council_or_the_actions_phase(service: LoopService) -> None:
    proposal = dict(title="Faste team", indicators=["brukertilfredshet"], deadline="2025-09-01",
                    author="Rådmann", responsible_unit="Hjemmetjenesten")
    loop_id = service.open_loop("RS1", "politisk", "RS1", 2025, author="Kari")
    service.hold_meeting(loop_id, 1, "2025-03-10", None, None, "Kari")
    with pytest.raises(StageOrderError) as info:
        service.propose_tiltak(loop_id, **proposal)
    assert "hopp rett på løsninger" in info.value.message
    service.hold_meeting(loop_id, 2, "2025-03-20", None, None, "Kari")
    service.record_council_decisions(loop_id, False, "Vi venter", tiltak_needed=False,
                                     author="Kari")
    with pytest.raises(StageOrderError):  # the council said no tiltak for now
        service.propose_tiltak(loop_id, **proposal)
    service.hold_meeting(loop_id, 3, "2025-04-01", None, None, "Kari")
    service.hold_meeting(loop_id, 4, "2025-04-10", None, None, "Kari")
    service.hold_meeting(loop_id, 5, "2025-05-01", None, None, "Kari")
    entry = service.propose_tiltak(loop_id, **proposal)  # stage V is the actions phase
    assert service.state(loop_id).proposals[entry.id].title == "Faste team"

    admin = service.open_loop("RS1 adm", "administrativ", "RS1", 2025, author="Rådmann")
    for stage, day in [(1, "2025-03-01"), (2, "2025-03-05"), (3, "2025-03-10")]:
        service.hold_meeting(admin, stage, day, None, None, "Rådmann")
    with pytest.raises(StageOrderError, match="trinn IV"):
        service.propose_tiltak(admin, **proposal)
    service.hold_meeting(admin, 4, "2025-03-15", None, None, "Rådmann")
    service.propose_tiltak(admin, **proposal)  # after users and employees have seen results


def test_a_proposal_needs_owner_deadline_and_indicators(service, political_loop) -> None:
    loop = political_loop()
    base = dict(title="Tiltak", indicators=["x"], deadline="2025-09-01", author="Rådmann",
                responsible_unit="Skole")
    with pytest.raises(LoopValidationError, match="eier"):
        service.propose_tiltak(loop.loop_id, **{**base, "responsible_unit": None})
    with pytest.raises(LoopValidationError, match="Frist"):
        service.propose_tiltak(loop.loop_id, **{**base, "deadline": "1. september"})
    with pytest.raises(LoopValidationError, match="Indikatorer"):
        service.propose_tiltak(loop.loop_id, **{**base, "indicators": []})
    with pytest.raises(LoopValidationError, match="Kostnad"):
        service.propose_tiltak(loop.loop_id, **{**base, "cost": -5})


def test_same_meeting_rule_refuses_then_records_an_explicit_override(
    service, political_loop
) -> None:
    # A seminar day: the whole loop runs on the day the formannskap first saw the results.
    loop = political_loop(dates=("2025-05-05",) * 4)
    same_day = service.hold_meeting(loop.loop_id, 5, "2025-05-05", "30/25", None, "Kari")
    assert same_day.id != loop.first_meeting  # another meeting, but on the same date
    before = len(service.history(loop.loop_id))
    with pytest.raises(SameMeetingError) as info:
        service.decide_tiltak(loop.loop_id, [loop.proposal], same_day.id, "Kari")
    err = info.value
    assert err.message.startswith(
        "Tiltak kan ikke vedtas i samme møte som resultatene ble lagt fram")
    assert "tid til refleksjon mellom resultater og tiltak" in err.message
    assert "first presented" in err.english
    assert len(service.history(loop.loop_id)) == before  # nothing written
    assert service.state(loop.loop_id).tiltak == {}

    with pytest.raises(SameMeetingError):  # a blank reason is no reason
        service.decide_tiltak(loop.loop_id, [loop.proposal], same_day.id, "Kari", "   ")

    reason = "Fristen for statstilskudd går ut før neste kommunestyremøte."
    entry = service.decide_tiltak(loop.loop_id, [loop.proposal], same_day.id, "Kari", reason)
    assert entry.payload["override_reason"] == reason
    assert entry.payload["overrides_same_meeting_rule"] is True
    state = service.state(loop.loop_id)
    assert [(v.id, v.override_reason) for v in state.overrides] == [(entry.id, reason)]
    assert state.tiltak[loop.proposal].status == "planlagt"


def test_vedtak_in_a_later_meeting_needs_no_override(service, political_loop) -> None:
    loop = political_loop()
    later = service.hold_meeting(loop.loop_id, 5, "2025-05-05", "30/25", None, "Kari")
    entry = service.decide_tiltak(loop.loop_id, [loop.proposal], later.id, "Kari")
    state = service.state(loop.loop_id)
    assert entry.payload["overrides_same_meeting_rule"] is False
    assert state.overrides == []
    assert list(state.tiltak) == [loop.proposal]
    assert state.proposals[loop.proposal].decided_in == entry.id
    with pytest.raises(LoopValidationError, match="allerede vedtatt"):
        service.decide_tiltak(loop.loop_id, [loop.proposal], later.id, "Kari")


def test_the_first_meeting_itself_is_refused_even_at_stage_five(service) -> None:
    loop_id = service.open_loop("Ekstra", "politisk", "Ekstraordinær", 2025, author="Kari")
    service.advance_stage(loop_id, 5, "Resultatene legges fram direkte for kommunestyret", "Kari")
    meeting = service.hold_meeting(loop_id, 5, "2025-06-01", None, None, "Kari")
    proposal = service.propose_tiltak(loop_id, "Tiltak", ["x"], "2025-12-01", "Kari",
                                      responsible_person="Lise")
    with pytest.raises(SameMeetingError):
        service.decide_tiltak(loop_id, [proposal.id], meeting.id, "Kari")
    later = service.hold_meeting(loop_id, 5, "2025-06-15", None, None, "Kari")
    service.decide_tiltak(loop_id, [proposal.id], later.id, "Kari")


def test_vedtak_only_in_a_final_stage_meeting(service, political_loop) -> None:
    loop = political_loop()
    stage4 = service.state(loop.loop_id).meetings_at(4)[0]
    with pytest.raises(StageOrderError) as info:
        service.decide_tiltak(loop.loop_id, [loop.proposal], stage4.id, "Kari")
    assert "Tiltak vedtas i trinn V" in info.value.message
    with pytest.raises(NotFoundError):
        service.decide_tiltak(loop.loop_id, [loop.proposal], 99999, "Kari")
    later = service.hold_meeting(loop.loop_id, 5, "2025-05-05", None, None, "Kari")
    with pytest.raises(NotFoundError, match="forslag nr. 424242"):
        service.decide_tiltak(loop.loop_id, [424242], later.id, "Kari")


def test_concurrent_vedtak_of_the_same_proposal_is_caught(service, political_loop) -> None:
    """Two kernels decide the same proposal at once: the second re-validates and is refused."""
    loop = political_loop()
    meeting = service.hold_meeting(loop.loop_id, 5, "2025-05-05", None, None, "Kari")
    other_kernel = LoopService(service.journal)

    class RacingJournal:
        """Lets the other kernel write between our read and our append, once."""

        def __init__(self, inner) -> None:
            self.inner, self.raced = inner, False

        def entries(self, *a, **k):
            return self.inner.entries(*a, **k)

        def get(self, *a, **k):
            return self.inner.get(*a, **k)

        def append(self, *a, **k):
            if not self.raced:
                self.raced = True
                other_kernel.decide_tiltak(loop.loop_id, [loop.proposal], meeting.id, "Ola")
            return self.inner.append(*a, **k)

    racing = LoopService(RacingJournal(service.journal))
    with pytest.raises(LoopValidationError, match="allerede vedtatt"):
        racing.decide_tiltak(loop.loop_id, [loop.proposal], meeting.id, "Kari")
    state = service.state(loop.loop_id)
    assert len(state.vedtak) == 1 and state.vedtak[0].author == "Ola"


def test_unknown_loop_is_a_norwegian_not_found(service) -> None:
    with pytest.raises(NotFoundError, match="Fant ingen resultatsløyfe"):
        service.hold_meeting("finnes-ikke", 1, "2025-01-01", None, None, "Kari")


def test_author_is_required_everywhere(service) -> None:
    with pytest.raises(ValueError, match="Oppgi navnet ditt"):
        service.open_loop("RS1", "politisk", "RS1", 2025, author=" ")
