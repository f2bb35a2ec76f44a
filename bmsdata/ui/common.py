"""What every view does first: check the parameters against the store, build the page frame.

Each view function takes the :class:`Context` from :func:`bmsdata.ui.prepare` (or the
exception it returned) and the :class:`bmsdata.params.Parameters` from
:func:`bmsdata.params.read`, and returns a :class:`View` that displays itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bmsdata import params, store
from bmsdata.scorecard.status import STATUS_ORDER, Status
from bmsdata.ui import text
from bmsdata.ui.page import Page, error_html, html_widget, log
from bmsdata.views import markup
from bmsdata.views.context import AUDIENCES, DEFAULT_AUDIENCE, Audience, Context


class View:
    """A rendered dashboard. Displaying it (last line of a cell) shows the page."""

    def __init__(self, page: Page | None, fallback_html: str = "") -> None:
        self.page = page
        self.fallback = None if page is not None else html_widget(fallback_html, "bms-page")

    @property
    def widget(self) -> Any:
        return self.page.root if self.page is not None else self.fallback

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def period_rule(ctx: Context) -> params.Rule:
    return params.Rule(text.PARAM_WHAT["periode"],
                  params.choices((p["period"], p["label"]) for p in ctx.periods),
                  fallback=ctx.latest_period, normalise=_normalise_period)


def _normalise_period(value: str) -> str:
    from bmsdata.scorecard.periods import Period, PeriodError

    try:
        return str(Period.parse(value))
    except PeriodError:
        return value


def audience_rule() -> params.Rule:
    return params.Rule(text.PARAM_WHAT["organ"], params.choices(text.AUDIENCES.items()),
                  fallback=DEFAULT_AUDIENCE, normalise=str.lower)


def view_rule() -> params.Rule:
    return params.Rule(text.PARAM_WHAT["visning"], params.choices(text.VIEWS.items()),
                  fallback="standard", normalise=str.lower)


def problem_links(problem: params.Problem, href: Callable[[str], str],
                  limit: int = 40) -> list[tuple[str, str]]:
    return [(href(c.value), c.label) for c in problem.choices[:limit]]


def start(page_name: str, ctx: Context | BaseException, parameters: params.Parameters,
          rules: Mapping[str, params.Rule] | Callable[[Context], Mapping[str, params.Rule]],
          ) -> tuple[Page | None, dict[str, Any], list[params.Problem], View | None]:
    """Check parameters and make the page frame. Returns (page, values, problems, early view).

    ``early view`` is set when nothing more can be shown (no store): the caller returns it.
    """
    if isinstance(ctx, store.StoreError):
        return None, {}, [], View(None, markup.message(text.STORE_ERROR.format(message=ctx)))
    if isinstance(ctx, BaseException):
        return None, {}, [], View(None, error_html(ctx))
    ctx.fresh()
    all_rules = {"periode": period_rule(ctx), "organ": audience_rule(), "visning": view_rule()}
    all_rules.update(rules(ctx) if callable(rules) else rules)
    all_rules = {k: v for k, v in all_rules.items() if k in parameters.values}
    values, problems = params.check(parameters, all_rules)
    page = Page(page_name, ctx, dict(values))
    return page, values, problems, None


def audience(values: Mapping[str, Any]) -> Audience:
    return AUDIENCES.get(values.get("organ") or DEFAULT_AUDIENCE, AUDIENCES[DEFAULT_AUDIENCE])


def notices(page: Page, problems: list[params.Problem], page_name: str) -> str:
    """Message boxes for non-blocking problems (bad period etc.), with links to valid values."""
    out = []
    for pr in problems:
        if pr.blocking:
            continue

        def href(value: str, name: str = pr.name) -> str:
            return page.url(page_name, **{**_own(page), name: value})
        out.append(markup.message(pr.message, problem_links(pr, href, 12), notice=True))
    return "".join(out)


def _own(page: Page) -> dict[str, Any]:
    return {k: v for k, v in page.state.items() if v not in (None, "")}


def blocking_view(page: Page, problem: params.Problem, page_name: str, title: str) -> View:
    """The page for an unknown focus area or unit: a Norwegian message listing valid choices."""
    page.title = title
    page.lead = ""
    state = dict(page.state)
    state.pop(problem.name, None)
    page.state = state

    def href(value: str) -> str:
        return page.url(page_name, **{problem.name: value})
    page.render_header()
    page.show_messages(markup.message(problem.message, problem_links(problem, href, 200)))
    return View(page)


def run(make: Callable[[], View]) -> View:
    """Build a view; any unexpected error becomes a Norwegian message (logged for operators)."""
    try:
        return make()
    except Exception as exc:
        log.error("could not build dashboard", exc_info=exc)
        return View(None, error_html())


def counts(rows: list[dict[str, Any]]) -> dict[Status, int]:
    found = {s: 0 for s in STATUS_ORDER}
    for r in rows:
        found[Status(r["status"])] += 1
    return found


def status_per(ctx: Context, period: str) -> str:
    return text.STATUS_PER.format(period=ctx.period_label(period))
