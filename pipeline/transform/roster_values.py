"""One staged roster row's raw texts to clean values, or the list of what is wrong with them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.repair.width import normalize_fullwidth_ascii
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
    return re.sub(r"\s+", " ", text).strip()


class RowErrors(ValueError):
    """Everything wrong with one row, joined into one reason."""


class _Values:
    """Parses the cells of one row, collecting every error instead of stopping at the first."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row
        self.errors: list[str] = []

    def take(self, field: str, parse: Callable[[str], Any]) -> Any:
        text = self.row.get(field)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as err:
            self.errors.append(str(err))
            return None


def normalize_person_row(row: dict[str, Any]) -> dict[str, Any]:
    """The clean values of a members-roster row; RowErrors listing every bad value."""
    values = _Values(row)
    take, errors = values.take, values.errors
    out: dict[str, Any] = {"name_original": row["name"]}
    out["name"] = take("name", normalize_person_name)
    identity = take("id_number", parse_id_number)
    birth = take("birth_date", lambda t: parse_roster_date(t, "birth date"))
    if birth and not dt.date(1900, 1, 1) <= birth.value <= dt.date.today():
        errors.append(f"birth date {row['birth_date']} is not a plausible birth date")
    gender = take("gender", parse_gender)
    phones = take("phone", parse_phones) or []
    joined = take("joined_on", lambda t: parse_roster_date(t, "join date"))
    if identity:
        if birth and birth.precision == "day" and birth.value != identity.birth_date:
            errors.append(
                f"birth date {row['birth_date']} differs from the ID number's {identity.birth_date}"
            )
        if gender and gender != identity.gender:
            errors.append(f"gender {row['gender']} differs from the ID number's {identity.gender}")
    out |= {
        "id_number": identity.number if identity else None,
        "birth_date": identity.birth_date if identity else birth.value if birth else None,
        "birth_precision": "day" if identity else birth.precision if birth else None,
        "gender": gender or (identity.gender if identity else None),
        "phones": phones,
        "phone": phones[0] if phones else None,
        "email": take("email", parse_email),
        "unit_name": take("unit_name", normalize_unit_name),
        "joined_on": joined.value if joined else None,
        "postcode": take("postcode", parse_postcode),
    }
    for field in ("title", "professional_title", "member_type", "address"):
        out[field] = take(field, clean_text)
    if errors:
        raise RowErrors("; ".join(errors))
    return out


def normalize_unit_row(row: dict[str, Any]) -> dict[str, Any]:
    """The clean values of a units-roster row; RowErrors listing every bad value."""
    values = _Values(row)
    take, errors = values.take, values.errors
    phones = take("phone", parse_phones) or []
    out = {
        "name_original": row["unit_name"],
        "name": take("unit_name", normalize_unit_name),
        "kind": take("unit_kind", clean_text),
        "address": take("address", clean_text),
        "postcode": take("postcode", parse_postcode),
        "phones": phones,
        "phone": phones[0] if phones else None,
        "email": take("email", parse_email),
        "contact_name": take("contact_name", normalize_person_name),
        "member_type": take("member_type", clean_text),
    }
    if errors:
        raise RowErrors("; ".join(errors))
    return out


def source_recency(source_file: str) -> tuple[int, str]:
    """How recent a source is: the year in its path (2024年会员名单.xlsx), then the path.

    >>> source_recency("rosters/2023年会员名单.xlsx")
    (2023, 'rosters/2023年会员名单.xlsx')
    """
    years = [int(m[0]) for m in _YEAR.finditer(source_file)]
    return (max(years) if years else 0, source_file)


def latest_values(group: list[Any], fields: Sequence[str]) -> dict[str, Any]:
    """Each field from the most recent source row (records with lineage) that has it; sorts ``group``
    oldest first, so ``group[-1]`` is the most recent row."""
    group.sort(key=lambda s: (source_recency(s.source_file), s.sheet, s.row))
    return {
        field: next((v for s in reversed(group) if (v := getattr(s, field)) is not None), None)
        for field in fields
    }
