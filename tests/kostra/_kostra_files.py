"""Paths and the mapping file used by the KOSTRA tests."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "kostra"
MAPPING_HEADER = ["tabell", "statistikkvariabel", "indikator_id", "filter", "egen_måling"]
MAPPING = [["12134", "KOSgrunnskolepoe0000", "IND-GRUNNSKOLE", "", "ja"],
           ["12063", "KOSandelkulturs0000", "IND-KULTURSKOLE", "KOKalder0000=006-015", "nei"],
           ["12294", "KOSlekkasjeandel0000", "IND-LEKKASJE", "", "ja"]]
