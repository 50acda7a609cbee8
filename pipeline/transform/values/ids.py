"""Mainland resident ID numbers (GB 11643-1999): check digit, 15 to 18 digits, birth date and gender.

Spreadsheets often hold an ID as a number: a float keeps at most 17 significant digits, so an ID is
recovered from a number only when its text still shows all 18 digits (1.40602196309064681E+17) and the
check digit passes; never guessed from the 17 a float keeps (1.4060219630906467E+17).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import NamedTuple

#: The weight of each of the first 17 digits, and the check character for each remainder of their sum by 11.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
_SCIENTIFIC = re.compile(r"^(\d)\.(\d+)[eE]\+?(\d+)$")
_LARGEST_EXACT_FLOAT = 2**53
#: Typing noise around an ID: quotes (a text prefix), commas and stops copied with it.
_NOISE = "'\"`,，.。;；‘’“”"


class IdNumber(NamedTuple):
    number: str
    birth_date: dt.date
    gender: str


def check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits.

    >>> check_digit("11010519491231002")
    'X'
    """
    return CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def parse_id_number(text: str) -> IdNumber:
    """A valid 18-character ID (upper-case X) with its birth date and gender; ValueError otherwise.

    >>> parse_id_number("11010519491231002x").number, parse_id_number("110105491231002").number
    ('11010519491231002X', '11010519491231002X')
    >>> parse_id_number('"11010519491231002X,').number  # a stray quote or comma around it is noise
    '11010519491231002X'
    """
    value = re.sub(r"[\s\-]", "", text).strip(_NOISE).upper()
    scientific = _SCIENTIFIC.match(value)
    if scientific:
        value = _from_scientific(text, scientific)
    elif len(value) == 15 and value.isdigit():
        value = value[:6] + "19" + value[6:]
        value += check_digit(value)
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValueError(f"ID number {text} is not 18 characters (17 digits and a digit or X)")
    if check_digit(value[:17]) != value[17]:
        if value.isdigit() and int(value) > _LARGEST_EXACT_FLOAT and float(int(value)) == int(value):
            raise ValueError(_lost_digits(text))
        raise ValueError(f"ID number {text} fails its check digit")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValueError(f"ID number {text} holds no valid birth date") from None
    return IdNumber(value, birth, "男" if int(value[16]) % 2 else "女")


def _from_scientific(text: str, found: re.Match[str]) -> str:
    """The digits of 1.40602196309064680e17 when all 18 survive; ValueError for 1.4060219630906467E+17.

    Another size or a fraction is returned as its plain digits, which the 18-character check refuses.
    """
    if int(found[3]) == 17 and len(found[1] + found[2]) < 18:
        raise ValueError(_lost_digits(text))
    number = Decimal(found[0])
    return str(int(number)) if number == number.to_integral_value() else format(number, "f")


def _lost_digits(text: str) -> str:
    return (
        f"ID number {text} stored as a number lost its last digits: "
        "store the column as text and type the ID again"
    )
