"""Activities, targets and unit mentions of every document: the per-document readers run together.

Input is what the documents table holds (doc_id, language, text_clean) and the sections found for
each document; a document without sections still yields rows, with ``section_no`` None.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.records import Activity, Document, Section, Target, UnitMention
from pipeline.transform.activities import extract_activities
from pipeline.transform.mentions import extract_unit_mentions
from pipeline.transform.sentences import SectionLike
from pipeline.transform.targets import extract_targets


@dataclass
class DocumentFacts:
    """Rows of the activities, targets and unit_mentions tables."""

    activities: list[Activity] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    unit_mentions: list[UnitMention] = field(default_factory=list)

    def extend(self, other: DocumentFacts) -> None:
        """Add the rows of ``other``."""
        self.activities.extend(other.activities)
        self.targets.extend(other.targets)
        self.unit_mentions.extend(other.unit_mentions)


def extract_facts(
    doc_id: str,
    language: str,
    text: str,
    sections: Sequence[SectionLike] = (),
    issued_on: dt.date | None = None,
) -> DocumentFacts:
    """Activities, targets and unit mentions of one document (``issued_on``: its date, when known)."""
    return DocumentFacts(
        activities=extract_activities(doc_id, language, text, sections, issued_on),
        targets=extract_targets(doc_id, language, text, sections),
        unit_mentions=extract_unit_mentions(doc_id, language, text, sections),
    )


def documents_to_facts(documents: Iterable[Document], sections: Iterable[Section] = ()) -> DocumentFacts:
    """Activities, targets and unit mentions of all documents, each read with its own sections."""
    by_doc: defaultdict[str, list[Section]] = defaultdict(list)
    for section in sections:
        by_doc[section.doc_id].append(section)
    out = DocumentFacts()
    for document in documents:
        out.extend(
            extract_facts(
                document.doc_id,
                document.language,
                document.text_clean,
                by_doc[document.doc_id],
                document.issued_on,
            )
        )
    return out
