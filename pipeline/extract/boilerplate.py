"""Strip the boilerplate a website wraps around a document: breadcrumbs, footers, view counters,
"相关推荐" lists and sidebar teaser blocks. The patterns are data (``boilerplate_patterns.json``).

Only lines that match a pattern, or that belong to a list or sidebar block opened by one, are dropped;
a view counter is cut out of its line ("Create_time:2018-03-13  Views:1049" keeps its date, which is
metadata). A "相关推荐" header before the body has no list after it on these pages (the next line is the
document's own title), so only the header goes; after the body its short link lines go with it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_SENTENCE = re.compile(r"[。！？；]|[.!?]\s")


@dataclass(frozen=True)
class BoilerplatePatterns:
    """The compiled pattern lists; see boilerplate_patterns.json."""

    drop_lines: tuple[re.Pattern[str], ...]
    drop_spans: tuple[re.Pattern[str], ...]
    related_headers: tuple[re.Pattern[str], ...]
    sidebar_markers: tuple[re.Pattern[str], ...]
    teaser_endings: tuple[re.Pattern[str], ...]
    list_item_max_chars: int


@cache
def boilerplate_patterns() -> BoilerplatePatterns:
    """The patterns shipped with the package."""
    raw = json.loads(Path(__file__).with_name("boilerplate_patterns.json").read_text("utf-8"))

    def compiled(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in raw[key])

    return BoilerplatePatterns(
        drop_lines=compiled("drop_lines"),
        drop_spans=compiled("drop_spans"),
        related_headers=compiled("related_headers"),
        sidebar_markers=compiled("sidebar_markers"),
        teaser_endings=compiled("teaser_endings"),
        list_item_max_chars=raw["list_item_max_chars"],
    )


def _matches(patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
    return any(p.search(line.strip()) for p in patterns)


def _is_link_line(line: str, patterns: BoilerplatePatterns) -> bool:
    """A teaser or link title: short, no sentence in it, or ending in "全文>>"."""
    stripped = line.strip()
    short_title = len(stripped) <= patterns.list_item_max_chars and not _SENTENCE.search(stripped)
    return short_title or _matches(patterns.teaser_endings, stripped)


def _sidebar_start(lines: list[str], patterns: BoilerplatePatterns) -> int | None:
    """Index of the first line of a trailing sidebar: a block title before "more>>", where every line
    after the marker to the end is a link, a teaser, another block title or marker."""
    for index, line in enumerate(lines):
        if not _matches(patterns.sidebar_markers, line):
            continue
        if all(not rest.strip() or _is_link_line(rest, patterns) for rest in lines[index + 1 :]):
            before = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
            if before is not None and _is_link_line(lines[before], patterns):
                return before
            return index
    return None


def _related_list(lines: list[str], header: int, patterns: BoilerplatePatterns) -> range:
    """The header line and, when body text came before it, the link lines that follow it."""
    if not any(_SENTENCE.search(line) for line in lines[:header]):
        return range(header, header + 1)
    end = header + 1
    while end < len(lines) and (not lines[end].strip() or _is_link_line(lines[end], patterns)):
        end += 1
    return range(header, end)


def strip_boilerplate(text: str) -> str:
    """``text`` with site boilerplate blanked out; body lines are kept as they are.

    Dropped lines become empty lines, so line N of the result is line N of the input: sections and
    repairs found later keep pointing at the right line of the source file.

    >>> page = "首页 > 通知通告 > 正文\\n关于开展科普日活动的通知\\nCreate_time:2018-03-13  Views:1049"
    >>> strip_boilerplate(page).split("\\n")
    ['', '关于开展科普日活动的通知', 'Create_time:2018-03-13']
    """
    patterns = boilerplate_patterns()
    lines = text.split("\n")
    sidebar = _sidebar_start(lines, patterns)
    end = len(lines) if sidebar is None else sidebar
    dropped: set[int] = set(range(end, len(lines)))
    for index, line in enumerate(lines[:end]):
        if _matches(patterns.drop_lines, line):
            dropped.add(index)
        elif _matches(patterns.related_headers, line):
            dropped.update(_related_list(lines[:end], index, patterns))
    return "\n".join(
        "" if index in dropped else _drop_spans(line, patterns) for index, line in enumerate(lines)
    )


def _drop_spans(line: str, patterns: BoilerplatePatterns) -> str:
    cleaned = line
    for span in patterns.drop_spans:
        cleaned = span.sub("", cleaned)
    return cleaned if cleaned.strip() or not line.strip() else ""
