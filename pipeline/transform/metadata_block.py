"""The label/value metadata block that government-style pages print before a notice.

gov.cn and the many provincial and association sites built the same way open a notice with a table of
label/value cells, two to a row once it is turned into text::

    索 引 号：  000014349/2019-00005    主题分类：  科技、教育\\教育
    发文机关：  国务院                  成文日期：  2019年01月24日
    标　　题：  国务院关于印发国家职业教育改革实施方案的通知
    发文字号：  国发〔2019〕4号          发布日期：  2019年02月13日

A labelled value is the publisher's own statement of the field, so it wins over anything guessed from
the body. Labels are data (``metadata_labels`` in notice_labels.json), matched with any spaces (ASCII
or ideographic) between their characters and a colon after them, and only where a cell starts (start
of line or after a space), so "单位名称：" in a form is not the label "名称".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.transform.labels import notice_labels

#: Only the first lines of a document are searched for the block.
BLOCK_LINES = 40
#: A block has at least this many distinct labels: one "标题：" line in a body is no metadata block.
MIN_LABELS = 2


@dataclass(frozen=True)
class MetadataBlock:
    """The fields read from a block (``title``, ``issuer``, ``doc_number``, ``issued_on``,
    ``published_on``; values as printed, empty ones left out) and the indexes of its lines."""

    fields: dict[str, str]
    line_indexes: frozenset[int]

    @property
    def end(self) -> int:
        """Index of the first line after the block (0 when there is none)."""
        return max(self.line_indexes) + 1 if self.line_indexes else 0


@cache
def _label_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every label (spaces allowed between characters; longest first) and the field
    each label (spaces removed) stands for."""
    field_of = {label: field for field, labels in notice_labels().metadata_labels.items() for label in labels}
    spaced = [r"\s*".join(map(re.escape, label)) for label in sorted(field_of, key=len, reverse=True)]
    return re.compile(rf"(?:^|(?<=\s))({'|'.join(spaced)})\s*[:：]"), field_of


def label_field(text: str) -> str | None:
    """The field a metadata label stands for when ``text`` is only such a label, else None.

    >>> label_field("主 题 词："), label_field("标　题"), label_field("各市科协：")
    ('other', 'title', None)
    """
    _, field_of = _label_pattern()
    return field_of.get(re.sub(r"[\s:：]", "", text))


def read_metadata_block(lines: list[str]) -> MetadataBlock:
    """The metadata block among the first ``BLOCK_LINES`` lines, or an empty one.

    >>> lines = ["索 引 号： 0001/2019-5   主题分类： 教育", "标　题：　关于X的通知", "正文"]
    >>> block = read_metadata_block(lines)
    >>> block.fields, sorted(block.line_indexes)
    ({'title': '关于X的通知'}, [0, 1])
    """
    pattern, field_of = _label_pattern()
    fields: dict[str, str] = {}
    labels: set[str] = set()
    indexes: set[int] = set()
    for index, line in enumerate(lines[:BLOCK_LINES]):
        matches = list(pattern.finditer(line))
        if not matches:
            if indexes and line.strip():
                break  # the first line of text after the block ends it
            continue
        indexes.add(index)
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            label = re.sub(r"\s", "", match.group(1))
            labels.add(label)
            value = line[match.end() : following.start() if following else len(line)].strip()
            if value and field_of[label] != "other":
                fields.setdefault(field_of[label], value)
    if len(labels) < MIN_LABELS:
        return MetadataBlock({}, frozenset())
    return MetadataBlock(fields, frozenset(indexes))
