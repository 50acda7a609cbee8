"""Numbered sections of a notice body: 一、 > （一） > 1、 / 1. > （1） > ①.

Levels are found the way an outline is read, not from fixed depths: a marker kind already open is a
sibling (close everything below it); a new kind opens one level deeper, after closing open kinds that
rank below it. So English reprints that number the top level "1、" and items "1." nest correctly, and
items numbered on across top-level sections (4. under 二、) stay children of the section they stand in.

``section_no`` is the path of positions among siblings ("2.1" is the first item under the second
top-level section, whatever number the text wrote), so it is unique in a document even when the text
repeats or continues its numbering; the written marker stays readable at ``line_start``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

import cn2an

from pipeline.records import SectionFields as Section

_CN = "一二三四五六七八九十"
# (kind, rank, pattern); a lower rank is a higher level. Kinds of equal rank nest in order of use.
# The group ``n`` is the written ordinal.
_MARKERS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("cn_dun", 0, re.compile(rf"^(?P<n>[{_CN}]{{1,3}})\s*、\s*")),
    ("cn_paren", 1, re.compile(rf"^[（(]\s*(?P<n>[{_CN}]{{1,3}})\s*[）)]\s*")),
    ("arabic_dun", 2, re.compile(r"^(?P<n>\d{1,2})\s*、\s*")),
    ("arabic_dot", 2, re.compile(r"^(?P<n>\d{1,2})\s*[.．](?!\d)\s*")),
    ("arabic_paren", 3, re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*")),
    ("circled", 4, re.compile(r"^(?P<n>[①-⑳])\s*")),
)
_RANKS = {kind: rank for kind, rank, _ in _MARKERS}
_SENTENCE_END = re.compile(r"[。！？；;]|[.!?](?=\s|$)")
_CLAUSE = re.compile(r"[，,、]")


class Marker(NamedTuple):
    """A section marker at the start of a line: its kind, written ordinal and the rest of the line."""

    kind: str
    number: int
    rest: str


def _ordinal(written: str) -> int:
    if "①" <= written <= "⑳":
        return ord(written) - ord("①") + 1
    return int(cn2an.cn2an(written, "smart"))


def read_marker(line: str) -> Marker | None:
    """The marker when ``line`` starts with a section marker followed by text.

    >>> read_marker("（十二）发展会员"), read_marker("2.5亿元"), read_marker("一是加强")
    (Marker(kind='cn_paren', number=12, rest='发展会员'), None, None)
    """
    stripped = line.strip()
    for kind, _, pattern in _MARKERS:
        match = pattern.match(stripped)
        if match and stripped[match.end() :]:
            return Marker(kind, _ordinal(match.group("n")), stripped[match.end() :])
    return None


def _split_heading(rest: str) -> tuple[str, str]:
    """Heading up to the first sentence end, and the rest of the line (the section's first text)."""
    match = _SENTENCE_END.search(rest)
    if not match:
        return rest.strip(), ""
    return rest[: match.start()].strip(), rest[match.end() :].strip()


def _continues(heading_rest: str, next_line: str) -> bool:
    """A heading sentence broken over two lines: "（1）热心…，并取得优秀" + "成绩；"."""
    return (
        bool(_CLAUSE.search(heading_rest))
        and not _SENTENCE_END.search(heading_rest[-1:])
        and read_marker(next_line) is None
        and len(next_line.strip()) <= 20
        and bool(_SENTENCE_END.search(next_line.strip()[-1:]))
    )


@dataclass
class _Open:
    kind: str
    number: int
    section_no: str


@dataclass
class _Outline:
    """The open sections of the outline read so far, and the numbering state."""

    stack: list[_Open] = field(default_factory=list)
    counts: dict[str | None, int] = field(default_factory=dict)
    nested: set[tuple[str, str]] = field(default_factory=set)

    def place(self, marker: Marker) -> tuple[str, str | None]:
        """Close sections up to the parent of ``marker``, open it; return its section_no, parent_no.

        A new kind of the same rank as the open one is its child when the document already nested it
        so or when it starts its own numbering (the "1." items under an English "1、" heading), and its
        sibling when it goes on with the open one's numbering ("2．" after "1、").
        """
        stack, kind = self.stack, marker.kind
        if any(entry.kind == kind for entry in stack):
            while stack.pop().kind != kind:
                pass
        else:
            while stack and _RANKS[stack[-1].kind] > _RANKS[kind]:
                stack.pop()
            top = stack[-1] if stack else None
            if top and _RANKS[top.kind] == _RANKS[kind]:
                continues = marker.number == top.number + 1 != 1
                if continues and (top.kind, kind) not in self.nested:
                    stack.pop()
                else:
                    self.nested.add((top.kind, kind))
        parent = stack[-1].section_no if stack else None
        self.counts[parent] = self.counts.get(parent, 0) + 1
        section_no = f"{parent}.{self.counts[parent]}" if parent else str(self.counts[parent])
        stack.append(_Open(kind, marker.number, section_no))
        return section_no, parent


def find_sections(text: str, stop_lines: Collection[int] = ()) -> list[Section]:
    """The numbered sections of ``text``; ``stop_lines`` (0-based) end a section and are never one.

    ``stop_lines`` are lines known to be something else (attachment list, signature), so that "2. 登记表"
    after "附件：1. …" is not read as a section.

    >>> sections = find_sections("一、总则\\n（一）范围\\n1. 会员。\\n二、附则")
    >>> [(s.section_no, s.parent_no, s.heading) for s in sections]
    [('1', None, '总则'), ('1.1', '1', '范围'), ('1.1.1', '1.1', '会员'), ('2', None, '附则')]
    """
    lines = text.split("\n")
    sections: list[Section] = []
    outline = _Outline()
    index = 0
    while index < len(lines):
        marker = None if index in stop_lines else read_marker(lines[index])
        if marker is None:
            index += 1
            continue
        rest = marker.rest
        start = index
        following = [i for i in range(index + 1, len(lines)) if lines[i].strip()]
        if following and following[0] not in stop_lines and _continues(rest, lines[following[0]]):
            index = following[0]
            rest += lines[index].strip()
        heading, first_text = _split_heading(rest)
        body = [first_text] if first_text else []
        end = index
        index += 1
        while index < len(lines) and index not in stop_lines and read_marker(lines[index]) is None:
            if lines[index].strip():
                body.append(lines[index].strip())
                end = index
            index += 1
        section_no, parent_no = outline.place(marker)
        sections.append(
            Section(
                section_no=section_no,
                parent_no=parent_no,
                heading=heading,
                text="\n".join(body),
                line_start=start + 1,
                line_end=end + 1,
            )
        )
    return sections
