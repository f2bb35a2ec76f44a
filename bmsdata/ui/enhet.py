"""Enhet: one unit, balanced across all focus areas (Fet's slide for Garderåsen barnehage).

User results, employee results, the latest economy figure, sick leave and the response rate side
by side, each with its status — only the indicators measured for that unit
(``measured_for_unit`` in ``queries/scorecard_status.sql``). A closed or merged unit gets a note
with a link to its successor; a unit made by a merger names the units it replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bmsdata import formatting, params
from bmsdata.scorecard.evaluate import concerns_unit
from bmsdata.ui import text
from bmsdata.ui.common import View, blocking_view, counts, notices, run, start, status_per
from bmsdata.ui.page import Page, dropdown, html_widget
from bmsdata.views import markup
from bmsdata.views.context import Context


def enhet(ctx: Context | BaseException, parameters: params.Parameters) -> View:
    return run(lambda: _build(ctx, parameters))


def _unit_label(u: dict[str, Any]) -> str:
    label = str(u["name"])
    if u.get("valid_to") is not None:
        label += text.CLOSED_SUFFIX
    return label


def unit_options(ctx: Context) -> list[tuple[str, str]]:
    """The municipality first, then the units by type and name."""
    root = [u for u in ctx.units if u["unit_id"] == ctx.root_unit]
    rest = sorted((u for u in ctx.units if u["unit_id"] != ctx.root_unit),
                  key=lambda u: (u.get("valid_to") is not None, str(u["name"])))
    return [(_unit_label(u), u["unit_id"]) for u in [*root, *rest]]


def _rules(ctx: Context) -> dict[str, params.Rule]:
    default = next((u["unit_id"] for u in ctx.units if u["unit_id"] != ctx.root_unit),
                   ctx.root_unit)
    return {"enhet": params.Rule(text.PARAM_WHAT["enhet"], params.choices(
        (v, label) for label, v in unit_options(ctx)), blocking=True, fallback=default,
        normalise=str.upper)}


def _build(ctx: Context | BaseException, parameters: params.Parameters) -> View:
    page, values, problems, early = start("enhet", ctx, parameters, _rules)
    if early is not None:
        return early
    assert page is not None and isinstance(ctx, Context)
    blocking = [p for p in problems if p.blocking]
    if blocking:
        return blocking_view(page, blocking[0], "enhet", text.ENHET)
    content = html_widget(cls="bms-content")
    unit_dd = dropdown(text.UNIT, unit_options(ctx), values.get("enhet"))
    period_dd = dropdown(text.PERIOD, [(p["label"], p["period"]) for p in ctx.periods],
                         values.get("periode"))
    audience_tb = page.audience_toggle()
    page.controls.children = [unit_dd, period_dd, audience_tb, page.presentation]
    page.body.children = [content]

    def render() -> None:
        unit = ctx.unit(page.state["enhet"]) or {}
        page.title = str(unit.get("name") or text.ENHET)
        kind = str(unit.get("unit_type") or "").capitalize()
        page.lead = markup.esc(" · ".join(x for x in [kind, status_per(
            ctx, page.state["periode"])] if x))
        content.value = body_html(ctx, page, unit)
        page.render_header()

    def on_change(name: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            page.state[name] = change["new"]
            if name == "periode":
                page.show_messages("")
            render()
        return page.safe(handler)

    unit_dd.observe(on_change("enhet"), "value")
    period_dd.observe(on_change("periode"), "value")
    audience_tb.observe(on_change("organ"), "value")
    render()
    page.show_messages(notices(page, problems, "enhet"))
    return View(page)


def _date(d: Any) -> date | None:
    if d is None:
        return None
    return d.date() if hasattr(d, "date") else d


def reorganisation_note(ctx: Context, page: Page, unit: dict[str, Any]) -> str:
    """A note when the unit was closed, merged, or made by a merger."""
    notes = []
    closed = _date(unit.get("valid_to"))
    if closed is not None:
        successor = ctx.unit(unit["successor_id"]) if unit.get("successor_id") else None
        if successor:
            link = markup.link(page.url("enhet", enhet=successor["unit_id"]), successor["name"])
            sentence = markup.esc(text.UNIT_MERGED.format(
                unit=unit["name"], date=markup.long_date(closed), successor="{successor}")
            ).replace("{successor}", link)
        else:
            sentence = markup.esc(text.UNIT_CLOSED.format(unit=unit["name"],
                                                          date=markup.long_date(closed)))
        notes.append(f"{sentence} {markup.esc(text.UNIT_CLOSED_RESULTS)}")
    opened = _date(unit.get("valid_from"))
    predecessors = [u for u in ctx.units if u.get("successor_id") == unit["unit_id"]]
    if opened is not None or predecessors:
        sentence = markup.esc(text.UNIT_NEW.format(
            unit=unit["name"], date=markup.long_date(opened) if opened else "")).rstrip()
        if predecessors:
            links = text.AND.join(markup.link(page.url("enhet", enhet=u["unit_id"]), u["name"])
                                for u in predecessors)
            sentence += markup.esc(text.UNIT_NEW_FROM.format(predecessors="{p}")).replace(
                "{p}", links)
        notes.append(sentence + ".")
    return "".join(f'<p class="bms-note" role="note">{n}</p>' for n in notes)


def _card(area: str, rows: Sequence[dict[str, Any]]) -> str:
    items = []
    for r in rows:
        n = (f' <span class="bms-muted">({markup.esc(text.RESPONDENTS.format(n=r["n"]))})</span>'
             if r.get("n") is not None else "")
        items.append(
            f'<li data-indicator="{markup.esc(r["indicator_id"])}">'
            f'<span class="bms-ind-name">{markup.esc(r["indicator"])}<br>'
            f'<span class="bms-muted">{markup.esc(text.COL_AMBITION)}: '
            f'{markup.esc(formatting.ambition(r))}</span></span>'
            f'<span class="bms-ind-result">'
            f'{markup.value_html(r["value"], r["decimals"], r["unit_of_measure"])} '
            f'<span class="bms-muted">({markup.esc(r["period_label"] or "–")})</span>{n}<br>'
            f'{markup.status_badge(r["status"])} {markup.trend_text(r["trend"])}</span></li>')
    return (f'<section class="bms-card"><h3>{markup.esc(area)}</h3>'
            f"{markup.counts_list(counts(list(rows)), text.COUNTS_LABEL)}"
            f'<ul class="bms-indicators">{"".join(items)}</ul></section>')


def body_html(ctx: Context, page: Page, unit: dict[str, Any]) -> str:
    rows = [r for r in ctx.status(page.state["periode"], page.state["enhet"])
            if concerns_unit(r)]
    note = reorganisation_note(ctx, page, unit)
    if not rows:
        return note + f'<p>{markup.esc(text.UNIT_NOTHING.format(unit=unit.get("name")))}</p>'
    areas: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        areas.setdefault(str(r["focus_area"]), []).append(r)
    cards = "".join(_card(area, area_rows) for area, area_rows in areas.items())
    return (f"{note}<h2>{markup.esc(text.BALANCED_H2)}</h2>"
            f'<p class="bms-muted">{markup.esc(text.BALANCED_LEAD)}</p>'
            f"{markup.counts_list(counts(rows), text.COUNTS_LABEL)}"
            f'<div class="bms-grid">{cards}</div>')


__all__ = ["enhet", "unit_options"]
