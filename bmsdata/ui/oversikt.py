"""Oversikt: the whole målekart on one screen.

Each focus area is a card: its goal, how many indicators have each status (symbol, word and
colour), and every indicator with its latest result and status. The card's heading is a link to
the focus area that carries the parameters. Kommunestyret sees the political målekart and the
overall picture; formannskapet also the administrative målekart and the units.

Numbers: :meth:`Context.status` (``queries/scorecard_status.sql`` + the status rules) and
:meth:`Context.unit_overview` (``queries/unit_results.sql``, the root's own units).
"""

from __future__ import annotations

from typing import Any

from bmsdata import params
from bmsdata.scorecard.status import STATUS_LOOK, STATUS_ORDER, Status
from bmsdata.ui import text
from bmsdata.ui.common import View, audience, counts, notices, run, start, status_per
from bmsdata.ui.page import Page, dropdown, html_widget
from bmsdata.views import markup
from bmsdata.views.context import Context


def oversikt(ctx: Context | BaseException, parameters: params.Parameters) -> View:
    return run(lambda: _build(ctx, parameters))


def _build(ctx: Context | BaseException, parameters: params.Parameters) -> View:
    page, values, problems, early = start("oversikt", ctx, parameters, {})
    if early is not None:
        return early
    assert page is not None and isinstance(ctx, Context)
    content = html_widget(cls="bms-content")
    period_dd = dropdown(text.PERIOD, [(p["label"], p["period"]) for p in ctx.periods],
                         values.get("periode"))
    audience_tb = page.audience_toggle()
    page.controls.children = [period_dd, audience_tb, page.presentation]
    page.body.children = [content]
    first_notices = notices(page, problems, "oversikt")

    def render() -> None:
        content.value = body_html(ctx, page)
        page.title = text.OVERSIKT_H1
        page.lead = markup.esc(" · ".join([status_per(ctx, page.state["periode"]),
                                           text.AUDIENCES[audience(page.state).id]]))
        page.render_header()

    def on_period(change: dict[str, Any]) -> None:
        page.state["periode"] = change["new"]
        page.show_messages("")
        render()

    def on_audience(change: dict[str, Any]) -> None:
        page.state["organ"] = change["new"]
        render()

    period_dd.observe(page.safe(on_period), "value")
    audience_tb.observe(page.safe(on_audience), "value")
    page.state["periode"] = period_dd.value
    render()
    page.show_messages(first_notices)
    return View(page)


def _indicator_item(r: dict[str, Any]) -> str:
    period = f' <span class="bms-period bms-muted">({markup.esc(r["period_label"])})</span>' \
        if r.get("period") else ""
    return (f'<li data-indicator="{markup.esc(r["indicator_id"])}">'
            f'<span class="bms-ind-name">{markup.esc(r["indicator"])}</span>'
            f'<span class="bms-ind-result">'
            f'{markup.value_html(r["value"], r["decimals"], r["unit_of_measure"])}{period} '
            f'{markup.status_badge(r["status"])}</span></li>')


def focus_card(page: Page, area: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    href = page.url("fokusomrade", fokus=area["focus_area_id"])
    items = "".join(_indicator_item(r) for r in rows)
    body = (f'<ul class="bms-indicators">{items}</ul>' if rows
            else f'<p class="bms-muted">{markup.esc(text.NO_INDICATORS)}</p>')
    goal = (f'<p class="bms-goal">{markup.esc(text.GOAL)}: {markup.esc(area["goal"])}</p>'
            if area.get("goal") else "")
    return (f'<section class="bms-card" data-focus-area="{markup.esc(area["focus_area_id"])}">'
            f'<h3>{markup.link(href, area["name"], cls="bms-focus-link")}</h3>{goal}'
            f"{markup.counts_list(counts(rows), text.COUNTS_LABEL)}{body}</section>")


def body_html(ctx: Context, page: Page) -> str:
    period = page.state["periode"]
    aud = audience(page.state)
    rows = ctx.status(period)
    parts = []
    cards = ctx.audience_scorecards(aud)
    shown = [r for r in rows if r["scorecard_id"] in {c["scorecard_id"] for c in cards}]
    # The overall picture first (the guide: whole, then detail).
    total = counts(shown)
    summary = "".join(markup.status_badge(s, count=n) for s, n in total.items() if n)
    parts.append(
        f'<div class="bms-summary" aria-label="{markup.esc(text.OVERALL)}">'
        f"<strong>{markup.esc(text.OVERALL)}: "
        f"{markup.esc(text.INDICATORS_N.format(n=len(shown)))}</strong>{summary}</div>")
    for card in cards:
        areas = [f for f in ctx.focus_areas if f["scorecard_id"] == card["scorecard_id"]]
        html = []
        for area in areas:
            area_rows = [r for r in rows if r["focus_area_id"] == area["focus_area_id"]]
            html.append(focus_card(page, area, area_rows))
        parts.append(f'<h2 class="bms-scorecard-name">{markup.esc(card["name"])}</h2>'
                     f'<div class="bms-grid">{"".join(html)}</div>')
    if aud.unit_detail:
        parts.append(units_html(ctx, page, period))
    return "".join(parts)


def units_html(ctx: Context, page: Page, period: str) -> str:
    """Formannskapet's unit detail: how each unit does on the indicators it is measured on.

    The units directly under the root (:meth:`Context.unit_overview`), so a national store's
    21 795 units never come into the kernel at once.
    """
    per_unit: dict[str, dict[str, Any]] = {}
    for r in ctx.unit_overview(period):
        u = per_unit.setdefault(r["unit_id"], {"name": r["unit_name"],
                                               "type": r["unit_type"], "rows": []})
        u["rows"].append(r)
    ordered = sorted(per_unit.items(), key=lambda kv: (
        -counts(kv[1]["rows"])[Status.RED], -counts(kv[1]["rows"])[Status.YELLOW], kv[1]["name"]))
    table_rows = []
    for unit_id, u in ordered:
        c = counts(u["rows"])
        cells = [markup.link(page.url("enhet", enhet=unit_id), u["name"]),
                 markup.esc(u["type"] or "")]
        cells += [markup.status_count(s, c[s]) if c[s] else "–"
                  for s in STATUS_ORDER[:3]]
        table_rows.append(cells)
    headers = [text.COL_UNIT, text.COL_TYPE] + [
        f"{STATUS_LOOK[s].symbol} {STATUS_LOOK[s].word}" for s in STATUS_ORDER[:3]]
    if not table_rows:
        root = ctx.unit(ctx.root_unit) or {}
        none = text.UNITS_NONE_UNDER.format(unit=root.get("name") or ctx.municipality)
        return (f'<h2 id="enhetene">{markup.esc(text.UNITS_H2)}</h2>'
                f'<p class="bms-muted">{markup.esc(none)}</p>')
    return (f'<h2 id="enhetene">{markup.esc(text.UNITS_H2)}</h2>'
            f'<p class="bms-muted">{markup.esc(text.UNITS_LEAD)}</p>'
            + markup.table(headers, table_rows, caption=status_per(ctx, period)))


__all__ = ["oversikt"]
