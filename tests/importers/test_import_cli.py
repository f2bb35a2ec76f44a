"""`bms import` as an analyst runs it: a bad file gives Norwegian sentences, no traceback, and
an untouched store."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad_imports"


def bms(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bmsdata.cli", "--store", str(store), *args],
                          capture_output=True, text=True, timeout=120)


def fingerprint(store: Path) -> tuple[str, int, list[str]]:
    return (hashlib.sha256(store.read_bytes()).hexdigest(), os.stat(store).st_mtime_ns,
            sorted(os.listdir(store.parent)))


def test_bad_import_exits_non_zero_with_norwegian_errors_and_leaves_the_store(demo_store):
    before = fingerprint(demo_store)
    result = bms(demo_store, "import", "measurements", str(BAD / "mange_feil.csv"))
    assert result.returncode == 2
    err = result.stderr
    assert "Traceback" not in err
    assert "Importen ble stoppet: 7 feil funnet. Ingenting er lastet inn" in err
    assert "mange_feil.csv, rad 4, kolonne «verdi»: «fire» er ikke et tall" in err
    assert "mange_feil.csv, rad 2, kolonne «indikator_id»: Ukjent indikator «ADM-SYKEFRAVÆR»" in err
    # The person reads Norwegian only; the English version is for the log at --debug.
    assert "import rejected" not in err
    assert result.stdout == ""
    assert fingerprint(demo_store) == before


def test_unreadable_file_is_a_sentence_too(demo_store):
    before = fingerprint(demo_store)
    result = bms(demo_store, "import", "measurements", str(BAD / "skadet.xlsx"),
                 str(BAD / "tom.csv"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "skadet.xlsx: Excel-filen kan ikke åpnes" in result.stderr
    assert "tom.csv: Filen er tom" in result.stderr
    assert fingerprint(demo_store) == before


def test_missing_file_is_reported_and_nothing_is_loaded(demo_store, tmp_path):
    good = tmp_path / "ok.csv"
    good.write_text("indikator_id;enhet_id;periode;verdi\nADM-SYKEFRAVAER;BHG-GAR;2026T3;5\n",
                    encoding="utf-8")
    before = fingerprint(demo_store)
    result = bms(demo_store, "import", "measurements", str(good), str(tmp_path / "finnes.csv"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Finner ikke filen" in result.stderr
    assert fingerprint(demo_store) == before
