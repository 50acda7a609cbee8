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
from dataclasses import dataclass

from pydantic import BaseModel


class Section(BaseModel):
    """One numbered section; ``line_start``/``line_end`` are 1-based lines of the given text."""

    section_no: str
    parent_no: str | None
    heading: str
    text: str
    line_start: int
    line_end: int


_CN = "一二三四五六七八九十"
# (kind, rank, pattern); a lower rank is a higher level. Kinds of equal rank nest in order of use.
_MARKERS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("cn_dun", 0, re.compile(rf"^[{_CN}]{{1,3}}\s*、\s*")),
    ("cn_paren", 1, re.compile(rf"^[（(]\s*[{_CN}]{{1,3}}\s*[）)]\s*")),
    ("arabic_dun", 2, re.compile(r"^\d{1,2}\s*、\s*")),
    ("arabic_dot", 2, re.compile(r"^\d{1,2}\s*[.．](?!\d)\s*")),
    ("arabic_paren", 3, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
    ("circled", 4, re.compile(r"^[①-⑳]\s*")),
)
_RANKS = {kind: rank for kind, rank, _ in _MARKERS}
_SENTENCE_END = re.compile(r"[。！？；;]|[.!?](?=\s|$)")
_CLAUSE = re.compile(r"[，,、]")


def read_marker(line: str) -> tuple[str, str] | None:
    """``(kind, rest of line)`` when ``line`` starts with a section marker followed by text.

    >>> read_marker("（一）发展会员"), read_marker("2.5亿元"), read_marker("一是加强")
    (('cn_paren', '发展会员'), None, None)
    """
    stripped = line.strip()
    for kind, _, pattern in _MARKERS:
        match = pattern.match(stripped)
        if match and stripped[match.end() :]:
            return kind, stripped[match.end() :]
    return None


@dataclass
class _Open:
    kind: str
    section_no: str


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


def _place(stack: list[_Open], kind: str, counts: dict[str | None, int]) -> tuple[str, str | None]:
    """Pop ``stack`` to the parent of a new ``kind`` marker; return its section_no and parent_no."""
    if any(entry.kind == kind for entry in stack):
        while stack.pop().kind != kind:
            pass
    else:
        while stack and _RANKS[stack[-1].kind] > _RANKS[kind]:
            stack.pop()
    parent = stack[-1].section_no if stack else None
    counts[parent] = counts.get(parent, 0) + 1
    section_no = f"{parent}.{counts[parent]}" if parent else str(counts[parent])
    stack.append(_Open(kind, section_no))
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
    stack: list[_Open] = []
    counts: dict[str | None, int] = {}
    index = 0
    while index < len(lines):
        marker = None if index in stop_lines else read_marker(lines[index])
        if marker is None:
            index += 1
            continue
        kind, rest = marker
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
        section_no, parent_no = _place(stack, kind, counts)
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
