"""Cell parsers: numbers, dates, periods and header folding as Norwegian spreadsheets write them."""

from __future__ import annotations

from datetime import date

import pytest

from bmsdata.importers.values import (
    PERIOD_HELP,
    ValueProblem,
    fold,
    parse_date,
    parse_int,
    parse_number,
    parse_period,
    show_number,
    slug,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("4,5", 4.5),
    ("4.5", 4.5),
    ("  4,5 ", 4.5),
    ("0", 0.0),
    ("1 234,5", 1234.5),
    ("1\u00a0234,5", 1234.5),  # Excel's Norwegian thousands separator is a no-break space
    ("1\u202f234,5", 1234.5),  # … or a narrow no-break space
    ("1.234,5", 1234.5),
    ("1,234.5", 1234.5),  # an English export: the last mark is the decimal mark
    ("1.234.567,89", 1234567.89),
    ("1,234,567.89", 1234567.89),
    ("-1.234,5", -1234.5),
    ("12 345 678", 12345678.0),
    ("−3", -3.0),  # Unicode minus, as Word and Babel write it
    ("-3", -3.0),
    ("+2,5", 2.5),
    ("12 %", 12.0),
    ("12%", 12.0),
    ("-0,25", -0.25),
    (",5", 0.5),
    ("1e3", 1000.0),
])
def test_parse_number_reads_what_norwegian_spreadsheets_write(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["fire", "4,5,6", "%", "-", "4 5 6 7 ,,", "NaN", "inf", "#N/A",
                                  "4,5 kr", "5,0–4,0",
                                  # both marks, but the first does not group thousands
                                  "1,2,3.4", "1.2.3,4", "12.34,5"])
def test_parse_number_refuses_what_is_not_one_number(text):
    with pytest.raises(ValueProblem) as info:
        parse_number(text)
    assert f"«{text}» er ikke et tall" in info.value.message
    assert "Skriv et tall" in info.value.message


def test_parse_int_accepts_whole_numbers_and_refuses_fractions():
    assert parse_int("1 050") == 1050
    assert parse_int("42,0") == 42
    with pytest.raises(ValueProblem, match="må være et helt tall"):
        parse_int("3,5")


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-01-31", date(2024, 1, 31)),
    ("31.01.2024", date(2024, 1, 31)),
    ("31.01.24", date(2024, 1, 31)),
    ("2024-01-31 00:00:00", date(2024, 1, 31)),  # an Excel date cell seen as text
    (" 2024-02-29 ", date(2024, 2, 29)),
])
def test_parse_date_reads_iso_and_norwegian_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.13.2024", "2023-02-29", "2024/01/31", "januar 2024",
                                  "i går", "2024"])
def test_parse_date_refuses_other_text_and_says_how_to_write_it(text):
    with pytest.raises(ValueProblem) as info:
        parse_date(text)
    assert f"«{text}» er ikke en dato" in info.value.message
    assert "2024-01-31 eller 31.01.2024" in info.value.message


@pytest.mark.parametrize(("text", "expected"), [
    ("2024", "2024"), ("2024T1", "2024T1"), ("2024t3", "2024T3"), ("2024K2", "2024K2"),
    ("2024Q4", "2024K4"), ("2024M03", "2024M03"), ("2024M3", "2024M03"), ("2024.0", "2024"),
])
def test_parse_period_reads_every_period_kind(text, expected):
    assert str(parse_period(text)) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("2024T4", "tertial må være mellom 1 og 3"),
    ("2024M13", "måned må være mellom 1 og 12"),
    ("2024K0", "kvartal må være mellom 1 og 4"),
    ("24-1", "er ikke en gyldig periode"),
    ("2024-T1", "er ikke en gyldig periode"),
])
def test_parse_period_says_what_is_wrong_and_how_to_write_a_period(text, reason):
    with pytest.raises(ValueProblem) as info:
        parse_period(text)
    message = info.value.message
    assert f"«{text}»" in message and reason in message
    assert message.count(PERIOD_HELP) == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("Målekart_ID", "malekart_id"),
    ("målekart_id", "malekart_id"),
    ("Etterfølger ID", "etterfolger_id"),
    ("Ambisjonsnivå", "ambisjonsniva"),
    ("AMBISJONSNIVÅ", "ambisjonsniva"),
    ("  Høyere er bedre ", "hoyere_er_bedre"),
    ("Skala-maks", "skala_maks"),
    ("Fokusområde", "fokusomrade"),
    ("Næringsutvikling", "naeringsutvikling"),
    ("Café", "cafe"),
])
def test_fold_matches_headers_and_keywords_however_they_are_written(text, expected):
    assert fold(text) == expected


def test_slug_makes_stable_ids_from_names():
    assert slug("Tjenester/brukere") == "tjenester_brukere"
    assert slug("Økonomi og handlefrihet") == "okonomi_og_handlefrihet"
    assert slug("Politisk målekart 2023–2027") == slug("politisk målekart 2023–2027")


@pytest.mark.parametrize(("x", "expected"), [
    (4.5, "4,5"), (4.0, "4"), (1234.5, "1\u00a0234,5"), (-1.0, "-1"), (0.1 + 0.2, "0,3"),
])
def test_numbers_inside_messages_are_written_the_norwegian_way(x, expected):
    assert show_number(x) == expected
