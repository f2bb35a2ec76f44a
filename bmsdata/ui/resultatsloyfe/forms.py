"""The result-loop dashboard's forms: plain ipywidgets, each with a label and a message area.

Every input has a ``description``, which ipywidgets renders as a ``<label>`` tied to the input
(shown above it),
so screen readers announce it and Playwright finds it by label. Inputs are native HTML controls
(text, textarea, select, date, checkbox, radio, button), so the whole page works with the
keyboard. The forms hold no logic: ``loop_view`` fills their options from the loop's state and
handles their buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import ipywidgets as W

from bmsdata.loop import labels
from bmsdata.loop.payloads import TILTAK_STATUSES
from bmsdata.ui.resultatsloyfe import render as R
from bmsdata.ui.resultatsloyfe import texts as T

FIELD_WIDTH = "46em"
SHORT_WIDTH = "18em"
#: Labels sit above their inputs (``bms-field``, styled in ``loop_render.CSS``): long
#: questions stay readable, nothing is cut off, and the form reads top to bottom on a phone.
_STACKED = {"description_width": "initial"}


def _field(widget: W.Widget) -> W.Widget:
    widget.add_class("bms-field")
    return widget


def text(description: str, placeholder: str = "", width: str = FIELD_WIDTH) -> W.Text:
    return _field(W.Text(description=description, placeholder=placeholder, style=_STACKED,
                         layout=W.Layout(width=width, max_width="100%")))


def textarea(description: str, placeholder: str = "", rows: int = 3) -> W.Textarea:
    return _field(W.Textarea(description=description, placeholder=placeholder, rows=rows,
                             style=_STACKED,
                             layout=W.Layout(width=FIELD_WIDTH, max_width="100%")))


def dropdown(description: str, options: Sequence = (), width: str = FIELD_WIDTH) -> W.Dropdown:
    return _field(W.Dropdown(description=description, options=list(options), value=None,
                             style=_STACKED, layout=W.Layout(width=width, max_width="100%")))


def date_picker(description: str) -> W.DatePicker:
    return _field(W.DatePicker(description=description, value=None, style=_STACKED,
                               layout=W.Layout(width=SHORT_WIDTH)))


def select_multiple(description: str, rows: int = 6) -> W.SelectMultiple:
    return _field(W.SelectMultiple(description=description, options=[], rows=rows,
                                   style=_STACKED,
                                   layout=W.Layout(width=FIELD_WIDTH, max_width="100%")))


def radio(description: str, options: Sequence, value: object = None) -> W.RadioButtons:
    return _field(W.RadioButtons(description=description, options=list(options), value=value,
                                 style=_STACKED, layout=W.Layout(width="auto")))


def yes_no(description: str) -> W.RadioButtons:
    return radio(description, [(T.YES, True), (T.NO, False)])


def checkbox(description: str) -> W.Checkbox:
    return W.Checkbox(description=description, value=False, indent=False,
                      layout=W.Layout(width="auto", margin="0.4em 0"))


def button(description: str, style: str = "primary") -> W.Button:
    b = W.Button(description=description, button_style=style, tooltip=description,
                 layout=W.Layout(width="auto", min_width="14em", align_self="flex-start",
                                 margin="0.6em 0 0.2em 0"))
    b.add_class("bms-button")
    return b


def html(value: str = "") -> W.HTML:
    return W.HTML(value=value, layout=W.Layout(width="100%"))


def form_box(children: Sequence[W.Widget]) -> W.VBox:
    box = W.VBox(list(children), layout=W.Layout(width="100%"))
    box.add_class("bms-form")
    return box


class Message(W.HTML):
    """A form's feedback: a Norwegian sentence, ``role="alert"`` for errors."""

    def error(self, text_: str) -> None:
        self.value = R.message("error", text_)

    def ok(self, text_: str) -> None:
        self.value = R.message("ok", text_)

    def info(self, text_: str) -> None:
        self.value = R.message("info", text_)

    def clear(self) -> None:
        self.value = ""

    @property
    def is_error(self) -> bool:
        return 'role="alert"' in self.value


def message() -> Message:
    return Message(value="", layout=W.Layout(width="100%"))


class AuthorForm:
    def __init__(self) -> None:
        self.name = text(T.AUTHOR_LABEL, T.AUTHOR_PLACEHOLDER, width="26em")
        self.submit = button(T.AUTHOR_BUTTON)
        self.submit.layout.margin = "0 0 0 0.6em"
        self.submit.layout.align_self = "flex-end"
        self.status = html()
        self.message = message()
        self.inputs = W.HBox([self.name, self.submit], layout=W.Layout(align_items="flex-end"))
        self.box = W.VBox([self.status, self.inputs, self.message])


class MeetingForm:
    def __init__(self) -> None:
        self.intro = html(R.info(T.MEETING_INTRO))
        self.stage = dropdown(T.MEETING_STAGE)
        self.date = date_picker(T.MEETING_DATE)
        self.organ = text(T.MEETING_ORGAN)
        self.presenter = text(T.MEETING_PRESENTER)
        self.sak = text(T.MEETING_SAK, T.MEETING_SAK_PLACEHOLDER, width=SHORT_WIDTH)
        self.submit = button(T.MEETING_BUTTON)
        self.message = message()
        self.box = form_box([self.intro, self.stage, self.date, self.organ, self.presenter,
                             self.sak, self.submit, self.message])


class SkipForm:
    def __init__(self) -> None:
        self.intro = html(R.info(T.SKIP_INTRO))
        self.stage = dropdown(T.SKIP_STAGE)
        self.reason = textarea(T.SKIP_REASON, rows=2)
        self.submit = button(T.SKIP_BUTTON, style="")
        self.message = message()
        self.box = form_box([self.intro, self.stage, self.reason, self.submit, self.message])


class NoteForm:
    def __init__(self) -> None:
        self.intro = html(R.info(T.NOTE_INTRO))
        self.stage = dropdown(T.NOTE_STAGE)
        self.note_type = dropdown(T.NOTE_TYPE, width="28em")
        self.text = textarea(T.NOTE_TEXT, rows=4)
        self.submit = button(T.NOTE_BUTTON)
        self.message = message()
        self.box = form_box([self.intro, self.stage, self.note_type, self.text, self.submit,
                             self.message])


class CouncilForm:
    def __init__(self) -> None:
        self.intro = html()
        self.others = yes_no(T.COUNCIL_OTHERS)
        self.others_who = text(T.COUNCIL_OTHERS_WHO, T.COUNCIL_OTHERS_WHO_PLACEHOLDER)
        self.follow_up = textarea(T.COUNCIL_FOLLOW_UP, rows=3)
        self.tiltak_needed = yes_no(T.COUNCIL_TILTAK)
        self.drafted_by = radio(
            T.COUNCIL_DRAFTED,
            [(label, code) for code, label in labels.DRAFTED_BY_LABELS.items()],
        )
        self.submit = button(T.COUNCIL_BUTTON)
        self.message = message()
        self.fields = W.VBox([self.others, self.others_who, self.follow_up, self.tiltak_needed,
                              self.drafted_by, self.submit])
        self.summary = html()
        self.box = form_box([self.intro, self.summary, self.fields, self.message])


class ProposalForm:
    def __init__(self) -> None:
        self.intro = html(R.info(T.PROPOSAL_INTRO))
        self.hint = html()
        self.title = text(T.PROPOSAL_TITLE)
        self.description = textarea(T.PROPOSAL_DESCRIPTION, rows=3)
        self.focus_area = dropdown(T.PROPOSAL_FOCUS)
        self.indicators = select_multiple(T.PROPOSAL_INDICATORS)
        self.indicators_help = html(R.info(T.PROPOSAL_INDICATORS_HELP))
        self.unit = dropdown(T.PROPOSAL_UNIT)
        self.person = text(T.PROPOSAL_PERSON)
        self.deadline = date_picker(T.PROPOSAL_DEADLINE)
        self.cost = text(T.PROPOSAL_COST, T.PROPOSAL_COST_PLACEHOLDER, width=SHORT_WIDTH)
        self.within_budget = checkbox(T.PROPOSAL_BUDGET)
        self.submit = button(T.PROPOSAL_BUTTON)
        self.message = message()
        self.fields = W.VBox([
            self.title, self.description, self.focus_area, self.indicators, self.indicators_help,
            self.unit, self.person, self.deadline, self.cost, self.within_budget, self.submit,
        ])
        self.listing = html()
        self.box = form_box([self.intro, self.hint, self.fields, self.message, self.listing])


class VedtakForm:
    def __init__(self) -> None:
        self.intro = html(R.info(T.VEDTAK_INTRO))
        self.hint = html()
        self.meeting = dropdown(T.VEDTAK_MEETING)
        self.proposals_label = html(R.wrap(f"<strong>{R.esc(T.VEDTAK_PROPOSALS)}</strong>"))
        self.proposals = W.VBox([])
        self.checks: dict[int, W.Checkbox] = {}
        self.submit = button(T.VEDTAK_BUTTON)
        self.message = message()
        self.fields = W.VBox([self.meeting, self.proposals_label, self.proposals, self.submit])
        # Shown after the same-meeting rule refused a vedtak: the explicit, recorded exception.
        self.override = checkbox(T.OVERRIDE_CHECK)
        self.override_reason = textarea(T.OVERRIDE_REASON, rows=3)
        self.override_submit = button(T.OVERRIDE_BUTTON, style="warning")
        self.override_box = W.VBox([
            html(R.wrap(f"<h3>{R.esc(T.OVERRIDE_HEADING)}</h3><p>{R.esc(T.OVERRIDE_LATER)} "
                        f'<a href="#loop-meeting">{R.esc(T.SECTION_MEETING)}</a>.</p>'
                        f"<p>{R.esc(T.OVERRIDE_INTRO)}</p>")),
            self.override, self.override_reason, self.override_submit,
        ], layout=W.Layout(display="none", width="100%"))
        self.override_box.add_class("bms-override")
        self.box = form_box([self.intro, self.hint, self.fields, self.message, self.override_box])

    def set_proposals(self, proposals: Sequence[tuple[int, str]]) -> None:
        """One checkbox per undecided proposal; ticks survive a refresh."""
        ticked = {pid for pid, box in self.checks.items() if box.value}
        self.checks = {
            pid: W.Checkbox(description=title, value=pid in ticked, indent=False,
                            layout=W.Layout(width="auto", margin="0.2em 0"))
            for pid, title in proposals
        }
        self.proposals.children = list(self.checks.values())

    @property
    def chosen(self) -> list[int]:
        return [pid for pid, box in self.checks.items() if box.value]


class StatusForm:
    def __init__(self) -> None:
        self.intro = html(R.info(T.REGISTER_INTRO))
        self.table = html()
        self.tiltak = dropdown(T.STATUS_TILTAK)
        self.status = dropdown(
            T.STATUS_NEW,
            [(labels.TILTAK_STATUS_LABELS[s], s) for s in TILTAK_STATUSES],
            width="28em",
        )
        self.comment = text(T.STATUS_COMMENT, T.STATUS_COMMENT_PLACEHOLDER)
        self.submit = button(T.STATUS_BUTTON)
        self.message = message()
        self.fields = W.VBox([self.tiltak, self.status, self.comment, self.submit])
        self.form = form_box([self.fields, self.message])
        self.box = W.VBox([self.intro, self.table, self.form], layout=W.Layout(width="100%"))


class NewLoopForm:
    def __init__(self, year: int | None = None) -> None:
        self.title = text(T.NEW_TITLE, T.NEW_TITLE_PLACEHOLDER)
        self.kind = radio(
            T.NEW_KIND,
            [(labels.LOOP_KIND_LABELS["politisk"], "politisk"),
             (labels.LOOP_KIND_LABELS["administrativ"], "administrativ")],
            "politisk",
        )
        self.release = dropdown(T.NEW_RELEASE, list(T.RELEASES))
        self.release.value = "RS1"
        self.adhoc = text(T.NEW_ADHOC, T.NEW_ADHOC_PLACEHOLDER)
        self.adhoc.layout.display = "none"
        self.year = _field(W.BoundedIntText(
            description=T.NEW_YEAR, value=year or date.today().year, min=1990, max=2100,
            style=_STACKED, layout=W.Layout(width="10em")))
        self.focus_areas = select_multiple(T.NEW_FOCUS, rows=7)
        self.indicators = select_multiple(T.NEW_INDICATORS, rows=9)
        self.help = html(R.info(T.PROPOSAL_INDICATORS_HELP))
        self.submit = button(T.NEW_BUTTON)
        self.message = message()
        self.box = form_box([
            html(R.wrap(f"<p>{R.esc(T.NEW_LOOP_INTRO)}</p>")), self.title, self.kind,
            self.release, self.adhoc, self.year, self.focus_areas, self.indicators, self.help,
            self.submit, self.message,
        ])
        self.release.observe(self._on_release, names="value")

    def _on_release(self, change: dict) -> None:
        self.adhoc.layout.display = "" if change["new"] == "adhoc" else "none"
