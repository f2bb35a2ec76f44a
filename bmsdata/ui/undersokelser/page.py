"""Undersøkelser: what the users, employees and citizens answered, behind each survey number.

Per survey and dimension (or one question), for a unit and a period:

1. all dimensions at a glance (the citizen survey grouped by Fet's groups);
2. the answer distribution as diverging stacked bars (low answers left of zero, high right;
   «vet ikke» and «ikke aktuelt» counted beside them, never in the bars or the mean);
3. multi-response questions as a share of answers *and* of respondents;
4. the units compared (mean with n, highest first; hidden groups as «Skjult»);
5. the trend over periods with the spread (sd), and the «spredningen har økt» flag in words.

Every number comes from the protected functions of :mod:`bmsdata.surveys.analysis`
(``question_results``, ``dimension_results``, ``distribution``, ``multi_response``), which run
``queries/survey_*.sql``. A group with fewer than the minimum number of respondents never
reaches a table or a figure with numbers (secondary suppression included).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from bmsdata import formatting, queries
from bmsdata import params as P
from bmsdata.scorecard.periods import Period, PeriodError
from bmsdata.surveys import analysis
from bmsdata.surveys.suppression import percent
from bmsdata.ui.common import View, audience, blocking_view, notices, run, start
from bmsdata.ui.page import Page, dropdown, error_html, html_widget, log
from bmsdata.ui.text import AUDIENCES
from bmsdata.ui.undersokelser import charts as charts
from bmsdata.ui.undersokelser import texts as T
from bmsdata.views import markup
from bmsdata.views.context import Context, records
from bmsdata.views.context import prepare as _prepare

PAGE = "undersokelser"
ALL = ""
Row = dict[str, Any]

#: Chart containers take the height of their figure (the shared CSS fixes 380 px).
STYLE = ("<style>.bms-survey-chart{min-height:0!important;display:block!important;width:100%}"
         ".bms-survey-chart>.bms-plot{height:auto!important;min-height:120px}"
         ".bms-survey td.bms-hidden,.bms-survey .bms-hidden{font-style:italic;"
         "color:var(--bms-muted,#454b54)}"
         ".bms-survey tr[aria-current] th,.bms-survey tr[aria-current] td{font-weight:700}"
         ".bms-flag{font-weight:600;color:#7a4a00}</style>")


# ---------------------------------------------------------------------------------------------
# Data: the protected results, cached per viewer (the Context empties its cache on a new store)
class SurveyData:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @property
    def con(self) -> Any:
        return self.ctx.reader.con

    def _c(self, key: tuple, make: Any) -> Any:
        return self.ctx._cached(("undersokelser", *key), make)

    def surveys(self) -> list[Row]:
        def make() -> list[Row]:
            out = records(analysis.survey_list(self.con))
            for s in out:
                raw = s.get("periods")
                s["periods"] = sorted((str(p) for p in ([] if raw is None else list(raw))),
                                      key=_period_key, reverse=True)
            return out
        return self._c(("list",), make)

    def survey(self, sid: str) -> Row | None:
        return next((s for s in self.surveys() if s["survey_id"] == sid), None)

    def questions(self, sid: str) -> list[Row]:
        return self._c(("q", sid), lambda: records(
            queries.frame(self.con, "survey_questions", survey_id=sid)))

    def options(self, sid: str) -> list[Row]:
        return self._c(("o", sid), lambda: records(
            queries.frame(self.con, "survey_options", survey_id=sid)))

    def dimensions(self, sid: str) -> list[Row]:
        seen: dict[str, Row] = {}
        for q in self.questions(sid):
            seen.setdefault(q["dimension_id"], q)
        return list(seen.values())

    def dim_results(self, sid: str) -> list[Row]:
        return self._c(("d", sid), lambda: records(analysis.dimension_results(self.con, sid)))

    def question_results(self, sid: str) -> list[Row]:
        return self._c(("qr", sid), lambda: records(analysis.question_results(self.con, sid)))

    def distribution(self, sid: str) -> list[Row]:
        return self._c(("dist", sid), lambda: records(analysis.distribution(self.con, sid)))

    def multi(self, sid: str) -> list[Row]:
        return self._c(("m", sid), lambda: records(analysis.multi_response(self.con, sid)))

    def min_n(self) -> int:
        return self._c(("min_n",), lambda: analysis.min_group_size(self.con).min_n)

    def indicator_map(self) -> list[Row]:
        return self._c(("map",), lambda: records(queries.frame(self.con,
                                                               "survey_indicator_map")))

    def units(self, sid: str) -> list[tuple[str, str]]:
        """(unit_id, name) of every group with answers in the survey, the municipality first."""
        seen: dict[str, tuple[str, bool]] = {}
        for r in [*self.dim_results(sid), *self.multi(sid)]:
            seen.setdefault(r["unit_id"], (r["unit"], bool(r["is_total"])))
        ordered = sorted(seen.items(), key=lambda kv: (not kv[1][1], kv[1][0]))
        return [(u, T.WHOLE.format(unit=name) if total else name)
                for u, (name, total) in ordered]

    def warm(self) -> None:
        surveys = self.surveys()
        if surveys:
            sid = surveys[0]["survey_id"]
            self.dim_results(sid)
            self.question_results(sid)
            self.distribution(sid)
            self.multi(sid)


def prepare(store_file: Any = None) -> Context | Exception:
    """The notebook's first cell: open the store and compute the default survey's results."""
    ctx = _prepare(PAGE, store_file)
    if isinstance(ctx, Context):
        try:
            SurveyData(ctx).warm()
        except Exception as exc:  # shown (in Norwegian) when the page is built
            log.warning("could not warm the survey page: %s", exc)
    return ctx


def _period_key(code: str) -> tuple:
    try:
        p = Period.parse(code)
        return (p.end, -p.start.toordinal())
    except (PeriodError, ValueError):
        return (code,)


def _period_label(code: str | None) -> str:
    if not code:
        return "–"
    try:
        return Period.parse(code).label()
    except (PeriodError, ValueError):
        return str(code)


def _normalise_period(value: str) -> str:
    try:
        return str(Period.parse(value))
    except (PeriodError, ValueError):
        return value


def _caseless(choices: Iterable[str]) -> Any:
    lookup = {c.lower(): c for c in choices}
    return lambda v: lookup.get(v.lower(), v)


# ---------------------------------------------------------------------------------------------
def undersokelser(ctx: Context | BaseException, parameters: P.Parameters) -> View:
    """The survey page. ``parameters``: undersokelse, dimensjon, sporsmal, enhet, periode,
    organ (and visning)."""
    return run(lambda: _build(ctx, parameters))


def _rules(ctx: Context) -> dict[str, P.Rule]:
    surveys = SurveyData(ctx).surveys()
    periods = sorted({p for s in surveys for p in s["periods"]}, key=_period_key, reverse=True)
    return {
        "undersokelse": P.Rule(T.PARAM_WHAT["undersokelse"],
                               P.choices((s["survey_id"], s["name"]) for s in surveys),
                               blocking=True,
                               fallback=surveys[0]["survey_id"] if surveys else None,
                               normalise=_caseless(s["survey_id"] for s in surveys)),
        # Checked again per survey below; here only so the page frame accepts it.
        "periode": P.Rule(T.PARAM_WHAT["periode"],
                          P.choices((p, _period_label(p)) for p in periods), fallback=None,
                          normalise=_normalise_period),
    }


def _build(ctx: Context | BaseException, parameters: P.Parameters) -> View:
    if isinstance(ctx, Context):
        try:
            SurveyData(ctx).surveys()
        except analysis.SurveyError as exc:
            return View(None, markup.message(str(exc)))
    page, values, problems, early = start(PAGE, ctx, parameters, _rules)
    if early is not None:
        return early
    assert page is not None and isinstance(ctx, Context)
    data = SurveyData(ctx)
    if not data.surveys():
        return View(None, markup.message(T.NO_SURVEYS))
    blocking = [p for p in problems if p.blocking]
    if blocking:
        return blocking_view(page, blocking[0], PAGE, T.PAGE)
    sid = values["undersokelse"]
    specific, more = _check_survey(data, sid, parameters)
    page.state.update(specific)
    problems = [p for p in problems if p.name not in specific] + more
    return SurveyView(ctx, data, page, problems).view


def _survey_rules(data: SurveyData, sid: str) -> dict[str, P.Rule]:
    survey = data.survey(sid) or {}
    questions = data.questions(sid)
    dims = data.dimensions(sid)
    units = data.units(sid)
    periods = survey.get("periods") or []
    return {
        "dimensjon": P.Rule(T.PARAM_WHAT["dimensjon"],
                            P.choices((d["dimension_id"], d["dimension"]) for d in dims),
                            fallback=dims[0]["dimension_id"] if dims else None,
                            normalise=_caseless(d["dimension_id"] for d in dims)),
        "sporsmal": P.Rule(T.PARAM_WHAT["sporsmal"],
                           P.choices((q["question_id"], q["text"]) for q in questions),
                           fallback=None,
                           normalise=_caseless(q["question_id"] for q in questions)),
        "enhet": P.Rule(T.PARAM_WHAT["enhet"], P.choices(units),
                        fallback=units[0][0] if units else None,
                        normalise=_caseless(u for u, _ in units)),
        "periode": P.Rule(T.PARAM_WHAT["periode"],
                          P.choices((p, _period_label(p)) for p in periods),
                          fallback=periods[0] if periods else None,
                          normalise=_normalise_period),
    }


def _survey_period(data: SurveyData, sid: str, value: str | None) -> str | None:
    """A målekart period carried from another page (``2026T2``) becomes the survey's latest
    period up to it, without a notice; anything else is left for the rule to judge."""
    periods = (data.survey(sid) or {}).get("periods") or []
    if not value or _normalise_period(value) in periods:
        return value
    try:
        end = Period.parse(value).end
    except (PeriodError, ValueError):
        return value
    earlier = [p for p in periods if Period.parse(p).end <= end]
    return earlier[0] if earlier else value


def _check_survey(data: SurveyData, sid: str, parameters: P.Parameters,
                  ) -> tuple[dict[str, str | None], list[P.Problem]]:
    rules = _survey_rules(data, sid)
    raw = {k: parameters.values.get(k) for k in rules}
    raw["periode"] = _survey_period(data, sid, raw.get("periode"))
    given = P.Parameters(raw)
    values, problems = P.check(given, rules)
    q = next((q for q in data.questions(sid) if q["question_id"] == values.get("sporsmal")),
             None)
    if q is not None:
        values["dimensjon"] = q["dimension_id"]
    return values, problems


# ---------------------------------------------------------------------------------------------
class SurveyChart:
    """A figure for ``bms.js``, which draws every ``.bms-chart`` holding a
    ``script.bms-figure`` with plotly.js. The chart element is *inside* the widget's HTML, so it
    carries its class from the moment it is inserted (bms.js scans on inserted nodes; a class
    added to the widget element later is not seen on a first render). A new figure replaces
    the element inside the same widget: the page is not reloaded. The numbers are in the table
    beside the chart, shown openly."""

    def __init__(self, name: str) -> None:
        self.widget = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.widget.add_class("bms-survey-figure")
        self.widget.add_class(f"bms-survey-figure-{name}")
        self.figure: dict[str, Any] | None = None

    def show(self, figure: dict[str, Any] | None) -> None:
        self.figure = figure
        if figure is None:
            self.widget.value = ""
            return
        self.widget.value = (
            f'<div class="bms-chart bms-survey-chart">'
            f'<script type="application/json" class="bms-figure">'
            f"{markup.json_for_script(figure)}</script>"
            f"<noscript>{markup.esc(T.CHART_FALLBACK)}</noscript></div>")


def _cap(text: str | None) -> str:
    return "" if not text else text[0].upper() + text[1:]


def _pct(v: Any) -> str:
    return "–" if markup.missing(v) else formatting.number(v, 1) + " %"


def _int(v: Any) -> str:
    return "–" if markup.missing(v) else formatting.number(v, 0)


def _hidden_cell(note: str | None) -> str:
    return f'<span class="bms-hidden">{markup.esc(_cap(note))}</span>'


class SurveyView:
    """The widgets of the page and what happens when one changes."""

    def __init__(self, ctx: Context, data: SurveyData, page: Page,
                 problems: list[P.Problem]) -> None:
        self.ctx, self.data, self.page = ctx, data, page
        self.busy = False
        st = page.state
        self.survey_dd = dropdown(T.SURVEY, [(s["name"], s["survey_id"])
                                             for s in data.surveys()], st["undersokelse"])
        self.dim_dd = dropdown(T.DIMENSION, [], None)
        self.question_dd = dropdown(T.QUESTION, [], None, width="auto")
        self.unit_dd = dropdown(T.UNIT, [], None)
        self.period_dd = dropdown(T.PERIOD, [], None)
        self.audience_tb = page.audience_toggle()
        self.question_dd.layout.max_width = "42rem"
        page.controls.children = [self.survey_dd, self.dim_dd, self.question_dd, self.unit_dd,
                                  self.period_dd, self.audience_tb, page.presentation]
        self.overview = html_widget(cls="bms-content")
        self.dist_text = html_widget(cls="bms-content")
        self.dist_chart = SurveyChart("fordeling")
        self.dist_table = html_widget(cls="bms-content")
        self.multi_text = html_widget(cls="bms-content")
        self.multi_chart = SurveyChart("flervalg")
        self.multi_table = html_widget(cls="bms-content")
        self.units_text = html_widget(cls="bms-content")
        self.units_chart = SurveyChart("enheter")
        self.units_table = html_widget(cls="bms-content")
        self.trend_text = html_widget(cls="bms-content")
        self.trend_chart = SurveyChart("utvikling")
        self.trend_table = html_widget(cls="bms-content")
        self.spread = html_widget(cls="bms-content")
        body = [html_widget(STYLE), self.overview, self.dist_text, self.dist_chart.widget,
                self.dist_table, self.multi_text, self.multi_chart.widget, self.multi_table,
                self.units_text, self.units_chart.widget, self.units_table, self.trend_text,
                self.trend_chart.widget, self.trend_table, self.spread]
        for w in body:
            w.add_class("bms-survey")
        page.body.children = body
        self.charts = {"fordeling": self.dist_chart, "flervalg": self.multi_chart,
                       "enheter": self.units_chart, "utvikling": self.trend_chart}
        self.survey_dd.observe(page.safe(self.on_survey), "value")
        self.dim_dd.observe(page.safe(self.on_dimension), "value")
        self.question_dd.observe(page.safe(self.on_question), "value")
        self.unit_dd.observe(page.safe(self.on_unit), "value")
        self.period_dd.observe(page.safe(self.on_period), "value")
        self.audience_tb.observe(page.safe(self.on_audience), "value")
        self.fill_options()
        self.render()
        page.show_messages(notices(page, problems, PAGE))
        page.survey_view = self  # type: ignore[attr-defined]  # for tests and notebooks
        self.view = View(page)

    # -- state ------------------------------------------------------------------------------
    @property
    def sid(self) -> str:
        return str(self.page.state["undersokelse"])

    @property
    def survey(self) -> Row:
        return self.data.survey(self.sid) or {}

    def questions_in_scope(self) -> list[Row]:
        st = self.page.state
        qs = self.data.questions(self.sid)
        if st.get("sporsmal"):
            return [q for q in qs if q["question_id"] == st["sporsmal"]]
        return [q for q in qs if q["dimension_id"] == st.get("dimensjon")]

    def set_quietly(self, dd: widgets.Dropdown, options: list[tuple[str, str]],
                    value: str | None) -> None:
        self.busy = True
        try:
            with dd.hold_sync():
                dd.options = options
                values = [v for _, v in options]
                dd.value = value if value in values else (values[0] if values else None)
        finally:
            self.busy = False

    def fill_options(self) -> None:
        st, sid = self.page.state, self.sid
        dims = self.data.dimensions(sid)
        self.dim_dd.description = T.GROUP if self.survey.get("kind") == "innbygger" \
            else T.DIMENSION
        self.set_quietly(self.dim_dd, [(d["dimension"], d["dimension_id"]) for d in dims],
                         st.get("dimensjon"))
        st["dimensjon"] = self.dim_dd.value
        self.fill_questions()
        self.set_quietly(self.unit_dd, [(name, u) for u, name in self.data.units(sid)],
                         st.get("enhet"))
        st["enhet"] = self.unit_dd.value
        periods = self.survey.get("periods") or []
        self.set_quietly(self.period_dd, [(_period_label(p), p) for p in periods],
                         st.get("periode"))
        st["periode"] = self.period_dd.value

    def fill_questions(self) -> None:
        st = self.page.state
        qs = [q for q in self.data.questions(self.sid) if q["dimension_id"] == st["dimensjon"]]
        options = [(T.ALL_QUESTIONS, ALL)] + [(q["text"], q["question_id"]) for q in qs]
        self.set_quietly(self.question_dd, options, st.get("sporsmal") or ALL)
        st["sporsmal"] = self.question_dd.value or None

    # -- events -----------------------------------------------------------------------------
    def on_survey(self, change: dict[str, Any]) -> None:
        if self.busy or change["new"] is None:
            return
        self.page.state.update(undersokelse=change["new"], dimensjon=None, sporsmal=None)
        self.page.show_messages("")
        self.fill_options()
        self.render()

    def on_dimension(self, change: dict[str, Any]) -> None:
        if self.busy or change["new"] is None:
            return
        self.page.state.update(dimensjon=change["new"], sporsmal=None)
        self.fill_questions()
        self.render()

    def on_question(self, change: dict[str, Any]) -> None:
        if self.busy:
            return
        self.page.state["sporsmal"] = change["new"] or None
        self.render()

    def on_unit(self, change: dict[str, Any]) -> None:
        if self.busy or change["new"] is None:
            return
        self.page.state["enhet"] = change["new"]
        self.render()

    def on_period(self, change: dict[str, Any]) -> None:
        if self.busy or change["new"] is None:
            return
        self.page.state["periode"] = change["new"]
        self.page.show_messages("")
        self.render()

    def on_audience(self, change: dict[str, Any]) -> None:
        self.page.state["organ"] = change["new"]
        self.render_header()

    # -- rendering --------------------------------------------------------------------------
    def render(self) -> None:
        sections = (self.render_overview, self.render_distribution, self.render_multi,
                    self.render_units, self.render_trend)
        for section in sections:
            try:
                section()
            except Exception as exc:  # one broken section must not take the page down
                self.page.show_messages(error_html(exc))
        self.render_header()

    def render_header(self) -> None:
        st = self.page.state
        self.page.title = str(self.survey.get("name") or T.PAGE)
        self.page.lead = markup.esc(" · ".join([
            T.KINDS.get(self.survey.get("kind") or "", ""), _period_label(st.get("periode")),
            self.unit_name(st.get("enhet")), AUDIENCES[audience(st).id]]))
        self.page.render_header()

    def unit_name(self, unit_id: str | None) -> str:
        return dict(self.data.units(self.sid)).get(unit_id or "", unit_id or "")

    def href(self, **changes: Any) -> str:
        own = {k: v for k, v in self.page.state.items() if v not in (None, "")}
        own.update(changes)
        if own.get("visning") != "presentasjon":
            own.pop("visning", None)
        return self.page.url(PAGE, **own)

    def decimals(self, dimension_id: str | None) -> int:
        for m in self.data.indicator_map():
            if m["survey_id"] == self.sid and m["dimension_id"] == dimension_id and \
                    m.get("decimals") is not None:
                return int(m["decimals"])
        return 1

    def scale(self, qs: list[Row]) -> tuple[float, float]:
        single = [q for q in qs if not q["multi"]] or self.data.questions(self.sid)
        return (float(min(q["scale_min"] for q in single if q["scale_min"] is not None)),
                float(max(q["scale_max"] for q in single if q["scale_max"] is not None)))

    def results(self) -> tuple[list[Row], str, str]:
        """The family shown in the unit comparison and trend: the chosen single question's
        results, or the dimension's. Returns (rows, item id column, item id)."""
        st = self.page.state
        q = st.get("sporsmal")
        if q:
            return ([r for r in self.data.question_results(self.sid) if r["question_id"] == q],
                    "question_id", q)
        return ([r for r in self.data.dim_results(self.sid)
                 if r["dimension_id"] == st["dimensjon"]], "dimension_id", st["dimensjon"])

    def item_name(self) -> str:
        st = self.page.state
        qs = self.questions_in_scope()
        if st.get("sporsmal") and qs:
            return str(qs[0]["text"])
        dim = next((d for d in self.data.dimensions(self.sid)
                    if d["dimension_id"] == st["dimensjon"]), {})
        return str(dim.get("dimension") or "")

    # 1. all dimensions ------------------------------------------------------------------------
    def render_overview(self) -> None:
        st = self.page.state
        fet = self.survey.get("kind") == "innbygger"
        rows = [r for r in self.data.dim_results(self.sid)
                if r["period"] == st["periode"] and r["unit_id"] == st["enhet"]]
        by_dim = {r["dimension_id"]: r for r in rows}
        table_rows, attrs = [], []
        for d in self.data.dimensions(self.sid):
            r = by_dim.get(d["dimension_id"])
            dec = self.decimals(d["dimension_id"])
            name = markup.link(self.href(dimensjon=d["dimension_id"], sporsmal=None),
                               d["dimension"])
            if r is None:
                cells = [name, "–", "–", "–", ""]
            elif r["suppressed"]:
                cells = [name, _hidden_cell(r["note"]), "", "", ""]
            else:
                cells = [name, markup.esc(formatting.number(r["mean"], dec)),
                         markup.esc(_int(r["n"])), markup.esc(_pct(r["share_high"])),
                         markup.esc(_cap(r["note"]) or "")]
            table_rows.append(cells)
            current = d["dimension_id"] == st["dimensjon"]
            attrs.append(f' data-dimension="{markup.esc(d["dimension_id"])}"'
                         + (' aria-current="true"' if current else ""))
        lead = (T.OVERVIEW_LEAD_FET if fet else T.OVERVIEW_LEAD).format(
            unit=self.unit_name(st["enhet"]), period=_period_label(st["periode"]))
        self.overview.value = (
            f"<h2>{markup.esc(T.OVERVIEW_H2_FET if fet else T.OVERVIEW_H2)}</h2>"
            f'<p class="bms-muted">{markup.esc(lead)}</p>'
            + markup.table([T.COL_GROUP if fet else T.COL_DIMENSION, T.COL_MEAN, T.COL_N,
                            T.COL_HIGH, T.COL_NOTE], table_rows, numeric=[1, 2, 3],
                           row_attrs=attrs, cls="bms-table bms-survey-overview"))

    # 2. distribution ------------------------------------------------------------------------
    def render_distribution(self) -> None:
        st = self.page.state
        single = [q for q in self.questions_in_scope() if not q["multi"]]
        heading = f"<h2>{markup.esc(T.DIST_H2.format(item=self.item_name()))}</h2>"
        unit, period = st["enhet"], st["periode"]
        unit_name, period_label = self.unit_name(unit), _period_label(period)
        if not single:
            self.dist_text.value = ""
            self.dist_chart.show(None)
            self.dist_table.value = ""
            return
        qids = [q["question_id"] for q in single]
        dist = [r for r in self.data.distribution(self.sid)
                if r["period"] == period and r["unit_id"] == unit and r["question_id"] in qids]
        qres = {r["question_id"]: r for r in self.data.question_results(self.sid)
                if r["period"] == period and r["unit_id"] == unit}
        family, _, _ = self.results()
        mine = next((r for r in family if r["period"] == period and r["unit_id"] == unit), None)
        warn = ""
        if mine is not None and mine["suppressed"]:
            self.dist_text.value = heading + markup.message(T.HIDDEN_UNIT.format(
                unit=unit_name, period=period_label, note=mine["note"]))
            self.dist_chart.show(None)
            self.dist_table.value = ""
            return
        if mine is not None and mine.get("few"):
            warn = markup.message(T.FEW.format(unit=unit_name, n=mine["n"],
                                               period=period_label), notice=True)
        if not dist or all(r["suppressed"] for r in dist):
            hidden = any(r["suppressed"] for r in dist) or any(
                qres.get(q, {}).get("suppressed") for q in qids)
            text = T.ALL_HIDDEN if hidden else (
                T.DIST_NONE if mine is not None else T.NO_DATA.format(unit=unit_name,
                                                                      period=period_label))
            self.dist_text.value = heading + warn + markup.message(text, notice=not hidden)
            self.dist_chart.show(None)
            self.dist_table.value = ""
            return
        lo, hi = self.scale(single)
        mid = (lo + hi) / 2
        options = [o for o in self.data.options(self.sid) if o["question_id"] in qids]
        scale_codes: dict[float, Row] = {}
        for o in options:
            if o["role"] == "skala" and o["score"] is not None:
                scale_codes.setdefault(float(o["score"]), o)
        codes = []
        for score in sorted(scale_codes):
            o = scale_codes[score]
            side = "low" if score < mid else "high" if score > mid else "mid"
            label = str(o["code"]) if str(o["label"]) == str(o["code"]) \
                else f"{o['code']} {o['label']}"
            codes.append({"code": score, "label": label, "side": side})
        shares: dict[float, list[float | None]] = {c["code"]: [] for c in codes}
        table_rows = []
        shown_questions = []
        for q in single:
            rows = [r for r in dist if r["question_id"] == q["question_id"]]
            if not rows or any(r["suppressed"] for r in rows):
                continue
            score_of = {o["code"]: float(o["score"]) for o in options
                        if o["question_id"] == q["question_id"] and o["role"] == "skala"}
            counts = {score_of[r["code"]]: int(r["count"] or 0) for r in rows
                      if r["role"] == "skala" and r["code"] in score_of}
            n = sum(counts.values())
            vet = sum(int(r["count"] or 0) for r in rows if r["role"] == "vet_ikke")
            ikke = sum(int(r["count"] or 0) for r in rows if r["role"] == "ikke_aktuelt")
            pcts = {s: (None if not n or s not in counts else float(percent(counts[s], n)))
                    for s in shares}
            for s in shares:
                shares[s].append(pcts[s])
            shown_questions.append(q["text"])
            res = qres.get(q["question_id"], {})
            table_rows.append(
                [markup.esc(q["text"])]
                + [markup.esc(_pct(pcts[c["code"]])) for c in codes]
                + [markup.esc(_int(n)), markup.esc(formatting.number(res.get("mean"), 1)),
                   markup.esc(_int(vet)), markup.esc(_int(ikke))])
        low = [c["label"].split(" ")[0] for c in codes if c["side"] == "low"]
        high = [c["label"].split(" ")[0] for c in codes if c["side"] == "high"]
        middle = [c["label"].split(" ")[0] for c in codes if c["side"] == "mid"]
        lead = T.DIST_LEAD.format(unit=unit_name, period=period_label,
                                  low="–".join(dict.fromkeys([low[0], low[-1]])) if low else "",
                                  high="–".join(dict.fromkeys([high[0], high[-1]])) if high
                                  else "")
        if middle:
            lead += T.DIST_MIDDLE.format(mid=middle[0])
        self.dist_text.value = heading + warn + f'<p class="bms-muted">{markup.esc(lead)}</p>'
        if not shown_questions:
            self.dist_chart.show(None)
            self.dist_table.value = markup.message(T.ALL_HIDDEN)
            return
        figure = charts.diverging_figure(
            figure_id=f"fordeling|{self.sid}|{st['dimensjon']}|{st.get('sporsmal') or ''}|"
                      f"{unit}|{period}",
            title=T.CHART_DIST.format(unit=unit_name, period=period_label),
            description=T.CHART_DIST_DESC.format(unit=unit_name, period=period_label),
            questions=shown_questions, codes=codes, shares=shares)
        self.dist_chart.show(figure)
        headers = ([T.COL_QUESTION] + [c["label"] for c in codes]
                   + [T.COL_N, T.COL_MEAN, T.COL_VET_IKKE, T.COL_IKKE_AKTUELT])
        self.dist_table.value = markup.table(
            headers, table_rows, numeric=list(range(1, len(headers))),
            caption=T.CHART_DIST.format(unit=unit_name, period=period_label),
            cls="bms-table bms-survey-distribution")

    # 3. multi-response ----------------------------------------------------------------------
    def render_multi(self) -> None:
        st = self.page.state
        multi = [q for q in self.questions_in_scope() if q["multi"]]
        unit, period = st["enhet"], st["periode"]
        unit_name, period_label = self.unit_name(unit), _period_label(period)
        texts, tables, figure = [], [], None
        for q in multi:
            rows = [r for r in self.data.multi(self.sid) if r["period"] == period
                    and r["unit_id"] == unit and r["question_id"] == q["question_id"]]
            head = f"<h2>{markup.esc(T.MULTI_H2.format(question=q['text']))}</h2>"
            if not rows:
                texts.append(head + markup.message(T.NO_DATA.format(
                    unit=unit_name, period=period_label), notice=True))
                continue
            if any(r["suppressed"] for r in rows):
                texts.append(head + markup.message(T.HIDDEN_UNIT.format(
                    unit=unit_name, period=period_label, note=rows[0]["note"])))
                continue
            lead = T.MULTI_LEAD.format(unit=unit_name, period=period_label,
                                       answers=_int(rows[0]["answers"]),
                                       respondents=_int(rows[0]["respondents"]))
            texts.append(head + f'<p class="bms-muted">{markup.esc(lead)}</p>')
            tables.append(markup.table(
                [T.COL_OPTION, T.COL_COUNT, T.COL_SHARE_ANSWERS, T.COL_SHARE_RESPONDENTS],
                [[markup.esc(r["label"]), markup.esc(_int(r["count"])),
                  markup.esc(_pct(r["share_of_answers"])),
                  markup.esc(_pct(r["share_of_respondents"]))] for r in rows],
                numeric=[1, 2, 3], cls="bms-table bms-survey-multi",
                caption=f"{q['text']} – {unit_name}, {period_label}"))
            if figure is None:
                figure = charts.multi_figure(
                    figure_id=f"flervalg|{self.sid}|{q['question_id']}|{unit}|{period}",
                    title=T.CHART_MULTI.format(unit=unit_name, period=period_label),
                    description=T.CHART_MULTI_DESC, rows=rows)
        self.multi_text.value = "".join(texts)
        self.multi_chart.show(figure)
        self.multi_table.value = "".join(tables)

    # 4. units compared ----------------------------------------------------------------------
    def render_units(self) -> None:
        st = self.page.state
        period = st["periode"]
        period_label = _period_label(period)
        family, _, _ = self.results()
        rows = [r for r in family if r["period"] == period]
        head = f"<h2>{markup.esc(T.UNITS_H2)}</h2>"
        if not rows:
            self.units_text.value = "" if self.multi_only() else head + (
                f'<p class="bms-muted">{markup.esc(T.UNITS_NONE)}</p>')
            self.units_chart.show(None)
            self.units_table.value = ""
            self.spread.value = ""
            return
        dec = self.decimals(st["dimensjon"])
        total = [r for r in rows if r["is_total"]]
        shown = sorted((r for r in rows if not r["is_total"] and not r["suppressed"]),
                       key=lambda r: (-float(r["mean"]), r["unit"]))
        hidden = sorted((r for r in rows if not r["is_total"] and r["suppressed"]),
                        key=lambda r: r["unit"])
        ordered = [*total, *shown, *hidden]
        table_rows, attrs = [], []
        for r in ordered:
            label = T.WHOLE.format(unit=r["unit"]) if r["is_total"] else r["unit"]
            name = markup.link(self.href(enhet=r["unit_id"]), label)
            if r["suppressed"]:
                cells = [name, _hidden_cell(r["note"]), "", "", "", ""]
            else:
                notes = []
                if r.get("spread_grew"):
                    notes.append(f'<span class="bms-flag">{markup.esc(T.SPREAD_FLAG)}</span>')
                if r.get("note"):
                    notes.append(markup.esc(_cap(r["note"])))
                cells = [name, markup.esc(formatting.number(r["mean"], dec)),
                         markup.esc(_int(r["n"])), markup.esc(formatting.number(r["sd"], 2)),
                         markup.esc(_pct(r["share_high"])), "<br>".join(notes)]
            table_rows.append(cells)
            cur = ' aria-current="true"' if r["unit_id"] == st["enhet"] else ""
            attrs.append(f' data-unit="{markup.esc(r["unit_id"])}"'
                         f' data-hidden="{"true" if r["suppressed"] else "false"}"{cur}')
        lead = T.UNITS_LEAD.format(period=period_label, min_n=self.data.min_n())
        self.units_text.value = head + f'<p class="bms-muted">{markup.esc(lead)}</p>'
        visible = [r for r in ordered if not r["suppressed"] and r["mean"] is not None]
        if visible:
            self.units_chart.show(charts.units_figure(
                figure_id=f"enheter|{self.sid}|{st['dimensjon']}|{st.get('sporsmal') or ''}|"
                          f"{period}",
                title=T.CHART_UNITS.format(period=period_label),
                description=T.CHART_UNITS_DESC.format(period=period_label),
                rows=[{"label": T.WHOLE.format(unit=r["unit"]) if r["is_total"] else r["unit"],
                       "mean": r["mean"], "n": int(r["n"]), "is_total": r["is_total"]}
                      for r in visible],
                scale=self.scale(self.questions_in_scope()), decimals=dec))
        else:
            self.units_chart.show(None)
        self.units_table.value = markup.table(
            [T.COL_UNIT, T.COL_MEAN, T.COL_N, T.COL_SD, T.COL_HIGH, T.COL_NOTE], table_rows,
            numeric=[1, 2, 3, 4], row_attrs=attrs, cls="bms-table bms-survey-units",
            caption=f"{self.item_name()} – {period_label}")
        self.render_spread(rows)

    def multi_only(self) -> bool:
        qs = self.questions_in_scope()
        return bool(qs) and all(q["multi"] for q in qs)

    def render_spread(self, rows: list[Row]) -> None:
        st = self.page.state
        period_label = _period_label(st["periode"])
        lo, hi = self.scale(self.questions_in_scope())
        share = analysis.SPREAD_SCALE_SHARE
        rule = T.SPREAD_RULE.format(points=formatting.number((hi - lo) * share, 2),
                                    scale=f"{formatting.number(lo, 0)}–{formatting.number(hi, 0)}")
        head = f"<h2>{markup.esc(T.SPREAD_H2)}</h2>"
        shown = [r for r in rows if not r["suppressed"]]
        if shown and all(markup.missing(r["sd"]) for r in shown):
            self.spread.value = head + f"<p>{markup.esc(T.SPREAD_UNKNOWN)}</p>"
            return
        grew = [r for r in shown if r.get("spread_grew")]
        lines = [markup.esc(T.SPREAD_GREW.format(
            unit=T.WHOLE.format(unit=r["unit"]) if r["is_total"] else r["unit"],
            before=formatting.number(r["sd_previous"], 2),
            previous=_period_label(r["previous_period"]),
            now=formatting.number(r["sd"], 2), period=period_label)) + " " + markup.link(
            self.href(enhet=r["unit_id"]), T.SPREAD_SEE.format(unit=r["unit"])) + "."
            for r in grew]
        items = "".join(f"<li>{line}</li>" for line in lines)
        body = (f'<ul class="bms-spread">{items}</ul>' if grew
                else f"<p>{markup.esc(T.SPREAD_NONE.format(period=period_label))}</p>")
        self.spread.value = head + body + f'<p class="bms-muted">{markup.esc(rule)}</p>'

    # 5. trend -------------------------------------------------------------------------------
    def render_trend(self) -> None:
        st = self.page.state
        family, _, _ = self.results()
        unit = st["enhet"]
        head = f"<h2>{markup.esc(T.TREND_H2)}</h2>"
        if not family:
            self.trend_text.value = ""
            self.trend_chart.show(None)
            self.trend_table.value = ""
            return
        periods = sorted({r["period"] for r in family}, key=_period_key)
        labels = {p: _period_label(p) for p in periods}
        dec = self.decimals(st["dimensjon"])
        mine = [r for r in family if r["unit_id"] == unit]
        series = []
        root = next((r for r in family if r["is_total"]), None)

        def points(rows: list[Row]) -> list[Row]:
            return [{"period": r["period"], "mean": None if r["suppressed"] else r["mean"],
                     "sd": None if r["suppressed"] else r["sd"], "n": r["n"]} for r in rows]
        name = self.unit_name(unit)
        if any(not r["suppressed"] for r in mine):
            series.append((name, points(mine), bool(mine and mine[0]["is_total"])))
        if root is not None and root["unit_id"] != unit:
            tot = [r for r in family if r["is_total"]]
            if any(not r["suppressed"] for r in tot):
                series.append((self.unit_name(root["unit_id"]), points(tot), True))
        self.trend_text.value = head + (
            f'<p class="bms-muted">{markup.esc(T.TREND_LEAD.format(unit=name))}</p>')
        if series:
            # When the chosen group is hidden, the figure carries only the municipality.
            shown = " / ".join(n for n, _, _ in series)
            self.trend_chart.show(charts.trend_figure(
                figure_id=f"utvikling|{self.sid}|{st['dimensjon']}|{st.get('sporsmal') or ''}|"
                          f"{shown}",
                title=T.CHART_TREND.format(unit=shown),
                description=T.CHART_TREND_DESC.format(unit=shown), series=series,
                periods=periods, labels=labels, scale=self.scale(self.questions_in_scope()),
                decimals=dec))
        else:
            self.trend_chart.show(None)
        rows, attrs = [], []
        for r in sorted(mine, key=lambda r: _period_key(r["period"])):
            if r["suppressed"]:
                cells = [markup.esc(labels[r["period"]]), _hidden_cell(r["note"]), "", "", ""]
            else:
                notes = []
                if r.get("spread_grew"):
                    notes.append(f'<span class="bms-flag">{markup.esc(T.SPREAD_FLAG)}</span>')
                if r.get("note"):
                    notes.append(markup.esc(_cap(r["note"])))
                cells = [markup.esc(labels[r["period"]]),
                         markup.esc(formatting.number(r["mean"], dec)), markup.esc(_int(r["n"])),
                         markup.esc(formatting.number(r["sd"], 2)), "<br>".join(notes)]
            rows.append(cells)
            attrs.append(f' data-period="{markup.esc(r["period"])}"')
        self.trend_table.value = markup.table(
            [T.COL_PERIOD, T.COL_MEAN, T.COL_N, T.COL_SD, T.COL_NOTE], rows, numeric=[1, 2, 3],
            row_attrs=attrs, cls="bms-table bms-survey-trend",
            caption=f"{self.item_name()} – {name}")


# ---------------------------------------------------------------------------------------------
def indicator_links(ctx: Context, indicator_id: str, period: str | None = None,
                    **carried: Any) -> list[tuple[str, str]]:
    """(href, survey name) for each survey dimension that feeds ``indicator_id``: one click from
    an indicator to the answer distribution behind it. Empty when no survey feeds it."""
    try:
        data = SurveyData(ctx)
        links = []
        for m in data.indicator_map():
            if m["indicator_id"] != indicator_id:
                continue
            survey = data.survey(m["survey_id"]) or {}
            params = {**carried, "undersokelse": m["survey_id"],
                      "dimensjon": m["dimension_id"]}
            if period and period in (survey.get("periods") or []):
                params["periode"] = period
            links.append((markup.url(PAGE, **params), str(survey.get("name") or "")))
        return links
    except Exception as exc:  # a store without survey tables: no link, never an error
        log.info("no survey links for %s: %s", indicator_id, exc)
        return []


def indicator_link_html(ctx: Context, indicator_id: str, period: str | None = None,
                        **carried: Any) -> str:
    """«Se svarfordelingen bak tallet» link(s) for an indicator fed by a survey, or ""."""
    links = indicator_links(ctx, indicator_id, period, **carried)
    if not links:
        return ""
    label = T.LINK_FROM_INDICATOR
    parts = [markup.link(href, label if len(links) == 1 else f"{label} ({name})",
                         cls="bms-survey-link") for href, name in links]
    return '<br><span class="bms-survey-links">' + "<br>".join(parts) + "</span>"


__all__ = ["indicator_link_html", "indicator_links", "prepare", "undersokelser"]
