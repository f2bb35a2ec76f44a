"""bmsdata.params: URL beats papermill/defaults; values are checked against allowed choices."""

from __future__ import annotations

import pytest

from bmsdata import params as P


def test_defaults_and_papermill_values_come_from_the_notebook():
    p = P.read(fokus="pol.kompetanse", periode="", _env={})
    assert p["fokus"] == "pol.kompetanse" and p.get("periode") is None
    assert p.sources == {"fokus": "notebook", "periode": "notebook"}


def test_voila_url_overrides_and_unknown_names_are_ignored():
    env = {"VOILA_PREHEAT": "False", "QUERY_STRING": "fokus=adm.okonomi&hack=1&periode=2025"}
    p = P.read(fokus="", periode="2024", _env=env)
    assert p.values == {"fokus": "adm.okonomi", "periode": "2025"}
    assert p.sources["fokus"] == "url" and "hack" not in p.values


def test_preheated_kernel_waits_for_the_request_first():
    calls = []
    env = {"VOILA_PREHEAT": "True"}

    def wait(e):
        calls.append(True)
        e["QUERY_STRING"] = "enhet=BHG-GAR"  # what voila.utils.wait_for_request sets

    p = P.read(enhet="", _env=env, _wait=wait)
    assert calls == [True] and p["enhet"] == "BHG-GAR"


def test_no_waiting_outside_voila():
    def wait(_):
        raise AssertionError("must not wait outside Voila")

    assert P.read(enhet="X", _env={"QUERY_STRING": "enhet=Y"}, _wait=wait)["enhet"] == "X"


def test_explicit_query_string_and_long_values_are_cut():
    p = P.read("fokus=" + "x" * 1000, fokus="")
    assert len(p["fokus"]) == P.MAX_LENGTH


def test_first_value_wins_and_blank_is_kept():
    assert P.query_values("a=1&a=2&b=") == {"a": "1", "b": ""}


RULES = {
    "fokus": P.Rule("fokusområdet", P.choices([("a", "A"), ("b", "B")]), blocking=True,
                    fallback="a"),
    "organ": P.Rule("organet", P.choices([("kommunestyre", "Kommunestyret")]),
                    fallback="kommunestyre", normalise=str.lower),
}


def test_check_accepts_valid_and_normalised_values():
    values, problems = P.check(P.Parameters({"fokus": "b", "organ": "KOMMUNESTYRE"}), RULES)
    assert values == {"fokus": "b", "organ": "kommunestyre"} and problems == []


def test_blank_takes_the_fallback():
    values, problems = P.check(P.Parameters({"fokus": "", "organ": None}), RULES)
    assert values == {"fokus": "a", "organ": "kommunestyre"} and not problems


def test_unknown_subject_blocks_with_choices_in_norwegian():
    values, problems = P.check(P.Parameters({"fokus": "finnes-ikke", "organ": ""}), RULES)
    (p,) = problems
    assert p.blocking and values["fokus"] is None
    assert p.message == "Fant ikke fokusområdet «finnes-ikke». Velg en av disse:"
    assert [c.value for c in p.choices] == ["a", "b"]


def test_bad_secondary_value_falls_back_with_a_notice():
    values, problems = P.check(P.Parameters({"fokus": "a", "organ": "bystyret"}), RULES)
    (p,) = problems
    assert not p.blocking and values["organ"] == "kommunestyre"
    assert "Viser Kommunestyret i stedet" in p.message


@pytest.mark.parametrize("env,expected", [
    ({}, False), ({"VOILA_PREHEAT": "False"}, True), ({"SERVER_SOFTWARE": "voila/0.5"}, True)])
def test_running_under_voila(env, expected):
    assert P.running_under_voila(env) is expected
