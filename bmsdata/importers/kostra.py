"""KOSTRA key figures from SSB (JSON-stat 2.0) as reference series and measurements.

A **mapping file** (CSV/XLSX, kind ``kostra_mapping``) ties a table and a statistikkvariabel to
an indicator: columns ``tabell`` (5-digit table number), ``statistikkvariabel``
(ContentsCode), ``indikator_id``, optional ``filter`` (fixes the table's other dimensions:
``KOKfunksjon0000=202;KOKart0000=AG2``) and ``egen_måling`` (ja/nei). Mappings are stored, so
later imports need only the JSON files.

A **JSON-stat file** (kind ``kostra``) is what SSB's API returns with format ``json-stat2``:
dimensions ``KOKkommuneregion0000`` (4-digit kommune numbers, ``EAK``, ``EAKUO``,
``EKG01``–``EKG17``), ``ContentsCode`` and ``Tid`` (years). Every region except the
municipality's own kommune number (meta ``kommune_nr``) becomes a reference series
(``reference_value``); the own number becomes the measurement of the root unit where the
mapping says ``egen_måling = ja``. Null values (SSB's status symbols ``.``, ``..``, ``:``)
are skipped and counted. Content codes without a mapping are reported, not loaded.

:func:`fetch_kostra` downloads a table from SSB's PxWebApi (v0) when the machine is online.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from bmsdata import queries, store
from bmsdata.importers import jsonstat
from bmsdata.importers.columns import Checker, Column, duplicates
from bmsdata.importers.context import Known
from bmsdata.importers.errors import ImportIssue, ImportValidationError
from bmsdata.importers.loader import period_frame
from bmsdata.importers.reading import ReadProblem, read_table
from bmsdata.importers.surveys import SurveyImportReport
from bmsdata.importers.surveys.definition import parse_yes_no
from bmsdata.importers.surveys.load import meta_frame, quiet, write
from bmsdata.importers.values import ValueProblem
from bmsdata.scorecard.periods import Period, PeriodError

log = logging.getLogger(__name__)

KOSTRA_KINDS = {"kostra_mapping": "kostra-kobling", "kostra": "kostra"}
REGION_DIMENSIONS = ("KOKkommuneregion0000", "Region")
CONTENTS, TIME = "ContentsCode", "Tid"
API = "https://data.ssb.no/api/v0/no/table/{table}"
_TABLE = re.compile(r"^\d{5}$")
_KOMMUNE = re.compile(r"^\d{4}$")
_STATUS_NB = {".": "ikke mulig å oppgi", "..": "mangler", "...": "ikke tilgjengelig ennå",
              ":": "skjult av personvernhensyn", "-": "null"}


def parse_table_id(text: str) -> str:
    s = text.strip()
    if not _TABLE.match(s):
        raise ValueProblem(f"«{text}» er ikke et tabellnummer fra SSB. Skriv fem sifre, for "
                           "eksempel 12134.", f"bad table id {text!r}")
    return s


def parse_filter(text: str) -> str:
    """``KOKfunksjon0000 = 202; KOKart0000=AG2`` → canonical ``KOKart0000=AG2;KOKfunksjon…``."""
    pairs = []
    for part in re.split(r"[;&\n]", text):
        if not part.strip():
            continue
        dim, eq, code = part.partition("=")
        if not eq or not dim.strip() or not code.strip():
            raise ValueProblem(f"«{part.strip()}» er ikke et filter. Skriv dimensjon=kode, for "
                               "eksempel KOKfunksjon0000=202; skill flere med semikolon.",
                               f"bad filter {part!r}")
        pairs.append((dim.strip(), code.strip()))
    return ";".join(f"{d}={c}" for d, c in sorted(pairs))


MAPPING_COLUMNS = [
    Column("table_id", "tabell", required=True, value_required=True, parse=parse_table_id,
           aliases=("tabellnummer", "tabell_id")),
    Column("contents_code", "statistikkvariabel", required=True, value_required=True,
           aliases=("contentscode", "innhold")),
    Column("indicator_id", "indikator_id", required=True, value_required=True),
    Column("filter", "filter", parse=parse_filter),
    Column("own_measurement", "egen_måling", parse=parse_yes_no, aliases=("som_maling",)),
]
MAP_COLUMNS = ["table_id", "contents_code", "filter", "indicator_id", "own_measurement"]
REFERENCE_COLUMNS = ["indicator_id", "region", "region_name", "period", "value"]
MEASUREMENT_COLUMNS = ["indicator_id", "unit_id", "period", "value", "n"]


@dataclass
class KostraMap:
    contents_code: str
    filter: dict[str, str]
    indicator_id: str
    own: bool


@dataclass
class _Batch:
    maps: dict[str, list[KostraMap]] = field(default_factory=dict)
    map_frames: list[pd.DataFrame] = field(default_factory=list)
    references: list[pd.DataFrame] = field(default_factory=list)
    measurements: list[pd.DataFrame] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    # indicator → {source: keys}: the same indicator, region and period from two sources
    # (files or content codes) is refused
    cells: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)


def _stored_maps(path: Path) -> list[tuple]:
    if not path.is_file():
        return []
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return queries.rows(con, "kostra_mappings")
    except duckdb.CatalogException:
        return []
    finally:
        con.close()


def _stored_meta(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(queries.rows(con, "meta"))
    except duckdb.CatalogException:
        return {}
    finally:
        con.close()


def _add_map(batch: _Batch, table_id: str, code: str, filt: str, indicator: str,
             own: bool) -> None:
    f = dict(p.split("=", 1) for p in filt.split(";") if p)
    maps = batch.maps.setdefault(table_id, [])
    maps[:] = [m for m in maps if not (m.contents_code == code and m.filter == f)]
    maps.append(KostraMap(code, f, indicator, own))


def _validate_mapping(path: Path, known: Known, batch: _Batch) -> None:
    try:
        table = read_table(path, sheet_hint=KOSTRA_KINDS["kostra_mapping"])
    except ReadProblem as exc:
        batch.issues.append(exc.issue)
        return
    batch.rows_read += len(table.rows)
    checker = Checker(table, MAPPING_COLUMNS)
    rows = list(checker.rows()) if checker.header_ok else []
    duplicates(rows, lambda r: (r["table_id"], r["contents_code"], r["filter"] or ""), checker,
               "koblingen for samme tabell, statistikkvariabel og filter", "contents_code")
    out = []
    for r in rows:
        ind = r["indicator_id"]
        if ind and ind not in known.indicators:
            checker.problem(r.number, "indicator_id", f"Ukjent indikator «{ind}». Importer "
                            "målekartet først, eller rett indikator_id.", "unknown indicator")
        if all(r[k] for k in ("table_id", "contents_code", "indicator_id")):
            own = bool(r["own_measurement"])
            out.append([r["table_id"], r["contents_code"], r["filter"] or "", ind, own])
            _add_map(batch, r["table_id"], r["contents_code"], r["filter"] or "", ind, own)
    batch.issues.extend(checker.issues)
    batch.map_frames.append(pd.DataFrame(out, columns=MAP_COLUMNS))


def _dataset_issue(file: str, where: str | None, nb: str, en: str) -> ImportIssue:
    return ImportIssue(file, None, where, nb, en)


def _validate_dataset(path: Path, known: Known, batch: _Batch, kommune_nr: str | None,
                      root: str | None) -> None:
    try:
        ds = jsonstat.read(path)
    except jsonstat.JsonStatProblem as exc:
        batch.issues.extend(exc.issues)
        return
    file = ds.file
    batch.rows_read += int(ds.values.size)
    issues: list[ImportIssue] = []
    table_id = ds.table_id or (re.search(r"(?<!\d)(\d{5})(?!\d)", path.stem) or [None])[0]
    if table_id is None:
        issues.append(_dataset_issue(file, "extension", "Finner ikke tabellnummeret (SSB "
                                     "skriver det i «extension.px.tableid» og i «label»). Gi "
                                     "filen tabellnummeret i navnet, for eksempel 12134.json.",
                                     "no table id"))
        batch.issues.extend(issues)
        return
    maps = batch.maps.get(table_id, [])
    region_dim = next((d for d in REGION_DIMENSIONS if d in ds.dimensions), None)
    for needed, nb in ((region_dim, "regiondimensjonen «KOKkommuneregion0000»"),
                       (CONTENTS if CONTENTS in ds.dimensions else None,
                        f"dimensjonen «{CONTENTS}»"),
                       (TIME if TIME in ds.dimensions else None, f"dimensjonen «{TIME}»")):
        if needed is None:
            issues.append(_dataset_issue(file, "id", f"Filen mangler {nb}. Hent tabellen med "
                                         "region, statistikkvariabel og år.",
                                         f"missing dimension ({nb})"))
    if not maps:
        issues.append(_dataset_issue(file, None, f"Tabell {table_id} er ikke koblet til noen "
                                     "indikator. Importer en koblingsfil (kostra_mapping) med "
                                     "tabell, statistikkvariabel og indikator_id.",
                                     f"no mapping for table {table_id}"))
    if issues:
        batch.issues.extend(issues)
        return
    core = {region_dim, CONTENTS, TIME}
    filtered = {d for m in maps for d in m.filter}
    for dim_id in ds.ids:
        if dim_id not in core and dim_id not in filtered:
            issues.append(_dataset_issue(
                file, f"dimension/{dim_id}",
                f"Ukjent dimensjon «{dim_id}» i tabell {table_id}. Lås den til én kode med "
                f"«filter» i koblingsfilen (for eksempel {dim_id}="
                f"{ds.dimensions[dim_id].codes[0]}), eller hent tabellen uten den.",
                f"unknown dimension {dim_id!r}"))
    periods: dict[str, str] = {}
    for code in ds.dimensions[TIME].codes:
        try:
            periods[code] = str(Period.parse(code))
        except PeriodError as exc:
            issues.append(_dataset_issue(file, f"dimension/{TIME}", f"Ugyldig år «{code}» i "
                                         f"«{TIME}»: {exc}", f"bad Tid {code!r}"))
    seen_period: dict[str, str] = {}
    for code, period in periods.items():
        if period in seen_period:
            issues.append(_dataset_issue(
                file, f"dimension/{TIME}",
                f"«{seen_period[period]}» og «{code}» i «{TIME}» er samme periode ({period}). "
                "Hent filen på nytt fra SSB, eller fjern den ene koden.",
                f"Tid codes {seen_period[period]!r} and {code!r} are the same period"))
        seen_period.setdefault(period, code)
    for code in ds.dimensions[region_dim].codes:
        if not code.strip():
            issues.append(_dataset_issue(file, f"dimension/{region_dim}", "En region har "
                                         "tom kode. Hent filen på nytt fra SSB, eller rett "
                                         "koden i filen.", "empty region code"))
    contents = ds.dimensions[CONTENTS]
    mapped_codes = {m.contents_code for m in maps}
    unmapped = [c for c in contents.codes if c not in mapped_codes]
    if unmapped:
        batch.notes.append(f"{file}: statistikkvariablene {', '.join(unmapped)} i tabell "
                           f"{table_id} er ikke koblet til noen indikator og ble ikke lest inn.")
    if not set(contents.codes) & mapped_codes:
        issues.append(_dataset_issue(file, f"dimension/{CONTENTS}", "Ingen av "
                                     f"statistikkvariablene i filen ({', '.join(contents.codes)}) "
                                     f"er koblet til en indikator for tabell {table_id}. Rett "
                                     "koblingsfilen.", "no content code is mapped"))
    for m in maps:
        for dim_id, code in m.filter.items():
            d = ds.dimensions.get(dim_id)
            if d is None or d.position(code) is None:
                issues.append(_dataset_issue(file, f"dimension/{dim_id}",
                                             f"Filteret {dim_id}={code} i koblingen for "
                                             f"{m.contents_code} finnes ikke i filen. Rett "
                                             "filteret.", f"filter {dim_id}={code} not in file"))
        extra = [d for d in ds.ids if d not in core and d not in m.filter]
        if extra and m.contents_code in contents.codes:
            issues.append(_dataset_issue(file, f"dimension/{extra[0]}",
                                         f"Koblingen for {m.contents_code} låser ikke "
                                         f"dimensjonen «{extra[0]}»; skriv den i «filter».",
                                         "mapping leaves a dimension open"))
        if m.own and (not kommune_nr or not root):
            issues.append(_dataset_issue(file, None, "Koblingen sier «egen_måling», men "
                                         "kommunenummeret eller rotenheten er ikke kjent. Oppgi "
                                         "kommunenummeret (kommune_nr) ved importen.",
                                         "own measurement without kommune_nr/root"))
    if issues:
        batch.issues.extend(issues)
        return
    _extract(ds, maps, region_dim, periods, kommune_nr, root, batch)


def _extract(ds: jsonstat.Dataset, maps: list[KostraMap], region_dim: str,
             periods: dict[str, str], kommune_nr: str | None, root: str | None,
             batch: _Batch) -> None:
    """Pull each mapped series out of the cube with numpy: no Python loop per value."""
    axis = {d: i for i, d in enumerate(ds.ids)}
    cube = ds.values.reshape(ds.sizes)
    status = ds.status.reshape(ds.sizes) if ds.status is not None else None
    regions = ds.dimensions[region_dim]
    times = ds.dimensions[TIME]
    missing: dict[str, int] = {}
    for m in maps:
        c = ds.dimensions[CONTENTS].position(m.contents_code)
        if c is None:
            continue
        index: list[object] = [slice(None)] * len(ds.ids)
        index[axis[CONTENTS]] = c
        for dim_id, code in m.filter.items():
            index[axis[dim_id]] = ds.dimensions[dim_id].position(code)
        sub = cube[tuple(index)]
        # With every other axis fixed, the two left are region and Tid in the file's order.
        flip = axis[region_dim] > axis[TIME]
        if flip:
            sub = sub.T
        r_pos, t_pos = np.nonzero(~np.isnan(sub))
        if status is not None:
            st = status[tuple(index)]
            st = st.T if flip else st
            for sym in st[np.isnan(sub)]:
                key = str(sym) if sym is not None else "null"
                missing[key] = missing.get(key, 0) + 1
        else:
            n_null = int(np.isnan(sub).sum())
            if n_null:
                missing["null"] = missing.get("null", 0) + n_null
        frame = pd.DataFrame({
            "indicator_id": m.indicator_id,
            "region": pd.Categorical.from_codes(r_pos, regions.codes),
            # Labels are names, not keys: two regions may share one (Herøy, Våler, …).
            "region_name": np.asarray(regions.labels, dtype=object)[r_pos],
            "period": pd.Categorical.from_codes(t_pos, [periods[t] for t in times.codes]),
            "value": sub[r_pos, t_pos],
        })
        own = frame["region"] == kommune_nr if kommune_nr else np.zeros(len(frame), bool)
        refs = frame[~own].astype({"region": str, "region_name": str, "period": str})
        batch.references.append(refs)
        source = f"{ds.file} ({m.contents_code})"
        batch.cells.setdefault(m.indicator_id, {})[source] = frame[["region", "period"]]
        if m.own and own.any():
            mine = frame[own]
            batch.measurements.append(pd.DataFrame({
                "indicator_id": m.indicator_id, "unit_id": root,
                "period": mine["period"].astype(str).to_numpy(),
                "value": mine["value"].to_numpy(), "n": None}))
    if missing:
        text = ", ".join(f"{n} «{sym}» ({_STATUS_NB.get(sym, 'tom verdi')})"
                         for sym, n in sorted(missing.items()))
        batch.notes.append(f"{ds.file}: {sum(missing.values())} verdier uten tall ble hoppet "
                           f"over: {text}.")


def _conflicts(batch: _Batch) -> None:
    """The same indicator, region and period from two sources is a mistake, not an update."""
    for indicator, sources in batch.cells.items():
        if len(sources) < 2:
            continue
        seen = pd.concat([f.astype(str).assign(_source=name) for name, f in sources.items()],
                         ignore_index=True)
        dup = seen[seen.duplicated(["region", "period"], keep=False)]
        if dup.empty:
            continue
        first = dup.iloc[0]
        names = sorted(set(dup.loc[(dup["region"] == first["region"])
                                   & (dup["period"] == first["period"]), "_source"]))
        batch.issues.append(ImportIssue(
            names[-1].split(" (")[0], None, None,
            f"{indicator} for {first['region']} i {first['period']} kommer fra flere kilder "
            f"({', '.join(names)}). Importer bare én av dem, eller rett koblingen.",
            f"{indicator}/{first['region']}/{first['period']} from several sources"))


def import_kostra(
    batch: Mapping[str, Sequence[str | os.PathLike[str]]],
    store_file: str | os.PathLike[str] | None = None,
    *,
    kommune_nr: str | None = None,
    progress: bool = False,
) -> SurveyImportReport:
    """Import ``{"kostra_mapping": [csv], "kostra": [json, ...]}`` into the store.

    ``kommune_nr`` (4 digits) sets the store's own kommune number (meta ``kommune_nr``); without
    it the stored one is used. Raises :class:`ImportValidationError` listing every problem; the
    store is then untouched. Unmapped content codes and skipped nulls are in ``report.notes``.
    """
    unknown = set(batch) - set(KOSTRA_KINDS)
    if unknown:
        raise ValueError(f"unknown KOSTRA import kinds: {sorted(unknown)}")
    path = store.store_path(store_file)
    known = Known.from_store(path)
    facts = _stored_meta(path)
    b = _Batch()
    if kommune_nr is not None and not _KOMMUNE.match(kommune_nr.strip()):
        raise ImportValidationError([ImportIssue(
            "kommune_nr", None, None, f"«{kommune_nr}» er ikke et kommunenummer. Skriv fire "
            "sifre, for eksempel 3025.", f"bad kommune_nr {kommune_nr!r}")])
    own_nr = (kommune_nr or facts.get("kommune_nr") or "").strip() or None
    roots = [u for u, p in known.units.items() if not p]
    root = facts.get("root_unit") or (roots[0] if len(roots) == 1 else None)
    for table_id, code, filt, indicator, own in _stored_maps(path):
        _add_map(b, table_id, code, filt, indicator, bool(own))
    files = [Path(f) for f in batch.get("kostra_mapping", [])]
    for f in files:
        _validate_mapping(f, known, b)
    jobs = [Path(f) for f in batch.get("kostra", [])]
    if not b.issues:
        for f in tqdm(jobs, desc="Kontrollerer KOSTRA-filer", unit="fil",
                      disable=not progress):
            _validate_dataset(f, known, b, own_nr, root)
        _conflicts(b)
    report = SurveyImportReport([p.name for p in [*files, *jobs]], b.rows_read, notes=b.notes)
    if b.issues:
        error = ImportValidationError(b.issues)
        log.warning(error.english)
        raise error
    frames: dict[str, pd.DataFrame] = {}
    if kommune_nr is not None:
        frames["meta"] = meta_frame({"kommune_nr": kommune_nr.strip()})
    if b.map_frames:
        frames["kostra_map"] = pd.concat(b.map_frames, ignore_index=True)
    if b.references:
        frames["reference_value"] = pd.concat(b.references, ignore_index=True)
    if b.measurements:
        frames["measurement"] = pd.concat(b.measurements, ignore_index=True)
    codes = set().union(*(set(frames[t]["period"].unique()) for t in
                          ("reference_value", "measurement") if t in frames))
    if codes:
        frames["period"] = period_frame(codes)
    with store.snapshot(path) as snap:
        quiet(snap.con)
        for table in ("meta", "kostra_map", "period", "reference_value", "measurement"):
            if table in frames:
                report.changed[table] = write(snap.con, table, frames[table])
        if not report.total_changed:
            snap.discard()
    log.info("KOSTRA import done: %s", report.changed)
    return report


# ---------------------------------------------------------------------------------------------
class KostraFetchError(RuntimeError):
    """Downloading from SSB failed. ``str()`` is Norwegian and says what to do."""


def kostra_query(regions: Sequence[str] | None = None, contents: Sequence[str] | None = None,
                 years: Sequence[str] | None = None, last_years: int = 5) -> dict:
    """The PxWebApi v0 POST body for a KOSTRA table, answered as json-stat2."""
    def sel(code: str, values: Sequence[str] | None, default: dict) -> dict:
        if values:
            return {"code": code, "selection": {"filter": "item", "values": list(values)}}
        return {"code": code, "selection": default}

    return {
        "query": [
            sel("KOKkommuneregion0000", regions, {"filter": "all", "values": ["*"]}),
            sel(CONTENTS, contents, {"filter": "all", "values": ["*"]}),
            sel(TIME, years, {"filter": "top", "values": [str(last_years)]}),
        ],
        "response": {"format": "json-stat2"},
    }


def fetch_kostra(
    table: str,
    out_path: str | os.PathLike[str],
    *,
    regions: Sequence[str] | None = None,
    contents: Sequence[str] | None = None,
    years: Sequence[str] | None = None,
    timeout: float = 60.0,
    urlopen: Callable[..., object] = urllib.request.urlopen,
) -> Path:
    """Download one KOSTRA table from SSB as JSON-stat 2.0 into ``out_path``.

    Needs the network; ``urlopen`` is a parameter so tests can stand in for SSB. The response
    is checked as a JSON-stat dataset before it replaces ``out_path`` (atomically), so a
    failed download never leaves half a file.
    """
    table = table.strip()
    if not _TABLE.match(table):
        raise KostraFetchError(f"«{table}» er ikke et tabellnummer fra SSB (fem sifre).")
    body = json.dumps(kostra_query(regions, contents, years)).encode("utf-8")
    request = urllib.request.Request(API.format(table=table), data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urlopen(request, timeout=timeout) as response:  # type: ignore[attr-defined]
            data = response.read()
    except OSError as exc:  # URLError, HTTPError and timeouts are all OSErrors
        raise KostraFetchError(f"Kunne ikke hente tabell {table} fra SSB ({exc}). Sjekk "
                               "nettforbindelsen og tabellnummeret, og prøv igjen.") from exc
    out = Path(out_path)
    try:
        jsonstat.parse(json.loads(data), out.name)
    except (ValueError, jsonstat.JsonStatProblem) as exc:
        raise KostraFetchError(f"SSB svarte, men ikke med et JSON-stat-datasett for tabell "
                               f"{table}: {exc}") from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, out)
    return out
