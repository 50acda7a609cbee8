"""ID numbers: check digit, 15 to 18 digits, numbers stored as floats recovered only when exact."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.transform.values.ids import parse_id_number
from tests.fixtures.make_rosters import make_id

VALID = make_id("140602", dt.date(1963, 9, 6), 46, male=True)


def test_valid_id_gives_birth_date_and_gender() -> None:
    parsed = parse_id_number(VALID)
    assert (parsed.number, parsed.birth_date, parsed.gender) == (VALID, dt.date(1963, 9, 6), "男")


def test_float_text_with_all_digits_is_recovered_only_if_the_check_digit_passes() -> None:
    ending_in_zero = next(
        make_id("140602", dt.date(1963, 9, 6), seq, male=True)
        for seq in range(200)
        if make_id("140602", dt.date(1963, 9, 6), seq, male=True).endswith("0")
    )
    text = f"{ending_in_zero[0]}.{ending_in_zero[1:]}e17"
    assert parse_id_number(text).number == ending_in_zero


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1.40602E+17", "stored as a number lost its last digits: store the column as text"),
        (VALID[:17] + str((int(VALID[17]) + 1) % 10 if VALID[17] != "X" else 0), "fails its check digit"),
        ("140602196309064704", "stored as a number lost its last digits"),
        ("1406021963", "is not 18 characters"),
    ],
)
def test_bad_ids_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_id_number(text)


def test_fifteen_digit_id_is_upgraded() -> None:
    assert parse_id_number("110105491231002").number == "11010519491231002X"
