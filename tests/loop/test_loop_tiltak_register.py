"""Overdue tiltak, as of a given day, in one loop and across loops."""

from __future__ import annotations

from datetime import date

import pytest

from bmsdata.loop import LoopValidationError


def _decided(service, political_loop, deadline: str, title: str):
    loop = political_loop()
    extra = service.propose_tiltak(loop.loop_id, title, ["sykefravær"], deadline, "Rådmann",
                                   responsible_person="Lise Leder")
    meeting = service.hold_meeting(loop.loop_id, 5, "2025-05-05", None, None, "Kari")
    service.decide_tiltak(loop.loop_id, [loop.proposal, extra.id], meeting.id, "Kari")
    return loop, extra.id


def test_overdue_means_deadline_passed_and_not_done(service, political_loop) -> None:
    loop, extra = _decided(service, political_loop, "2025-06-30", "Oppfølging av sykefravær")
    # The fixture's proposal has deadline 2025-09-01.
    state = service.state(loop.loop_id, today=date(2025, 9, 1))
    assert state.tiltak[loop.proposal].overdue is False  # due today is not overdue
    assert state.tiltak[extra].overdue is True
    assert state.tiltak[extra].overdue_reason == "Fristen er passert"

    state = service.state(loop.loop_id, today=date(2025, 9, 2))
    assert state.tiltak[loop.proposal].overdue is True

    service.set_tiltak_status(loop.loop_id, extra, "fullført", "Lise Leder")
    service.set_tiltak_status(loop.loop_id, loop.proposal, "avbrutt", "Kari",
                              comment="Erstattet av nytt tiltak")
    state = service.state(loop.loop_id, today=date(2026, 1, 1))
    assert [t.overdue for t in state.tiltak.values()] == [False, False]
    assert [h.status for h in state.tiltak[extra].history] == ["planlagt", "fullført"]


def test_reported_delay_is_overdue_before_the_deadline(service, political_loop) -> None:
    loop, extra = _decided(service, political_loop, "2026-06-30", "Langsiktig tiltak")
    with pytest.raises(LoopValidationError, match="hvorfor"):
        service.set_tiltak_status(loop.loop_id, extra, "forsinket", "Lise Leder")
    service.set_tiltak_status(loop.loop_id, extra, "forsinket", "Lise Leder",
                              comment="Venter på ny turnus")
    state = service.state(loop.loop_id, today=date(2025, 6, 1))
    tiltak = state.tiltak[extra]
    assert (tiltak.status, tiltak.overdue, tiltak.deadline_passed) == ("forsinket", True, False)
    assert tiltak.overdue_reason == "Meldt forsinket"
    assert state.tiltak[loop.proposal].overdue is False


def test_register_lists_tiltak_across_loops_overdue_first(service, political_loop) -> None:
    first, late = _decided(service, political_loop, "2025-06-30", "Sent tiltak")
    second, later = _decided(service, political_loop, "2025-12-31", "Senere tiltak")
    service.set_tiltak_status(second.loop_id, later, "fullført", "Lise Leder")
    register = service.tiltak_register(today=date(2025, 7, 15))
    assert len(register) == 4
    assert {t.loop_id for t in register} == {first.loop_id, second.loop_id}
    assert [(t.loop_id, t.id) for t in register if t.overdue] == [(first.loop_id, late)]
    assert register[0].id == late  # overdue first
    open_only = service.tiltak_register(today=date(2025, 7, 15), include_closed=False)
    assert later not in [t.id for t in open_only if t.loop_id == second.loop_id]
    assert len(open_only) == 3

    loops = {s.loop_id: s for s in service.list_loops(today=date(2025, 7, 15))}
    assert loops[first.loop_id].open_tiltak == 2
    assert loops[second.loop_id].open_tiltak == 1
    assert loops[first.loop_id].current_stage == 5


def test_status_only_for_decided_tiltak(service, political_loop) -> None:
    loop = political_loop()
    with pytest.raises(LoopValidationError, match="Bare vedtatte tiltak"):
        service.set_tiltak_status(loop.loop_id, loop.proposal, "igangsatt", "Lise")
