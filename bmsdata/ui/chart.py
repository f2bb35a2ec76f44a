"""The chart widget: an ``ipywidgets.HTML`` that carries a figure from :mod:`bmsdata.views.chart`
as JSON; the template's ``bms.js`` draws it with plotly.js and a table of the same numbers
follows it, so the chart is never the only way to read them."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from bmsdata.ui import text
from bmsdata.views import markup


class Chart:
    """An HTML widget that carries a figure; ``bms.js`` draws it."""

    def __init__(self) -> None:
        self.widget = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.widget.add_class("bms-chart")
        self.figure: dict[str, Any] | None = None

    def show(self, figure: dict[str, Any] | None, table_html: str = "",
             empty_text: str = "") -> None:
        self.figure = figure
        if figure is None:
            self.widget.value = f'<p class="bms-muted">{markup.esc(empty_text)}</p>'
            return
        self.widget.value = (
            f'<script type="application/json" class="bms-figure">'
            f"{markup.json_for_script(figure)}</script>"
            f'<noscript>{markup.esc(text.CHART_FALLBACK)}</noscript>'
            f'<details class="bms-data"><summary>{markup.esc(text.CHART_DATA)}</summary>'
            f"{table_html}</details>"
        )
