"""Datelines in many formats and languages: absolute ones give a date, relative ones none."""

from __future__ import annotations

import pytest

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
])
def test_absolute_datelines(line: str, date: str) -> None:
    found = dateline(line)
    assert found is not None and found.date == date and not found.relative


@pytest.mark.parametrize("line", ["Yesterday 09:40", "vor 2 Stunden", "منذ ساعتين",
                                  "Heute, 10:32 Uhr", "3 hours ago"])
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
