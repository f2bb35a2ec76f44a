"""ipywidgets components the dashboard notebooks assemble.

A notebook's first cell calls :func:`prepare` (open the store, compute the default view — a
preheated kernel does this before the request), its ``parameters`` cell holds the defaults, and
its last cell calls one page function with :func:`bmsdata.params.read`'s result::

    from bmsdata import params, ui
    ctx = ui.prepare("fokusomrade")
    ...
    ui.fokusomrade(ctx, params.read(fokus=fokus, periode=periode, organ=organ))

Each page function returns a view that displays itself; errors become Norwegian messages.
"""

from bmsdata.ui.arshjul import arshjul
from bmsdata.ui.enhet import enhet
from bmsdata.ui.fokusomrade import fokusomrade
from bmsdata.ui.oversikt import oversikt
from bmsdata.views.context import Context, prepare

__all__ = ["Context", "arshjul", "enhet", "fokusomrade", "oversikt", "prepare"]
