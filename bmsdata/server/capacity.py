"""How many kernels the server may run at once, and the page shown when it is full.

A kernel holds about 200 MB (the dashboards' pandas/DuckDB working set). Without a cap, ten
anonymous page loads took 1.85 GiB and a busy morning would push the server into swap. The cap
counts every live kernel, preheated pool kernels included; a page that would need one more gets
:func:`full_page` with HTTP 503 and ``Retry-After`` instead, and no kernel is started.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping

#: Environment variable for the cap (``bms serve --max-kernels`` wins over it).
ENV = "BMS_MAX_KERNELS"
#: Memory budgeted per kernel when the cap is derived from the machine.
KERNEL_MB = 250
#: Never fewer than this by default: the two preheated pools plus one page.
MIN_DEFAULT = 3
#: Seconds a refused browser is told to wait (``Retry-After``).
RETRY_AFTER = 30


def available_mb() -> int | None:
    """Memory the kernels can use now (``MemAvailable``), in MB; None where it is unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
    except (ValueError, OSError, AttributeError):
        return None


def default_max_kernels(mb: int | None = None) -> int:
    """Available memory / 250 MB, at least 3; 8 when the memory cannot be read."""
    mb = available_mb() if mb is None else mb
    if mb is None:
        return 8
    return max(MIN_DEFAULT, mb // KERNEL_MB)


def resolve_max_kernels(option: int | None = None,
                        env: Mapping[str, str] | None = None) -> int:
    """The cap: ``--max-kernels``, else ``BMS_MAX_KERNELS``, else :func:`default_max_kernels`.

    Raises ValueError with a Norwegian sentence for a value that is not a whole number ≥ 1, so
    ``bms serve`` stops before Voila starts instead of serving without a cap.
    """
    env = os.environ if env is None else env
    if option is not None:
        if option < 1:
            raise ValueError(f"--max-kernels må være et helt tall større enn 0 (fikk {option}).")
        return option
    raw = env.get(ENV, "").strip()
    if not raw:
        return default_max_kernels()
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"{ENV} må være et helt tall større enn 0 (fikk «{raw}»). "
                         f"Rett verdien, eller fjern den for å bruke standarden.")
    return value


def full_page(municipality: str, base_url: str = "/") -> str:
    """The «Serveren er full» page: the bms look (bms.css, top bar), no script, no kernel."""
    name = html.escape(municipality or "Kommunen")
    css = html.escape(f"{base_url}voila/templates/bms/static/bms.css")
    return f"""<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Serveren er full – {name}</title>
<link rel="icon" href="data:;base64,=">
<link rel="stylesheet" href="{css}">
</head>
<body class="bms">
<header class="bms-topbar" role="banner">
  <span class="bms-topbar-name">{name}</span>
  <span class="bms-topbar-app">Balansert målstyring</span>
</header>
<main id="bms-main" class="bms-page bms-full" role="main">
  <h1>Serveren er full – prøv igjen om litt</h1>
  <p>Akkurat nå ser mange på dashboardene samtidig, og serveren har ikke plass til én side til.
  Vent et halvt minutt og last siden på nytt.</p>
  <p>Skjer dette ofte, kan den som drifter serveren gi den mer minne eller øke grensen
  (<code>bms serve --max-kernels</code> eller <code>{ENV}</code>).</p>
</main>
</body>
</html>
"""
