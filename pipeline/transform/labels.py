"""The words notices use as labels (联系人, 附件, 文件 …), read from ``notice_labels.json``.

Kept as data so that a new label met in a document is a one-line change to the JSON file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class NoticeLabels:
    """Label words by role; see notice_labels.json for the lists."""

    contact_labels: dict[str, tuple[str, ...]]
    attachment_labels: tuple[str, ...]
    issuer_header_suffix: str
    organization_suffixes: tuple[str, ...]
    title_endings: tuple[str, ...]
    english_issuer_prefixes: tuple[str, ...]
    metadata_labels: dict[str, tuple[str, ...]]
    recipient_qualifiers: tuple[str, ...]


@cache
def notice_labels() -> NoticeLabels:
    """The label lists shipped with the package."""
    raw = json.loads(Path(__file__).with_name("notice_labels.json").read_text("utf-8"))
    return NoticeLabels(
        contact_labels={kind: tuple(words) for kind, words in raw["contact_labels"].items()},
        attachment_labels=tuple(raw["attachment_labels"]),
        issuer_header_suffix=raw["issuer_header_suffix"],
        organization_suffixes=tuple(raw["organization_suffixes"]),
        title_endings=tuple(raw["title_endings"]),
        english_issuer_prefixes=tuple(raw["english_issuer_prefixes"]),
        metadata_labels={field: tuple(words) for field, words in raw["metadata_labels"].items()},
        recipient_qualifiers=tuple(raw["recipient_qualifiers"]),
    )
