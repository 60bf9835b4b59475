"""Datelines in many formats and languages: absolute ones give a date, relative ones none."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaners.dates import dateline, parse_date


@pytest.mark.parametrize(("line", "date"), [
    ("First Published: 2017-11-14", "2017-11-14"),
    ("Tuesday, November 14, 2017", "2017-11-14"),
    ("14.11.2017", "2017-11-14"),
    ("14.11.2017 | 10:32", "2017-11-14"),
    ("Dienstag, 14. November 2017", "2017-11-14"),
    ("Veröffentlicht am 14.11.2017 um 10:32 Uhr", "2017-11-14"),
    ("mardi 14 novembre 2017", "2017-11-14"),
    ("14 de noviembre de 2017", "2017-11-14"),
    ("14 ноября 2017, 10:32", "2017-11-14"),
    ("الثلاثاء 14 نوفمبر 2017", "2017-11-14"),
    ("14 تشرين الثاني 2017", "2017-11-14"),
    ("٢٠١٧-١١-١٤", "2017-11-14"),
    ("2017年11月14日", "2017-11-14"),
    ("14 Kasım 2017 Salı", "2017-11-14"),
    ("Nov 14th, 2017 at 3:45 pm", "2017-11-14"),
    ("11/14/2017", "2017-11-14"),
    ("۱۴ آبان ۱۳۹۶ - ۱۰:۳۲", "2017-11-05"),  # Iranian solar calendar
    ("تاریخ انتشار: ۲۲ مهر ۱۴۰۲ - ۱۸:۴۵", "2023-10-14"),
    ("14. 11. 2023", "2023-11-14"),  # Czech, Slovak, Slovenian spacing
    ("2023. 11. 14.", "2023-11-14"),  # Hungarian, year first
    ("2018. január 22. 08:15", "2018-01-22"),
])
def test_absolute_datelines(line: str, date: str) -> None:
    found = dateline(line)
    assert found is not None and found.date == date and not found.relative


@pytest.mark.parametrize("line", ["Yesterday 09:40", "vor 2 Stunden", "منذ ساعتين",
                                  "Heute, 10:32 Uhr", "3 hours ago", "Last updated: 09:02",
                                  "Aktualisiert 10:32 Uhr"])
def test_relative_datelines_give_no_date(line: str) -> None:
    found = dateline(line)
    assert found is not None and found.date is None and found.relative


@pytest.mark.parametrize("line", [
    "The talks on 14 November 2017 ended without a deal.",
    "Bayern 3:1 Dortmund",
    "0",
    "Russia accuses US of providing cover for the militia",
    "In 2017, 14 people died.",
])
def test_prose_is_not_a_dateline(line: str) -> None:
    assert dateline(line) is None


def test_implausible_dates_are_refused() -> None:
    assert parse_date("31.02.2017") is None
    assert parse_date("14.11.1850") is None


@pytest.mark.parametrize(("jalali", "gregorian"), [
    ((1403, 1, 1), (2024, 3, 20)),    # Nowruz
    ((1400, 1, 1), (2021, 3, 21)),
    ((1399, 12, 30), (2021, 3, 20)),  # the last day of a leap year
    ((1396, 8, 14), (2017, 11, 5)),
    ((1402, 7, 22), (2023, 10, 14)),
    ((1369, 10, 11), (1991, 1, 1)),
])
def test_jalali_dates_convert_to_gregorian(jalali: tuple[int, int, int],
                                           gregorian: tuple[int, int, int]) -> None:
    from cleaners.dates import jalali_to_gregorian

    assert jalali_to_gregorian(*jalali) == gregorian


def test_solar_month_without_a_solar_year_is_no_date() -> None:
    assert parse_date("۱۴ آبان") is None
    assert parse_date("آبان ۲۰۱۷") is None


def _lines() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "fixtures" / "cases"
    return sorted({line.strip() for path in root.glob("*.txt")
                   for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})


DATE_WORDS = st.sampled_from(["yesterday", "vor", "2", "Stunden", "hace", "horas", "il", "y", "a",
                              "heures", "14", "November", "2017", "10:32", "Uhr", "updated",
                              "last", "mis", "à", "jour", "منذ", "ساعتين", "news", "Home", "x"])


@settings(max_examples=500, deadline=None)
@given(st.lists(DATE_WORDS, min_size=1, max_size=5).map(" ".join))
@example("aujourd'hui")
@example("il y a deux heures")
def test_quick_rejects_only_what_the_full_test_rejects(line: str) -> None:
    from cleaners.dates import _cannot_be_dateline, _read_dateline

    # (A line of over 30 characters needs a digit by definition, not as a shortcut.)
    if len(line) <= 30 and _cannot_be_dateline(line):
        assert _read_dateline(line, None) is None


def test_quick_rejects_agree_on_every_fixture_line() -> None:
    from cleaners.dates import _cannot_be_dateline, _read_dateline

    wrong = [line for line in _lines() if len(line) <= 30
             and _cannot_be_dateline(line) and _read_dateline(line, None) is not None]
    assert not wrong


def test_a_month_name_is_read_in_the_documents_language() -> None:
    # "listopad" is November in Czech and Polish, October in Croatian.
    assert parse_date("7. listopada 2023", "hr") == "2023-10-07"
    assert parse_date("7 listopada 2023", "pl") == "2023-11-07"
    assert parse_date("7. listopadu 2023", "cs") == "2023-11-07"
