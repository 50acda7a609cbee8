"""Sentences of a document with their place in it: 1-based line and, when sections are known, section.

Every extracted row (activity, target, unit mention) keeps the sentence it came from as ``evidence``
and this place, so an analyst can go back to the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

_ZH_END = re.compile(r"(?<=[。！？；!?;])")
_EN_END = re.compile(r"(?<=[a-z0-9)”\"'][.!?;])\s+(?=[A-Z“\"0-9])")
_LIST_MARKER = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)])\s*"
)


class SectionLike(Protocol):
    """What a section needs to place a line: ``pipeline.transform.notice.Section`` has it."""

    section_no: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class Sentence:
    """One sentence, list marker removed, with its 1-based line and its section number (or None)."""

    text: str
    line: int
    section_no: str | None


def section_at(sections: Sequence[SectionLike], line: int) -> str | None:
    """The number of the innermost section holding ``line`` (the one that starts last), or None."""
    holding = [s for s in sections if s.line_start <= line <= s.line_end]
    return max(holding, key=lambda s: s.line_start).section_no if holding else None


def split_sentences(text: str, language: str, sections: Sequence[SectionLike] = ()) -> list[Sentence]:
    """The sentences of ``text`` in order; a line never continues into the next one.

    >>> [(s.text, s.line) for s in split_sentences("一、加强组织\\n1.发展会员。每市3—5个；", "zh")]
    [('加强组织', 1), ('发展会员。', 2), ('每市3—5个；', 2)]
    >>> [s.text for s in split_sentences("7. Hold the Expo. Invite experts.", "en")]
    ['Hold the Expo.', 'Invite experts.']
    """
    places = tuple(_Place(s.section_no, s.line_start, s.line_end) for s in sections)
    return list(_split(text, language, places))


@dataclass(frozen=True)
class _Place:
    """A section's number and lines (a ``SectionLike`` that can be a cache key)."""

    section_no: str
    line_start: int
    line_end: int


@lru_cache(maxsize=4)
def _split(text: str, language: str, sections: tuple[_Place, ...]) -> tuple[Sentence, ...]:
    """``split_sentences``, kept for the last few documents: activities, targets and unit mentions each
    read the sentences of the same document, which are split once."""
    splitter = _ZH_END if language == "zh" else _EN_END
    sentences = []
    for number, line in enumerate(text.split("\n"), start=1):
        section_no = section_at(sections, number)
        for piece in splitter.split(_LIST_MARKER.sub("", line)):
            if piece.strip():
                sentences.append(Sentence(piece.strip(), number, section_no))
    return tuple(sentences)
