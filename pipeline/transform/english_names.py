"""Proper names in English sentences: runs of capitalized words, quoted titles and connectors.

"the 33rd National Youth Science and Technology Innovation Competition" is one run; so is
'"the Belt and Road" International Forum on Science Education' (a quoted title counts as one word).
Activities and unit mentions both read names this way and differ only in the words a name must hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.transform.numerals import english_ordinals

_TOKEN = re.compile(r"“[^”]*”|\"[^\"]*\"|[A-Za-z][\w'’-]*|\d[\d,]*(?:st|nd|rd|th)?|\S")
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
