"""An XLSX is a zip of XML: a few hundred kB can unpack to gigabytes. `bms import` refuses such a
file from the zip's directory, before parsing a byte of it, in a Norwegian sentence naming the
file; and a big legal workbook is streamed, so the import stays under 300 MB of memory.

The workbooks are written here, their sheet XML streamed into the zip row by row, so nothing
big is ever held in memory or written unpacked to disk. Each import runs as ``bms`` in its own
process, whose peak memory (VmHWM) is read from ``/proc`` as it exits.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from bmsdata.importers import ImportValidationError, import_files

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        "</Types>",
    "_rels/.rels":
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
    "xl/workbook.xml":
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        '<sheets><sheet name="resultater" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
}

HEADER = ["indikator_id", "enhet_id", "periode", "verdi"]
#: The demo municipality's indicators and units (their scales all hold the values written).
INDICATORS = ["ADM-SVARPROSENT", "ADM-LEDELSE", "ADM-SYKEFRAVAER", "ADM-LAERING",
              "POL-BYGGESAK", "POL-INFORMERT", "ADM-BRUKERTILFREDSHET", "ADM-ORGANISERING",
              "POL-BOSTED", "POL-BARNEHAGELAERERE", "POL-NETTO-DRIFTSRESULTAT",
              "ADM-BUDSJETTAVVIK", "ADM-BRUKERMEDVIRKNING", "POL-BEFOLKNINGSVEKST",
              "POL-GRUNNSKOLEPOENG", "POL-LEDIGHET", "POL-KULTURSKOLE", "ADM-INFORMASJON",
              "ADM-TRIVSEL", "POL-VANNLEKKASJE"]
UNITS = ["SKO-NOR", "SKO-VES", "SKO-UNG", "HO-HEL", "TE-VEI", "AD-OKO", "BHG-GAR", "BHG-SOL",
         "BHG-ASE", "HO-SYK", "HO-SOL", "KU-BIB", "KU-FRI", "AD-SER", "SKO-SEN", "HO-HJE",
         "KU-KSK", "TE-VAR", "TE-EIE", "AD-STA", "BHG-FJE", "HO-HJN", "HO-HJS", "AD-HR"]
#: Years 1950–2049 with their tertials, quarters and months: enough distinct periods that no
#: (indicator, unit, period) repeats in a big file.
PERIODS = [f"{y}{s}" for y in range(1950, 2050)
           for s in ["", "T1", "T2", "T3", "K1", "K2", "K3", "K4"]
           + [f"M{m:02d}" for m in range(1, 13)]]
STRINGS = HEADER + INDICATORS + UNITS + PERIODS

#: Runs ``bms`` (its ``main``) and prints the process's peak memory on its last stderr line.
BMS_WITH_PEAK = """
import json, sys
from bmsdata.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status", encoding="ascii") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
print(json.dumps({"peak_mb": int(hwm.split()[1]) / 1024}), file=sys.stderr)
sys.exit(code)
"""
PEAK_LIMIT_MB = 300


def write_xlsx(path: Path, rows: Iterator[bytes], *, strings: list[str] = STRINGS) -> int:
    """A workbook with one sheet «resultater» whose rows (XML) are streamed into the zip; the
    first row is the header. Returns the sheet's unpacked size in bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/sharedStrings.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
                   + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
        head = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
                '<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>'
                                        for i, c in enumerate("ABCD")) + "</row>").encode()
        size = 0
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            buffer = bytearray(head)
            for row in rows:
                buffer += row
                if len(buffer) >= 1 << 20:
                    sheet.write(buffer)
                    size += len(buffer)
                    buffer.clear()
            buffer += b"</sheetData></worksheet>"
            sheet.write(buffer)
            size += len(buffer)
    return size


def legal_rows(unpacked_bytes: int) -> Iterator[bytes]:
    """Distinct, valid measurements (as Excel writes them: every row and cell numbered) until
    the sheet holds about ``unpacked_bytes``."""
    size, n = 0, 2
    first_unit, first_period = 4 + len(INDICATORS), 4 + len(INDICATORS) + len(UNITS)
    for p in range(len(PERIODS)):
        for u in range(len(UNITS)):
            for i in range(len(INDICATORS)):
                row = (f'<row r="{n}"><c r="A{n}" t="s"><v>{4 + i}</v></c>'
                       f'<c r="B{n}" t="s"><v>{first_unit + u}</v></c>'
                       f'<c r="C{n}" t="s"><v>{first_period + p}</v></c>'
                       f'<c r="D{n}"><v>{2 + (n % 7) / 2}</v></c></row>').encode()
                size += len(row)
                n += 1
                yield row
                if size >= unpacked_bytes:
                    return


def repeated_rows(unpacked_bytes: int) -> Iterator[bytes]:
    """One measurement over and over, without row numbers: packs about 1000 to 1."""
    row = (b'<row><c t="s"><v>4</v></c><c t="s"><v>24</v></c><c t="s"><v>48</v></c>'
           b"<c><v>2.5</v></c></row>")
    block = row * (1_000_000 // len(row))
    for _ in range(unpacked_bytes // len(block) + 1):
        yield block


def bms_import(store: Path, file: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BMS_MAX_IMPORT", "BMS_MAX_XLSX"))}
    done = subprocess.run(
        [sys.executable, "-c", BMS_WITH_PEAK, "--store", str(store), "import", "measurements",
         str(file)], capture_output=True, text=True, env=env, timeout=900)
    peak = json.loads(done.stderr.strip().splitlines()[-1])["peak_mb"]
    return done, peak


def fingerprint(store: Path) -> str:
    return hashlib.sha256(store.read_bytes()).hexdigest()


def test_an_xlsx_bomb_is_refused_unparsed_in_little_memory(demo_store: Path, tmp_path: Path):
    bomb = tmp_path / "resultater_bombe.xlsx"
    unpacked = write_xlsx(bomb, repeated_rows(160_000_000))
    assert unpacked > 160_000_000 and bomb.stat().st_size < 1_000_000
    before = fingerprint(demo_store)
    done, peak = bms_import(demo_store, bomb)
    print(f"\n{bomb.name}: {bomb.stat().st_size / 1e6:.2f} MB packed, {unpacked / 1e6:.0f} MB "
          f"unpacked, refused={done.returncode == 2}, peak {peak:.0f} MB")
    assert done.returncode == 2, done.stderr
    assert (f"{bomb.name}: Filen pakker seg ut til {unpacked / 1e6:.0f} MB; største utpakkede "
            "Excel-fil som kan importeres er 10 MB. Lagre arket som CSV") in done.stderr
    assert "Ingenting er lastet inn" in done.stderr and "Traceback" not in done.stderr
    assert fingerprint(demo_store) == before
    assert peak <= PEAK_LIMIT_MB


def test_a_part_packed_like_a_bomb_is_refused_though_small(demo_store: Path, tmp_path: Path):
    """Under the size limit, but one part packs 1000 to 1: no workbook Excel writes does."""
    dense = tmp_path / "tett.xlsx"
    write_xlsx(dense, repeated_rows(5_000_000))
    before = fingerprint(demo_store)
    with pytest.raises(ImportValidationError) as caught:
        import_files({"measurements": [dense]}, demo_store)
    (issue,) = caught.value.issues
    assert issue.file == "tett.xlsx" and issue.row is None
    assert "Filen er pakket uvanlig tett: delen xl/worksheets/sheet1.xml" in issue.message
    assert "lagre arket som CSV" in issue.message
    assert fingerprint(demo_store) == before


def test_a_zip_of_thousands_of_parts_is_refused(demo_store: Path, tmp_path: Path):
    many = tmp_path / "mange_deler.xlsx"
    write_xlsx(many, legal_rows(1000))
    with zipfile.ZipFile(many, "a") as z:
        for i in range(10_001):
            z.writestr(f"xl/media/bilde{i}.xml", "<x/>")
    before = fingerprint(demo_store)
    with pytest.raises(ImportValidationError) as caught:
        import_files({"measurements": [many]}, demo_store)
    (issue,) = caught.value.issues
    assert issue.file == "mange_deler.xlsx"
    assert "Filen består av 10" in issue.message and "Lagre arket som CSV" in issue.message
    assert fingerprint(demo_store) == before


def test_a_big_legal_workbook_just_under_the_limits_imports_in_300_mb(demo_store: Path,
                                                                      tmp_path: Path):
    big = tmp_path / "resultater_stor.xlsx"
    unpacked = write_xlsx(big, legal_rows(9_800_000))
    rows = sum(1 for _ in legal_rows(9_800_000))
    assert 9_700_000 < unpacked < 10_000_000
    done, peak = bms_import(demo_store, big)
    print(f"\n{big.name}: {big.stat().st_size / 1e6:.2f} MB packed, {unpacked / 1e6:.1f} MB "
          f"unpacked, {rows} rows, peak {peak:.0f} MB")
    assert done.returncode == 0, done.stderr
    assert f"Importert {rows} rader fra 1 fil(er)" in done.stdout
    assert peak <= PEAK_LIMIT_MB
