"""Identity, roles and the write guard, as a deployment configures them (issue #11, items 1–2).

Unit tests: the environment is a plain dict, the journal a real SQLite file in tmp_path. What
is checked is what an operator or a person would check: who the page says you are, which role
you get, whether a write lands in the journal and what the refusal says.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from bmsdata.loop import LoopService, open_journal
from bmsdata.loop.guard import WRITE_METHODS, GuardedLoopService, WriteRefused
from bmsdata.loop.identity import (
    Identity,
    RolesError,
    load_roles,
    resolve_identity,
    startup_warnings,
)
from bmsdata.loop.journal import ensure_journal

LOGIN = {"BMS_AUTHOR_HEADER": "X-Forwarded-User"}
ROLES = """\
# roller.toml
standard = "leser"
admin = ["kari.nordmann"]
skriver = ["ola", "Sekretariat@Kommune.no"]

[grupper]
skriver = ["formannskapssekretariat"]
admin = ["it-drift"]
"""


@pytest.fixture
def roles_file(tmp_path: Path) -> Path:
    path = tmp_path / "roller.toml"
    path.write_text(ROLES, encoding="utf-8")
    return path


def login(name: str | None, roles: Path | None = None, **extra: str) -> dict[str, str]:
    env = dict(LOGIN, **extra)
    if name is not None:
        env["HTTP_X_FORWARDED_USER"] = name
    if roles is not None:
        env["BMS_ROLES"] = str(roles)
    return env


# -- identity ------------------------------------------------------------------------------


def test_without_a_login_the_local_user_may_do_everything() -> None:
    ident = resolve_identity({})
    assert (ident.name, ident.role, ident.source) == (None, "admin", "local")
    assert ident.can_write and ident.asks_name


def test_a_header_sent_without_a_configured_login_is_not_trusted() -> None:
    ident = resolve_identity({"HTTP_X_FORWARDED_USER": "mallory"})
    assert ident.name is None and ident.source == "local"


def test_the_login_name_is_the_header_and_never_asked_for(roles_file: Path) -> None:
    ident = resolve_identity(login("ola", roles_file))
    assert (ident.name, ident.role, ident.source) == ("ola", "skriver", "login")
    assert not ident.asks_name


def test_hub_header_set_by_the_spawner() -> None:
    env = {"BMS_AUTHOR_HEADER": "X-Bms-Hub-User", "HTTP_X_BMS_HUB_USER": "kari",
           "HTTP_X_FORWARDED_USER": "mallory"}
    assert resolve_identity(env).name == "kari"


@pytest.mark.parametrize("value", [None, "", "   ", "\x1b\n", "x" * 201])
def test_a_configured_login_that_is_missing_fails_closed(value: str | None) -> None:
    ident = resolve_identity(login(value))
    assert (ident.name, ident.role, ident.source) == (None, "leser", "login")
    assert not ident.can_write
    assert ident.problem is not None and "Innloggingen nådde ikke fram" in ident.problem


def test_contact_named_by_the_deployment_is_shown() -> None:
    ident = resolve_identity(login(None, BMS_CONTACT="IT-servicedesk, tlf. 12 34 56 78"))
    assert "IT-servicedesk, tlf. 12 34 56 78" in (ident.problem or "")


# -- roles ---------------------------------------------------------------------------------


def test_with_a_login_but_no_roles_file_everyone_reads() -> None:
    assert resolve_identity(login("kari.nordmann")).role == "leser"
    assert any("ingen rollefil" in w for w in startup_warnings(login("kari.nordmann")))


def test_roles_by_name_case_insensitive_and_standard(roles_file: Path) -> None:
    assert resolve_identity(login("kari.nordmann", roles_file)).role == "admin"
    assert resolve_identity(login("sekretariat@kommune.no", roles_file)).role == "skriver"
    assert resolve_identity(login("per", roles_file)).role == "leser"  # standard
    assert startup_warnings(login("per", roles_file)) == []


def test_roles_by_hub_group_the_highest_wins(roles_file: Path) -> None:
    env = login("per", roles_file, BMS_USER_GROUPS="politikere, formannskapssekretariat")
    assert resolve_identity(env).role == "skriver"
    env = login("ola", roles_file, BMS_USER_GROUPS="it-drift")
    assert resolve_identity(env).role == "admin"


def test_a_broken_roles_file_names_file_and_line_and_everyone_reads(tmp_path: Path) -> None:
    bad = tmp_path / "roller.toml"
    bad.write_text('standard = "leser"\nskriver = ["ola",\nadmin = 3\n', encoding="utf-8")
    with pytest.raises(RolesError) as info:
        load_roles(bad)
    assert str(bad) in str(info.value) and "linje 3" in str(info.value)
    ident = resolve_identity(login("ola", bad))
    assert ident.role == "leser"
    # The page names the file, not the server's path.
    assert "roller.toml" in (ident.problem or "") and str(tmp_path) not in (ident.problem or "")
    assert any("linje 3" in w for w in startup_warnings(login("ola", bad)))


@pytest.mark.parametrize("text, line, words", [
    ('skrivere = ["ola"]\n', 1, "ukjent nøkkel «skrivere»"),
    ('standard = "sjef"\n', 1, "standard må være en av"),
    ('admin = "kari"\n', 1, "«admin» må være en liste"),
    ('[grupper]\nredaktor = ["x"]\n', 2, "ukjent rolle «redaktor»"),
])
def test_roles_file_mistakes_are_norwegian_and_point_at_the_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "roller.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RolesError) as info:
        load_roles(path)
    assert words in str(info.value) and f"linje {line}" in str(info.value)


def test_a_missing_roles_file_is_an_error_and_everyone_reads(tmp_path: Path) -> None:
    env = login("kari.nordmann", tmp_path / "finnes-ikke.toml")
    assert resolve_identity(env).role == "leser"
    assert any("finnes ikke" in w for w in startup_warnings(env))


def test_roles_without_a_login_fail_closed(roles_file: Path) -> None:
    ident = resolve_identity({"BMS_ROLES": str(roles_file)})
    assert ident.role == "leser" and not ident.asks_name
    assert any("ingen innlogging" in w for w in startup_warnings({"BMS_ROLES": str(roles_file)}))


# -- the guard -----------------------------------------------------------------------------


@pytest.fixture
def service(tmp_path: Path) -> Iterator[LoopService]:
    path = tmp_path / "journal.sqlite"
    ensure_journal(path)
    journal = open_journal(path)
    yield LoopService(journal)
    journal.close()


def test_every_write_of_the_service_goes_through_the_guard() -> None:
    writes = {name for name, fn in inspect.getmembers(LoopService, inspect.isfunction)
              if not name.startswith("_") and "author" in inspect.signature(fn).parameters}
    assert writes == set(WRITE_METHODS)
    for name in writes:
        assert name in vars(GuardedLoopService), name


def test_a_leser_is_refused_and_nothing_is_written(service: LoopService) -> None:
    loop_id = service.open_loop("RS1 2025", "politisk", "RS1", 2025, "kari")
    before = len(service.history(loop_id))
    guarded = GuardedLoopService(service, Identity("per", "leser", "login"))
    with pytest.raises(WriteRefused) as info:
        guarded.add_note(loop_id, "Forsøk", "per", note_type="reflection", stage=1)
    assert "ikke skrive" in str(info.value)
    with pytest.raises(WriteRefused):
        guarded.open_loop("RS2 2025", "politisk", "RS2", 2025, author="per")
    assert len(service.history(loop_id)) == before
    assert [s.loop_id for s in guarded.list_loops()] == [loop_id]  # reading is open


def test_a_login_writes_only_under_its_own_name(service: LoopService) -> None:
    loop_id = service.open_loop("RS1 2025", "politisk", "RS1", 2025, "kari")
    guarded = GuardedLoopService(service, Identity("ola", "skriver", "login"))
    for forged in ("kari", "Ola", "ola ", None):
        with pytest.raises(WriteRefused) as info:
            guarded.hold_meeting(loop_id, 1, "2025-03-10", None, None, forged)
        assert "logget inn som «ola»" in str(info.value)
    assert [e.kind for e in service.history(loop_id)] == ["loop_opened"]
    guarded.hold_meeting(loop_id, 1, "2025-03-10", None, None, "ola")
    assert service.history(loop_id)[-1].author == "ola"


def test_the_local_user_writes_under_the_typed_name(service: LoopService) -> None:
    guarded = GuardedLoopService(service, Identity.local())
    loop_id = guarded.open_loop("RS1 2025", "politisk", "RS1", 2025, "Kari Nordmann")
    assert service.history(loop_id)[-1].author == "Kari Nordmann"
