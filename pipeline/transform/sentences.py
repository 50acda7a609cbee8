"""Sentences of a document with their place in it: 1-based line and, when sections are known, section.

Every extracted row (activity, target, unit mention) keeps the sentence it came from as ``evidence``
and this place, so an analyst can go back to the document.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

_ZH_END = re.compile(r"(?<=[。！？；!?;])")
_EN_END = re.compile(r"(?<=[a-z0-9)”\"'][.!?;])\s+(?=[A-Z“\"0-9])")
_LIST_MARKER = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)])\s*"
)
#: Characters of the longest sentence the readers get. The longest real sentence met is under 1,000
#: characters; a longer "sentence" is a line without full stops (a table flattened into one line, a
#: scraped page without line breaks), read in windows of at most this size so that the per-sentence
#: readers, some of them quadratic in a sentence's length, stay linear in the document's (issue 18).
MAX_SENTENCE = 2000
#: Where a window may end: after the last clause break in its last quarter, else at MAX_SENTENCE.
_WINDOW_BREAK = re.compile(r"[，,、；;：:\s]")


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
    lines = text.split("\n")
    in_sections = _sections_of_lines(sections, len(lines))
    for number, (line, section_no) in enumerate(zip(lines, in_sections, strict=True), start=1):
        for piece in splitter.split(_LIST_MARKER.sub("", line)):
            for window in _windows(piece.strip()):
                if window.strip():
                    sentences.append(Sentence(window.strip(), number, section_no))
    return tuple(sentences)


def _windows(piece: str) -> Iterator[str]:
    """``piece`` cut into windows of at most ``MAX_SENTENCE`` characters, at clause breaks if it can.

    >>> [len(w) for w in _windows("甲，" * 1500)]
    [2000, 1000]
    """
    start = 0
    while len(piece) - start > MAX_SENTENCE:
        end = start + MAX_SENTENCE
        floor = end - MAX_SENTENCE // 4
        cut = max((m.end() for m in _WINDOW_BREAK.finditer(piece, floor, end)), default=end)
        yield piece[start:cut]
        start = cut
    yield piece[start:]


def _sections_of_lines(sections: Sequence[SectionLike], lines: int) -> list[str | None]:
    """The section number of every line 1..``lines``: the innermost section holding it (the one that
    starts last; of two starting on the same line, the first listed), or None. One sweep, n log n."""
    order = sorted(range(len(sections)), key=lambda i: sections[i].line_start)
    open_: list[tuple[int, int]] = []  # (-line_start, index): the innermost, first listed on top
    found: list[str | None] = []
    at = 0
    for line in range(1, lines + 1):
        while at < len(order) and sections[order[at]].line_start <= line:
            heapq.heappush(open_, (-sections[order[at]].line_start, order[at]))
            at += 1
        while open_ and sections[open_[0][1]].line_end < line:
            heapq.heappop(open_)
        found.append(sections[open_[0][1]].section_no if open_ else None)
    return found
