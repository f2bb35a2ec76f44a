"""The stages of a result loop, kept as data.

The guide describes one administrative and one political loop, but it also says each
municipality must find its own way of working (who presents, whether committees take part).
So the stage lists live in a JSON file (``stages.json`` next to this module) that a
municipality can copy and adapt, and the code only knows the *rules* a stage list must obey:
numbered stages I, II, III…, a "results" phase before an "actions" phase, and a last stage
where tiltak are decided (it records ``vedtak``).

The file is validated when it is loaded, so a typo in a municipality's copy is reported with
its place in the file instead of surfacing later as a strange refusal in a meeting.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from bmsdata.loop.errors import NotFoundError, StageListError

#: The two kinds of loop. Norwegian words, because they are stored in the journal and shown.
LOOP_KINDS: tuple[str, ...] = ("politisk", "administrativ")

#: What a stage can record (see ``Stage.records``).
RECORD_KINDS: frozenset[str] = frozenset(
    {"reflection", "question", "analysis_request", "council_decisions", "proposal", "vedtak"}
)

#: The loop's two halves: presenting and interpreting results, then planning and deciding tiltak.
PHASES: tuple[str, ...] = ("results", "actions")

DEFAULT_STAGES_PATH = Path(__file__).with_name("stages.json")

_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Roman numeral for 1–39: stages are called I–V in the guide and in meetings."""
    if not 1 <= number <= 39:
        raise ValueError(f"roman() supports 1–39, got {number}")
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


@dataclass(frozen=True)
class Stage:
    """One stage of a loop: which organ meets, why, who presents, and what it records."""

    number: int
    numeral: str
    key: str
    organ: str
    title: str
    purpose: str
    presenter: str
    prompts: tuple[str, ...]
    records: tuple[str, ...]
    phase: str
    inform_politicians: bool = False

    @property
    def label(self) -> str:
        """"II Kommunestyret: …" – how the stage is named on screen and in minutes."""
        return f"{self.numeral} {self.title}"

    def allows(self, record_kind: str) -> bool:
        """Whether this stage records ``record_kind`` (one of ``RECORD_KINDS``)."""
        return record_kind in self.records


@dataclass(frozen=True)
class StageList:
    """The ordered stages of one kind of loop (``politisk`` or ``administrativ``)."""

    kind: str
    title: str
    description: str
    stages: tuple[Stage, ...]

    def stage(self, number: int) -> Stage:
        """The stage with this number; a Norwegian error if the loop has no such stage."""
        for stage in self.stages:
            if stage.number == number:
                return stage
        raise NotFoundError(
            f"Resultatsløyfen har ikke noe trinn {number}. Velg et trinn mellom 1 og "
            f"{len(self.stages)}.",
            f"The {self.kind} loop has no stage {number} (1–{len(self.stages)}).",
        )

    @property
    def first(self) -> Stage:
        return self.stages[0]

    @property
    def last(self) -> Stage:
        return self.stages[-1]


@dataclass(frozen=True)
class StageLists:
    """A named set of stage lists, one per loop kind, as read from one JSON file."""

    name: str
    description: str
    loops: Mapping[str, StageList]
    source: str

    def __getitem__(self, kind: str) -> StageList:
        try:
            return self.loops[kind]
        except KeyError:
            raise NotFoundError(
                f"Trinnlisten «{self.name}» har ingen {kind} resultatsløyfe. Velg en av: "
                f"{', '.join(self.loops)}.",
                f"Stage list {self.name!r} has no {kind!r} loop (has {sorted(self.loops)}).",
            ) from None

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.loops)


def load_stage_lists(path: str | Path | None = None) -> StageLists:
    """Read and validate a stage-list JSON file; ``None`` means the guide's own lists."""
    if path is None:
        return _default_stage_lists()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_stage_lists() -> StageLists:
    # Read once per process: every kernel folds the journal with it many times.
    return _load(DEFAULT_STAGES_PATH)


def _load(path: Path) -> StageLists:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StageListError(
            f"Fant ikke eller kunne ikke lese trinnlisten «{source}». Kontroller filstien.",
            f"Cannot read stage list {source!r}: {exc}",
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StageListError(
            f"Trinnlisten «{source}» er ikke gyldig JSON (linje {exc.lineno}, kolonne "
            f"{exc.colno}): {exc.msg}. Rett filen og prøv igjen.",
            f"Stage list {source!r} is not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}): {exc.msg}",
        ) from exc
    return parse_stage_lists(data, source)


def parse_stage_lists(data: Any, source: str = "<data>") -> StageLists:
    """Validate already-parsed JSON; ``source`` names the file in error messages."""
    top = _mapping(data, source, "(rot)")
    name = _text(top, "name", source, "(rot)")
    description = _text(top, "description", source, "(rot)", required=False)
    loops_raw = _mapping(top.get("loops"), source, "loops")
    if not loops_raw:
        _fail(source, "loops", "må inneholde minst én resultatsløyfe", "must hold a loop")
    loops: dict[str, StageList] = {}
    for kind, raw in loops_raw.items():
        where = f"loops.{kind}"
        if kind not in LOOP_KINDS:
            _fail(
                source, where,
                f"ukjent type resultatsløyfe; bruk {' eller '.join(LOOP_KINDS)}",
                f"unknown loop kind; use one of {LOOP_KINDS}",
            )
        loops[kind] = _stage_list(kind, _mapping(raw, source, where), source, where)
    return StageLists(name, description, MappingProxyType(loops), source)


def _stage_list(kind: str, raw: Mapping[str, Any], source: str, where: str) -> StageList:
    stages_raw = raw.get("stages")
    if not isinstance(stages_raw, list) or len(stages_raw) < 2:
        _fail(
            source, f"{where}.stages",
            "må være en liste med minst to trinn",
            "must be a list of at least two stages",
        )
    stages = tuple(
        _stage(_mapping(s, source, f"{where}.stages[{i}]"), i + 1, source, f"{where}.stages[{i}]")
        for i, s in enumerate(stages_raw)
    )
    keys = [s.key for s in stages]
    if len(set(keys)) != len(keys):
        _fail(source, f"{where}.stages", "to trinn har samme «key»", "two stages share a key")
    phases = [s.phase for s in stages]
    if phases != sorted(phases, key=PHASES.index) or phases[0] != "results":
        _fail(
            source, f"{where}.stages",
            "trinnene i fasen «results» må komme før trinnene i fasen «actions»",
            "'results' stages must come before 'actions' stages, starting with 'results'",
        )
    if not stages[-1].allows("vedtak"):
        _fail(
            source, f"{where}.stages[{len(stages) - 1}].records",
            "det siste trinnet må kunne registrere «vedtak» (der tiltak vedtas)",
            "the last stage must record 'vedtak'",
        )
    for i, stage in enumerate(stages[:-1]):
        if stage.allows("vedtak"):
            _fail(
                source, f"{where}.stages[{i}].records",
                "bare det siste trinnet kan registrere «vedtak»",
                "only the last stage may record 'vedtak'",
            )
    return StageList(
        kind=kind,
        title=_text(raw, "title", source, where),
        description=_text(raw, "description", source, where, required=False),
        stages=stages,
    )


def _stage(raw: Mapping[str, Any], expected: int, source: str, where: str) -> Stage:
    number = raw.get("number")
    if type(number) is not int or number != expected:
        _fail(
            source, f"{where}.number",
            f"trinnene må være nummerert 1, 2, 3 … i rekkefølge; her ventet vi {expected}",
            f"stages must be numbered 1, 2, 3… in order; expected {expected}",
        )
    numeral = _text(raw, "numeral", source, where)
    if numeral != roman(number):
        _fail(
            source, f"{where}.numeral",
            f"romertallet for trinn {number} er «{roman(number)}»",
            f"the numeral for stage {number} is {roman(number)!r}",
        )
    prompts = raw.get("prompts", [])
    if not isinstance(prompts, list) or not all(isinstance(p, str) and p.strip() for p in prompts):
        _fail(
            source, f"{where}.prompts",
            "må være en liste med spørsmål (tekst)",
            "must be a list of non-empty strings",
        )
    records = raw.get("records")
    if (
        not isinstance(records, list)
        or not records
        or not all(isinstance(r, str) and r in RECORD_KINDS for r in records)
    ):
        _fail(
            source, f"{where}.records",
            f"må være en liste med en eller flere av: {', '.join(sorted(RECORD_KINDS))}",
            f"must be a non-empty list drawn from {sorted(RECORD_KINDS)}",
        )
    phase = raw.get("phase")
    if phase not in PHASES:
        _fail(
            source, f"{where}.phase",
            "må være «results» (resultater) eller «actions» (tiltak)",
            "must be 'results' or 'actions'",
        )
    inform = raw.get("inform_politicians", False)
    if not isinstance(inform, bool):
        _fail(source, f"{where}.inform_politicians", "må være true eller false", "must be a bool")
    return Stage(
        number=number,
        numeral=numeral,
        key=_text(raw, "key", source, where),
        organ=_text(raw, "organ", source, where),
        title=_text(raw, "title", source, where),
        purpose=_text(raw, "purpose", source, where),
        presenter=_text(raw, "presenter", source, where),
        prompts=tuple(prompts),
        records=tuple(records),
        phase=phase,
        inform_politicians=inform,
    )


def _mapping(value: Any, source: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        _fail(source, where, "må være et JSON-objekt ({ … })", "must be a JSON object")
    return value


def _text(
    raw: Mapping[str, Any], field: str, source: str, where: str, required: bool = True
) -> str:
    value = raw.get(field, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        _fail(
            source, f"{where}.{field}",
            "mangler eller er ikke tekst",
            "is missing or not a non-empty string",
        )
    return value


def _fail(source: str, where: str, problem_nb: str, problem_en: str) -> NoReturn:
    raise StageListError(
        f"Feil i trinnlisten «{source}» ved {where}: {problem_nb}. Rett filen og prøv igjen.",
        f"Invalid stage list {source!r} at {where}: {problem_en}.",
    )
