"""The parser of each roster field: which value parser, what parts it returns, which fast path.

Both members and units are parsed through ``parse_fields`` with these tables, so a value means the same
wherever it appears. Each parser returns a dict of parts or raises ValueError naming the bad value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyarrow as pa

from pipeline.repair.width import normalize_fullwidth_ascii
from pipeline.transform.columns import (
    FastPath,
    Parsed,
    Parser,
    fast_chinese_names,
    fast_emails,
    fast_id_numbers,
    fast_mobiles,
    parse_column,
)
from pipeline.transform.values.contacts import parse_email, parse_phones
from pipeline.transform.values.dates import parse_roster_date
from pipeline.transform.values.ids import parse_id_number
from pipeline.transform.values.names import normalize_person_name, normalize_unit_name

_GENDERS = {
    "男": "男",
    "女": "女",
    "m": "男",
    "f": "女",
    "male": "男",
    "female": "女",
    "男性": "男",
    "女性": "女",
}
_YEAR = re.compile(r"(19|20)\d{2}")
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


def parse_gender(text: str) -> str:
    """男 or 女 from 男/女/M/F/male/female.

    >>> parse_gender("F"), parse_gender("男性")
    ('女', '男')
    """
    gender = _GENDERS.get(text.strip().lower())
    if gender is None:
        raise ValueError(f"gender {text} is not 男 or 女")
    return gender


def parse_postcode(text: str) -> str:
    """A six-digit postcode.

    >>> parse_postcode("０３０００１")
    '030001'
    """
    value = normalize_fullwidth_ascii(text).strip().removesuffix(".0")
    if not re.fullmatch(r"\d{6}", value):
        raise ValueError(f"postcode {text} is not 6 digits")
    return value


def clean_text(text: str) -> str:
    """Runs of whitespace as one space.

    >>> clean_text(" 高级\\n教师 ")
    '高级 教师'
    """
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1 << 16)  # as parse_roster_date's: a roster's birth dates repeat across its batches
def _birth_date(text: str) -> Mapping[str, Any]:
    value, precision = parse_roster_date(text, "birth date")
    if not _EARLIEST_BIRTH <= value <= dt.date.today():
        raise ValueError(f"birth date {text} is not a plausible birth date")
    return {"value": value, "precision": precision}


def _join_date(text: str) -> dict[str, Any]:
    return {"value": parse_roster_date(text, "join date").value}


def _phones(text: str) -> dict[str, Any]:
    phones = parse_phones(text)
    return {"phone": phones[0], "phones": phones}


@dataclass(frozen=True)
class FieldParser:
    """How one staged field becomes clean parts (``types``: part name -> Arrow type)."""

    parse: Parser
    types: Mapping[str, pa.DataType]
    fast: FastPath | None = None


def _single(name: str, parse: Any, fast: FastPath | None = None) -> FieldParser:
    return FieldParser(lambda text: {name: parse(text)}, {name: pa.string()}, fast)


_PHONES = FieldParser(_phones, {"phone": pa.string(), "phones": pa.list_(pa.string())}, fast_mobiles)
_EMAIL = _single("email", parse_email, fast_emails)
_TEXT = _single("text", clean_text)

#: Fields of a members roster.
PERSON_FIELDS: dict[str, FieldParser] = {
    "name": _single("name", normalize_person_name, fast_chinese_names),
    "id_number": FieldParser(
        lambda text: parse_id_number(text)._asdict(),
        {"number": pa.string(), "birth_date": pa.date32(), "gender": pa.string()},
        fast_id_numbers,
    ),
    "birth_date": FieldParser(_birth_date, {"value": pa.date32(), "precision": pa.string()}),
    "gender": _single("gender", parse_gender),
    "phone": _PHONES,
    "email": _EMAIL,
    "unit_name": _single("unit_name", normalize_unit_name),
    "joined_on": FieldParser(_join_date, {"value": pa.date32()}),
    "postcode": _single("postcode", parse_postcode),
    "title": _TEXT,
    "professional_title": _TEXT,
    "member_type": _TEXT,
    "address": _TEXT,
}

#: Fields of a units roster (团体会员登记表).
UNIT_FIELDS: dict[str, FieldParser] = {
    "unit_name": _single("unit_name", normalize_unit_name),
    "unit_kind": _TEXT,
    "address": _TEXT,
    "postcode": _single("postcode", parse_postcode),
    "phone": _PHONES,
    "email": _EMAIL,
    "contact_name": _single("name", normalize_person_name, fast_chinese_names),
    "member_type": _TEXT,
}


def parse_fields(table: pa.Table, fields: Mapping[str, FieldParser]) -> dict[str, Parsed]:
    """Every field of ``fields`` parsed from the staged roster ``table``."""
    return {
        name: parse_column(table[name].combine_chunks(), spec.parse, spec.types, spec.fast)
        for name, spec in fields.items()
    }


def source_recency(source_file: str) -> tuple[int, str]:
    """How recent a source is: the year in its path (2024年会员名单.xlsx), then the path.

    >>> source_recency("rosters/2023年会员名单.xlsx")
    (2023, 'rosters/2023年会员名单.xlsx')
    """
    years = [int(m[0]) for m in _YEAR.finditer(source_file)]
    return (max(years) if years else 0, source_file)
