"""Phones and e-mails as typed into rosters."""

from __future__ import annotations

import pytest

from pipeline.transform.values.contacts import parse_email, parse_phones


@pytest.mark.parametrize(
    ("text", "phones"),
    [
        ("+86 138 0013 8000", ["13800138000"]),
        ("138-0013-8000", ["13800138000"]),
        ("0351—6042229", ["0351-6042229"]),
        ("13800138000.0", ["13800138000"]),
        ("1.3800138000E+10", ["13800138000"]),
        ("010-62345678", ["010-62345678"]),
        ("13800138000、0351-6042229", ["13800138000", "0351-6042229"]),
    ],
)
def test_phones_are_normalized_and_split(text: str, phones: list[str]) -> None:
    assert parse_phones(text) == phones


def test_short_phone_is_refused() -> None:
    with pytest.raises(ValueError, match="is not a mobile"):
        parse_phones("1390013900")


def test_phone_in_scientific_notation_with_dropped_digits_is_refused() -> None:
    with pytest.raises(ValueError, match="shortened by the spreadsheet"):
        parse_phones("1.38001E+10")


def test_email_is_lower_cased_and_checked() -> None:
    assert parse_email("MEMBER1@EXAMPLE.CN") == "member1@example.cn"
    with pytest.raises(ValueError, match="is not an e-mail"):
        parse_email("member1.example.cn")
