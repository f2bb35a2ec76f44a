"""``bms serve``'s own Voila: the same dashboards, hardened for a shared council server.

:mod:`bmsdata.server.app` starts :class:`voila.app.Voila` with four changes, each answering
something seen when the server was tried as an attacker would (issue #11):

* :mod:`~bmsdata.server.query` — a preheated kernel's request info travels on a socket only
  the kernel can open, one per kernel, so ``/voila/query/<id>`` can no longer unhook another
  viewer's kernel;
* :mod:`~bmsdata.server.capacity` — a cap on live kernels, with a calm Norwegian «Serveren er
  full» page (503) instead of swapping;
* XSRF checks stay on, and the page handler sets the ``_xsrf`` cookie that Voila's
  "shut down my kernel" beacon needs;
* :mod:`~bmsdata.server.kernel_hook` — an IPython extension every kernel loads, so a failing
  widget callback or a malformed comm message is logged on the server and never reaches the
  browser as a traceback.
"""
