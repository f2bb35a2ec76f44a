"""Steps a secretary takes in the result-loop dashboard, as widget interactions.

Each step sets widget values and clicks the form's button (``button.click()`` runs the same
handler as a click in the browser), then returns the form's message HTML.
"""

from __future__ import annotations

from datetime import date

from bmsdata.ui.resultatsloyfe import view as V

OK = 'role="status"'
ALERT = 'role="alert"'


def hold(view: V.LoopView, stage: int, day: date, sak: str | None = None) -> str:
    """Register a meeting through the meeting form; returns the form's message HTML."""
    form = view.meeting
    form.stage.value = stage
    form.date.value = day
    form.sak.value = sak or ""
    form.submit.click()
    return form.message.value


def note(view: V.LoopView, text: str, note_type: str = "reflection") -> str:
    view.note.stage.value = view.state.current_stage
    view.note.note_type.value = note_type
    view.note.text.value = text
    view.note.submit.click()
    return view.note.message.value


def council(view: V.LoopView) -> str:
    form = view.council
    form.others.value = True
    form.others_who.value = "Eldrerådet og brukerrådet"
    form.follow_up.value = "Helse- og omsorgsutvalget analyserer resultatene"
    form.tiltak_needed.value = True
    form.drafted_by.value = "bestilling"
    form.submit.click()
    return form.message.value


def propose(view: V.LoopView, title: str = "Bedre informasjon til innbyggerne",
            indicators: tuple[str, ...] = ("POL-BOSTED",), deadline: date = date(2025, 12, 1),
            cost: str = "120 000") -> str:
    form = view.proposal
    form.title.value = title
    form.description.value = "Månedlig nyhetsbrev og åpne møter"
    form.focus_area.value = "Det gode bosted"
    form.indicators.value = indicators
    form.unit.value = "Servicetorget"
    form.person.value = "Lise Leder"
    form.deadline.value = deadline
    form.cost.value = cost
    form.within_budget.value = False
    form.submit.click()
    return form.message.value


def to_last_stage(view: V.LoopView, first: date, council_day: date, committee_day: date,
                  last_day: date) -> None:
    """Stages I–III with meetings, a proposal, IV skipped with a reason, a meeting at V."""
    assert OK in hold(view, 1, first, "12/25")
    note(view, "Hva sier resultatene oss om informasjonen?", "question")
    assert OK in hold(view, 2, council_day, "20/25")
    assert OK in council(view)
    assert OK in hold(view, 3, committee_day)
    note(view, "Utvalget ber om svar fordelt på alder", "analysis_request")
    assert OK in propose(view)
    view.skip.stage.value = 5
    view.skip.reason.value = "Dialogen med ledere og ansatte tas i neste løyfe"
    view.skip.submit.click()
    assert OK in view.skip.message.value, view.skip.message.value
    assert OK in hold(view, 5, last_day, "31/25")


def decide(view: V.LoopView, override: str | None = None, tick: bool = True) -> str:
    """Decide every open proposal; with ``override``, through the exception to the rule."""
    form = view.vedtak
    for box in form.checks.values():
        box.value = True
    if override is None:
        form.submit.click()
    else:
        form.override.value = tick
        form.override_reason.value = override
        form.override_submit.click()
    return form.message.value
