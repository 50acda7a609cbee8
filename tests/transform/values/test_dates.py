"""Roster dates in every format met."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.transform.values.dates import parse_roster_date


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("1985.03", dt.date(1985, 3, 1), "month"),
        ("1985年3月12日", dt.date(1985, 3, 12), "day"),
        ("1985/3/12", dt.date(1985, 3, 12), "day"),
        ("19850312", dt.date(1985, 3, 12), "day"),
        ("85.3", dt.date(1985, 3, 1), "month"),
        ("31120", dt.date(1985, 3, 14), "day"),
        ("1985-03-12 00:00:00", dt.date(1985, 3, 12), "day"),
    ],
)
def test_dates(text: str, date: dt.date, precision: str) -> None:
    assert parse_roster_date(text) == (date, precision)


def test_impossible_date_is_an_error() -> None:
    with pytest.raises(ValueError, match="birth date 1985-13-45 is not a date"):
        parse_roster_date("1985-13-45", "birth date")
