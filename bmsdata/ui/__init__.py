"""The dashboard pages, one per notebook, and the one way a notebook starts a page.

Every notebook in ``dashboards/`` reads the same three steps: its first cell calls
:func:`prepare` (open the store, and the journal for the loop pages; compute the default view —
a preheated kernel does this before the request), its ``parameters`` cell holds the defaults,
and the next cell calls the page function named like the notebook with
:func:`bmsdata.params.read`'s result::

    from bmsdata import params, ui
    ctx = ui.prepare("fokusomrade")
    ...
    ui.fokusomrade(ctx, params.read(fokus=fokus, periode=periode, organ=organ))

Each page function returns a view (or widget) that displays itself; errors become Norwegian
messages. The page's code lives in ``bmsdata/ui/<notebook name>.py`` or
``bmsdata/ui/<notebook name>/``.
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from bmsdata.params import Parameters
from bmsdata.ui.arshjul import arshjul
from bmsdata.ui.enhet import enhet
from bmsdata.ui.fokusomrade import fokusomrade
from bmsdata.ui.lysbilder.slides import SlideShow, load
from bmsdata.ui.oversikt import oversikt
from bmsdata.ui.presentasjon.page import page as presentasjon_page
from bmsdata.ui.resultatsloyfe.view import Session, open_session
from bmsdata.ui.resultatsloyfe.view import page as resultatsloyfe_page
from bmsdata.ui.undersokelser.page import prepare as prepare_surveys
from bmsdata.ui.undersokelser.page import undersokelser
from bmsdata.views.context import Context
from bmsdata.views.context import prepare as prepare_scorecard

#: Pages that read and write the loop journal: their first cell opens a :class:`Session`.
LOOP_PAGES = ("resultatsloyfe", "presentasjon", "lysbilder")


def prepare(page: str, store_file: str | os.PathLike[str] | None = None,
            ) -> Context | Session | Exception:
    """The first cell of the notebook ``page``: the heavy work, before the request arrives.

    The scorecard pages get a :class:`Context` (or the exception to show in Norwegian), the
    survey page warms its default survey too, and the loop pages get a :class:`Session` on the
    store and the journal (``BMS_STORE``, ``BMS_JOURNAL``).
    """
    if page in LOOP_PAGES:
        return open_session(store_file)
    if page == "undersokelser":
        return prepare_surveys(store_file)
    return prepare_scorecard(page, store_file)


def resultatsloyfe(session: Session, parameters: Parameters) -> widgets.Widget:
    """resultatsloyfe.ipynb: the loop in ``?loop=``, or the list of loops and a form for one."""
    return resultatsloyfe_page(session, parameters)


def presentasjon(session: Session, parameters: Parameters) -> widgets.Widget:
    """presentasjon.ipynb: the meeting deck builder for the loop in ``?loyfe=``."""
    return presentasjon_page(session, parameters)


def lysbilder(session: Session, parameters: Parameters) -> SlideShow:
    """lysbilder.ipynb: the saved deck of the loop in ``?loyfe=``; each later cell shows slides."""
    return load(session, parameters)


__all__ = ["LOOP_PAGES", "Context", "Session", "arshjul", "enhet", "fokusomrade", "lysbilder",
           "oversikt", "prepare", "presentasjon", "resultatsloyfe", "undersokelser"]
