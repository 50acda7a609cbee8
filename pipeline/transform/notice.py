"""Notice metadata (interim: language and title only; the full parser lands with its own branch)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel


class Section(BaseModel):
    section_no: str
    parent_no: str | None
    heading: str
    text: str
    line_start: int
    line_end: int


class Contact(BaseModel):
    person: str | None
    phone: str | None
    email: str | None
    address: str | None
    postcode: str | None


class Attachment(BaseModel):
    label: str
    title: str


class Notice(BaseModel):
    title: str | None
    issuer: str | None
    doc_number: str | None
    issued_on: dt.date | None
    recipients: list[str]
    language: Literal["zh", "en"]
    sections: list[Section]
    contacts: list[Contact]
    attachments: list[Attachment]


def extract_notice(text: str) -> Notice:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return Notice(
        title=lines[0] if lines else None,
        issuer=None,
        doc_number=None,
        issued_on=None,
        recipients=[],
        language="zh" if cjk > len(text) * 0.1 else "en",
        sections=[],
        contacts=[],
        attachments=[],
    )
