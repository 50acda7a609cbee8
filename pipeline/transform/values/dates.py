"""Dates as rosters hold them: Excel serials, ISO datetimes, 1985.03, 1985年3月12日, 19850312, 85.3."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.repair.width import normalize_fullwidth_ascii

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL = re.compile(r"^\d{4,5}(\.\d+)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
#: What a reader makes of 19901214 typed into a date-formatted cell: serial day 19,901,214 (year 56387).
_SERIAL_OVERFLOW = re.compile(r"^\+?(\d{5,})-(\d{2})-(\d{2})(?:[ T]00:00:00)?$")
_DAYS_PER_400_YEARS = 146_097
#: Characters of the longest cell read as a date ("1985 年 03 月 12 日 08:30:00" has 25).
_MAX_DATE_CHARS = 40
_PARTS = re.compile(
    r"^(\d{2}|\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)


class PartialDate(NamedTuple):
    """A date and how much of it the source gave: "day" or "month" (stored as the 1st)."""

    value: dt.date
    precision: str


@lru_cache(maxsize=1 << 16)  # the transform parses a roster a batch at a time; dates repeat across batches
def parse_roster_date(text: str, label: str = "date") -> PartialDate:
    """The date a roster cell means; ValueError naming ``label`` when it is no date.

    >>> parse_roster_date("1985年3月12日")
    PartialDate(value=datetime.date(1985, 3, 12), precision='day')
    >>> parse_roster_date("85.3"), parse_roster_date("31120").value
    (PartialDate(value=datetime.date(1985, 3, 1), precision='month'), datetime.date(1985, 3, 14))
    >>> parse_roster_date("+56387-09-02 00:00:00").value  # 19901214 in a date-formatted cell
    datetime.date(1990, 12, 14)
    """
    value = normalize_fullwidth_ascii(text).strip()
    if len(value) > _MAX_DATE_CHARS:  # _PARTS's runs of blanks backtrack on a long cell (issue 18)
        raise ValueError(f"{label} {text[:_MAX_DATE_CHARS]}... is not a date")
    if overflow := _SERIAL_OVERFLOW.match(value):
        value = str(_serial_of(int(overflow[1]), int(overflow[2]), int(overflow[3])))
    if _SERIAL.match(value) and 1000 <= float(value) < 80000 and not (1900 <= float(value) <= 2099):
        return PartialDate(_EXCEL_EPOCH + dt.timedelta(days=int(float(value))), "day")
    found = _COMPACT.match(value) or _PARTS.match(value)
    if not found:
        raise ValueError(f"{label} {text} is not a date")
    year, month, day = int(found[1]), int(found[2]), found[3]
    if year < 100:
        year += 1900 if year > dt.date.today().year % 100 else 2000
    try:
        return PartialDate(dt.date(year, month, int(day) if day else 1), "day" if day else "month")
    except ValueError:
        raise ValueError(f"{label} {text} is not a date") from None


def _serial_of(year: int, month: int, day: int) -> int:
    """The Excel serial day of a date past year 9999 (Python's dates end there): whole 400-year cycles
    have the same number of days, so the date is moved into range by cycles.

    >>> _serial_of(56387, 9, 2)
    19901214
    """
    cycles = (year - 2000) // 400
    moved = dt.date(year - 400 * cycles, month, day)
    return (moved - _EXCEL_EPOCH).days + cycles * _DAYS_PER_400_YEARS
