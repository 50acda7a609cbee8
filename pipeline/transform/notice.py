"""A notice's metadata, sections, contacts and attachments, from its clean simplified text.

The text has already been decoded, repaired and converted to simplified script; site boilerplate has
been stripped (``pipeline.extract.boilerplate``). Each part is read by its own module; this one decides
which lines play which role (header, signature, attachment list) and puts the results together.

Decisions: an English headline is kept as printed, "Reprint - " prefix included (the title is the
page's own; that it is a reprint is also visible in ``issuer``). ``issued_on`` prefers the signature date
(a line that is only a date, after the header) and falls back to the first date in the header
(e.g. "Create_time:2018-03-13").

A label/value metadata block before the notice (``metadata_block``: 标题、发文机关、发文字号、成文日期 …)
is the publisher's own statement of those fields: its values win, and the header is read after it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from pipeline.transform.attachments import Attachment, find_attachments
from pipeline.transform.contacts import Contact, find_contacts
from pipeline.transform.dates import find_dates, is_date_line, parse_date
from pipeline.transform.metadata import (
    detect_language,
    find_issuer,
    find_recipients,
    find_title,
    header_length,
    normalize_doc_number,
    squeeze_spaces,
)
from pipeline.transform.metadata_block import read_metadata_block
from pipeline.transform.sections import Section, find_sections

__all__ = ["Attachment", "Contact", "Notice", "Section", "extract_notice"]


class Notice(BaseModel):
    """Everything read from one document; lists are empty and fields None when the text lacks them."""

    title: str | None
    issuer: str | None
    doc_number: str | None
    issued_on: dt.date | None
    recipients: list[str]
    language: Literal["zh", "en"]
    sections: list[Section]
    contacts: list[Contact]
    attachments: list[Attachment]


def _signature(lines: list[str], after: int) -> tuple[int | None, int | None]:
    """Indexes of the signature date line (first date-only line after the header) and of the line
    before it (the signing body), or None."""
    date_index = next((i for i in range(after, len(lines)) if is_date_line(lines[i])), None)
    if date_index is None:
        return None, None
    before = next((i for i in range(date_index - 1, after - 1, -1) if lines[i].strip()), None)
    return date_index, before


def extract_notice(text: str) -> Notice:
    """Read one document's clean text into a Notice.

    >>> text = "关于开展活动的通知\\n各市科协：\\n联系人：张三 电话：13800001111\\n某市科协\\n2020年5月1日"
    >>> notice = extract_notice(text)
    >>> notice.title, notice.issuer, notice.issued_on, notice.recipients, notice.contacts[0].phone
    ('关于开展活动的通知', '某市科协', datetime.date(2020, 5, 1), ['各市科协'], '13800001111')
    """
    lines = text.split("\n")
    language = detect_language(text)
    block = read_metadata_block(lines)
    labelled = block.fields
    header = lines[block.end : block.end + header_length(lines[block.end :])]
    date_index, signer_index = _signature(lines, block.end + len(header))
    signer = lines[signer_index] if signer_index is not None else None
    header_dates = find_dates("\n".join(header))
    if "issued_on" in labelled and parse_date(labelled["issued_on"]):
        issued_on = parse_date(labelled["issued_on"])
    elif date_index is not None:
        issued_on = parse_date(lines[date_index])
    else:
        issued_on = header_dates[0][0] if header_dates else None
    title = squeeze_spaces(labelled["title"]) if "title" in labelled else find_title(header, language)
    listed = find_attachments(lines)
    stop_lines = set(listed.line_indexes)
    if date_index is not None:
        stop_lines.add(date_index)
        if signer_index is not None and find_issuer([], None, signer):
            stop_lines.add(signer_index)
    return Notice(
        title=title,
        issuer=labelled.get("issuer") or find_issuer(header, title, signer),
        doc_number=normalize_doc_number(labelled.get("doc_number", ""))
        or normalize_doc_number("\n".join(header)),
        issued_on=issued_on,
        recipients=find_recipients(header) if language == "zh" else [],
        language=language,
        sections=find_sections(text, stop_lines),
        contacts=find_contacts(lines),
        attachments=listed.attachments,
    )
