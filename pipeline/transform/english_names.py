"""Proper names in English sentences: runs of capitalized words, quoted titles and connectors.

"the 33rd National Youth Science and Technology Innovation Competition" is one run; so is
'"the Belt and Road" International Forum on Science Education' (a quoted title counts as one word).
Activities and unit mentions both read names this way and differ only in the words a name must hold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.transform.numerals import english_ordinals

#: A quoted title is one token; the quote closes within 200 characters and before another opens, so an
#: unclosed quote costs one bounded look ahead, not a scan to the end of the sentence per quote.
_TOKEN = re.compile(r"“[^“”]{0,200}”|\"[^\"]{0,200}\"|[A-Za-z][\w'’-]*|\d[\d,]*(?:st|nd|rd|th)?|\S")
_CONNECTORS = frozenset({"and", "of", "on", "for", "the", "in"})
_YEAR = re.compile(r"(19|20)\d\d")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


@dataclass(frozen=True)
class Run:
    """A run of name words: ``words`` as written, ``end`` the index of the token after the run."""

    words: tuple[str, ...]
    end: int


def tokenize(sentence: str) -> list[str]:
    """Words, numbers, quoted titles (one token each) and punctuation marks.

    >>> tokenize('the "the Belt and Road" Forum, 2021.')
    ['the', '"the Belt and Road"', 'Forum', ',', '2021', '.']
    """
    return _TOKEN.findall(sentence)


def _is_capital(token: str) -> bool:
    inner = token.strip('“”"')
    return bool(inner) and (inner[0].isupper() or (inner.lower().startswith("the ") and token != inner))


def _is_lead(token: str) -> bool:
    """Years and ordinals may open a name ("2021 CAST Seminar", "the second ... Camp")."""
    return bool(_YEAR.fullmatch(token) or _ORDINAL.fullmatch(token)) or token.lower() in english_ordinals()


def find_runs(tokens: list[str]) -> list[Run]:
    """Maximal runs of capitalized words (joined by connectors), opened by any years or ordinals.

    >>> [r.words for r in find_runs(tokenize("organize the 26th National Thesis Collection Activity."))]
    [('26th', 'National', 'Thesis', 'Collection', 'Activity')]
    >>> [" ".join(r.words) for r in find_runs(tokenize("with the Youth Center of CAST to carry out"))]
    ['Youth Center of CAST']
    """
    runs: list[Run] = []
    index = 0
    while index < len(tokens):
        start = index
        while index < len(tokens) and _is_lead(tokens[index]):
            index += 1
        words = list(tokens[start:index])
        while index < len(tokens):
            token = tokens[index]
            follows = index + 1 < len(tokens) and (
                _is_capital(tokens[index + 1])
                or (tokens[index + 1].lower() in _CONNECTORS and index + 2 < len(tokens))
            )
            if _is_capital(token) or (token.lower() in _CONNECTORS and words and follows):
                words.append(token)
                index += 1
            else:
                break
        while words and words[-1].lower() in _CONNECTORS:
            words.pop()
        if any(_is_capital(word) for word in words):
            runs.append(Run(tuple(words), start + len(words)))
        index = max(index, start + 1)
    return runs


@lru_cache(maxsize=4096)
def sentence_runs(sentence: str) -> tuple[tuple[str, ...], tuple[Run, ...]]:
    """Tokens and runs of one sentence (cached, so immutable); activities and unit mentions read the
    same sentences."""
    tokens = tokenize(sentence)
    return tuple(tokens), tuple(find_runs(tokens))


@cache
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (ling, wen, xiao ...), from pypinyin's dictionary."""
    from pypinyin.constants import PINYIN_DICT  # imported here: only English unit names need it

    return frozenset(
        "".join(char for char in unicodedata.normalize("NFD", reading) if not unicodedata.combining(char))
        for readings in PINYIN_DICT.values()
        for reading in readings.split(",")
    )


def is_pinyin_word(word: str, most: int = 3) -> bool:
    """True for a capitalized word spelled as one to ``most`` pinyin syllables (Ling, Xiaohu).

    >>> [is_pinyin_word(word) for word in ("Ling", "Xiaohu", "Engineering", "CAST")]
    [True, True, False, False]
    """
    if not word[:1].isupper() or not word[1:].islower():
        return False
    syllables, text = _pinyin_syllables(), word.lower()
    ends = {0: 0}  # position -> fewest syllables to reach it
    for start in range(len(text)):
        if start not in ends or ends[start] >= most:
            continue
        for stop in range(start + 1, min(start + 7, len(text)) + 1):
            if text[start:stop] in syllables:
                ends[stop] = min(ends.get(stop, most), ends[start] + 1)
    return len(text) in ends


def without_person_name(words: list[str]) -> list[str]:
    """A name with the person's name glued after it left out: two or more pinyin words ending it,
    when a word that is not pinyin comes before them after the last "of"/"for".

    >>> without_person_name("Chinese Academy of Engineering Ling Wen".split())
    ['Chinese', 'Academy', 'of', 'Engineering']
    >>> without_person_name("University of Hong Kong".split())
    ['University', 'of', 'Hong', 'Kong']
    """
    cut = len(words)
    while cut > 0 and is_pinyin_word(words[cut - 1]):
        cut -= 1
    tail = words[:cut]
    kept = tail[max((i for i, w in enumerate(tail) if w in ("of", "for")), default=-1) + 1 :]
    return tail if len(words) - cut >= 2 and kept else words
