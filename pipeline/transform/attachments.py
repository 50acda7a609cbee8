"""Attachments listed at the end of a notice.

Three forms are read: ``附件：1. 标题`` followed by ``2. 标题`` lines (labels 附件1, 附件2); ``附件1：标题``;
and ``附件`` alone on a line followed by the title line (label 附件), as when the attachment's text is
printed after the notice. English pages write ``Attachment 1: Title`` (label "Attachment 1"). An
attachment listed under the notice and printed after it, under its title again, is one attachment (the
first, as listed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.records import AttachmentFields as Attachment
from pipeline.transform.labels import notice_labels

_NUMBERED = re.compile(r"^(\d{1,2})\s*[.．、:：]\s*(\S.*)$")
_TITLE_TRIM = " \t\u3000；;。，,"


@dataclass(frozen=True)
class AttachmentList:
    """The attachments found and the 0-based indexes of the lines that list them."""

    attachments: list[Attachment]
    line_indexes: frozenset[int]


@cache
def _label_line() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in notice_labels().attachment_labels)
    return re.compile(rf"^({words})\s*(?:(\d{{1,2}})\s*[:：]?|[:：]|$)\s*(.*)$", re.IGNORECASE)


def _label(word: str, number: str) -> str:
    if not number:
        return word
    return f"{word} {number}" if word.isascii() else f"{word}{number}"


def _next_filled(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _numbered_items(lines: list[str], index: int, text: str, word: str) -> tuple[list[Attachment], set[int]]:
    """The item ``text`` on line ``index`` and the ``2. …``, ``3. …`` lines after it (blanks skipped)."""
    attachments: list[Attachment] = []
    used: set[int] = set()
    current: int | None = index
    while current is not None:
        item = _NUMBERED.match(text)
        if not item or int(item.group(1)) != len(attachments) + 1:
            break
        title = item.group(2).strip(_TITLE_TRIM)
        attachments.append(Attachment(label=_label(word, item.group(1)), title=title))
        used.add(current)
        current = _next_filled(lines, current + 1)
        text = lines[current].strip() if current is not None else ""
    return attachments, used


def find_attachments(lines: list[str]) -> AttachmentList:
    """The attachments listed in ``lines`` (the lines of one document).

    >>> lines = ["附件：1. 第六届团体会员登记表", "", "2. 第六届个人会员登记表", "山西省协会"]
    >>> found = find_attachments(lines)
    >>> [(a.label, a.title) for a in found.attachments], sorted(found.line_indexes)
    ([('附件1', '第六届团体会员登记表'), ('附件2', '第六届个人会员登记表')], [0, 2])
    """
    attachments: list[Attachment] = []
    used: set[int] = set()
    for index, line in enumerate(lines):
        match = _label_line().match(line.strip())
        if index in used or not match:
            continue
        word, number, rest = match.groups()
        used.add(index)
        title_index: int | None = index
        if not rest:
            title_index = _next_filled(lines, index + 1)
            rest = lines[title_index].strip() if title_index is not None else ""
        if title_index is not None and not number and _NUMBERED.match(rest):
            items, item_lines = _numbered_items(lines, title_index, rest, word)
            attachments.extend(items)
            used |= item_lines
        elif rest and title_index is not None:
            attachments.append(Attachment(label=_label(word, number), title=rest.strip(_TITLE_TRIM)))
            used.add(title_index)
    firsts: dict[str, Attachment] = {}
    for attachment in attachments:
        firsts.setdefault(attachment.title, attachment)
    return AttachmentList(list(firsts.values()), frozenset(used))
