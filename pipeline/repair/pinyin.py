"""Remove pinyin readings that scraped pages insert after characters: ``協(xié)會`` -> ``協會``.

Some reprint sites annotate characters they think readers may not know with their reading in
parentheses. The annotation is dropped only when pypinyin confirms that it is a reading of the
character(s) right before it, so real parentheses such as ``(BYSTC)`` or ``(2018)`` stay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pypinyin import Style, pinyin

from pipeline.repair.han import HAN_RANGES
from pipeline.repair.opencc_converter import converter

_MAX_ANNOTATED_CHARS = 4
_HAN = re.compile(f"[{HAN_RANGES}]")
# A reading: lower-case Latin letters with tone marks (precomposed or combining), an optional tone
# digit, several syllables separated by spaces or apostrophes; blanks around it inside the
# parentheses. Capitals mean a romanised name or an acronym ("张三(Zhang San)", "(BYSTC)"), not
# a reading a site inserted, so they are not matched.
# Written so that it cannot backtrack exponentially: a run of letters is split in exactly one way
# (every further run needs a tone digit or a separator before it), so an open parenthesis followed by
# English words and no closing one fails in time linear in the words, not doubling with each letter
# (as "syllable (separator* syllable)*" did: issue 18).
_LETTERS = r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ\u0300-\u036f]+"
_READING = rf"{_LETTERS}(?:(?:[1-5][\s']*|[\s']+){_LETTERS})*[1-5]?"
_ANNOTATION = re.compile(rf"[(（]\s*({_READING})\s*[)）]")
_TONE_DIGITS = str.maketrans("", "", "12345' \t")


def strip_pinyin_annotations(line: str) -> str:
    """Drop a parenthesised reading when it is a pinyin reading of the characters before it.

    Tone marks may be precomposed, decomposed (combining accents) or missing; traditional
    characters are looked up through their simplified form as well.

    >>> strip_pinyin_annotations("科協(xié)2025年工作計劃,促進(jìn)發(fā)展")
    '科協2025年工作計劃,促進發展'
    >>> strip_pinyin_annotations("北京青少年科技中心(BYSTC)(2018)")
    '北京青少年科技中心(BYSTC)(2018)'
    """
    if "(" not in line and "（" not in line:
        return line
    pieces: list[str] = []
    kept_until = 0
    for match in _ANNOTATION.finditer(line):
        if _reads_as(line[: match.start()], match.group(1)):
            pieces.append(line[kept_until : match.start()])
            kept_until = match.end()
    if not pieces:
        return line
    pieces.append(line[kept_until:])
    return "".join(pieces)


def _reads_as(before: str, annotation: str) -> bool:
    """True when ``annotation`` spells the readings of the last 1..4 Han characters of ``before``."""
    spelled = _plain(annotation).translate(_TONE_DIGITS)
    chars = ""
    for char in reversed(before[-_MAX_ANNOTATED_CHARS:]):
        if not _HAN.fullmatch(char):
            break
        chars = char + chars
        if _spells(spelled, chars):
            return True
    return False


def _spells(spelled: str, chars: str) -> bool:
    """True when ``spelled`` splits into one reading of each character of ``chars``, in order."""
    if not chars:
        return not spelled
    return any(
        spelled.startswith(reading) and _spells(spelled[len(reading) :], chars[1:])
        for reading in readings(chars[0])
    )


@cache
def readings(char: str) -> frozenset[str]:
    """Toneless readings of ``char`` and of its simplified form, heteronyms included.

    >>> sorted(readings("會"))
    ['hui', 'kuai', 'kuo']
    """
    found: set[str] = set()
    for form in {char, converter("t2s").convert(char)}:
        for syllables in pinyin(form, style=Style.TONE, heteronym=True, errors="ignore"):
            found.update(_plain(syllable) for syllable in syllables)
    return frozenset(found)


def _plain(text: str) -> str:
    """Lower case without tone marks, ü written u, so ``lǜ``, ``lu\u0308`` and ``lv`` compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("v", "u")
