"""Chinese names read backwards from their last word: 参加 | 广西 第 33 届 青少年科技创新大赛.

Activity names (…大赛) and organisation names (…协会) end in a known word; what comes before belongs to
the name until a boundary: punctuation, a verb or preposition from ``zh_name_boundaries.txt`` (or a
word ending in one of two characters or more, like 自行安排), a word ending in 的, a count (1—2期), or
a placeholder year (20xx年). A real year (2020重庆市民网络科普竞答) opens the name and ends the reading, and
so does a quoted title before the words read (《创新驱动助力工程》科普讲座);
a short bracketed part after a word (科技教育（科技辅导员）协会) stays in the name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from pipeline.transform.data_files import read_words

Word = tuple[str, str]
_PUNCTUATION = re.compile(r"^[\W_]+$")
_YEAR = re.compile(r"(19|20)\d\d")
_MEASURES = frozenset("期次个项场名批家所")
_CLOSING, _OPENING = "”」》", "“「《"


def boundaries() -> frozenset[str]:
    """Boundary words from ``zh_name_boundaries.txt``."""
    return read_words("zh_name_boundaries.txt")


def is_boundary(word: str) -> bool:
    """True for a word that ends a name read backwards.

    >>> is_boundary("参加"), is_boundary("自行安排"), is_boundary("形式多样的"), is_boundary("青少年")
    (True, True, True, False)
    """
    return bool(
        _PUNCTUATION.match(word)
        or word in boundaries()
        or word.endswith("的")
        or word.endswith(_long_boundaries())
    )


@cache
def _long_boundaries() -> tuple[str, ...]:
    """The boundary words of two characters or more: a word ending in one is a boundary too."""
    return tuple(word for word in boundaries() if len(word) > 1)


def is_quoted_before(words: Sequence[Word], index: int) -> bool:
    """True when the word before ``index`` closes a quotation (“快乐科普校园行”活动)."""
    return index > 0 and words[index - 1][0] in _CLOSING


def read_back(words: Sequence[Word], index: int, limit: int = 8) -> list[Word] | None:
    """The words before ``words[index]`` that belong to its name; a quotation's words when one ends
    right before it; None for an unopened quotation.

    >>> from pipeline.transform.segment import segment
    >>> words = segment("举办1—2期健康长寿专题讲座")
    >>> "".join(w for w, _ in read_back(words, len(words) - 1))
    '健康长寿'
    """
    if is_quoted_before(words, index):
        opening = next((j for j in range(index - 2, -1, -1) if words[j][0] in _OPENING), None)
        return list(words[opening + 1 : index - 1]) if opening is not None else None
    taken: list[Word] = []
    j = index - 1
    while j >= max(index - 1 - limit, 0):
        word, flag = words[j]
        bracket = _bracket_start(words, j)
        if bracket is not None:  # 科技教育（科技辅导员）协会: a bracketed part stays in the name
            taken[:0] = words[bracket : j + 1]
            j = bracket - 1
            continue
        if word == "》" and taken:  # 《创新驱动……》科普讲座: the title is part of the name
            opening = next((k for k in range(j - 1, max(j - 16, -1), -1) if words[k][0] == "《"), None)
            if opening is not None:
                taken[:0] = words[opening : j + 1]
            break
        if is_boundary(word):
            break
        if word in _MEASURES and j > 0 and words[j - 1][0][-1:].isdigit():
            break  # 举办1—2期健康长寿专题讲座: the count is not part of the name
        if word == "年" and j > 0 and not _YEAR.fullmatch(words[j - 1][0]):
            break  # 20xx年: a placeholder year is left out
        taken.insert(0, (word, flag))
        if _YEAR.fullmatch(word):
            break
        j -= 1
    return taken


def _bracket_start(words: Sequence[Word], end: int) -> int | None:
    """Index of the opening bracket when ``words[end]`` closes a short bracketed part after a word."""
    if words[end][0] not in ")）":
        return None
    opening = next((j for j in range(end - 1, max(end - 6, -1), -1) if words[j][0] in "(（"), None)
    return opening if opening and not _PUNCTUATION.match(words[opening - 1][0]) else None
