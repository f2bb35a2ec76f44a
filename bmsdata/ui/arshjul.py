"""Årshjul: the municipality's result releases — what arrives when, which one is under way,
and which focus areas each release gives new results to.

The releases come from :mod:`bmsdata.annual_cycle` (the guide's RS 1–RS 4 by default, or the
file in ``BMS_ANNUAL_CYCLE``); the indicators from ``queries/indicator_catalogue.sql``. Today is
``?dato=ÅÅÅÅ-MM-DD`` when given (for tests and for planning), else the real date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bmsdata import annual_cycle, params
from bmsdata.ui import text
from bmsdata.ui.common import View, notices, run, start
from bmsdata.ui.page import Page, html_widget
from bmsdata.views import markup
from bmsdata.views.context import Context, today


def arshjul(ctx: Context | BaseException, parameters: params.Parameters) -> View:
    return run(lambda: _build(ctx, parameters))


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _build(ctx: Context | BaseException, parameters: params.Parameters) -> View:
    page, values, problems, early = start("arshjul", ctx, parameters, {})
    if early is not None:
        return early
    assert page is not None and isinstance(ctx, Context)
    messages = notices(page, problems, "arshjul")
    raw_date = values.get("dato")
    on = _parse_date(raw_date)
    if raw_date and on is None:
        messages += markup.message(text.BAD_DATE.format(value=raw_date), notice=True)
        page.state["dato"] = None
    try:
        releases = annual_cycle.load()
    except annual_cycle.AnnualCycleError as exc:
        page.title = text.ARSHJUL_H1
        page.render_header()
        page.show_messages(messages + markup.message(str(exc)))
        return View(page)
    content = html_widget(cls="bms-content")
    audience_tb = page.audience_toggle()
    page.controls.children = [audience_tb, page.presentation]
    page.body.children = [content]

    def render() -> None:
        page.title = text.ARSHJUL_H1
        page.lead = markup.esc(text.ARSHJUL_LEAD)
        content.value = body_html(ctx, page, releases, on or today())
        page.render_header()

    def on_audience(change: dict[str, Any]) -> None:
        page.state["organ"] = change["new"]
        render()

    audience_tb.observe(page.safe(on_audience), "value")
    render()
    page.show_messages(messages)
    return View(page)


def body_html(ctx: Context, page: Page, releases: list[annual_cycle.Release],
              on: date) -> str:
    pos = annual_cycle.position(releases, on)
    # Every målekart: a release matters to the council even when it feeds the administrative
    # målekart (the catalogue lists the political one first).
    catalogue = ctx.catalogue()
    if pos.current is not None:
        status = text.NOW_RUNNING.format(name=pos.current.name, arrives=pos.current.arrives,
                                         when=pos.current.when)
    else:
        status = text.NONE_RUNNING.format(latest=pos.latest.name, upcoming=pos.upcoming.name,
                                          when=pos.upcoming.when)
    parts = [f'<div class="bms-summary"><strong>'
             f'{markup.esc(text.TODAY.format(date=markup.long_date(on)))}</strong>'
             f'<span class="bms-cycle-now">{markup.esc(status)}</span></div>']
    cards = []
    fed: set[str] = set()
    for release in releases:
        rows = annual_cycle.feeding(release, catalogue)
        fed.update(r["indicator_id"] for r in rows)
        is_current = pos.current is not None and release.id == pos.current.id
        is_next = pos.current is None and release.id == pos.upcoming.id
        badge = (f' <span class="bms-badge">{markup.esc(text.CURRENT_BADGE)}</span>'
                 if is_current else
                 f' <span class="bms-badge">{markup.esc(text.NEXT_BADGE)}</span>'
                 if is_next else "")
        cls = "bms-card bms-current" if is_current else "bms-card"
        current_attr = ' aria-current="date"' if is_current else ""
        cards.append(
            f'<section class="{cls}" data-release="{markup.esc(release.id)}"{current_attr}>'
            f"<h3>{markup.esc(release.name)}{badge}</h3>"
            f'<p><strong>{markup.esc(release.when.capitalize())}:</strong> '
            f"{markup.esc(release.arrives)}</p>"
            f"{_feeds_html(page, rows)}</section>")
    parts.append(f'<div class="bms-cycle">{"".join(cards)}</div>')
    outside = [r for r in catalogue if r["indicator_id"] not in fed]
    if outside:
        parts.append(f"<h2>{markup.esc(text.OUTSIDE_CYCLE_H2)}</h2>"
                     f'<p class="bms-muted">{markup.esc(text.OUTSIDE_CYCLE_LEAD)}</p>'
                     + _feeds_html(page, outside, with_method=True))
    parts.append(f'<p class="bms-footer">'
                 f'{markup.esc(text.CYCLE_SOURCE.format(path=annual_cycle.config_path().name))}'
                 f"</p>")
    return "".join(parts)


def _feeds_html(page: Page, rows: list[dict[str, Any]], with_method: bool = False) -> str:
    if not rows:
        return f'<p class="bms-muted">{markup.esc(text.FEEDS_NOTHING)}</p>'
    areas: dict[str, dict[str, Any]] = {}
    for r in rows:
        a = areas.setdefault(r["focus_area_id"], {"name": r["focus_area"], "items": []})
        label = r["indicator"] + (f" ({r['method']})" if with_method and r.get("method") else "")
        a["items"].append(label)
    items = "".join(
        f"<li>{markup.link(page.url('fokusomrade', fokus=fid), a['name'])}: "
        f"{markup.esc(', '.join(a['items']))}</li>" for fid, a in areas.items())
    heading = "" if with_method else f"<p>{markup.esc(text.FEEDS)}:</p>"
    return f'{heading}<ul class="bms-factors">{items}</ul>'
