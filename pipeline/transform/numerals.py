"""Numbers as the documents write them: 第三十三届 / 第33屆 / 33rd / second, 二〇一四年, 十三五.

Chinese numerals go through cn2an; only the matched expression is converted, never a whole sentence
(cn2an.transform would turn 一是 into 1是 and 三级 into 3级).
"""

from __future__ import annotations

import re

import cn2an

from pipeline.transform.data_files import read_json

_CN_NUMERAL = "〇零一二三四五六七八九十百两"
EDITION_ZH = re.compile(rf"第\s*([0-9]+|[{_CN_NUMERAL}]+)\s*[届屆次期]")
EDITION_EN = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b|\b([a-z]+(?:th|st|nd|rd))\b", re.IGNORECASE)
_CN_YEAR = re.compile("[〇零一二三四五六七八九]{4}(?=年)")
_CN_RANGE_END = re.compile("(?<=[至到—~-])([一二三四五六七八九十]{1,3})([日号])")
_CN_DAY = "[一二三四五六七八九十]"
_CN_MONTH_DAY = re.compile(f"(?<=[年\\d])(元|{_CN_DAY}{{1,2}})月(?:({_CN_DAY}{{1,3}})([日号]))?")
_FIVE_YEAR_PLAN = re.compile(rf"([{_CN_NUMERAL}]{{2,3}}|\d{{1,2}})五(?:规划|计划|期间|时期|”|’|\b|$)")


def english_ordinals() -> dict[str, int]:
    """Ordinal words (first ... twentieth) and their numbers, from ``activity_kinds.json``."""
    return read_json("activity_kinds.json")["en_ordinals"]


def chinese_to_int(written: str) -> int | None:
    """An Arabic or Chinese numeral as an int, None when it is not one.

    >>> chinese_to_int("三十三"), chinese_to_int("33"), chinese_to_int("xx")
    (33, 33, None)
    """
    if written.isdigit():
        return int(written)
    try:
        return int(cn2an.cn2an(written.replace("两", "二"), "smart"))
    except ValueError:
        return None


def edition_of(text: str) -> int | None:
    """The edition a phrase names: 第33届, 第三十三届, 33rd, second.

    >>> edition_of("第三十三届青少年科技创新大赛"), edition_of("the 26th National Thesis Collection")
    (33, 26)
    >>> edition_of("the second Youth Maker Camp"), edition_of("第六届职教论坛"), edition_of("职教论坛")
    (2, 6, None)
    """
    match = EDITION_ZH.search(text)
    if match:
        return chinese_to_int(match.group(1))
    for match in EDITION_EN.finditer(text):
        if match.group(1):
            return int(match.group(1))
        number = english_ordinals().get(match.group(2).lower())
        if number:
            return number
    return None


def _month_day(match: re.Match[str]) -> str:
    month = 1 if match.group(1) == "元" else chinese_to_int(match.group(1))
    day = f"{chinese_to_int(match.group(2))}{match.group(3)}" if match.group(2) else ""
    return f"{month}月{day}"


def convert_chinese_dates(text: str) -> str:
    """Dates in Chinese numerals become Arabic (二〇一四年元月六日 -> 2014年1月6日); other numerals stay.

    >>> convert_chinese_dates("二〇一四年元月六日，一是开展，二〇二一年五月十日至十二日")
    '2014年1月6日，一是开展，2021年5月10日至12日'
    """
    years = _CN_YEAR.sub(lambda m: str(cn2an.cn2an(m.group(), "direct")), text)
    days = _CN_MONTH_DAY.sub(_month_day, years)
    return _CN_RANGE_END.sub(lambda m: f"{chinese_to_int(m.group(1))}{m.group(2)}", days)


def five_year_plan_years(text: str) -> str | None:
    """The years of the first five-year plan a text names (十三五 -> 2016-2020), from the 3rd plan on.

    >>> [five_year_plan_years(text) for text in ("“十三五”规划收官之年", "十四五期间", "三五成群")]
    ['2016-2020', '2021-2025', None]
    """
    match = _FIVE_YEAR_PLAN.search(text)
    number = chinese_to_int(match.group(1)) if match else None
    if number is None or number < 3:
        return None
    start = 1966 + 5 * (number - 3)
    return f"{start}-{start + 4}"
