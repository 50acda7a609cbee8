"""Match keys of a person row: the forms of name, phone and id under which duplicates agree.

Rosters spell the same person differently: traditional or simplified script, spaces inside the name
(``王　伟``), phones with punctuation or a country code. Matching compares these keys, never the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from pypinyin import lazy_pinyin

from pipeline.repair.script import convert_to_simplified

_NAME_NOISE = re.compile(r"[\s·•．.]+")
_NOT_DIGIT = re.compile(r"\D+")
_MOBILE_DIGITS = 11


@dataclass(frozen=True)
class NameKeys:
    simplified: str
    pinyin: str


def name_keys(name: str) -> NameKeys:
    """The name in simplified script without spaces or dots, and its toneless pinyin.

    >>> name_keys("陳　志 強")
    NameKeys(simplified='陈志强', pinyin='chenzhiqiang')
    """
    simplified = convert_to_simplified(_NAME_NOISE.sub("", name))
    return NameKeys(simplified=simplified, pinyin="".join(lazy_pinyin(simplified)).lower())


def phone_key(phone: str) -> str | None:
    """The digits of a phone number, without the +86 country code; None when there are none.

    >>> phone_key("+86 138-0013 8000")
    '13800138000'
    """
    digits = _NOT_DIGIT.sub("", phone)
    if len(digits) == _MOBILE_DIGITS + 2 and digits.startswith("86"):
        digits = digits[2:]
    return digits or None


def id_number_key(id_number: str) -> str | None:
    """A resident id number without spaces, with an upper-case check letter.

    >>> id_number_key(" 11010519491231002x ")
    '11010519491231002X'
    """
    return re.sub(r"\s+", "", id_number).upper() or None


#: Columns of the person rows that matching reads (one row per person row of a roster).
PERSON_COLUMNS = (
    "source_row_id",
    "name",
    "name_simplified",
    "name_pinyin",
    "birth_date",
    "phone",
    "id_number",
    "email",
    "unit_name",
)


def people_for_matching(rows: pd.DataFrame) -> pd.DataFrame:
    """Roster rows (source_row_id, name, birth_date, phone, id_number, email, unit_name) with match keys.

    Blank values become missing, so that two rows without a phone do not agree on the phone.
    """
    people = rows.loc[:, ["source_row_id", "name", "birth_date", "phone", "id_number", "email", "unit_name"]]
    people = with_none_for_missing(people)
    names = [name_keys(name) for name in people["name"]]
    people["name_simplified"] = [keys.simplified for keys in names]
    people["name_pinyin"] = [keys.pinyin for keys in names]
    people["phone"] = [phone_key(p) if p else None for p in people["phone"]]
    people["id_number"] = [id_number_key(i) if i else None for i in people["id_number"]]
    people["email"] = [e.strip().lower() or None if e else None for e in people["email"]]
    people["unit_name"] = [u.strip() or None if u else None for u in people["unit_name"]]
    people["birth_date"] = [str(d) if d else None for d in people["birth_date"]]
    return with_none_for_missing(people.loc[:, list(PERSON_COLUMNS)].reset_index(drop=True))


def with_none_for_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for every missing value (pandas 3 would store NaN, a truthy float)."""
    return frame.astype(object).where(frame.notna(), None)
