"""Stage lists are data: the guide's lists load, a municipality's own file loads, bad files fail
with a message that says where and what."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bmsdata.loop import LoopService, StageListError, load_stage_lists
from bmsdata.loop.stages import DEFAULT_STAGES_PATH


def test_political_loop_follows_the_guide() -> None:
    political = load_stage_lists()["politisk"]
    assert [s.numeral for s in political.stages] == ["I", "II", "III", "IV", "V"]
    assert [s.organ for s in political.stages] == [
        "formannskapet", "kommunestyret", "komiteer/utvalg", "ledere/ansatte", "kommunestyret",
    ]
    first = political.stage(1)
    assert first.presenter == "ordfører"
    assert first.prompts[:3] == (
        "Hva sier resultatene oss?",
        "Hva trenger vi å vite mer om?",
        "Hvilket budskap leser vi ut av resultatene?",
    )
    assert not first.allows("vedtak") and not first.allows("proposal")
    # Only the council at stage II settles the four questions; only stage V decides tiltak.
    assert [s.number for s in political.stages if s.allows("council_decisions")] == [2]
    assert [s.number for s in political.stages if s.allows("vedtak")] == [5]
    assert [s.phase for s in political.stages] == ["results"] * 4 + ["actions"]


def test_administrative_loop_informs_politicians_twice() -> None:
    admin = load_stage_lists()["administrativ"]
    assert [s.numeral for s in admin.stages] == ["I", "II", "III", "IV", "V"]
    assert admin.stage(1).presenter == "rådmann"
    # Politicians hear the results after the first half and the planned tiltak after the second.
    informing = [s for s in admin.stages if s.inform_politicians]
    assert [s.phase for s in informing] == ["results", "actions"]
    assert admin.last.number == 5 and admin.last.allows("vedtak")
    # "Only after this does work on tiltak begin": stage IV is the first to record proposals.
    assert [s.number for s in admin.stages if s.allows("proposal")][0] == 4
    assert not any(s.allows("council_decisions") for s in admin.stages)


def test_every_stage_has_the_documented_fields() -> None:
    for kind in ("politisk", "administrativ"):
        for stage in load_stage_lists()[kind].stages:
            assert stage.key and stage.title and stage.purpose and stage.organ
            assert stage.records and stage.phase in ("results", "actions")
            assert all(p.strip().endswith("?") for p in stage.prompts)


def _copy_of_default(tmp_path: Path, change) -> Path:
    data = json.loads(DEFAULT_STAGES_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "stages.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_municipality_can_use_its_own_stage_list(tmp_path: Path, journal) -> None:
    def rename(data: dict) -> None:
        data["name"] = "fet-2025"
        data["loops"]["politisk"]["stages"][2]["title"] = "Hovedutvalgene: analyse"

    custom = load_stage_lists(_copy_of_default(tmp_path, rename))
    assert custom.name == "fet-2025"
    service = LoopService(journal, custom)
    loop_id = service.open_loop("RS2", "politisk", "RS2", 2025, author="Analytiker")
    state = service.state(loop_id)
    assert state.stage_list_name == "fet-2025"
    assert state.stages.stage(3).title == "Hovedutvalgene: analyse"


def test_malformed_json_gives_a_clear_error_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x", "loops": {"politisk": [}', encoding="utf-8")
    with pytest.raises(StageListError) as info:
        load_stage_lists(path)
    err = info.value
    assert "ikke gyldig JSON" in err.message and "linje 1" in err.message
    assert str(path) in err.message
    assert "not valid JSON" in err.english
    assert str(err) == err.message


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        (lambda d: d["loops"]["politisk"]["stages"][1].update(phase="debatt"),
         "loops.politisk.stages[1].phase", "«results»"),
        (lambda d: d["loops"]["politisk"]["stages"][2].update(number=7),
         "loops.politisk.stages[2].number", "nummerert"),
        (lambda d: d["loops"]["administrativ"]["stages"][4].update(records=["reflection"]),
         "loops.administrativ.stages[4].records", "vedtak"),
        (lambda d: d["loops"]["administrativ"]["stages"][0].update(records=["vedtak2"]),
         "loops.administrativ.stages[0].records", "reflection"),
        (lambda d: d["loops"].update(kommunal={"title": "x", "stages": []}),
         "loops.kommunal", "ukjent type"),
        (lambda d: d["loops"]["politisk"]["stages"][0].pop("title"),
         "loops.politisk.stages[0].title", "mangler"),
        (lambda d: d["loops"]["politisk"]["stages"][3].update(numeral="III"),
         "loops.politisk.stages[3].numeral", "«IV»"),
    ],
)
def test_structural_errors_name_the_place_in_the_file(tmp_path, change, where, words) -> None:
    path = _copy_of_default(tmp_path, change)
    with pytest.raises(StageListError) as info:
        load_stage_lists(path)
    assert where in info.value.message
    assert words in info.value.message
    assert where in info.value.english


def test_missing_file_is_a_stage_list_error(tmp_path: Path) -> None:
    with pytest.raises(StageListError, match="Kontroller filstien"):
        load_stage_lists(tmp_path / "finnes-ikke.json")
