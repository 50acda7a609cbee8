"""Remove what scraping leaves in text: stray marks between characters and site watermarks.

Reprint sites sprinkle "`", "'" and "." between Chinese characters to break copy detection, and
insert watermark sentences. Marks are removed only between two Han characters, so ``1.5``, ``3.14``,
``1.``, URLs, e-mail addresses and English text keep theirs. Template placeholders such as ``20xx``
are left in the text but can be found with ``find_placeholders`` so no date is made from them.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from pipeline.repair.han import HAN_RANGES

_STRAY_MARK = re.compile(f"(?<=[{HAN_RANGES}])[`'.](?=[{HAN_RANGES}])")
# "一.指导思想": a Chinese numeral heading keeps its dot.
_NUMERAL_HEADING = re.compile(r"\s*[（(]?[一二三四五六七八九十百零]+[)）]?")
# Every watermark pattern starts with one of these (see data/watermarks.txt).
_OPENING_BRACKETS = frozenset("(（【")
_PLACEHOLDER = re.compile(
    r"(?<![0-9A-Za-z])(?:1[89]|20)[xX×＊*]{2}(?![A-Za-z])|(?<![A-Za-z])[xX×]{1,2}[月日]"
)


def remove_scraping_noise(line: str) -> str:
    """Drop "`", "'" and "." standing alone between two Han characters.

    A "'" is kept when the line holds an even number of them (they are then quotes).

    >>> remove_scraping_noise("以提高中心的`教學質量,增進干事間的.凝聚力,提高1.5倍")
    '以提高中心的教學質量,增進干事間的凝聚力,提高1.5倍'
    >>> remove_scraping_noise("一.指导思想")
    '一.指导思想'
    """
    if "`" not in line and "'" not in line and "." not in line:
        return line
    keep_quotes = line.count("'") % 2 == 0

    def replace(match: re.Match[str]) -> str:
        mark = match.group()
        if mark == "'" and keep_quotes:
            return mark
        if mark == "." and _NUMERAL_HEADING.fullmatch(line, 0, match.start()):
            return mark
        return ""

    return _STRAY_MARK.sub(replace, line)


def remove_watermarks(line: str) -> str:
    """Delete watermark sentences listed in ``data/watermarks.txt``.

    >>> remove_watermarks("送上慰問金(本權屬秘之音所有,更多請登陸網絡查看)合計3000元")
    '送上慰問金合計3000元'
    """
    if _OPENING_BRACKETS.isdisjoint(line):
        return line
    return watermark_pattern().sub("", line)


@cache
def watermark_pattern() -> re.Pattern[str]:
    """The watermark patterns of the package data file, joined into one expression."""
    text = resources.files("pipeline.repair").joinpath("data/watermarks.txt").read_text(encoding="utf-8")
    patterns = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def find_placeholders(text: str) -> list[str]:
    """Template placeholders left in the text ("20xx", "x月"), each once, in order of appearance.

    A document holding them is a template: dates must not be made from these years.

    >>> find_placeholders("20xx學年工作計劃,20XX年x月開展,2018年完成,20xx年總結")
    ['20xx', '20XX', 'x月']
    """
    return list(dict.fromkeys(_PLACEHOLDER.findall(text)))
