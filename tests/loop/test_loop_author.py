"""The author comes from the proxy's header as Voila passes it, or the UI asks for it."""

from __future__ import annotations

from bmsdata.loop import author_from_environment
from bmsdata.loop.author import header_env_name


def test_voila_names_header_variables_like_cgi() -> None:
    assert header_env_name("X-Forwarded-User") == "HTTP_X_FORWARDED_USER"
    assert header_env_name("HTTP_X_REMOTE_USER") == "HTTP_X_REMOTE_USER"


def test_reads_the_configured_header() -> None:
    env = {"HTTP_X_FORWARDED_USER": "  kari.nordmann@fet.kommune.no "}
    assert author_from_environment("X-Forwarded-User", env) == "kari.nordmann@fet.kommune.no"
    assert author_from_environment("HTTP_X_FORWARDED_USER", env) == "kari.nordmann@fet.kommune.no"


def test_none_when_absent_or_not_configured() -> None:
    assert author_from_environment("X-Forwarded-User", {}) is None
    assert author_from_environment("X-Forwarded-User", {"HTTP_X_FORWARDED_USER": " "}) is None
    # No header configured: nothing is trusted, even if a variable happens to exist.
    assert author_from_environment(None, {"HTTP_X_FORWARDED_USER": "kari"}) is None


def test_header_name_from_bms_author_header(monkeypatch) -> None:
    monkeypatch.setenv("BMS_AUTHOR_HEADER", "X-Remote-User")
    monkeypatch.setenv("HTTP_X_REMOTE_USER", "ola")
    assert author_from_environment() == "ola"
    monkeypatch.delenv("HTTP_X_REMOTE_USER")
    assert author_from_environment() is None


def test_control_characters_are_dropped() -> None:
    env = {"HTTP_X_FORWARDED_USER": "kari\x1b[31m\n"}
    assert author_from_environment("X-Forwarded-User", env) == "kari[31m"
