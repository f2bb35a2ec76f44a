"""Helpers for the snapshot tests: run ``bms snapshot``, read an archive copy as a person would.

``conftest.py`` turns the runs into fixtures; test modules import the readers directly
(``from archivekit import parse, status_words``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import lxml.html

REPO = Path(__file__).resolve().parents[2]
BMS = Path(sys.executable).with_name("bms")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # No host resolves: even a request that slipped past the offline context goes nowhere.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
#: Tags whose end tag HTML lets a writer leave out (we never do, but the parser allows it).
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "option"}


@dataclass
class Run:
    """One ``bms snapshot`` run: exit code, what it printed, and the file (if any)."""

    code: int
    stdout: str
    stderr: str
    out: Path

    @property
    def html(self) -> str:
        return self.out.read_text(encoding="utf-8")


def run_cli(store: Path, notebook: str, params: dict[str, str], out: Path,
            cwd: Path = REPO) -> Run:
    """``bms --store STORE snapshot NOTEBOOK --param k=v … --out OUT`` as a subprocess."""
    cmd = [str(BMS), "--store", str(store), "snapshot", notebook, "--out", str(out)]
    for k, v in params.items():
        cmd += ["--param", f"{k}={v}"]
    env = {k: v for k, v in os.environ.items() if k != "BMS_STORE"}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return Run(proc.returncode, proc.stdout, proc.stderr, out)


# ---------------------------------------------------------------------------------------------
class _Balance(HTMLParser):
    """Every element that is opened is closed, in order (what a strict reader needs)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack and self.stack[-1] != tag and self.stack[-1] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            return
        self.stack.pop()


def balance_problems(text: str) -> list[str]:
    parser = _Balance()
    parser.feed(text)
    parser.close()
    left = [t for t in parser.stack if t not in OPTIONAL_END]
    return parser.problems + ([f"never closed: {left}"] if left else [])


def parse(text: str) -> Any:
    return lxml.html.document_fromstring(text)


def has_class(cls: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {cls} ")'


def status_words(doc: Any) -> dict[str, set[str]]:
    """indicator_id → the status words shown next to it (``data-indicator`` elements)."""
    found: dict[str, set[str]] = {}
    for el in doc.xpath("//*[@data-indicator]"):
        words = {w.strip() for w in el.xpath(f'.//*[{has_class("bms-status-word")}]//text()')}
        found.setdefault(el.get("data-indicator"), set()).update(w for w in words if w)
    return found


def visible_text(doc: Any) -> str:
    main = doc.xpath("//main")[0]
    for bad in main.xpath(".//script | .//style"):
        bad.drop_tree()
    return " ".join(main.text_content().split())


_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//|^\s*(?:https?|ftp|wss?):", re.I)


def external_resources(doc: Any, text: str) -> list[str]:
    """Anything the browser would fetch from outside the file (links to click are not)."""
    found = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "href", "data", "poster", "srcset", "action", "xlink:href"):
            value = el.get(attr)
            if value is None or (el.tag == "a" and attr == "href"):
                continue
            if el.tag == "script" and attr == "src":
                found.append(f"<script src={value}>")
            elif el.tag == "link" or _EXTERNAL.match(value):
                found.append(f"<{el.tag} {attr}={value}>")
    for css in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S | re.I):
        found += re.findall(r"@import[^;]*|url\(\s*['\"]?\s*(?:https?:)?//[^)]*\)", css)
    return found


def chromium_or_skip() -> None:
    """Debian's Chromium or the one rule of ``tests/requires.py``: fail under CI, else skip."""
    import requires

    requires.require_chromium(CHROMIUM)
