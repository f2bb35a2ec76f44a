"""The result-loop dashboard driven through its widgets, on the demo store and a tmp journal."""

from __future__ import annotations

import base64
import re
import sys
from datetime import date
from pathlib import Path

import ipywidgets as W

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from loop_steps import (  # noqa: E402
    ALERT,
    OK,
    council,
    decide,
    hold,
    note,
    propose,
    to_last_stage,
)

from bmsdata.loop import LoopService  # noqa: E402
from bmsdata.ui.resultatsloyfe import view as V  # noqa: E402

TODAY = date(2025, 6, 1)


def _downloads(view: V.LoopView) -> dict[str, str]:
    """The minutes behind the two download links, decoded."""
    out = {}
    for name, data in re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,'
                                 r'([A-Za-z0-9+/=]+)"', view.minutes.value):
        out[name.rsplit(".", 1)[1]] = base64.b64decode(data).decode("utf-8")
    return out


def test_full_political_loop_to_a_vedtak(open_view):
    view = open_view()
    assert view.indicator_ids == ["POL-BOSTED"]
    assert "Tilfredshet med kommunen som bosted" in view.results.value
    assert "► Nåværende trinn" not in view.stepper.value  # not started yet
    assert "Registrer det første møtet" in view.next_step.value

    # I Formannskapet: the results are presented; reflection, not decisions.
    assert OK in hold(view, 1, date(2025, 3, 10), "12/25")
    assert 'aria-current="step"' in view.stepper.value
    assert "Hva sier resultatene oss?" in view.stage_details.value
    assert OK in note(view, "Tilfredsheten faller for andre år på rad.")
    # II Kommunestyret: the same reflection, then the four decisions.
    assert OK in hold(view, 2, date(2025, 3, 20), "20/25")
    assert view.council.fields.layout.display != "none"
    assert OK in council(view)
    assert "Eldrerådet og brukerrådet" in view.council.summary.value
    assert "Bestilling til rådmannen" in view.council.summary.value
    assert view.council.fields.layout.display == "none"
    # Tiltak were asked for, so proposals may be drafted while the committees analyse.
    assert view.proposal.fields.layout.display != "none"
    assert OK in hold(view, 3, date(2025, 4, 2))
    assert OK in propose(view)
    assert "Bedre informasjon til innbyggerne" in view.proposal.listing.value
    assert "kr 120 000" in view.proposal.listing.value.replace("\xa0", " ")
    assert OK in hold(view, 4, date(2025, 4, 9))
    # V Kommunestyret: vedtak in a later meeting than the results.
    assert view.vedtak.fields.layout.display == "none"  # no meeting at V yet
    assert OK in hold(view, 5, date(2025, 4, 24), "31/25")
    assert view.vedtak.fields.layout.display != "none"
    message = decide(view)
    assert OK in message and "Bedre informasjon til innbyggerne" in message

    state = view.service.state(view.loop_id, TODAY)
    assert len(state.vedtak) == 1 and not state.vedtak[0].overrides_same_meeting_rule
    (tiltak,) = state.tiltak.values()
    assert tiltak.status == "planlagt"
    assert "○ Planlagt" in view.status.table.value
    assert "Tiltakene er vedtatt" in view.next_step.value
    # Every stage is done or current; the author is on every entry.
    assert all(e.author == "Kari Nordmann" for e in view.service.history(view.loop_id))
    minutes = _downloads(view)
    assert set(minutes) == {"html", "md"}
    assert "Bedre informasjon til innbyggerne" in minutes["html"]
    assert "Bedre informasjon til innbyggerne" in minutes["md"]

    # The tiltak register: igangsatt, then forsinket (which needs a comment).
    form = view.status
    form.tiltak.value = (view.loop_id, tiltak.id)
    form.status.value = "igangsatt"
    form.submit.click()
    assert OK in form.message.value
    form.status.value = "forsinket"
    form.submit.click()
    assert ALERT in form.message.value and "kommentar" in form.message.value
    form.comment.value = "Leverandøren er forsinket"
    form.submit.click()
    assert OK in form.message.value
    assert "⚠ Forfalt: Meldt forsinket" in form.table.value
    assert "◐ Igangsatt" in form.table.value and "Leverandøren er forsinket" in form.table.value


def test_the_vedtak_marks_the_trend_chart_of_the_indicator_it_targets(open_view):
    view = open_view()
    to_last_stage(view, date(2025, 3, 10), date(2025, 3, 20), date(2025, 4, 2),
                  date(2025, 4, 24))
    figure = view.figures["POL-BOSTED"]
    assert not figure["layout"].get("shapes")
    assert OK in decide(view)
    figure = view.figures["POL-BOSTED"]
    (line,) = figure["layout"]["shapes"]
    assert line["type"] == "line" and line["yref"] == "paper"
    # Annual results up to 2025: the line falls after 2024 (the last period ended before it).
    periods = [p for p in figure["data"][-1]["x"]]
    assert periods[int(line["x0"] + 0.5) - 1] == "2024"
    (label,) = figure["layout"]["annotations"]
    assert "Vedtak 24.04.2025" in label["text"]
    assert "Bedre informasjon" in label["text"]
    assert "Bedre informasjon" in view._charts["POL-BOSTED"].widget.value  # the data table


def test_same_meeting_refusal_is_shown_as_an_alert_and_offers_the_override(open_view):
    view = open_view()
    same_day = date(2025, 3, 10)
    to_last_stage(view, same_day, same_day, same_day, same_day)
    assert view.vedtak.override_box.layout.display == "none"
    message = decide(view)
    assert ALERT in message
    assert "Tiltak kan ikke vedtas i samme møte som resultatene ble lagt fram" in message
    assert view.vedtak.override_box.layout.display != "none"
    assert view.service.state(view.loop_id).vedtak == []
    # The exception needs the box ticked and a reason.
    message = decide(view, override="Haster", tick=False)
    assert ALERT in message and "Kommunestyret overstyrer regelen" in message
    message = decide(view, override="   ")
    assert ALERT in message and "begrunnelsen" in message.lower()
    assert view.service.state(view.loop_id).vedtak == []


def test_override_with_a_reason_is_recorded_and_printed_in_the_minutes(open_view):
    view = open_view()
    same_day = date(2025, 3, 10)
    to_last_stage(view, same_day, same_day, same_day, same_day)
    assert ALERT in decide(view)
    reason = "Fristen for statstilskuddet går ut før neste møte"
    message = decide(view, override=reason)
    assert OK in message and "unntak" in message
    (vedtak,) = view.service.state(view.loop_id).vedtak
    assert vedtak.overrides_same_meeting_rule and vedtak.override_reason == reason
    assert view.vedtak.override_box.layout.display == "none"
    assert reason in _downloads(view)["html"]


def test_decide_in_a_later_meeting_after_a_refusal(open_view):
    view = open_view()
    same_day = date(2025, 3, 10)
    to_last_stage(view, same_day, same_day, same_day, same_day)
    assert ALERT in decide(view)
    assert OK in hold(view, 5, date(2025, 4, 24), "44/25")
    # The later meeting is offered first and chosen; the refusal about the other is gone.
    assert view.vedtak.meeting.options[0][0].startswith("24.04.2025")
    assert view.vedtak.meeting.value == view.vedtak.meeting.options[0][1]
    assert ALERT not in view.vedtak.message.value
    assert view.vedtak.override_box.layout.display == "none"
    message = decide(view)
    assert OK in message and "unntak" not in message
    assert not view.service.state(view.loop_id).vedtak[0].overrides_same_meeting_rule


def test_user_text_is_escaped_everywhere_it_is_shown(open_view):
    evil = "<script>alert(1)</script>"
    view = open_view(title=f"Løyfe {evil}")
    assert OK in hold(view, 1, date(2025, 3, 10), "<b>12</b>")
    assert OK in note(view, evil)
    assert OK in hold(view, 2, date(2025, 3, 20))
    view.council.others.value = True
    view.council.others_who.value = evil
    view.council.follow_up.value = evil
    view.council.tiltak_needed.value = True
    view.council.drafted_by.value = "politikerne"
    view.council.submit.click()
    assert OK in view.council.message.value
    assert OK in propose(view, title=f"Tiltak {evil}")
    pages = [w.value for w in _all_widgets(view.widget) if isinstance(w, W.HTML)]
    joined = "\n".join(pages)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in view.stage_details.value
    assert "&lt;script&gt;" in view.council.summary.value
    assert "&lt;script&gt;" in view.proposal.listing.value
    assert "&lt;script&gt;" in view.header.value
    assert "<script>alert" not in joined
    assert "<b>12</b>" not in joined
    # The minutes escape it too.
    minutes = _downloads(view)
    assert "<script>alert" not in minutes["html"]
    assert "<script>alert" not in minutes["md"]


def test_nothing_is_written_until_the_person_has_given_a_name(open_view, monkeypatch):
    monkeypatch.delenv("BMS_AUTHOR_HEADER", raising=False)
    view = open_view(author="Kari Nordmann")
    view.author = None  # a viewer without a name from the login
    view._show_author()
    message = hold(view, 1, date(2025, 3, 10))
    assert ALERT in message and "navnet ditt" in message
    assert view.service.state(view.loop_id).meetings == []
    view.author_form.name.value = "   "
    view.author_form.submit.click()
    assert ALERT in view.author_form.message.value
    view.author_form.name.value = "Ola Nordmann"
    view.author_form.submit.click()
    assert "Ola Nordmann" in view.author_form.status.value
    assert view.author_form.inputs.layout.display == "none"
    assert OK in hold(view, 1, date(2025, 3, 10))
    assert view.service.state(view.loop_id).meetings[0].author == "Ola Nordmann"


def test_the_author_comes_from_the_configured_header(session, monkeypatch, tmp_path):
    service: LoopService = session.service
    loop_id = service.open_loop("RS2 2025", "politisk", "RS2", 2025, "Kari")
    roles = tmp_path / "roller.toml"
    roles.write_text('skriver = ["Per <Sekretær>"]\n', encoding="utf-8")
    monkeypatch.setenv("BMS_ROLES", str(roles))
    monkeypatch.setenv("BMS_AUTHOR_HEADER", "X-Forwarded-User")
    monkeypatch.setenv("HTTP_X_FORWARDED_USER", "Per <Sekretær>")
    widget = V.page(session, loop_id, today=TODAY)
    html_values = [w.value for w in _all_widgets(widget) if isinstance(w, W.HTML)]
    assert any("Per &lt;Sekretær&gt;" in v and "innloggingen" in v and "rolle: skriver" in v
               for v in html_values)


def test_refusals_are_norwegian_sentences_in_the_form(open_view):
    view = open_view()
    view.meeting.stage.value = 1
    view.meeting.date.value = None
    view.meeting.submit.click()
    assert ALERT in view.meeting.message.value and "Velg møtedatoen" in view.meeting.message.value
    assert OK in hold(view, 1, date(2025, 3, 10))
    # A meeting dated before the previous one is refused by the model, in Norwegian.
    message = hold(view, 2, date(2025, 3, 1))
    assert ALERT in message and "tidligere enn forrige møte" in message
    # Proposals before the council has asked for tiltak: the form explains why it is closed.
    assert view.proposal.fields.layout.display == "none"
    assert "Ikke hopp rett på løsninger" in view.proposal.hint.value
    # Bad cost.
    assert OK in hold(view, 2, date(2025, 3, 20))
    assert OK in council(view)
    message = propose(view, cost="mange penger")
    assert ALERT in message and "Kostnaden må være et tall" in message
    message = propose(view, indicators=())
    assert ALERT in message and "minst én indikator" in message
    # An empty note.
    view.note.text.value = "  "
    view.note.submit.click()
    assert ALERT in view.note.message.value
    for msg in (view.meeting.message, view.proposal.message, view.note.message):
        assert "Traceback" not in msg.value


def test_an_unexpected_failure_is_a_norwegian_sentence_not_a_traceback(open_view, monkeypatch):
    view = open_view()

    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(view.service, "hold_meeting", boom)
    message = hold(view, 1, date(2025, 3, 10))
    assert ALERT in message and "Noe gikk galt" in message
    assert "disk on fire" not in message and "Traceback" not in message


def test_earlier_tiltak_are_shown_with_their_status_in_the_next_loop(open_view):
    first = open_view(title="RS1 2024: innbyggerundersøkelsen")
    to_last_stage(first, date(2024, 3, 10), date(2024, 3, 20), date(2024, 4, 2),
                  date(2024, 4, 24))
    assert OK in decide(first)
    second = open_view(title="RS1 2025: innbyggerundersøkelsen", today=date(2026, 1, 15))
    assert "Bedre informasjon til innbyggerne" in second.earlier.value
    assert "RS1 2024: innbyggerundersøkelsen" in second.earlier.value
    # The deadline (1.12.2025) has passed: flagged with symbol and word, not colour alone.
    assert "⚠ Forfalt: Fristen er passert" in second.earlier.value
    # The indicator's status now, so the council sees whether it worked.
    assert "Tilfredshet med kommunen som bosted" in second.earlier.value
    # The earlier vedtak is also marked on this loop's chart.
    assert second.figures["POL-BOSTED"]["layout"]["shapes"]
    # And its status can be reported from the new loop.
    values = [v for _, v in second.status.tiltak.options]
    assert any(loop_id == first.loop_id for loop_id, _ in values)


def test_index_lists_loops_as_links_and_escapes_titles(session):
    service: LoopService = session.service
    loop_id = service.open_loop("RS3 <i>2025</i>", "administrativ", "RS3", 2025, "Kari")
    index = V.LoopIndex(session, author="Kari", today=TODAY)
    assert f'href="?loop={loop_id}"' in index.table.value
    assert "RS3 &lt;i&gt;2025&lt;/i&gt;" in index.table.value
    assert "<i>2025</i>" not in index.table.value


def test_adhoc_administrative_loop_has_no_council_section(session):
    index = V.LoopIndex(session, author="Kari", today=TODAY)
    form = index.form
    form.kind.value = "administrativ"
    form.release.value = "adhoc"
    assert form.adhoc.layout.display != "none"
    form.adhoc.value = "KOSTRA 2025"
    form.focus_areas.value = ("adm.organisasjon_medarbeidere",)
    form.submit.click()
    assert OK in form.message.value
    view = index.view
    assert view.state.release == "KOSTRA 2025" and view.state.kind == "administrativ"
    assert view.council_stage is None
    assert "ADM-SYKEFRAVAER" in view.indicator_ids
    assert "Rådmannen og ledergruppen" in view.stepper.value


def test_unknown_loop_gives_a_norwegian_message(session):
    widget = V.page(session, "finnes-ikke", today=TODAY)
    assert isinstance(widget, W.HTML)
    assert "Fant ingen resultatsløyfe med id «finnes-ikke»" in widget.value
    assert 'role="alert"' in widget.value


def test_parse_kroner():
    assert V.parse_kroner("120 000") == 120000
    assert V.parse_kroner("kr 1\u00a0234,50") == 1234.5
    assert V.parse_kroner("") is None
    assert V.parse_kroner("2.500.000") == 2500000


def _all_widgets(widget: W.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


def test_journal_defaults_to_beside_the_store(tmp_path, monkeypatch):
    monkeypatch.delenv("BMS_JOURNAL", raising=False)
    session = V.open_session(tmp_path / "bms.duckdb")
    assert session.service.journal.path == (tmp_path / "journal.sqlite").resolve()
    monkeypatch.setenv("BMS_JOURNAL", str(tmp_path / "elsewhere.sqlite"))
    assert V.open_session(tmp_path / "bms.duckdb").service.journal.path == (
        tmp_path / "elsewhere.sqlite")


def test_a_municipalitys_own_stage_list_is_used_for_new_loops(tmp_path, demo_store_master):
    import json

    from bmsdata.loop.journal import ensure_journal
    from bmsdata.loop.stages import DEFAULT_STAGES_PATH

    data = json.loads(DEFAULT_STAGES_PATH.read_text(encoding="utf-8"))
    data["name"] = "eksempel-kommune"
    data["loops"]["politisk"]["stages"][2]["title"] = "Levekårsutvalget: analyse"
    own = tmp_path / "trinn.json"
    own.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ensure_journal(tmp_path / "j.sqlite")  # reading never creates one
    session = V.open_session(demo_store_master, tmp_path / "j.sqlite", stages=own)
    index = V.LoopIndex(session, author="Kari", today=TODAY)
    index.form.indicators.value = ("POL-BOSTED",)
    index.form.submit.click()
    assert "Levekårsutvalget: analyse" in index.view.stepper.value
    # A broken file is a Norwegian sentence on the page, not a traceback.
    own.write_text("{ ikke json", encoding="utf-8")
    broken = V.open_session(demo_store_master, tmp_path / "j.sqlite", stages=own)
    widget = V.page(broken, "")
    assert "Trinnlisten" in widget.value and "ikke gyldig JSON" in widget.value
