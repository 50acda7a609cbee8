"""Page furniture: running headers, letterheads and page numbers that repeat on every page of a PDF.

Left in, they would split sentences and sections at every page break and become false titles. A short line
near the top (or bottom) of a page is furniture when, with its numbers ignored, it recurs near the top
(or bottom) of at least half of the pages ("第 3 页 共 5 页", "中国青少年科技辅导员协会"); the first
and last line of a page are also furniture when they are nothing but a page number ("- 3 -", "3/5").
Body sentences are longer than furniture, so numbered items ("3. 各单位要……") never match.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

#: How many lines at the top and at the bottom of a page may be furniture.
EDGE_LINES = 3
#: Furniture is short: a letterhead, a running title, a page number (characters without spaces).
MAX_FURNITURE_CHARS = 30
_DIGITS = re.compile(r"[0-9０-９一二三四五六七八九十百]+")
_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|[-—–－]\s*\d+\s*[-—–－]|\d+\s*/\s*\d+"
    r"|page\s+\d+(?:\s+of\s+\d+)?|\d{1,4})\s*$",
    re.IGNORECASE,
)


def remove_furniture(pages: Sequence[Sequence[str]]) -> list[list[str]]:
    """The lines of each page without its running headers, footers and page numbers.

    >>> pages = [["中国青少年科技辅导员协会", "一、培训对象", "第 1 页 共 2 页"],
    ...          ["中国青少年科技辅导员协会", "二、培训时间", "第 2 页 共 2 页"]]
    >>> remove_furniture(pages)
    [['一、培训对象'], ['二、培训时间']]
    """
    repeated = _repeated_edge_lines(pages)
    return [
        [line for number, line in enumerate(lines) if not _is_furniture(line, number, len(lines), repeated)]
        for lines in pages
    ]


def _repeated_edge_lines(pages: Sequence[Sequence[str]]) -> frozenset[tuple[str, str]]:
    """(edge, key) pairs found at that edge ("top"/"bottom") of at least half of the pages with text."""
    with_text = [lines for lines in pages if lines]
    if len(with_text) < 2:
        return frozenset()
    seen = Counter(
        pair
        for lines in with_text
        for pair in {(_edge_of(n, len(lines)), _key(line)) for n, line in enumerate(lines)}
        if pair[0] and len(pair[1]) <= MAX_FURNITURE_CHARS
    )
    needed = max(2, math.ceil(len(with_text) / 2))
    return frozenset(pair for pair, pages_with_it in seen.items() if pages_with_it >= needed)


def _is_furniture(line: str, number: int, count: int, repeated: frozenset[tuple[str, str]]) -> bool:
    edge = _edge_of(number, count)
    at_end = number in (0, count - 1)
    return bool(edge) and (
        (edge, _key(line)) in repeated or (at_end and _PAGE_NUMBER.match(line) is not None)
    )


def _edge_of(number: int, count: int) -> str:
    """ "top" or "bottom" for the first and last few lines of a page (a third of a short page), else ""."""
    edge = max(1, min(EDGE_LINES, count // 3))
    if number < edge:
        return "top"
    return "bottom" if number >= count - edge else ""


def _key(line: str) -> str:
    """The line with spaces removed and numbers (Arabic or Chinese) replaced, so page 3 matches page 4."""
    return _DIGITS.sub("#", _SPACE.sub("", line))
