"""HTML for the result-loop dashboard: pure functions from a loop's state to markup.

Everything a person typed (titles, notes, names, reasons) and everything a municipality wrote
in its stage list goes through :func:`esc` before it becomes HTML, because
``ipywidgets.HTML`` puts its value into the page as it is. Status is never shown by colour
alone: every status has a symbol and a word.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from urllib.parse import quote

from babel.dates import format_datetime

from bmsdata.loop import labels
from bmsdata.loop.model import LoopSummary
from bmsdata.loop.stages import Stage
from bmsdata.loop.state import OSLO, CouncilDecisions, LoopState, Proposal, Tiltak
from bmsdata.reports.minutes import format_day, format_kroner, format_time, render_minutes
from bmsdata.ui.resultatsloyfe import texts
from bmsdata.ui.resultatsloyfe.results import Catalog, IndicatorInfo
from bmsdata.views import markup

#: Scoped styles for the loop dashboard. Colours meet WCAG 2.1 AA contrast (4.5:1) on their
#: backgrounds; state is always carried by a symbol and a word as well.
CSS = """
<style>
.bms-loop { color: #1a1a1a; font-size: 15px; line-height: 1.45; max-width: 78rem; }
.bms-loop h1 { font-size: 1.6rem; margin: .2rem 0 .3rem; }
.bms-loop h2 { font-size: 1.25rem; margin: 1.4rem 0 .4rem; padding-bottom: .15rem;
               border-bottom: 2px solid #c9ced6; }
.bms-loop h3 { font-size: 1.05rem; margin: .8rem 0 .3rem; }
.bms-loop .bms-muted { color: #4a4a4a; }
.bms-loop a { color: #0b4f8a; }
.bms-toc { list-style: none; padding: 0; margin: .3rem 0; display: flex; flex-wrap: wrap;
           gap: .2rem 1.2rem; }
.bms-loop a:focus, .bms-loop summary:focus { outline: 3px solid #0b4f8a; outline-offset: 2px; }
.bms-loop table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; }
.bms-loop th, .bms-loop td { text-align: left; vertical-align: top; padding: .3rem .45rem;
                             border-bottom: 1px solid #dde1e6; }
.bms-loop th { background: #f2f4f7; font-weight: 600; }
.bms-loop .bms-num { text-align: right; white-space: nowrap; }
.bms-loop-badge { display: inline-block; padding: 0 .4rem; border-radius: .25rem; font-weight: 600;
             white-space: nowrap; border: 1px solid currentColor; }
.bms-stepper { list-style: none; padding: 0; margin: .3rem 0; }
.bms-step { border: 1px solid #c9ced6; border-left: 6px solid #c9ced6; border-radius: .3rem;
            padding: .35rem .6rem; margin: .3rem 0; background: #fff; }
.bms-step-done { border-left-color: #14692f; }
.bms-step-skipped { border-left-color: #6b6b6b; border-left-style: dashed; }
.bms-step-current { border: 3px solid #0b4f8a; border-left-width: 8px; background: #eef4fb; }
.bms-step-head { font-weight: 600; }
.bms-step-state { float: right; font-weight: 600; margin-left: .5rem; }
.bms-step-current .bms-step-state { color: #0b4f8a; }
.bms-phase-shift { margin: .5rem 0; padding: .3rem .6rem; border: 2px dashed #7a2e00;
                   color: #7a2e00; background: #fff8f3; font-weight: 600; }
.bms-next { border: 2px solid #0b4f8a; background: #eef4fb; padding: .5rem .8rem;
            margin: .5rem 0; border-radius: .3rem; }
.bms-next strong { display: block; }
.bms-loop details { margin: .2rem 0 .5rem; }
.bms-loop summary { cursor: pointer; color: #0b4f8a; font-weight: 600; }
.bms-prompts { font-style: italic; }
.bms-loop-note { white-space: pre-wrap; margin: .15rem 0; }
.bms-who { color: #4a4a4a; font-size: .9em; }
.bms-msg { padding: .5rem .8rem; margin: .4rem 0; border-radius: .3rem; font-weight: 600; }
.bms-msg-error { background: #fbe0e0; color: #8a1116; border: 2px solid #a4161a; }
.bms-msg-ok { background: #dcf2e3; color: #14592a; border: 2px solid #14692f; }
.bms-msg-info { background: #f2f4f7; color: #1a1a1a; border: 1px solid #8a96a3;
                font-weight: normal; }
.bms-overdue { color: #8a1116; font-weight: 600; white-space: nowrap; }
.bms-override { border: 2px solid #b54708; background: #fff6ed; padding: .5rem .8rem; }
.bms-download { display: inline-block; margin: .2rem .6rem .2rem 0; padding: .45rem .9rem;
                border: 2px solid #0b4f8a; border-radius: .3rem; background: #0b4f8a;
                color: #fff !important; text-decoration: none; font-weight: 600; }
.bms-download:focus, .bms-download:hover { background: #083a66; outline: 3px solid #f0b400;
                                            outline-offset: 2px; }
.bms-alt { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.bms-panel-stages { flex: 1 1 24rem; min-width: 20rem; max-width: 38rem; margin-right: 1.5rem; }
.bms-panel-results { flex: 2 1 34rem; min-width: 20rem; }
.bms-scroll { overflow-x: auto; }
.bms-form { border: 1px solid #c9ced6; border-radius: .3rem; padding: .3rem .9rem .7rem;
            margin: .3rem 0 .8rem; background: #fbfcfd; max-width: 60rem; }
.bms-field { flex-direction: column !important; align-items: flex-start !important;
             margin: .35rem 0 !important; height: auto !important; }
.bms-field > * { flex: 0 0 auto !important; }
.bms-field > select:not([multiple]), .bms-field > input { height: 2.1rem !important;
                                                          font-size: 15px; }
.bms-field > select[multiple] { font-size: 15px; }
.bms-field > textarea { font-size: 15px; }
.bms-field > .widget-label, .bms-field > .widget-label-basic {
  width: auto !important; max-width: 100% !important; text-align: left !important;
  white-space: normal !important; overflow: visible !important; font-weight: 600;
  color: #1a1a1a; line-height: 1.4; margin: 0 0 .2rem 0 !important; height: auto !important; }
.bms-field > input, .bms-field > select, .bms-field > textarea, .bms-field > .widget-radio-box {
  width: 100% !important; max-width: 100% !important; margin-left: 0 !important; }
.bms-field .widget-radio-box label { font-size: 15px; }
.bms-form .widget-checkbox label { font-size: 15px; }
.bms-button { font-size: 15px !important; height: auto !important;
              padding: .35rem 1rem !important; border-radius: .25rem; }
.bms-button.mod-primary { background: #0b4f8a !important; color: #fff !important; }
.bms-button.mod-warning { background: #8a3b00 !important; color: #fff !important; }
.bms-button:not(.mod-primary):not(.mod-warning) { background: #e4e7eb !important;
                                                  color: #1a1a1a !important; }
.bms-history { margin: 0; padding-left: 1.1rem; font-size: .92em; }
.bms-form input:focus, .bms-form select:focus, .bms-form textarea:focus,
.bms-button:focus { outline: 3px solid #0b4f8a !important; outline-offset: 1px; }
</style>
"""


def esc(value: object) -> str:
    """Escape anything for HTML; line breaks in typed text become ``<br>``."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).replace("\n", "<br>")


def heading(text: str, level: int = 2, anchor: str | None = None) -> str:
    ident = f' id="{esc(anchor)}"' if anchor else ""
    return f"<h{level}{ident}>{esc(text)}</h{level}>"


def message(kind: str, text: str) -> str:
    """A message box. Errors are ``role="alert"`` and say «Feil:»; not colour alone."""
    if not text:
        return ""
    if kind == "error":
        return (f'<div class="bms-loop"><div class="bms-msg bms-msg-error" role="alert">'
                f"⚠ {esc(texts.ERROR_PREFIX)} {esc(text)}</div></div>")
    if kind == "ok":
        return (f'<div class="bms-loop"><div class="bms-msg bms-msg-ok" role="status">'
                f"{esc(texts.OK_PREFIX)} {esc(text)}</div></div>")
    return f'<div class="bms-loop"><div class="bms-msg bms-msg-info">ℹ {esc(text)}</div></div>'


def info(text: str) -> str:
    return f'<div class="bms-loop"><p class="bms-muted">{esc(text)}</p></div>'


def wrap(inner: str) -> str:
    return f'<div class="bms-loop">{inner}</div>'


# -- header --------------------------------------------------------------------------------------


def header(state: LoopState, sections: Sequence[tuple[str, str]]) -> str:
    kind = labels.LOOP_KIND_LABELS.get(state.kind, state.kind)
    nav = "".join(f'<li><a href="#{esc(anchor)}">{esc(text)}</a></li>'
                  for anchor, text in sections)
    opened = esc(texts.OPENED_BY.format(day=format_day(state.opened_at.date()),
                                        who=state.opened_by))
    return (
        f'{CSS}<div class="bms-loop"><p class="bms-muted"><a href="?">{esc(texts.INDEX_LINK)}</a>'
        f"</p><h1>{esc(texts.PAGE_TITLE)}: {esc(state.title)}</h1>"
        f'<p class="bms-muted">{esc(kind)} · {esc(state.release)} {esc(state.year)} · '
        f"{opened}</p>"
        f'<nav aria-label="{esc(texts.NAV_LABEL)}"><ul class="bms-toc">{nav}</ul></nav></div>'
    )


# -- stepper -------------------------------------------------------------------------------------


def stepper(state: LoopState) -> str:
    """The stages I–V as an ordered list; the current one is marked by symbol, word and
    ``aria-current``, and the passage from results to tiltak is drawn between the phases."""
    items = []
    previous_phase = None
    for stage in state.stages.stages:
        status = state.stage_status(stage.number)
        if previous_phase == "results" and stage.phase == "actions":
            items.append(f'<li class="bms-phase-shift" aria-hidden="false">⇣ '
                         f"{esc(texts.PHASE_SHIFT)}</li>")
        previous_phase = stage.phase
        current = ' aria-current="step"' if status == "current" else ""
        meetings = state.meetings_at(stage.number)
        when = (
            "; ".join(f"{format_day(m.date)}" for m in meetings) if meetings else ""
        )
        items.append(
            f'<li class="bms-step bms-step-{esc(status)}"{current}>'
            f'<span class="bms-step-state">{esc(labels.STAGE_STATUS_LABELS[status])}</span>'
            f'<span class="bms-step-head">{esc(stage.numeral)} · {esc(stage.title)}</span>'
            f'<br><span class="bms-who">{esc(stage.purpose.split(". ")[0].rstrip("."))}.</span>'
            + (f'<br><span class="bms-who">{esc(texts.MEETINGS)}: {esc(when)}</span>'
               if when else "")
            + "</li>"
        )
    return (f'<div class="bms-loop"><nav aria-label="{esc(texts.STEPPER_LABEL)}">'
            f'<ol class="bms-stepper">{"".join(items)}</ol></nav></div>')


def next_step(state: LoopState, proposals_allowed: bool) -> str:
    """«Hva skjer nå?»: one or two sentences that tell the secretary what to record next."""
    current = state.current
    last = state.stages.last
    lines: list[str] = []
    if current is None:
        first = state.stages.first
        lines.append(texts.NEXT_FIRST.format(numeral=first.numeral, organ=first.organ))
    elif current.number == last.number:
        if not state.meetings_at(last.number):
            lines.append(texts.NEXT_LAST_MEETING.format(numeral=last.numeral, organ=last.organ))
        elif state.undecided_proposals:
            lines.append(texts.NEXT_VEDTAK)
        elif state.vedtak:
            lines.append(texts.NEXT_DONE)
        else:
            lines.append(texts.NEXT_PROPOSALS)
    elif current.allows("council_decisions") and state.council_decisions is None:
        if state.meetings_at(current.number):
            lines.append(texts.NEXT_COUNCIL)
        else:
            lines.append(texts.NEXT_COUNCIL_MEETING.format(numeral=current.numeral))
    else:
        nxt = state.next_stage
        assert nxt is not None
        lines.append(texts.NEXT_NOTES.format(numeral=nxt.numeral, title=nxt.title))
        if proposals_allowed and not state.proposals:
            lines.append(texts.NEXT_PROPOSALS)
    body = "".join(f"<p>{esc(line)}</p>" for line in lines)
    return (f'<div class="bms-loop"><div class="bms-next" role="status">'
            f"<strong>{esc(texts.NEXT_HEADING)}</strong>{body}</div></div>")


def stage_details(state: LoopState) -> str:
    """Each stage's purpose, the guide's prompts, meetings and notes; the current one open."""
    parts = []
    if state.current is None:
        first = state.stages.first
        parts.append(f"<p>{esc(texts.NOT_STARTED.format(numeral=first.numeral, organ=first.organ))}"
                     "</p>")
    else:
        now = texts.NOW_AT.format(numeral=state.current.numeral, title=state.current.title)
        parts.append(f"<p><strong>{esc(now)}</strong></p>")
    for stage in state.stages.stages:
        status = state.stage_status(stage.number)
        is_open = status == "current" or (state.current is None and stage.number == 1)
        parts.append(
            f"<details{' open' if is_open else ''}><summary>{esc(stage.numeral)} "
            f"{esc(stage.title)} – {esc(labels.STAGE_STATUS_LABELS[status])}</summary>"
            f"{_stage_body(state, stage)}</details>"
        )
    return wrap("".join(parts))


def _stage_body(state: LoopState, stage: Stage) -> str:
    out = [f"<p><strong>{esc(texts.PURPOSE)}:</strong> {esc(stage.purpose)}</p>",
           f"<p><strong>{esc(texts.PRESENTER)}:</strong> {esc(stage.presenter)}</p>"]
    if stage.prompts:
        prompts = "".join(f"<li>{esc(q)}</li>" for q in stage.prompts)
        out.append(f'<p><strong>{esc(texts.PROMPTS)}:</strong></p><ul class="bms-prompts">'
                   f"{prompts}</ul>")
    skipped = state.skip_reason(stage.number) if state.stage_status(stage.number) == "skipped" \
        else None
    if skipped:
        why = texts.SKIPPED_BECAUSE.format(author=skipped.author, reason=skipped.reason)
        out.append(f"<p>{esc(why)}</p>")
    meetings = state.meetings_at(stage.number)
    if meetings:
        rows = "".join(
            f"<li>{esc(format_day(m.date))}, {esc(m.organ)}"
            + (esc(texts.SAK.format(sak=m.sak)) if m.sak else "")
            + esc(texts.PRESENTED_BY.format(who=m.presenter))
            + f' <span class="bms-who">{esc(texts.RECORDED_BY.format(who=m.author))}</span></li>'
            for m in meetings
        )
        out.append(f"<p><strong>{esc(texts.MEETINGS)}:</strong></p><ul>{rows}</ul>")
    notes = state.notes.get(stage.number, [])
    for code, label in labels.NOTE_TYPE_LABELS.items():
        of_type = [n for n in notes if n.note_type == code]
        if not of_type:
            continue
        items = "".join(
            f'<li><div class="bms-loop-note">{esc(n.text)}</div>'
            f'<span class="bms-who">{esc(n.author)}, {esc(format_time(n.ts))}'
            f'{esc(texts.CORRECTED) if n.corrected else ""}</span></li>'
            for n in of_type
        )
        out.append(f"<p><strong>{esc(label)}:</strong></p><ul>{items}</ul>")
    return "".join(out)


# -- results -------------------------------------------------------------------------------------


def status_badge(info: IndicatorInfo) -> str:
    """The dashboards' status badge (symbol + word + colour), shared with the other pages."""
    status = info.row.get("status") or "missing"
    try:
        return markup.status_badge(status)
    except ValueError:
        return f'<span class="bms-loop-badge">{esc(info.status_label)}</span>'


def trend_text(info: IndicatorInfo) -> str:
    try:
        return markup.trend_text(info.row.get("trend"))
    except ValueError:
        return esc(info.trend_label)


def results_table(catalog: Catalog, indicator_ids: Sequence[str]) -> str:
    if catalog.error:
        return message("error", catalog.error)
    if not indicator_ids:
        return message("info", texts.RESULTS_NONE)
    rows = []
    for ind in indicator_ids:
        info_ = catalog.indicators.get(ind)
        if info_ is None:
            unknown = esc(texts.RESULTS_UNKNOWN.format(ind=ind))
            rows.append(f'<tr><td colspan="7">{unknown}</td></tr>')
            continue
        rows.append(
            f"<tr><td>{esc(info_.focus_area)}</td><th scope=\"row\">{esc(info_.name)}</th>"
            f'<td class="bms-num">{esc(info_.value_text)}</td><td>{esc(info_.period_text)}</td>'
            f"<td>{esc(info_.ambition_text)}</td><td>{status_badge(info_)}</td>"
            f"<td>{trend_text(info_)}</td></tr>"
        )
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in (
        texts.COL_FOCUS, texts.COL_INDICATOR, texts.COL_RESULT, texts.COL_PERIOD,
        texts.COL_AMBITION, texts.COL_STATUS, texts.COL_TREND))
    return wrap(f'<p class="bms-muted">{esc(texts.RESULTS_UNIT)}</p><div class="bms-scroll"><table>'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def indicator_statuses(catalog: Catalog, indicator_ids: Iterable[str]) -> str:
    """«Sykefravær: ✔ Mål nådd, ↗ Bedre» for each indicator, one per line."""
    parts = []
    for ind in indicator_ids:
        info_ = catalog.indicators.get(ind)
        if info_ is None:
            parts.append(esc(ind))
        else:
            trend = f", {trend_text(info_)}" if info_.trend_label else ""
            parts.append(f"{esc(info_.name)}: {status_badge(info_)}{trend}")
    return "<br>".join(parts)


# -- council decisions ---------------------------------------------------------------------------


def council_summary(decisions: CouncilDecisions) -> str:
    yes_no = labels.YES_NO
    others = yes_no[decisions.others_in_analysis]
    if decisions.others_in_analysis and decisions.others_who:
        others += f" – {decisions.others_who}"
    drafted = labels.DRAFTED_BY_LABELS.get(decisions.drafted_by or "", "—")
    rows = [
        (texts.COUNCIL_OTHERS, others),
        (texts.COUNCIL_FOLLOW_UP, decisions.follow_up),
        (texts.COUNCIL_TILTAK, yes_no[decisions.tiltak_needed]),
        (texts.COUNCIL_DRAFTED,
         drafted if decisions.tiltak_needed or decisions.drafted_by else "—"),
    ]
    body = "".join(f'<tr><th scope="row">{esc(q)}</th><td>{esc(a)}</td></tr>' for q, a in rows)
    title = texts.COUNCIL_DONE.format(author=decisions.author, when=format_time(decisions.ts))
    return wrap(f"<p><strong>{esc(title)}</strong></p><table><tbody>{body}</tbody></table>")


# -- proposals and tiltak ------------------------------------------------------------------------


def _owner(proposal: Proposal, catalog: Catalog) -> str:
    parts = [catalog.unit_name(proposal.responsible_unit), proposal.responsible_person]
    return ", ".join(p for p in parts if p) or "—"


def proposals_list(state: LoopState, catalog: Catalog) -> str:
    if not state.proposals:
        return info(texts.PROPOSALS_NONE)
    rows = []
    for pr in sorted(state.proposals.values(), key=lambda p: p.id):
        decided = texts.PROPOSAL_DECIDED if pr.decided_in else texts.PROPOSAL_UNDECIDED
        budget = texts.BUDGET_YES if pr.within_unit_budget else texts.BUDGET_NO
        focus = catalog.focus_area_name(pr.focus_area)
        inds = ", ".join(catalog.indicator_name(i) for i in pr.indicators)
        rows.append(
            f'<li><strong>{esc(pr.title)}</strong> <span class="bms-loop-badge">{esc(decided)}'
            f"</span><br>"
            + (f'<div class="bms-loop-note">{esc(pr.description)}</div>' if pr.description else "")
            + (f"{esc(texts.PROPOSAL_FOCUS)}: {esc(focus)}<br>" if focus else "")
            + f"{esc(texts.PROPOSAL_INDICATORS)}: {esc(inds)}<br>"
            + f"{esc(texts.COL_OWNER)}: {esc(_owner(pr, catalog))} · {esc(texts.COL_DEADLINE)}: "
            + f"{esc(format_day(pr.deadline))} · {esc(texts.COL_COST)}: "
            + f"{esc(format_kroner(pr.cost))} ({esc(budget)})<br>"
            + f'<span class="bms-who">{esc(texts.PROPOSED_BY.format(who=pr.author))}, '
            + f"{esc(format_time(pr.ts))}</span></li>"
        )
    return wrap(f"<ul>{''.join(rows)}</ul>")


def tiltak_status_label(tiltak: Tiltak) -> str:
    return labels.TILTAK_STATUS_LABELS.get(tiltak.status, tiltak.status)


def overdue_label(tiltak: Tiltak) -> str:
    """«⚠ Forfalt: Fristen er passert» (symbol and word), or nothing."""
    if not tiltak.overdue:
        return ""
    reason = f": {tiltak.overdue_reason}" if tiltak.overdue_reason else ""
    return f'<br><span class="bms-overdue">{esc(texts.OVERDUE_FLAG + reason)}</span>'


def _short_time(value: datetime) -> str:
    return format_datetime(value, "dd.MM.yyyy", tzinfo=OSLO, locale="nb_NO")


def tiltak_table(
    tiltak: Sequence[Tiltak], catalog: Catalog, *, show_loop: bool, empty: str,
    decided_on: dict[int, date] | None = None,
) -> str:
    """The tiltak register: status (symbol + word) with the overdue flag, the indicators it
    should move and how they stand now, and the status history."""
    if not tiltak:
        return info(empty)
    cols = [texts.COL_TILTAK] + ([texts.COL_LOOP] if show_loop else []) + [
        texts.COL_OWNER, texts.COL_DEADLINE, texts.COL_STATUS, texts.COL_INDICATORS,
        texts.COL_HISTORY]
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in cols)
    rows = []
    for t in tiltak:
        history = "".join(
            "<li>" + esc(texts.HISTORY_ITEM.format(
                status=labels.TILTAK_STATUS_LABELS.get(h.status, h.status),
                when=_short_time(h.ts), author=h.author))
            + (f'<div class="bms-loop-note">{esc(h.comment)}</div>'
               if h.comment and h.comment != "Vedtatt" else "")
            + "</li>"
            for h in t.history
        )
        decided = ""
        if decided_on and t.id in decided_on:
            when = texts.DECIDED_ON.format(day=format_day(decided_on[t.id]))
            decided = f'<br><span class="bms-who">{esc(when)}</span>'
        loop_cell = f"<td>{esc(t.loop_title)}</td>" if show_loop else ""
        rows.append(
            f'<tr><th scope="row">{esc(t.title)}{decided}</th>{loop_cell}'
            f"<td>{esc(_owner(t.proposal, catalog))}</td>"
            f'<td style="white-space:nowrap">{esc(format_short(t.deadline))}</td>'
            f'<td><span class="bms-loop-badge">{esc(tiltak_status_label(t))}</span>'
            f"{overdue_label(t)}</td>"
            f"<td>{indicator_statuses(catalog, t.proposal.indicators)}</td>"
            f'<td><ul class="bms-history">{history}</ul></td></tr>'
        )
    return wrap(f'<div class="bms-scroll"><table><thead><tr>{head}</tr></thead><tbody>'
                f"{''.join(rows)}</tbody></table></div>")


def format_short(day: date) -> str:
    return day.strftime("%d.%m.%Y")


# -- index ---------------------------------------------------------------------------------------


def loop_link(loop_id: str) -> str:
    return "?loop=" + quote(loop_id, safe="")


def loops_table(summaries: Sequence[LoopSummary], stage_titles: dict[str, str]) -> str:
    if not summaries:
        return info(texts.INDEX_EMPTY)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in (
        texts.COL_TITLE, texts.COL_KIND, texts.COL_RELEASE, texts.COL_STAGE, texts.COL_OPENED,
        texts.COL_OPEN_TILTAK))
    rows = "".join(
        f'<tr><th scope="row"><a href="{esc(loop_link(s.loop_id))}">{esc(s.title)}</a></th>'
        f"<td>{esc(labels.LOOP_KIND_LABELS.get(s.kind, s.kind))}</td>"
        f"<td>{esc(s.release)} {esc(s.year)}</td>"
        f"<td>{esc(stage_titles.get(s.loop_id, ''))}</td>"
        f"<td>{esc(format_day(s.opened_at.date()))}</td>"
        f'<td class="bms-num">{esc(s.open_tiltak)}</td></tr>'
        for s in summaries
    )
    return wrap(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def index_header() -> str:
    return (f'{CSS}<div class="bms-loop"><h1>{esc(texts.INDEX_TITLE)}</h1>'
            f"<p>{esc(texts.INDEX_INTRO)}</p></div>")


# -- minutes -------------------------------------------------------------------------------------


def _filename(state: LoopState, ext: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", state.loop_id).strip("-") or "loop"
    return f"protokoll-{slug}.{ext}"


def minutes_links(state: LoopState, generated_at: datetime | None = None) -> str:
    """Two download links (data: URIs) for the minutes as HTML and Markdown."""
    links = []
    for fmt, ext, mime, label in (
        ("html", "html", "text/html", texts.MINUTES_HTML),
        ("markdown", "md", "text/markdown", texts.MINUTES_MARKDOWN),
    ):
        text = render_minutes(state, fmt, generated_at)
        data = base64.b64encode(text.encode("utf-8")).decode("ascii")
        links.append(
            f'<a class="bms-download" download="{esc(_filename(state, ext))}" '
            f'href="data:{mime};charset=utf-8;base64,{data}">⤓ {esc(label)}</a>'
        )
    return wrap(f"<p>{esc(texts.MINUTES_INTRO)}</p><p>{''.join(links)}</p>")
