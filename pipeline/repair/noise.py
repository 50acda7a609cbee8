"""Remove what scraping leaves in text: stray marks between characters and site watermarks.

Reprint sites sprinkle "`", "'" and "." between Chinese characters to break copy detection, and
insert watermark sentences. Marks are removed only between two Han characters, so ``1.5``, ``3.14``,
``1.``, URLs, e-mail addresses and English text keep theirs, and a "." between two transliterated
names (马歇尔.麦克卢汉, written for "·") is a separator, not noise. Template placeholders such as ``20xx``
are left in the text but can be found with ``find_placeholders`` so no date is made from them.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from pipeline.repair.han import HAN_RANGES
from pipeline.repair.opencc_converter import converter

_STRAY_MARK = re.compile(f"(?<=[{HAN_RANGES}])[`'.](?=[{HAN_RANGES}])")
# "一.指导思想": a Chinese numeral heading keeps its dot.
_NUMERAL_HEADING = re.compile(r"\s*[（(]?[一二三四五六七八九十百零]+[)）]?")
# Characters of the official transliteration of foreign names (simplified): a "." between two of
# them, with two on one side, separates the parts of a name.
_TRANSLITERATION = frozenset(
    "阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德登邓迪蒂丁东杜多厄恩尔法菲费芬丰弗"
    "福富盖冈戈格古哈海汉豪赫亨洪胡华霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎拉莱赖兰朗劳勒雷蕾里"
    "利莉列林琳卢鲁路伦罗洛马玛麦曼梅门蒙米明莫姆穆纳娜奈南内尼宁纽努诺帕潘佩彭皮普齐奇恰乔切钦"
    "琼丘萨塞桑瑟森沙尚舍施史斯松苏索塔泰坦汤唐特提廷托瓦万旺威韦维温沃乌伍西希锡夏谢辛休雅亚扬"
    "耶伊因英尤约泽扎詹兹佐祖歇茨默"
)
_NAME_PART = 2
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
    >>> remove_scraping_noise("一.指导思想"), remove_scraping_noise("马歇尔.麦克卢汉")
    ('一.指导思想', '马歇尔.麦克卢汉')
    """
    if "`" not in line and "'" not in line and "." not in line:
        return line
    keep_quotes = line.count("'") % 2 == 0

    def replace(match: re.Match[str]) -> str:
        mark = match.group()
        if mark == "'" and keep_quotes:
            return mark
        if mark == "." and (
            _NUMERAL_HEADING.fullmatch(line, 0, match.start()) or _between_names(line, match.start())
        ):
            return mark
        return ""

    return _STRAY_MARK.sub(replace, line)


def _between_names(line: str, dot: int) -> bool:
    """True when the "." at ``dot`` joins two transliterated names: "马歇尔.麦克卢汉", "马丁.路德.金"."""
    before = converter("t2s").convert(line[max(0, dot - _NAME_PART) : dot])
    after = converter("t2s").convert(line[dot + 1 : dot + 1 + _NAME_PART])
    names = _TRANSLITERATION.issuperset  # the stray-mark pattern put a Han character either side
    return names(before[-1] + after[0]) and (names(before) or names(after))


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
