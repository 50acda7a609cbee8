"""Staged texts to documents and the tables that hang off them (sections, contacts, attachments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.records import Attachment, Contact, Document, Section
from pipeline.transform.notice import extract_notice

_KIND_MARKERS = (
    ("notice", ("通知", "通告", "公告", "决定", "意见", "Notice")),
    ("plan", ("计划", "要点", "规划", "方案", "打算", "Key Work Points", "Plan")),
    ("report", ("总结", "报告", "Report")),
)


@dataclass
class DocumentTables:
    documents: list[Document] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    def extend(self, other: DocumentTables) -> None:
        """Add the rows of ``other``."""
        self.documents.extend(other.documents)
        self.sections.extend(other.sections)
        self.contacts.extend(other.contacts)
        self.attachments.extend(other.attachments)


def texts_to_documents(texts: list[dict[str, Any]]) -> DocumentTables:
    """One document per staged text, with its metadata, sections, contacts and attachments."""
    out = DocumentTables()
    for text in texts:
        doc_id = text["doc_id"]
        notice = extract_notice(text["text_clean"])
        out.documents.append(
            Document(
                doc_id=doc_id,
                source_file=text["source_file"],
                sha256=text["sha256"],
                kind=classify_document(notice.title),
                language=notice.language,
                title=notice.title,
                issuer=notice.issuer,
                doc_number=notice.doc_number,
                issued_on=notice.issued_on,
                recipients=notice.recipients,
                script=text["script"],
                encoding=text["encoding"],
                encoding_confidence=text["encoding_confidence"],
                text_original=text["text_original"],
                text_clean=text["text_clean"],
            )
        )
        out.sections.extend(Section(doc_id=doc_id, **s.model_dump()) for s in notice.sections)
        out.contacts.extend(Contact(doc_id=doc_id, **c.model_dump()) for c in notice.contacts)
        out.attachments.extend(Attachment(doc_id=doc_id, **a.model_dump()) for a in notice.attachments)
    return out


def classify_document(title: str | None) -> str:
    """notice / plan / report / news, from the title's words.

    >>> classify_document("关于加强协会自身能力建设的通知"), classify_document("科协2025年工作计划")
    ('notice', 'plan')
    """
    for kind, markers in _KIND_MARKERS:
        if title and any(marker in title for marker in markers):
            return kind
    return "news"
