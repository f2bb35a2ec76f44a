"""The profile folder: the municipality's name, logo, colours, texts and own templates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bmsdata.reports.printing import ReportError
from bmsdata.reports.profile import (
    DEFAULT_COLOURS,
    contrast_ratio,
    load_profile,
    report_environment,
)
from bmsdata.scorecard.status import STATUS_LOOK

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "profil-eksempel"
# The smallest valid PNG: 1×1 pixel.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
    "9c6360f8cfc0f01f0005000201e6d5c3a20000000049454e44ae426082")


def _profile(tmp_path: Path, toml: str, **files: bytes | str) -> Path:
    folder = tmp_path / "profil"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profil.toml").write_text(toml, encoding="utf-8")
    for name, content in files.items():
        target = folder / name.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


def test_without_a_profile_the_built_in_look_is_used(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BMS_PROFIL", raising=False)
    profile = load_profile()
    assert profile.name is None and profile.logo_data_uri is None
    assert profile.colours == DEFAULT_COLOURS and profile.template_dir is None


def test_the_built_in_colours_meet_wcag_aa():
    for colour in DEFAULT_COLOURS.values():
        assert contrast_ratio(colour, "#ffffff") >= 4.5


def test_contrast_ratio_agrees_with_the_status_colours_known_to_pass():
    # Black on white is the maximum; every status colour is checked ≥ 4.5 elsewhere.
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert contrast_ratio("#777777", "#ffffff") < 4.5 < contrast_ratio("#595959", "#ffffff")
    for look in STATUS_LOOK.values():
        assert contrast_ratio(look.colour, look.background) >= 4.5


def test_the_example_profile_loads_with_its_logo_colours_texts_and_templates():
    profile = load_profile(EXAMPLE)
    assert profile.name == "Eksempel kommune"
    assert profile.logo_data_uri and profile.logo_data_uri.startswith("data:image/svg+xml;base64,")
    assert profile.colours["primary"] == "#1b4d3e"
    assert "analyse@eksempel.kommune.no" in profile.texts["contact"]
    assert profile.template_dir == EXAMPLE / "templates"
    assert (profile.template_dir / "report_footer.html.j2").is_file()


def test_profile_is_found_through_the_environment_and_the_working_directory(tmp_path,
                                                                            monkeypatch):
    folder = _profile(tmp_path, 'kommunenavn = "Fet kommune"\n')
    monkeypatch.setenv("BMS_PROFIL", str(folder))
    assert load_profile().name == "Fet kommune"
    monkeypatch.delenv("BMS_PROFIL")
    monkeypatch.chdir(tmp_path)  # ./profil exists here
    assert load_profile().name == "Fet kommune"


def test_a_png_logo_is_embedded_as_a_data_uri(tmp_path):
    folder = _profile(tmp_path, 'logo = "logo.png"\n', **{"logo.png": PNG_1X1})
    assert load_profile(folder).logo_data_uri.startswith("data:image/png;base64,iVBORw0KGgo")


def test_a_low_contrast_colour_is_refused_with_what_to_do(tmp_path):
    folder = _profile(tmp_path, '[farger]\nhovedfarge = "#f0c419"\n')  # yellow on white
    with pytest.raises(ReportError) as err:
        load_profile(folder)
    message = str(err.value)
    assert "profil.toml" in message and "farger.hovedfarge" in message
    assert "4,5:1" in message and "WCAG" in message and "mørkere" in message


@pytest.mark.parametrize(("toml", "files", "key", "words"), [
    ('kommunenavn = "Fet\n', {}, None, "ikke gyldig TOML"),
    ('logo = "mangler.svg"\n', {}, "logo", "finnes ikke"),
    ('logo = "logo.gif"\n', {"logo.gif": b"GIF89a"}, "logo", "verken PNG eller SVG"),
    ('logo = "logo.png"\n', {"logo.png": b"not a png"}, "logo", "ikke ut som en gyldig PNG"),
    ('[farger]\nhovedfarge = "blå"\n', {}, "farger.hovedfarge", "#rrggbb"),
    ('[farger]\nbakgrunn = "#ffffff"\n', {}, "farger.bakgrunn", "Tillatte nøkler"),
    ('farge = "#000000"\n', {}, "farge", "Tillatte nøkler"),
])
def test_a_bad_profile_names_the_file_the_key_and_the_problem(tmp_path, toml, files, key, words):
    folder = _profile(tmp_path, toml, **files)
    with pytest.raises(ReportError) as err:
        load_profile(folder)
    message = str(err.value)
    assert str(folder / "profil.toml") in message and words in message
    if key:
        assert f"«{key}»" in message
    assert err.value.english  # for the log


def test_a_missing_profile_folder_is_an_error_not_a_silent_default(tmp_path):
    with pytest.raises(ReportError, match="finnes ikke"):
        load_profile(tmp_path / "nowhere")


def test_an_override_template_wins_over_the_built_in_one(tmp_path):
    folder = _profile(tmp_path, "", **{
        "templates__report_footer.html.j2":
            '<footer id="egen">Egen bunn {{ municipality }}</footer>'})
    env = report_environment(load_profile(folder))
    html = env.get_template("report_footer.html.j2").render(municipality="Fet <kommune>")
    assert html == '<footer id="egen">Egen bunn Fet &lt;kommune&gt;</footer>'  # still escaped
    other = _profile(tmp_path / "other", "")
    assert 'id="egen"' not in report_environment(load_profile(other)).get_template(
        "report_footer.html.j2").render(municipality="Fet", generated_at=None)


def test_templates_cannot_reach_python(tmp_path):
    folder = _profile(tmp_path, "", **{
        "templates__report_footer.html.j2": "{{ ''.__class__.__mro__ }}"})
    env = report_environment(load_profile(folder))
    with pytest.raises(Exception, match="unsafe|__class__"):
        env.get_template("report_footer.html.j2").render()


def test_example_profile_folder_can_be_copied_and_used(tmp_path):
    target = tmp_path / "profil"
    shutil.copytree(EXAMPLE, target)
    assert load_profile(target).name == "Eksempel kommune"
