"""The result-loop dashboard (``dashboards/resultatsloyfe.ipynb``), driven by ipywidgets.

``page(session, loop)`` is the one call the notebook makes:

* without ``loop``: the list of loops (each a link to ``?loop=<id>``) and a form to open a new
  loop for a release RS1–RS4 or ad hoc, political or administrative, with focus areas and
  indicators from the store;
* with ``loop``: :class:`LoopView` – where the loop stands (stages I–V with the guide's
  prompts), the results under discussion next to it, and forms for meetings, notes, the
  council's four decisions, proposals, vedtak (with the same-meeting rule and its explicit
  override), the tiltak register and the minutes.

Every rule lives in ``bmsdata.loop``; this module only collects what people type, calls
the service and shows the outcome. Who may write is the page's :class:`Identity`
(``bmsdata.loop.identity``), resolved once after the request arrived: a login name is never
asked for (no name form is built), a ``leser`` gets no write forms at all, and every write goes
through :class:`GuardedLoopService`, which refuses at the kernel whatever a browser sends.
A refusal is the service's Norwegian sentence in the form's message area (``role="alert"``);
an unexpected failure is logged and shown as a Norwegian sentence, never a traceback.
The store is opened read-only; the journal is the only thing written.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import ipywidgets as W

from bmsdata.loop import labels
from bmsdata.loop.errors import LoopError, NotFoundError, SameMeetingError, StageListError
from bmsdata.loop.guard import GuardedLoopService
from bmsdata.loop.identity import MAX_AUTHOR_LENGTH, Identity, resolve_identity
from bmsdata.loop.journal import journal_location, open_journal
from bmsdata.loop.model import LoopService, check_proposals_allowed
from bmsdata.loop.payloads import NOTE_TYPES
from bmsdata.loop.stages import load_stage_lists
from bmsdata.loop.state import LoopState, Tiltak, oslo_today
from bmsdata.params import Parameters
from bmsdata.store import Reader, store_path
from bmsdata.ui.chart import Chart
from bmsdata.ui.resultatsloyfe import forms as F
from bmsdata.ui.resultatsloyfe import render as R
from bmsdata.ui.resultatsloyfe import texts as T
from bmsdata.ui.resultatsloyfe.results import Catalog, data_table, loop_trend_figure, vedtak_marks

log = logging.getLogger(__name__)

__all__ = ["LoopIndex", "LoopView", "Session", "open_session", "page"]


class UserError(Exception):
    """Something the person must fix in the form; ``str()`` is the Norwegian sentence."""


# -- session ---------------------------------------------------------------------------------------


@dataclass
class Session:
    """One viewer's store reader and loop service (each Voila kernel is one session)."""

    service: LoopService | None
    reader: Reader | None
    error: str | None = None


#: Environment variable naming the municipality's own stage-list JSON (see docs/result-loop.md).
STAGES_ENV = "BMS_STAGES"


def open_session(
    store: str | os.PathLike[str] | None = None,
    journal: str | os.PathLike[str] | None = None,
    stages: str | os.PathLike[str] | None = None,
) -> Session:
    """Open the store (read-only, ``BMS_STORE``) and the journal.

    The journal is ``journal``, else ``BMS_JOURNAL``, else ``journal.sqlite`` beside the store –
    never a path relative to the kernel's working directory (Voila runs in ``dashboards/``).
    ``stages`` (or ``BMS_STAGES``) is the municipality's own stage-list JSON for new loops.
    Called in the notebook's first cell, so preheated kernels do it before the request. Both
    open lazily; a problem is kept as a Norwegian sentence and shown by :func:`page`.
    """
    path = store_path(store)
    reader = Reader(path)
    target = journal or journal_location(path)
    stages = stages or os.environ.get(STAGES_ENV, "").strip() or None
    try:
        own = load_stage_lists(stages) if stages else None
    except StageListError as exc:
        return Session(None, reader, f"{exc} {T.CONTACT_OPERATOR}")
    try:
        service = LoopService(open_journal(target), own)
    except LoopError as exc:
        return Session(None, reader, T.JOURNAL_UNAVAILABLE.format(message=str(exc)))
    return Session(service, reader)


def page(
    session: Session,
    loop: Parameters | str | None = None,
    author: str | None = None,
    today: date | None = None,
    identity: Identity | None = None,
) -> W.Widget:
    """The dashboard for a loop, or the list of loops when no loop is given.

    ``loop`` is :func:`bmsdata.params.read`'s result (``params.read(loop=loop)``, which under
    a preheated Voila kernel waits for the request) or a loop id. The identity is resolved
    here, after the request has arrived (:func:`resolve_identity`: the login header named by
    ``BMS_AUTHOR_HEADER`` and the roles file ``BMS_ROLES``). ``author`` only pre-fills the
    local user's name when no login is configured; it never overrides a login.
    """
    loop_id = ""
    try:
        loop_id = ((loop.get("loop") if isinstance(loop, Parameters) else loop) or "").strip()
        if session.service is None:
            return _error_page(session.error or T.UNEXPECTED)
        identity = identity if identity is not None else resolve_identity()
        if not loop_id:
            return LoopIndex(session, author=author, today=today, identity=identity).widget
        try:
            return LoopView(session, loop_id, author=author, today=today,
                            identity=identity).widget
        except NotFoundError:
            return _error_page(T.LOOP_UNKNOWN.format(loop=loop_id), link_back=True)
    except LoopError as exc:
        return _error_page(str(exc), link_back=bool(loop_id))
    except Exception:
        log.exception("the result-loop page failed")
        return _error_page(T.UNEXPECTED, link_back=bool(loop_id))


def _error_page(text: str, link_back: bool = False) -> W.Widget:
    back = f'<p><a href="?">{R.esc(T.INDEX_LINK)}</a></p>' if link_back else ""
    return W.HTML(R.CSS + R.wrap(f"<h1>{R.esc(T.PAGE_TITLE)}</h1>") + R.message("error", text)
                  + R.wrap(back))


# -- shared helpers --------------------------------------------------------------------------------


class _Writer:
    """Identity handling and the guarded call every button makes."""

    session: Session
    service: GuardedLoopService
    identity: Identity
    author: str | None
    author_form: F.AuthorForm | None
    identity_box: W.Widget

    def _setup_identity(self, identity: Identity | None, author: str | None) -> None:
        """Resolve who writes, wrap the service in the guard, and build only what they may use.

        The name form exists only for the local user (no login configured); with a login the
        name is the login's and the page holds no widget that could change it.
        """
        assert self.session.service is not None
        self.identity = identity if identity is not None else resolve_identity()
        self.service = GuardedLoopService(self.session.service, self.identity)
        if self.identity.from_login:
            self.author = self.identity.name
        else:
            self.author = author if self.identity.asks_name else None
        if self.identity.asks_name:
            self.author_form = F.AuthorForm()
            self.author_form.submit.on_click(lambda _b: self._set_author())
            self.identity_line = self.author_form.status
            self.identity_box = self.author_form.box
        else:
            self.author_form = None
            self.identity_line = self.identity_box = F.html()
        self._show_author()

    @property
    def can_write(self) -> bool:
        return self.identity.can_write

    def _show_author(self) -> None:
        ident = self.identity
        if not ident.can_write:
            text = ident.problem or T.READER_NOTICE.format(name=ident.name or "",
                                                           contact=ident.contact)
            self.identity_line.value = R.message("error" if ident.problem else "info", text)
            return
        if ident.from_login:
            line = T.AUTHOR_FROM_LOGIN.format(name=self.author, role=ident.role)
            self.identity_line.value = R.wrap(f"<p>✎ {R.esc(line)}</p>")
            return
        form = self.author_form
        assert form is not None
        notice = f'<p class="bms-muted">{R.esc(T.LOCAL_NOTICE)}</p>'
        if self.author:
            line = T.AUTHOR_TYPED.format(name=self.author)
            form.status.value = R.wrap(f"<p>✎ {R.esc(line)}</p>{notice}")
            form.inputs.layout.display = "none"
        else:
            form.status.value = R.message("info", T.AUTHOR_ASK) + R.wrap(notice)
            form.inputs.layout.display = ""

    def _set_author(self) -> None:
        form = self.author_form
        if form is None:  # only the local user has a name form
            return
        name = "".join(ch for ch in form.name.value if ch.isprintable()).strip()
        if not name:
            form.message.error(T.AUTHOR_EMPTY)
            return
        if len(name) > MAX_AUTHOR_LENGTH:
            form.message.error(T.AUTHOR_TOO_LONG)
            return
        self.author = name
        form.message.clear()
        self._show_author()

    def _require_author(self) -> str:
        """The author for a write; the guard checks it again at the service."""
        if not self.can_write:
            self.service.check(self.author)  # a leser gets the service's refusal
        if not self.author:
            raise UserError(T.AUTHOR_MISSING)
        return self.author

    def _guard(self, msg: F.Message, action: Callable[[], str | None]) -> bool:
        """Run ``action``; show its Norwegian success text or the refusal. True on success.

        Only the latest action's message stays on the page: an old «✔ Notatet er lagret» under
        another form would read as if it were about the latest click.
        """
        for other in self._messages():
            other.clear()
        try:
            ok = action()
        except (UserError, LoopError) as exc:
            msg.error(str(exc))
            return False
        except Exception:
            log.exception("a result-loop action failed")
            msg.error(T.UNEXPECTED)
            return False
        try:
            self.refresh()
        except Exception:
            log.exception("refreshing the result-loop view failed")
        if ok:
            msg.ok(ok)
        return True

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _messages(self) -> list[F.Message]:
        """Every form's message area on the page."""
        found = []
        for value in vars(self).values():
            message = getattr(value, "message", None)
            if isinstance(message, F.Message):
                found.append(message)
        return found


def _quiet(callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """An observer that logs a failure instead of sending a traceback to the page."""

    def run(change: Any) -> None:
        try:
            callback(change)
        except Exception:
            log.exception("a result-loop widget callback failed")

    return run


def _section(anchor: str, title: str, *children: W.Widget) -> W.VBox:
    return W.VBox([F.html(R.wrap(R.heading(title, 2, anchor))), *children],
                  layout=W.Layout(width="100%"))


def _set_options(dropdown: W.Dropdown, options: Sequence[tuple[str, Any]], value: Any) -> None:
    """Replace a dropdown's options, keeping the person's choice if it is still there."""
    keep = dropdown.value
    if list(dropdown.options) != list(options):
        dropdown.options = list(options)
    values = [v for _, v in options]
    if keep in values and keep is not None:
        dropdown.value = keep
    elif value in values:
        dropdown.value = value
    else:
        dropdown.value = None


def _show(widget: W.Widget, visible: bool) -> None:
    widget.layout.display = "" if visible else "none"


def parse_kroner(text: str) -> float | int | None:
    """«120 000», «120000 kr», «1 234,50» → a number; empty → None; else UserError."""
    cleaned = unicodedata.normalize("NFKC", text or "").lower()
    for token in ("kr", "nok", ",-", " ", "\u00a0", "\u202f"):
        cleaned = cleaned.replace(token, "")
    cleaned = cleaned.strip().rstrip(".")
    if not cleaned:
        return None
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "." in cleaned and cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise UserError(T.PROPOSAL_BAD_COST) from None
    if value != value or value < 0:
        raise UserError(T.PROPOSAL_BAD_COST)
    return int(value) if value.is_integer() else value


# -- the loop --------------------------------------------------------------------------------------


class LoopView(_Writer):
    """One loop: stepper, results, forms, register and minutes. ``widget`` is the page."""

    def __init__(
        self,
        session: Session,
        loop_id: str,
        author: str | None = None,
        today: date | None = None,
        catalog: Catalog | None = None,
        identity: Identity | None = None,
    ) -> None:
        assert session.service is not None
        self.session = session
        self.loop_id = loop_id
        self.today = today
        self._setup_identity(identity, author)
        self.state: LoopState = self.service.state(loop_id, today)  # NotFoundError: page()
        self.catalog = catalog or Catalog.load(session.reader)
        self.figures: dict[str, Any] = {}
        self._chart_key: tuple | None = None
        self._meeting_sig: tuple | None = None
        self._build()
        self.refresh()

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = F.html()
        self.stepper = F.html()
        self.next_step = F.html()
        self.stage_details = F.html()
        self.results = F.html()
        self.earlier = F.html()
        self.charts = W.VBox([], layout=W.Layout(width="100%"))
        self._charts: dict[str, Chart] = {}
        self.minutes = F.html()
        self.council_stage = next(
            (s for s in self.state.stages.stages if s.allows("council_decisions")), None
        )
        if not self.can_write:
            self._build_read_only()
            return
        self.meeting = F.MeetingForm()
        self.skip = F.SkipForm()
        self.note = F.NoteForm()
        self.council = F.CouncilForm()
        self.proposal = F.ProposalForm()
        self.vedtak = F.VedtakForm()
        self.status = F.StatusForm()

        self.meeting.submit.on_click(lambda _b: self.on_meeting())
        self.meeting.stage.observe(_quiet(self._meeting_stage_changed), names="value")
        self.skip.submit.on_click(lambda _b: self.on_skip())
        self.note.submit.on_click(lambda _b: self.on_note())
        self.note.stage.observe(_quiet(lambda _c: self._fill_note_types()), names="value")
        self.council.submit.on_click(lambda _b: self.on_council())
        visibility = _quiet(lambda _c: self._council_visibility())
        self.council.others.observe(visibility, names="value")
        self.council.tiltak_needed.observe(visibility, names="value")
        self.proposal.submit.on_click(lambda _b: self.on_proposal())
        self.vedtak.submit.on_click(lambda _b: self.on_vedtak())
        self.vedtak.override_submit.on_click(lambda _b: self.on_vedtak(override=True))
        self.status.submit.on_click(lambda _b: self.on_status())

        sections = [("loop-stages", T.SECTION_STAGES), ("loop-charts", T.NAV_CHARTS),
                    ("loop-meeting", T.SECTION_MEETING), ("loop-notes", T.NAV_NOTES)]
        if self.council_stage is not None:
            sections.append(("loop-council", T.NAV_COUNCIL))
        sections += [("loop-proposals", T.SECTION_PROPOSALS), ("loop-vedtak", T.NAV_VEDTAK),
                     ("loop-register", T.SECTION_REGISTER), ("loop-minutes", T.SECTION_MINUTES)]
        self.sections = sections

        top = self._top()
        children = [
            self.header, self.identity_box, top,
            _section("loop-charts", T.SECTION_CHARTS, self.charts),
            _section("loop-meeting", T.SECTION_MEETING, self.meeting.box,
                     F.html(R.wrap(R.heading(T.SECTION_SKIP, 3, "loop-skip"))), self.skip.box),
            _section("loop-notes", T.SECTION_NOTES, self.note.box),
        ]
        if self.council_stage is not None:
            children.append(_section("loop-council", T.SECTION_COUNCIL, self.council.box))
        children += [
            _section("loop-proposals", T.SECTION_PROPOSALS, self.proposal.box),
            _section("loop-vedtak", T.SECTION_VEDTAK, self.vedtak.box),
            _section("loop-register", T.SECTION_REGISTER, self.status.box),
            _section("loop-minutes", T.SECTION_MINUTES, self.minutes),
        ]
        self.widget = W.VBox(children, layout=W.Layout(width="100%", padding="0 0.5em"))
        self.widget.add_class("bms-loop-page")

    def _top(self) -> W.Box:
        """Where the loop stands (left) beside the results under discussion (right)."""
        left = W.VBox([F.html(R.wrap(R.heading(T.SECTION_STAGES, 2, "loop-stages"))),
                       self.next_step, self.stepper, self.stage_details])
        left.add_class("bms-panel-stages")
        right = W.VBox([F.html(R.wrap(R.heading(T.SECTION_RESULTS, 2, "loop-results"))),
                        self.results,
                        F.html(R.wrap(R.heading(T.SECTION_EARLIER, 3, "loop-earlier"))),
                        self.earlier])
        right.add_class("bms-panel-results")
        return W.Box([left, right], layout=W.Layout(display="flex", flex_flow="row wrap",
                                                    align_items="flex-start", width="100%"))

    def _build_read_only(self) -> None:
        """The page for a ``leser``: everything to read, no form, no button that writes.

        Not hidden forms: the widgets are never created, so nothing exists that a browser
        could fill in or press over the widget protocol.
        """
        self.council_summary = F.html()
        self.proposal_listing = F.html()
        self.register_table = F.html()
        sections = [("loop-stages", T.SECTION_STAGES), ("loop-charts", T.NAV_CHARTS)]
        children = [self.header, self.identity_box, self._top(),
                    _section("loop-charts", T.SECTION_CHARTS, self.charts)]
        if self.council_stage is not None:
            sections.append(("loop-council", T.NAV_COUNCIL))
            children.append(_section("loop-council", T.SECTION_COUNCIL, self.council_summary))
        sections += [("loop-proposals", T.SECTION_PROPOSALS),
                     ("loop-register", T.SECTION_REGISTER), ("loop-minutes", T.SECTION_MINUTES)]
        children += [
            _section("loop-proposals", T.SECTION_PROPOSALS, self.proposal_listing),
            _section("loop-register", T.SECTION_REGISTER, self.register_table),
            _section("loop-minutes", T.SECTION_MINUTES, self.minutes),
        ]
        self.sections = sections
        self.widget = W.VBox(children, layout=W.Layout(width="100%", padding="0 0.5em"))
        self.widget.add_class("bms-loop-page")

    def _fill_read_only(self, all_states: list[LoopState]) -> None:
        state = self.state
        if self.council_stage is not None:
            decisions = state.council_decisions
            self.council_summary.value = (R.council_summary(decisions) if decisions is not None
                                          else R.info(T.COUNCIL_NOT_YET))
        self.proposal_listing.value = R.wrap(R.heading(T.PROPOSALS_HEADING, 3)) + \
            R.proposals_list(state, self.catalog)
        self.register_table.value = R.tiltak_table(
            self._own_tiltak(), self.catalog, show_loop=False, empty=T.REGISTER_NONE,
            decided_on=self.decided_on)

    def _own_tiltak(self) -> list[Tiltak]:
        return sorted(self.state.tiltak.values(),
                      key=lambda t: (not t.overdue, t.deadline, t.id))

    # -- refresh -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the loop from the journal and update every part of the page in place.

        Inputs are kept (not rebuilt), so keyboard focus stays where the person left it.
        """
        state = self.state = self.service.state(self.loop_id, self.today)
        all_states = [
            state if s.loop_id == self.loop_id else self.service.state(s.loop_id, self.today)
            for s in self.service.list_loops(self.today)
        ]
        self.decided_on = {
            pid: meeting.date
            for st in all_states for v in st.vedtak
            if (meeting := st.meeting(v.meeting_entry_id)) is not None
            for pid in v.proposal_ids
        }
        self.indicator_ids = self.catalog.loop_indicators(state)
        try:
            check_proposals_allowed(state)
            proposals_allowed, proposals_hint = True, ""
        except LoopError as exc:
            proposals_allowed, proposals_hint = False, str(exc)

        self.header.value = R.header(state, self.sections)
        self.stepper.value = R.stepper(state)
        self.next_step.value = R.next_step(state, proposals_allowed)
        self.stage_details.value = R.stage_details(state)
        self.results.value = R.results_table(self.catalog, self.indicator_ids)
        self._fill_earlier(all_states)
        self._fill_charts(all_states)
        self.minutes.value = R.minutes_links(state)
        if not self.can_write:
            self._fill_read_only(all_states)
            return
        self._fill_meeting()
        self._fill_skip()
        self._fill_notes()
        self._fill_council()
        self._fill_proposals(proposals_allowed, proposals_hint)
        self._fill_vedtak()
        self._fill_register(all_states)

    def _fill_earlier(self, all_states: list[LoopState]) -> None:
        mine = set(self.indicator_ids)
        earlier = [
            t for st in all_states
            if st.loop_id != self.loop_id and st.opened_at < self.state.opened_at
            for t in st.tiltak.values()
        ]
        earlier.sort(key=lambda t: (not (mine & set(t.proposal.indicators)), not t.overdue,
                                    t.deadline, t.id))
        table = R.tiltak_table(earlier, self.catalog, show_loop=True, empty=T.EARLIER_NONE,
                               decided_on=self.decided_on)
        intro = R.info(T.EARLIER_INTRO) if earlier else ""
        self.earlier.value = intro + table

    def _fill_charts(self, all_states: list[LoopState]) -> None:
        """One trend chart per indicator of the loop, with a line at each vedtak aimed at it.

        Redrawn only when the vedtak marks change; the charts are the dashboards' own
        (``bmsdata.ui.chart``), drawn in the browser by the template's script.
        """
        if self.catalog.error or not self.indicator_ids:
            self.charts.children = [F.html("" if self.catalog.error else R.info(T.CHARTS_NONE))]
            return
        tiltak = [t for st in all_states for t in st.tiltak.values()]
        marks = {ind: vedtak_marks(tiltak, self.decided_on, ind) for ind in self.indicator_ids}
        key = tuple((ind, tuple(marks[ind])) for ind in self.indicator_ids)
        if key == self._chart_key:
            return
        self._chart_key = key
        widgets = []
        for ind in self.indicator_ids:
            info = self.catalog.indicators.get(ind)
            name = self.catalog.indicator_name(ind)
            chart = self._charts.get(ind)
            if chart is None:
                chart = self._charts[ind] = Chart()
            try:
                points = self.catalog.trend(ind)
            except Exception:
                log.exception("cannot read the trend of %s", ind)
                points = []
            if not points:
                chart.show(None, empty_text=T.CHART_NONE.format(indicator=name))
            else:
                decimals = info.row.get("decimals") if info else 1
                unit = info.row.get("unit_of_measure") if info else None
                chart.show(loop_trend_figure(info, name, points, marks[ind]),
                           data_table(name, points, marks[ind], decimals, unit))
            self.figures[ind] = chart.figure
            widgets.append(chart.widget)
        self.charts.children = widgets

    # -- meeting -----------------------------------------------------------------------------

    def _meeting_choices(self) -> tuple[list[tuple[str, int]], int | None]:
        state = self.state
        numbers = [n for n in (state.current_stage, state.current_stage + 1)
                   if 1 <= n <= len(state.stages.stages)]
        options = [(state.stages.stage(n).label, n) for n in numbers]
        if state.current_stage == 0:
            default = 1
        elif state.meetings_at(state.current_stage) and state.next_stage is not None:
            default = state.current_stage + 1
        else:
            default = state.current_stage
        return options, default

    def _fill_meeting(self) -> None:
        options, default = self._meeting_choices()
        form = self.meeting
        if (options, default) == self._meeting_sig:
            return  # nothing moved: keep what the person may have typed
        self._meeting_sig = (options, default)
        before = form.stage.value
        form.stage.options = options
        form.stage.value = default
        if form.stage.value == before:  # observe does not fire; refresh the defaults anyway
            self._meeting_defaults(default)

    def _meeting_stage_changed(self, change: dict) -> None:
        self._meeting_defaults(change["new"])

    def _meeting_defaults(self, number: int | None) -> None:
        if number is None:
            return
        stage = self.state.stages.stage(number)
        self.meeting.organ.value = stage.organ.capitalize()
        self.meeting.presenter.value = stage.presenter.capitalize()

    def on_meeting(self) -> bool:
        form = self.meeting

        def action() -> str:
            author = self._require_author()
            if form.stage.value is None:
                raise UserError(T.MEETING_NO_STAGE)
            if form.date.value is None:
                raise UserError(T.MEETING_NO_DATE)
            stage = self.state.stages.stage(form.stage.value)
            self.service.hold_meeting(
                self.loop_id, stage.number, form.date.value, form.sak.value.strip() or None,
                form.presenter.value.strip() or None, author,
                organ=form.organ.value.strip() or None,
            )
            organ = form.organ.value.strip() or stage.organ
            text = T.MEETING_OK.format(organ=organ, date=R.format_day(form.date.value),
                                       numeral=stage.numeral)
            form.sak.value = ""
            form.date.value = None
            return text

        return self._guard(form.message, action)

    # -- skip --------------------------------------------------------------------------------

    def _fill_skip(self) -> None:
        state = self.state
        later = [(s.label, s.number) for s in state.stages.stages
                 if s.number > max(state.current_stage, 1)]
        _set_options(self.skip.stage, later, later[0][1] if later else None)
        _show(self.skip.stage, bool(later))
        _show(self.skip.reason, bool(later))
        _show(self.skip.submit, bool(later))
        self.skip.intro.value = R.info(T.SKIP_INTRO if later else T.SKIP_NONE)

    def on_skip(self) -> bool:
        form = self.skip

        def action() -> str:
            author = self._require_author()
            if form.stage.value is None:
                raise UserError(T.SKIP_NONE)
            self.service.advance_stage(self.loop_id, form.stage.value, form.reason.value,
                                       author)
            form.reason.value = ""
            return T.SKIP_OK.format(numeral=self.state.stages.stage(form.stage.value).numeral)

        return self._guard(form.message, action)

    # -- notes -------------------------------------------------------------------------------

    def _fill_notes(self) -> None:
        state = self.state
        reached = [(s.label, s.number) for s in state.stages.stages
                   if s.number <= state.current_stage
                   and any(s.allows(t) for t in NOTE_TYPES)]
        _set_options(self.note.stage, reached, state.current_stage or None)
        if self.note.stage.value != state.current_stage and any(
            n == state.current_stage for _, n in reached
        ) and not self.note.text.value:
            self.note.stage.value = state.current_stage
        self._fill_note_types()
        has_stage = bool(reached)
        for w in (self.note.stage, self.note.note_type, self.note.text, self.note.submit):
            _show(w, has_stage)
        self.note.intro.value = R.info(T.NOTE_INTRO if has_stage else T.NOTE_NOT_STARTED)

    def _fill_note_types(self) -> None:
        number = self.note.stage.value
        if number is None:
            _set_options(self.note.note_type, [], None)
            return
        stage = self.state.stages.stage(number)
        types = [(labels.NOTE_TYPE_LABELS[t], t) for t in NOTE_TYPES if stage.allows(t)]
        _set_options(self.note.note_type, types, types[0][1] if types else None)

    def on_note(self) -> bool:
        form = self.note

        def action() -> str:
            author = self._require_author()
            if form.stage.value is None:
                raise UserError(T.NOTE_NOT_STARTED)
            if not form.text.value.strip():
                raise UserError(T.NOTE_EMPTY)
            note_type = form.note_type.value or "reflection"
            self.service.add_note(self.loop_id, form.text.value, author, note_type=note_type,
                                  stage=form.stage.value)
            form.text.value = ""
            return T.NOTE_OK.format(label=labels.NOTE_TYPE_LABELS[note_type].lower(),
                                    numeral=self.state.stages.stage(form.stage.value).numeral)

        return self._guard(form.message, action)

    # -- council -----------------------------------------------------------------------------

    def _fill_council(self) -> None:
        stage = self.council_stage
        if stage is None:
            return
        state = self.state
        form = self.council
        decisions = state.council_decisions
        if decisions is not None:
            form.summary.value = R.council_summary(decisions)
            form.intro.value = ""
            _show(form.fields, False)
            return
        form.summary.value = ""
        ready = state.current_stage == stage.number and bool(state.meetings_at(stage.number))
        intro = T.COUNCIL_INTRO.format(numeral=stage.numeral)
        if not ready:
            intro += " " + T.COUNCIL_WAIT.format(numeral=stage.numeral)
        form.intro.value = R.info(intro)
        _show(form.fields, ready)
        self._council_visibility()

    def _council_visibility(self) -> None:
        form = self.council
        _show(form.others_who, form.others.value is True)
        _show(form.drafted_by, form.tiltak_needed.value is True)

    def on_council(self) -> bool:
        form = self.council

        def action() -> str:
            author = self._require_author()
            if form.others.value is None:
                raise UserError(T.COUNCIL_CHOOSE.format(n=1))
            if form.tiltak_needed.value is None:
                raise UserError(T.COUNCIL_CHOOSE.format(n=3))
            if form.tiltak_needed.value and form.drafted_by.value is None:
                raise UserError(T.COUNCIL_CHOOSE_DRAFTER)
            self.service.record_council_decisions(
                self.loop_id, others_in_analysis=form.others.value,
                follow_up=form.follow_up.value, tiltak_needed=form.tiltak_needed.value,
                author=author,
                others_who=(form.others_who.value.strip() or None) if form.others.value else None,
                drafted_by=form.drafted_by.value if form.tiltak_needed.value else None,
            )
            return T.COUNCIL_OK

        return self._guard(form.message, action)

    # -- proposals ---------------------------------------------------------------------------

    def _fill_proposals(self, allowed: bool, hint: str) -> None:
        form = self.proposal
        state = self.state
        form.hint.value = R.message("info", hint) if not allowed else ""
        _show(form.fields, allowed)
        focus = [(T.NONE_CHOICE, "")] + [(name, name) for _fid, name, _sc, _k in
                                         self.catalog.focus_areas]
        focus += [(f, f) for f in state.focus_areas
                  if f not in {v for _, v in focus} and self.catalog.focus_area_name(f) == f]
        own_focus = [self.catalog.focus_area_name(f) for f in state.focus_areas]
        _set_options(form.focus_area, focus, own_focus[0] if len(own_focus) == 1 else "")
        options = self.catalog.indicator_options(self.indicator_ids, state.kind)
        known = {v for _, v in options}
        options = [(i, i) for i in self.indicator_ids if i not in known] + options
        if list(form.indicators.options) != options:
            keep = [v for v in form.indicators.value if v in {o[1] for o in options}]
            form.indicators.options = options
            form.indicators.value = tuple(keep)
        units = [(T.NONE_CHOICE, "")] + [(name, name) for _uid, name in self.catalog.units]
        _set_options(form.unit, units, "")
        form.listing.value = R.wrap(R.heading(T.PROPOSALS_HEADING, 3)) + R.proposals_list(
            state, self.catalog)

    def on_proposal(self) -> bool:
        form = self.proposal

        def action() -> str:
            author = self._require_author()
            if not form.indicators.value:
                raise UserError(T.PROPOSAL_NO_INDICATORS)
            if form.deadline.value is None:
                raise UserError(T.PROPOSAL_NO_DEADLINE)
            cost = parse_kroner(form.cost.value)
            title = form.title.value.strip()
            self.service.propose_tiltak(
                self.loop_id, title, list(form.indicators.value), form.deadline.value, author,
                description=form.description.value, focus_area=form.focus_area.value or None,
                responsible_unit=form.unit.value or None,
                responsible_person=form.person.value.strip() or None, cost=cost,
                within_unit_budget=bool(form.within_budget.value),
            )
            for field in (form.title, form.description, form.person, form.cost):
                field.value = ""
            form.deadline.value = None
            form.within_budget.value = False
            form.indicators.value = ()
            return T.PROPOSAL_OK.format(title=title)

        return self._guard(form.message, action)

    # -- vedtak ------------------------------------------------------------------------------

    def _fill_vedtak(self) -> None:
        state = self.state
        form = self.vedtak
        last = state.stages.last
        meetings = state.meetings_at(last.number)
        options = [
            (T.MEETING_OPTION.format(date=m.date.strftime("%d.%m.%Y"), organ=m.organ,
                                     sak=T.SAK.format(sak=m.sak) if m.sak else ""), m.id)
            for m in reversed(meetings)
        ]
        if list(form.meeting.options) != options:
            # A new meeting was registered: offer it first and select it, and drop an earlier
            # refusal, which was about another meeting.
            form.meeting.options = options
            form.meeting.value = options[0][1] if options else None
            if form.message.is_error:
                form.message.clear()
            self._close_override()
        form.set_proposals([(p.id, p.title) for p in sorted(state.undecided_proposals,
                                                             key=lambda p: p.id)])
        if state.current_stage < last.number:
            current = state.current.numeral if state.current else "–"
            hint = T.VEDTAK_WAIT.format(numeral=last.numeral, title=last.title, current=current)
        elif not meetings:
            hint = T.VEDTAK_NO_MEETING.format(numeral=last.numeral, organ=last.organ)
        elif not state.undecided_proposals:
            hint = T.VEDTAK_NO_PROPOSALS
        else:
            hint = ""
        form.hint.value = R.message("info", hint) if hint else ""
        _show(form.fields, not hint)

    def on_vedtak(self, override: bool = False) -> bool:
        """Vedtak in the chosen meeting; ``override``: the explicit exception to the rule."""
        form = self.vedtak
        refused = False

        def action() -> str:
            nonlocal refused
            author = self._require_author()
            chosen = form.chosen
            if not chosen:
                raise UserError(T.VEDTAK_CHOOSE)
            if form.meeting.value is None:
                raise UserError(T.VEDTAK_CHOOSE_MEETING)
            reason = None
            if override:
                if not form.override.value:
                    raise UserError(T.OVERRIDE_NOT_TICKED)
                reason = form.override_reason.value.strip()
                if not reason:
                    raise UserError(T.OVERRIDE_NO_REASON)
            titles = ", ".join(f"«{self.state.proposals[p].title}»" for p in chosen
                               if p in self.state.proposals)
            try:
                entry = self.service.decide_tiltak(self.loop_id, chosen, form.meeting.value,
                                                   author, override_reason=reason)
            except SameMeetingError:
                refused = True
                raise
            self._close_override()
            if entry.payload.get("overrides_same_meeting_rule"):
                return T.VEDTAK_OK_OVERRIDE.format(titles=titles)
            return T.VEDTAK_OK.format(titles=titles)

        done = self._guard(form.message, action)
        if refused:
            _show(form.override_box, True)
        return done

    def _close_override(self) -> None:
        form = self.vedtak
        form.override.value = False
        form.override_reason.value = ""
        _show(form.override_box, False)

    # -- register ----------------------------------------------------------------------------

    def _fill_register(self, all_states: list[LoopState]) -> None:
        state = self.state
        mine = self._own_tiltak()
        self.status.table.value = R.tiltak_table(
            mine, self.catalog, show_loop=False, empty=T.REGISTER_NONE,
            decided_on=self.decided_on)
        others: list[Tiltak] = [
            t for st in all_states if st.loop_id != self.loop_id
            and st.opened_at < state.opened_at for t in st.tiltak.values()
        ]
        options = [(f"{t.title} ({R.tiltak_status_label(t)})", (t.loop_id, t.id)) for t in mine]
        options += [(f"{t.title} – {t.loop_title} ({R.tiltak_status_label(t)})",
                     (t.loop_id, t.id)) for t in others]
        _set_options(self.status.tiltak, options, options[0][1] if options else None)
        _show(self.status.fields, bool(options))

    def on_status(self) -> bool:
        form = self.status

        def action() -> str:
            author = self._require_author()
            if form.tiltak.value is None or form.status.value is None:
                raise UserError(T.STATUS_CHOOSE if form.tiltak.options else T.STATUS_NONE)
            loop_id, tiltak_id = form.tiltak.value
            self.service.set_tiltak_status(loop_id, tiltak_id, form.status.value, author,
                                           comment=form.comment.value)
            title = self.service.state(loop_id, self.today).tiltak[tiltak_id].title
            form.comment.value = ""
            return T.STATUS_OK.format(
                title=title, status=labels.TILTAK_STATUS_LABELS[form.status.value])

        return self._guard(form.message, action)


# -- the list of loops and a new loop --------------------------------------------------------------


class LoopIndex(_Writer):
    """The page without ``?loop=``: every loop as a link, and a form to open a new one."""

    def __init__(
        self,
        session: Session,
        author: str | None = None,
        today: date | None = None,
        catalog: Catalog | None = None,
        identity: Identity | None = None,
    ) -> None:
        assert session.service is not None
        self.session = session
        self.today = today
        self._setup_identity(identity, author)
        self.catalog = catalog or Catalog.load(session.reader)
        self.view: LoopView | None = None
        self.header = F.html(R.index_header())
        self.table = F.html()
        children: list[W.Widget] = [self.header, self.identity_box, self.table]
        if self.can_write:  # a leser gets the list only: no form is built
            self.form = F.NewLoopForm(year=(today or oslo_today()).year)
            self._fill_choices()
            self.form.kind.observe(_quiet(lambda _c: self._fill_choices()), names="value")
            self.form.submit.on_click(lambda _b: self.on_open())
            self.store_note = F.html(R.message("error", self.catalog.error)
                                     if self.catalog.error else "")
            children += [F.html(R.wrap(R.heading(T.NEW_LOOP_HEADING, 2, "ny-loop"))),
                         self.store_note, self.form.box]
        self.content = W.VBox(children, layout=W.Layout(width="100%"))
        self.widget = W.VBox([self.content], layout=W.Layout(width="100%", padding="0 0.5em"))
        self.refresh()

    def _fill_choices(self) -> None:
        """Focus areas and indicators, the målekart of the chosen kind of loop first."""
        kind = self.form.kind.value
        for picker, options in (
            (self.form.focus_areas, self.catalog.focus_area_options(kind)),
            (self.form.indicators, self.catalog.indicator_options(kind=kind)),
        ):
            keep = picker.value
            picker.options = options
            picker.value = tuple(v for v in keep if v in {o[1] for o in options})

    def refresh(self) -> None:
        summaries = self.service.list_loops(self.today)
        stage_titles = {}
        for s in summaries:
            state = self.service.state(s.loop_id, self.today)
            current = state.current
            stage_titles[s.loop_id] = (
                T.INDEX_STAGE.format(numeral=current.numeral, last=state.stages.last.numeral,
                                     organ=current.organ)
                if current else T.INDEX_NOT_STARTED
            )
        self.table.value = R.wrap(R.heading(T.INDEX_LIST, 2, "lister")) + \
            R.loops_table(summaries, stage_titles)

    def on_open(self) -> bool:
        form = self.form
        created: list[str] = []

        def action() -> str:
            author = self._require_author()
            if form.kind.value is None:
                raise UserError(T.NEW_CHOOSE_KIND)
            release = form.release.value or "RS1"
            if release == "adhoc":
                release = form.adhoc.value.strip() or T.ADHOC_DEFAULT
            year = int(form.year.value)
            focus = list(form.focus_areas.value)
            title = form.title.value.strip()
            if not title:
                names = [self.catalog.focus_area_name(f) or f for f in focus]
                title = f"{release} {year}" + (f": {', '.join(names)}" if names else "")
            loop_id = self.service.open_loop(
                title, form.kind.value, release, year, author, focus_areas=focus,
                indicators=list(form.indicators.value),
            )
            created.append(loop_id)
            return T.NEW_OK.format(title=title)

        msg = form.message
        if not self._guard(msg, action):
            return False
        loop_id = created[0]
        # Show the new loop in place, with its permanent address for bookmarks and sharing.
        self.view = LoopView(self.session, loop_id, author=self.author, today=self.today,
                             catalog=self.catalog, identity=self.identity)
        link = F.html(R.message("ok", form.message.value and T.NEW_OK.format(
            title=self.view.state.title)) + R.wrap(
            f'<p><a href="{R.esc(R.loop_link(loop_id))}">{R.esc(T.NEW_LINK)}</a></p>'))
        self.widget.children = [link, self.view.widget]
        return True
