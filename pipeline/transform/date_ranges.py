"""Date ranges and month-precision dates: 2021年5月10日至12日, May 10-12 2021, 4月下旬, 3月中旬.

``dates.py`` (notice metadata) reads single dates; activities need spans. A span's ``precision`` says
how much the text fixed: ``day`` (5月10日), ``month`` (5月, 4月下旬: start and end are the first and
last day the words allow, so 下旬 is the 21st to the month's end). A year left out is taken from
``default_year``; a placeholder year (20xx年) makes no date at all, and neither does a month without
any year to go with it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pipeline.transform.numerals import convert_chinese_dates

Precision = Literal["day", "month"]

_DASH = r"\s*(?:-|–|—|~|～|至|到|to)\s*"
_YEAR_ZH = r"(?:(?P<year>\d{4})\s*年\s*|(?P<placeholder>\d{0,2}[xX×]{2}\s*年\s*))?"
_ZH_SPAN = re.compile(
    _YEAR_ZH + r"(?P<m1>\d{1,2})\s*月\s*(?:(?P<d1>\d{1,2})\s*[日号]?"
    r"(?:" + _DASH + r"(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日号])?"
    r"|(?P<part>上旬|中旬|下旬|初|中|底|末))?"
)
_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name[:3]: number for name, number in list(_MONTHS.items())} | {"Sept": 9}
_MONTH_EN = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EN_SPAN = re.compile(
    rf"\b(?P<m1>{_MONTH_EN})\.?\s+(?P<d1>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?"
    rf"(?:{_DASH}(?:(?P<m2>{_MONTH_EN})\.?\s+)?(?P<d2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?)?"
    r"(?:,?\s+(?P<year>\d{4}))?"
    rf"|\b(?P<d1b>\d{{1,2}})(?:{_DASH}(?P<d2b>\d{{1,2}}))?\s+(?P<m1b>{_MONTH_EN})\.?,?\s+(?P<yearb>\d{{4}})"
    rf"|\b(?P<m1c>{_MONTH_EN})\.?,?\s+(?P<yearc>\d{{4}})\b"
)
_PARTS = {
    "上旬": (1, 10),
    "初": (1, 10),
    "中旬": (11, 20),
    "中": (11, 20),
    "下旬": (21, 31),
    "底": (21, 31),
    "末": (21, 31),
}


@dataclass(frozen=True)
class DateSpan:
    """A date or date range found in a text, with the character positions of its expression."""

    start: dt.date
    end: dt.date
    precision: Precision
    begin: int
    stop: int


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _span(year: int | None, m1: int, d1: int | None, m2: int | None, d2: int | None) -> tuple | None:
    """(start, end, precision) or None when the parts make no real date."""
    if year is None or not 1 <= m1 <= 12:
        return None
    if d1 is None:
        last = calendar.monthrange(year, m1)[1]
        return dt.date(year, m1, 1), dt.date(year, m1, last), "month"
    start = _day(year, m1, d1)
    end = _day(year, m2 or m1, d2) if d2 is not None else start
    if start is None or end is None or end < start:
        return None
    return start, end, "day"


def _zh_spans(text: str, default_year: int | None) -> list[DateSpan]:
    spans = []
    for match in _ZH_SPAN.finditer(text):
        if match.group("placeholder"):
            continue
        year = int(match.group("year")) if match.group("year") else default_year
        part = match.group("part")
        if part:
            found = _span(year, int(match.group("m1")), None, None, None)
            if found:
                first, last = _PARTS[part]
                start, end = found[0].replace(day=first), found[1].replace(day=min(last, found[1].day))
                spans.append(DateSpan(start, end, "month", match.start(), match.end()))
            continue
        numbers = [int(match.group(g)) if match.group(g) else None for g in ("m1", "d1", "m2", "d2")]
        if numbers[1] is None and not match.group("year"):
            continue  # "3月" alone is too often a deadline month ("3月底之前") or a count
        found = _span(year, *numbers)  # type: ignore[arg-type]
        if found:
            spans.append(DateSpan(*found, match.start(), match.end()))
    return spans


def _en_spans(text: str, default_year: int | None) -> list[DateSpan]:
    spans = []
    for match in _EN_SPAN.finditer(text):
        groups = match.groupdict()
        month = groups["m1"] or groups["m1b"] or groups["m1c"]
        written_year = groups["year"] or groups["yearb"] or groups["yearc"]
        year = int(written_year) if written_year else default_year
        d1, d2 = groups["d1"] or groups["d1b"], groups["d2"] or groups["d2b"]
        m2 = _MONTHS[groups["m2"]] if groups["m2"] else None
        found = _span(year, _MONTHS[month], int(d1) if d1 else None, m2, int(d2) if d2 else None)
        if found:
            spans.append(DateSpan(*found, match.start(), match.end()))
    return spans


def find_date_spans(text: str, default_year: int | None = None) -> list[DateSpan]:
    """Every date or date range in ``text``, Chinese and English forms, in text order.

    Positions are those of the text after Chinese numerals in dates are made Arabic.

    >>> spans = find_date_spans("2021年5月10日至12日在泰安举行")
    >>> [(s.start.isoformat(), s.end.isoformat(), s.precision) for s in spans]
    [('2021-05-10', '2021-05-12', 'day')]
    >>> [(s.start.day, s.end.day, s.precision) for s in find_date_spans("定于4月下旬举办", default_year=2020)]
    [(21, 30, 'month')]
    >>> [(s.start.isoformat(), s.end.isoformat()) for s in find_date_spans("held in Taian on May 10-12 2021")]
    [('2021-05-10', '2021-05-12')]
    >>> find_date_spans("20xx年3月中旬，组织学生参加大赛", default_year=2025)
    []
    """
    converted = convert_chinese_dates(text)
    spans = _zh_spans(converted, default_year) + _en_spans(converted, default_year)
    return sorted(spans, key=lambda span: span.begin)


_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_PLACEHOLDER_YEAR = re.compile(r"(?<![\dA-Za-z])\d{0,2}[xX×]{2}\s*学?年")


def year_in(text: str) -> int | None:
    """The first year (1900-2099) written in ``text``.

    >>> year_in("the 2021 CAST Seminar"), year_in("20xx年3月"), year_in("电话63003712")
    (2021, None, None)
    """
    match = _YEAR_IN_TEXT.search(text)
    return int(match.group(1)) if match else None


def has_placeholder_year(text: str) -> bool:
    """True when ``text`` writes a template year (20xx年, 20XX学年) instead of a real one.

    >>> has_placeholder_year("20xx年3月中旬"), has_placeholder_year("2020年3月中旬")
    (True, False)
    """
    return bool(_PLACEHOLDER_YEAR.search(text))


def document_year(text: str, head_lines: int = 10) -> int | None:
    """The year a document is about: the first year in its first non-empty lines (title, dateline).

    None for templates that write 20xx: their dates belong to no year we could know.

    >>> document_year("科协2025年工作计划\\n20xx年工作打算"), document_year("2020年社区科普大学工作要点")
    (None, 2020)
    """
    if has_placeholder_year(text):
        return None
    head = [line for line in text.split("\n") if line.strip()][:head_lines]
    return year_in("\n".join(head))
