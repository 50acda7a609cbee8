"""Dates written in notices: 2014年1月6日, 二〇一四年元月六日, 2020-04-13, 2020/4/13, 2020.4.13.

Chinese numerals go through cn2an (no hand-written numeral tables). Template placeholders such as
``20xx年`` never match because every pattern needs real digits, and impossible dates (2月30日) are
recognised as date expressions but give no date, so they cannot be mistaken for another date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import cn2an

_CN_DIGITS = "〇零一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
_ARABIC_CN_STYLE = re.compile(r"(?<![\dA-Za-z])(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_CHINESE_NUMERALS = re.compile(rf"[{_CN_DIGITS}]{{4}}年[元{_CN_SMALL}]{{1,2}}月[{_CN_SMALL}]{{1,3}}[日号]")
_NUMERIC = re.compile(r"(?<![\dA-Za-z.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.]*\d)")
_PATTERNS = (_ARABIC_CN_STYLE, _CHINESE_NUMERALS, _NUMERIC)


def _make_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _chinese_to_date(expression: str) -> dt.date | None:
    """二〇一四年元月六日 -> 2014-01-06 (元月 is the first month)."""
    arabic = cn2an.transform(expression.replace("元月", "一月"), "cn2an")
    match = _ARABIC_CN_STYLE.search(arabic)
    return _make_date(*match.groups()) if match else None


def _match_to_date(match: re.Match[str]) -> dt.date | None:
    if match.re is _CHINESE_NUMERALS:
        return _chinese_to_date(match.group())
    if match.re is _NUMERIC:
        return _make_date(match.group(1), match.group(3), match.group(4))
    return _make_date(*match.groups())


def _date_expressions(text: str) -> Iterator[tuple[dt.date | None, int, int]]:
    """Every date expression in text order; impossible ones carry ``None``."""
    matches = sorted((m for p in _PATTERNS for m in p.finditer(text)), key=lambda m: m.start())
    end = -1
    for match in matches:
        if match.start() >= end:
            end = match.end()
            yield _match_to_date(match), match.start(), match.end()


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """All valid dates in ``text`` as ``(date, start, end)`` in text order.

    >>> find_dates("2014年1月6日发，二〇一四年元月六日，20xx年3月1日")
    [(datetime.date(2014, 1, 6), 0, 9), (datetime.date(2014, 1, 6), 11, 20)]
    """
    return [(date, start, end) for date, start, end in _date_expressions(text) if date is not None]


def parse_date(text: str) -> dt.date | None:
    """The date of the first date expression in ``text``; ``None`` if there is none or it is impossible.

    >>> parse_date("Create_time:2018-03-13"), parse_date("2014年2月30日"), parse_date("20xx年1月1日")
    (datetime.date(2018, 3, 13), None, None)
    """
    first = next(_date_expressions(text), None)
    return first[0] if first else None


def is_date_line(line: str) -> bool:
    """True when the whole (stripped) line is one date expression, as a signature date is.

    >>> is_date_line("  2014年1月6日 "), is_date_line("2014年1月6日前报送")
    (True, False)
    """
    stripped = line.strip()
    return any(p.fullmatch(stripped) for p in _PATTERNS)
