"""Fokusområde: one focus area from the whole to the detail.

1. The goal and the critical success factors, and how many indicators have each status.
2. Each indicator with its ambisjonsnivå (and the decision that set it), latest result and status.
3. A trend chart for the chosen indicator: the result, the target band (goal and limit as the
   status rules applied them; for relative targets computed from the reference series) and a
   reference series to compare with (the national average, a KOSTRA group, …).
4. The units: which are red? (kommunestyret sees the ones that miss the goal, formannskapet all.)

Numbers: ``queries/scorecard_status.sql``, ``indicator_trend.sql``, ``reference_series.sql`` and
``unit_results.sql``, with status from :mod:`bmsdata.scorecard.status`.
"""

from __future__ import annotations

from typing import Any

from bmsdata import formatting, params
from bmsdata.scorecard.status import STATUS_LOOK, Status
from bmsdata.ui import text
from bmsdata.ui.chart import Chart
from bmsdata.ui.common import (
    View,
    audience,
    blocking_view,
    counts,
    notices,
    run,
    start,
    status_per,
)
from bmsdata.ui.page import Page, dropdown, html_widget
from bmsdata.ui.undersokelser.page import indicator_link_html
from bmsdata.views import markup
from bmsdata.views.chart import trend_figure
from bmsdata.views.context import AUDIENCES, DEFAULT_AUDIENCE, Context

NO_REFERENCE = "ingen"
PREFERRED_REGIONS = ("EAK", "EAKUO")
#: The unit table shows at most this many units (worst first); the counts cover all of them.
MAX_UNIT_ROWS = 500


def fokusomrade(ctx: Context | BaseException, parameters: params.Parameters) -> View:
    return run(lambda: _build(ctx, parameters))


def _rules(ctx: Context) -> dict[str, params.Rule]:
    aud = AUDIENCES[DEFAULT_AUDIENCE]
    first = ctx.audience_focus_areas(aud)
    # One small query (reference_regions.sql), not every reference value of the store.
    regions = {region: f"{name} ({region})"
               for region, name in ctx.regions(ctx.latest_period or "2000")}
    indicators = [(r["indicator_id"], r["indicator"]) for r in ctx.status(ctx.latest_period)] \
        if ctx.latest_period else []
    return {
        "fokus": params.Rule(text.PARAM_WHAT["fokus"],
                        params.choices((f["focus_area_id"], _area_label(ctx, f))
                                  for f in ctx.focus_areas),
                        blocking=True, fallback=first[0]["focus_area_id"] if first else None),
        "referanse": params.Rule(text.PARAM_WHAT["referanse"],
                            params.choices([*regions.items(), (NO_REFERENCE, text.NO_REFERENCE)]),
                            fallback="EAK", normalise=_region),
        "indikator": params.Rule(text.INDICATOR_WHAT, params.choices(indicators), fallback=None),
    }


def _region(value: str) -> str:
    return NO_REFERENCE if value.lower() == NO_REFERENCE else value.upper()


def _area_label(ctx: Context, area: dict[str, Any]) -> str:
    if len(ctx.scorecards) > 1:
        return f"{area['name']} ({area['scorecard']})"
    return str(area["name"])


def _build(ctx: Context | BaseException, parameters: params.Parameters) -> View:
    page, values, problems, early = start("fokusomrade", ctx, parameters, _rules)
    if early is not None:
        return early
    assert page is not None and isinstance(ctx, Context)
    blocking = [p for p in problems if p.blocking]
    if blocking:
        return blocking_view(page, blocking[0], "fokusomrade", text.FOKUSOMRADE)
    return FocusAreaView(ctx, page, problems).view


class FocusAreaView:
    """The widgets of the page and what happens when one changes."""

    def __init__(self, ctx: Context, page: Page, problems: list[params.Problem]) -> None:
        self.ctx, self.page = ctx, page
        self.busy = False
        state = page.state
        self.overview = html_widget(cls="bms-content")
        self.units = html_widget(cls="bms-content")
        self.chart = Chart()
        self.focus_dd = dropdown(text.FOCUS_AREA, self._focus_options(), state.get("fokus"))
        self.period_dd = dropdown(text.PERIOD, [(p["label"], p["period"]) for p in ctx.periods],
                                  state.get("periode"))
        self.audience_tb = page.audience_toggle()
        self.indicator_dd = dropdown(text.INDICATOR, [], None, width="auto")
        self.reference_dd = dropdown(text.REFERENCE, [(text.NO_REFERENCE, NO_REFERENCE)],
                                     NO_REFERENCE)
        page.controls.children = [self.focus_dd, self.period_dd, self.audience_tb,
                                  page.presentation]
        chart_controls = type(page.controls)([self.indicator_dd, self.reference_dd])
        chart_controls.add_class("bms-controls")
        self.trend_heading = html_widget(f"<h2>{markup.esc(text.TREND_H2)}</h2>")
        page.body.children = [self.overview, self.trend_heading, chart_controls,
                              self.chart.widget, self.units]
        self.focus_dd.observe(page.safe(self.on_focus), "value")
        self.period_dd.observe(page.safe(self.on_period), "value")
        self.audience_tb.observe(page.safe(self.on_audience), "value")
        self.indicator_dd.observe(page.safe(self.on_indicator), "value")
        self.reference_dd.observe(page.safe(self.on_reference), "value")
        self.wanted_reference = state.get("referanse") or "EAK"
        self.render_all(initial_indicator=state.get("indikator"))
        page.show_messages(notices(page, problems, "fokusomrade"))
        self.view = View(page)

    # -- options ----------------------------------------------------------------------
    def _focus_options(self) -> list[tuple[str, str]]:
        areas = self.ctx.audience_focus_areas(audience(self.page.state))
        current = self.page.state.get("fokus")
        if current and current not in {a["focus_area_id"] for a in areas}:
            areas = [*areas, self.ctx.focus_area(current)]
        return [(_area_label(self.ctx, a), a["focus_area_id"]) for a in areas if a]

    def rows(self) -> list[dict[str, Any]]:
        fid = self.page.state["fokus"]
        return [r for r in self.ctx.status(self.page.state["periode"])
                if r["focus_area_id"] == fid]

    # -- events -----------------------------------------------------------------------
    def on_focus(self, change: dict[str, Any]) -> None:
        if self.busy:
            return
        self.page.state["fokus"] = change["new"]
        self.page.state["indikator"] = None
        self.render_all()

    def on_period(self, change: dict[str, Any]) -> None:
        if self.busy:
            return
        self.page.state["periode"] = change["new"]
        self.page.show_messages("")
        self.render_all(initial_indicator=self.page.state.get("indikator"))

    def on_audience(self, change: dict[str, Any]) -> None:
        if self.busy:
            return
        self.page.state["organ"] = change["new"]
        self.busy = True
        try:
            self.focus_dd.options = self._focus_options()
            self.focus_dd.value = self.page.state["fokus"]
        finally:
            self.busy = False
        self.render_units()
        self.render_header()

    def on_indicator(self, change: dict[str, Any]) -> None:
        if self.busy or change["new"] is None:
            return
        self.page.state["indikator"] = change["new"]
        self.render_indicator()

    def on_reference(self, change: dict[str, Any]) -> None:
        if self.busy or change["new"] is None:
            return
        self.wanted_reference = change["new"]
        self.page.state["referanse"] = change["new"]
        self.render_chart()
        self.render_header()

    # -- rendering --------------------------------------------------------------------
    def render_all(self, initial_indicator: str | None = None) -> None:
        rows = self.rows()
        ids = [r["indicator_id"] for r in rows]
        chosen = initial_indicator if initial_indicator in ids else (ids[0] if ids else None)
        self.page.state["indikator"] = chosen
        self.render_indicator()  # the chart first: it is what the eye follows
        self.busy = True
        try:
            with self.indicator_dd.hold_sync():
                self.indicator_dd.options = [(r["indicator"], r["indicator_id"]) for r in rows]
                self.indicator_dd.value = chosen
        finally:
            self.busy = False
        self.overview.value = self.overview_html(rows)

    def render_indicator(self) -> None:
        iid = self.page.state.get("indikator")
        regions = self.ctx.reference(self.page.state["periode"], iid) if iid else {}
        options = [(f"{info['name']} ({region})", region) for region, info in regions.items()]
        options.append((text.NO_REFERENCE, NO_REFERENCE))
        values = [v for _, v in options]
        want = self.wanted_reference
        chosen = want if want in values else next(
            (r for r in PREFERRED_REGIONS if r in values), values[0])
        self.page.state["referanse"] = chosen
        self.render_chart()
        self.busy = True
        try:
            with self.reference_dd.hold_sync():
                self.reference_dd.options = options
                self.reference_dd.value = chosen
        finally:
            self.busy = False
        self.render_units()
        self.render_header()

    def render_header(self) -> None:
        area = self.ctx.focus_area(self.page.state["fokus"]) or {}
        self.page.title = str(area.get("name") or text.FOKUSOMRADE)
        self.page.lead = markup.esc(" · ".join([
            str(area.get("scorecard") or ""), status_per(self.ctx, self.page.state["periode"]),
            text.AUDIENCES[audience(self.page.state).id]]))
        self.page.render_header()

    def overview_html(self, rows: list[dict[str, Any]]) -> str:
        area = self.ctx.focus_area(self.page.state["fokus"]) or {}
        factors = []
        for r in rows:
            if r["success_factor"] not in factors:
                factors.append(r["success_factor"])
        goal = (f'<p class="bms-lead"><strong>{markup.esc(text.GOAL)}:</strong> '
                f'{markup.esc(area.get("goal"))}</p>' if area.get("goal") else "")
        factor_list = "".join(f"<li>{markup.esc(f)}</li>" for f in factors)
        table_rows = []
        for r in rows:
            decision = (f'<br><span class="bms-muted">{markup.esc(text.COL_DECISION)} '
                        f'{markup.esc(r["decision"])}</span>' if r.get("decision") else "")
            table_rows.append([
                markup.esc(r["indicator"]) + indicator_link_html(
                    self.ctx, r["indicator_id"], self.page.state["periode"],
                    organ=self.page.state.get("organ")),
                markup.esc(r["success_factor"]),
                markup.esc(formatting.ambition(r)) + decision,
                markup.value_html(r["value"], r["decimals"], r["unit_of_measure"]),
                markup.esc(r["period_label"] or "–"),
                markup.status_badge(r["status"]),
                markup.trend_text(r["trend"]),
            ])
        attrs = [f' data-indicator="{markup.esc(r["indicator_id"])}"' for r in rows]
        return (
            f"{goal}<h2>{markup.esc(text.SUCCESS_FACTORS)}</h2>"
            f'<ul class="bms-factors">{factor_list}</ul>'
            f"<h2>{markup.esc(text.INDICATORS)}</h2>"
            f"{markup.counts_list(counts(rows), text.COUNTS_LABEL)}"
            + markup.table([text.COL_INDICATOR, text.COL_FACTOR, text.COL_AMBITION,
                            text.COL_RESULT, text.COL_PERIOD, text.COL_STATUS, text.COL_TREND],
                           table_rows, numeric=[3], row_attrs=attrs,
                           caption=status_per(self.ctx, self.page.state["periode"]))
        )

    def render_chart(self) -> None:
        iid = self.page.state.get("indikator")
        row = next((r for r in self.rows() if r["indicator_id"] == iid), None)
        if row is None:
            self.chart.show(None, empty_text=text.NO_INDICATORS)
            return
        period = self.page.state["periode"]
        points = self.ctx.trend(iid, period)
        if not points:
            self.chart.show(None, empty_text=text.CHART_NO_DATA.format(indicator=row["indicator"]))
            return
        region = self.page.state.get("referanse")
        series = self.ctx.reference(period, iid).get(region or "")
        reference = (f"{series['name']} ({region})", series["points"]) if series else None
        dec = int(row["decimals"]) if row.get("decimals") is not None else 1
        unit_name = self.ctx.municipality
        last = points[-1]
        description = text.CHART_DESCRIPTION.format(
            indicator=row["indicator"], unit=unit_name, first=points[0]["period_label"],
            last=last["period_label"],
            value=markup.number(last["value"], dec, row["unit_of_measure"]),
            status=STATUS_LOOK[Status(last["status"])].word)
        figure = trend_figure(
            figure_id=f"{iid}|{period}|{region}", title=f"{row['indicator']} – {unit_name}",
            points=points, decimals=dec, unit_of_measure=row["unit_of_measure"],
            reference=reference, description=description)
        self.chart.show(figure, self.chart_table(points, dec, row["unit_of_measure"], reference))

    def chart_table(self, points: list[dict[str, Any]], dec: int, uom: Any,
                    reference: tuple[str, dict[str, float]] | None) -> str:
        headers = [text.COL_PERIOD, text.CHART_RESULT, text.CHART_GOAL, text.CHART_LIMIT]
        if reference:
            headers.append(reference[0])
        headers.append(text.COL_STATUS)
        rows = []
        for p in points:
            cells = [markup.esc(p["period_label"]), markup.value_html(p["value"], dec, uom),
                     markup.esc(markup.number(p.get("goal_applied"), dec, uom)),
                     markup.esc(markup.number(p.get("limit_applied"), dec, uom))]
            if reference:
                cells.append(markup.esc(markup.number(reference[1].get(p["period"]),
                                                      max(dec, 1), uom)))
            cells.append(markup.status_badge(p["status"]))
            rows.append(cells)
        numeric = list(range(1, len(headers) - 1))
        return markup.table(headers, rows, numeric=numeric)

    def render_units(self) -> None:
        iid = self.page.state.get("indikator")
        row = next((r for r in self.rows() if r["indicator_id"] == iid), None)
        heading = f"<h2>{markup.esc(text.UNITS_BREAKDOWN_H2)}</h2>"
        if row is None:
            self.units.value = ""
            return
        units = self.ctx.indicator_units(self.page.state["periode"], iid)
        if not units:
            self.units.value = heading + (
                f'<p class="bms-muted">'
                f'{markup.esc(text.ONLY_MUNICIPALITY.format(indicator=row["indicator"]))}</p>')
            return
        aud = audience(self.page.state)
        line = text.UNITS_SUMMARY.format(indicator=row["indicator"], n=len(units))
        summary = (f"<p>{markup.esc(line)}</p>"
                   f"{markup.counts_list(counts(units), text.COUNTS_LABEL)}")
        shown = units
        note = ""
        if not aud.unit_detail:
            shown = [u for u in units if u["status"] in (Status.RED, Status.YELLOW)]
            all_link = markup.link(self.page.url("fokusomrade", fokus=self.page.state["fokus"],
                                                 indikator=iid, organ="formannskap"),
                                   text.SHOW_ALL_UNITS)
            note = (f'<p class="bms-muted">'
                    f'{markup.esc(text.UNITS_NOT_MET_ONLY).replace("{link}", all_link)}</p>')
            if not shown:
                note = f"<p>{markup.esc(text.ALL_UNITS_MET)}</p>" + note
        if len(shown) > MAX_UNIT_ROWS:  # a national store: 21 000 rows would be megabytes of HTML
            note += (f'<p class="bms-muted">'
                     f'{markup.esc(text.UNITS_FIRST_N.format(n=MAX_UNIT_ROWS, total=len(shown)))}'
                     f"</p>")
            shown = shown[:MAX_UNIT_ROWS]
        rows = []
        for u in shown:
            rows.append([
                markup.link(self.page.url("enhet", enhet=u["unit_id"]), u["unit_name"]),
                markup.value_html(u["value"], u["decimals"], u["unit_of_measure"]),
                markup.esc(u["period_label"]),
                markup.esc(formatting.ambition(u)),
                markup.status_badge(u["status"]),
                markup.trend_text(u["trend"]),
                markup.esc("" if u.get("n") is None else str(u["n"])),
            ])
        attrs = [f' data-unit="{markup.esc(u["unit_id"])}"' for u in shown]
        table = markup.table([text.COL_UNIT, text.COL_RESULT, text.COL_PERIOD, text.COL_AMBITION,
                              text.COL_STATUS, text.COL_TREND, text.COL_N], rows,
                             numeric=[1, 6], row_attrs=attrs) if rows else ""
        self.units.value = heading + summary + note + table
