"""Helpers for the report tests: the fixture data, Chromium or skip, and reading PDFs the way
a person does (poppler's pdftotext and pdfinfo)."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

from bmsdata.reports.printing import ReportError, chromium_path

PAYLOAD = "<script>alert(1)</script>"
#: An indicator imported with a target but no measurement, so its status must be «Mangler».
NEW_INDICATOR = "ADM-LEDERUTVIKLING"
NEW_INDICATOR_NAME = "Andel ledere med lederutvikling"
TARGET_UNIT = "BHG-GAR"
FOCUS_AREA = "adm.organisasjon_medarbeidere"

SCORECARD_CSV = (
    "målekart_id;målekart;type;fokusområde;mål;suksessfaktor;indikator_id;indikator;måleenhet;"
    "retning;målemetode;kilde;frekvens;skala_min;skala_maks;desimaler\n"
    "adm;Administrativt målekart;administrativ;Organisasjon/medarbeidere;"
    "Kompetente og engasjerte medarbeidere;God ledelse;"
    f"{NEW_INDICATOR};{NEW_INDICATOR_NAME};%;høyere er bedre;HR-system;HR;år;0;100;0\n"
)
TARGETS_CSV = (
    "indikator_id;enhet_id;målverdi;grenseverdi;ambisjonsnivå;referanse;gyldig_fra;gyldig_til;"
    "vedtak\n"
    f"{NEW_INDICATOR};;;;90–70;;2021;;K-sak 1/2026\n"
    f"{NEW_INDICATOR};{TARGET_UNIT};;;100–80;;2021;;Virksomhetsplan 2026\n"
)


def require_chromium() -> None:
    try:
        chromium_path()
    except ReportError as exc:
        import requires

        requires.missing("Chromium", exc.english)


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader's copy-paste would give it, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return " ".join(out.split())


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


class Page(HTMLParser):
    """What a browser would build from the HTML, as far as the tests need it: the visible text,
    each ``<script>``'s type and content, and every element's attributes. Raises on markup that
    does not nest."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.scripts: list[tuple[str, str]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._text: list[str] = []
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed elements: {self.stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs).get("type") or "text/javascript", ""))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            kind, body = self.scripts[-1]
            self.scripts[-1] = (kind, body + data)
        elif not (self.stack and self.stack[-1] == "style"):
            self._text.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self._text).split())

    def live_scripts_containing(self, needle: str) -> list[str]:
        """Scripts a browser would run that contain ``needle``."""
        return [body for kind, body in self.scripts
                if kind in ("text/javascript", "module") and needle in body]

    def with_attr(self, name: str, value: str | None = None) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if name in a and (value is None or a[name] == value)]
