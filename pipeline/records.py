"""Typed records handed between stages, one pydantic model per staged or warehouse table.

Each model names its table in ``table``. Its fields, in order, are the table's columns: the Parquet
files in ``staged/`` and the DuckDB tables are built from these models (see ``pipeline.tables``), so this
module is the one place where a column is declared.

=================  ======================================================================
table              grain
=================  ======================================================================
files              one row per input file seen under raw/ (staged by extract)
texts              one row per text document extracted from a file (staged by extract)
pages              one row per PDF page: which lines of its document's text it holds
table_pages        one row per page a PDF table is printed on: which rows of the table it holds
repairs            one row per change a repair fix made to one line of a text
quarantine         one row per file, page or row that could not be used, with the reason
dropped_columns    one row per roster column never stored (passwords), staged by extract
documents          one row per document (notice, news item, work plan)
sections           one row per numbered section of a document
contacts           one row per phone number (or contact block without one) of a document
attachments        one row per attachment listed by a document
roster_rows        one row per data row of a roster sheet, raw text (staged by extract)
members            one row per person
member_sources     one row per roster row of a person, normalized, with its member_id
units              one row per organisation
unit_sources       one row per row of a unit roster, normalized, with its unit_id
activities         one row per activity a document mentions (name, edition; the first sentence naming it)
targets            one row per quantitative goal a document sets (quantity range, unit, period)
unit_mentions      one row per organisation a document names (linked to ``units`` by normalized name)
runs               one row per pipeline run
=================  ======================================================================
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.privacy.masking import mask_text
from pipeline.reasons import ReasonCode


class Record(BaseModel):
    """Base of all records: immutable, unknown fields refused.

    ``key`` is the table's grain: the columns whose values name one row, unique and never null in the
    warehouse (``pipeline.load.grain.grain_violations`` checks it). A table whose rows have no name of
    their own (``quarantine``, ``contacts``) leaves it empty.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    table: ClassVar[str]
    key: ClassVar[tuple[str, ...]] = ()


class FileRecord(Record):
    """An input file: where it is (relative to raw/), what its bytes are, what became of it."""

    table: ClassVar[str] = "files"
    key: ClassVar[tuple[str, ...]] = ("source_file",)
    source_file: str
    sha256: str
    size_bytes: int
    kind: str
    status: str
    records: int


class TextRecord(Record):
    """The text of one document in a file, as decoded (original) and as repaired (clean)."""

    table: ClassVar[str] = "texts"
    key: ClassVar[tuple[str, ...]] = ("doc_id",)
    doc_id: str
    source_file: str
    sha256: str
    kind: str
    page: int | None
    line_start: int
    line_end: int
    encoding: str
    encoding_confidence: float
    script: str
    text_original: str
    text_clean: str


class PageRecord(Record):
    """One page of a PDF: the lines of its document's text it holds, so any line maps to its page.

    ``line_start``/``line_end`` are 1-based lines of ``texts.text_original`` (and of ``text_clean``, which
    repair keeps line for line); both are null for a page with no text. ``garbled_chars`` counts
    characters that came out of a broken font encoding (private-use code points, U+FFFD, ``(cid:N)``) or
    were printed twice side by side (安安徽徽); ``overprinted_chars`` counts the copies of glyphs printed
    again at the same place (fake bold) that were dropped. ``ocr`` says the page was a scan read by
    OCR; ``ocr_line_confidence`` then holds the confidence (0-1) of each of its lines, in line order.
    """

    table: ClassVar[str] = "pages"
    key: ClassVar[tuple[str, ...]] = ("doc_id", "page")
    doc_id: str
    source_file: str
    page: int
    line_start: int | None
    line_end: int | None
    has_text_layer: bool
    chars: int
    garbled_chars: int
    overprinted_chars: int = 0
    ocr: bool = False
    ocr_line_confidence: list[float] = Field(default_factory=list)


class TablePageRecord(Record):
    """The rows of one PDF table printed on one page, so a roster row (``sheet``, ``row``) maps to its page.

    ``sheet`` is the table's name as roster rows carry it ("pages 2-3 table 1"); rows are 1-based rows
    of the table's grid, the numbering roster lineage uses.
    """

    table: ClassVar[str] = "table_pages"
    key: ClassVar[tuple[str, ...]] = ("source_file", "sheet", "page")
    source_file: str
    sheet: str
    page: int
    row_start: int
    row_end: int


class RepairRecord(Record):
    """One change that one repair fix (``kind``) made to one line of a document, and the misreading of
    its bytes it undid ("utf8_read_as_gbk", "gbk_read_as_cp1252", "gbk_shift"...; null for a fix
    that undoes none, such as pinyin or boilerplate removal)."""

    table: ClassVar[str] = "repairs"
    doc_id: str
    source_file: str
    line: int
    kind: str
    before: str
    after: str
    confidence: float
    misreading: str | None = None


class QuarantineRecord(Record):
    """Input that could not be used: the file, the place in it (``location``: "sheet 名单 row 17",
    "page 2", "file"), the category (``reason_code``, one of ``pipeline.reasons.ReasonCode``), what is
    wrong and what to do (``reason``, without the place ``location`` already names) and an excerpt.

    The reason and the excerpt are shown to analysts (views, report, logs): the ID numbers, phones and
    e-mails written in them are masked here, whoever builds the record (``privacy.masking.mask_text``).
    """

    table: ClassVar[str] = "quarantine"
    source_file: str
    location: str
    reason_code: str
    reason: str
    raw_excerpt: str

    @field_validator("reason_code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        return ReasonCode(code).value

    @field_validator("reason", "raw_excerpt")
    @classmethod
    def _masked(cls, text: str) -> str:
        return mask_text(text)


class DroppedColumn(Record):
    """A roster column extract leaves out of everything it stages: its header says it holds passwords
    (``privacy.classification.header_kind``): ``header`` is its header text, ``column_no`` its place in
    the sheet (1 for column A)."""

    table: ClassVar[str] = "dropped_columns"
    key: ClassVar[tuple[str, ...]] = ("source_file", "sheet", "column_no")
    source_file: str
    sheet: str
    column_no: int
    header: str
    kind: str


class Document(Record):
    table: ClassVar[str] = "documents"
    key: ClassVar[tuple[str, ...]] = ("doc_id",)
    doc_id: str
    source_file: str
    sha256: str
    kind: str
    language: str
    title: str | None
    issuer: str | None
    issuer_unit_id: str | None = None
    doc_number: str | None
    issued_on: dt.date | None
    recipients: list[str]
    script: str
    encoding: str
    encoding_confidence: float
    text_original: str
    text_clean: str


class DocKey(BaseModel):
    """The document a part belongs to: listed first in the part's table."""

    doc_id: str


class SectionFields(BaseModel):
    """One numbered section; ``line_start``/``line_end`` are 1-based lines of the document's text."""

    section_no: str
    parent_no: str | None
    heading: str
    text: str
    line_start: int
    line_end: int


class ContactFields(BaseModel):
    """One contact row: a phone number with the persons and details of its block."""

    person: str | None
    phone: str | None
    email: str | None
    address: str | None
    postcode: str | None


class AttachmentFields(BaseModel):
    """One attachment: its label as the notice numbers it (附件1) and its title."""

    label: str
    title: str


class Section(SectionFields, DocKey, Record):
    table: ClassVar[str] = "sections"
    key: ClassVar[tuple[str, ...]] = ("doc_id", "section_no")


class Contact(ContactFields, DocKey, Record):
    table: ClassVar[str] = "contacts"


class Attachment(AttachmentFields, DocKey, Record):
    table: ClassVar[str] = "attachments"


class Member(Record):
    table: ClassVar[str] = "members"
    key: ClassVar[tuple[str, ...]] = ("member_id",)
    member_id: str
    name: str
    gender: str | None
    birth_date: dt.date | None
    phone: str | None
    email: str | None
    unit_name: str | None
    member_type: str | None
    source_file: str
    name_original: str | None = None
    id_number: str | None = None
    birth_precision: str | None = None
    title: str | None = None
    professional_title: str | None = None
    joined_on: dt.date | None = None
    address: str | None = None
    postcode: str | None = None
    unit_id: str | None = None
    extra: str | None = None
    source_rows: int | None = None


class Unit(Record):
    table: ClassVar[str] = "units"
    key: ClassVar[tuple[str, ...]] = ("unit_id",)
    unit_id: str
    name: str
    kind: str | None
    address: str | None
    postcode: str | None
    phone: str | None
    source_file: str | None
    name_original: str | None = None
    contact_name: str | None = None
    email: str | None = None
    source_rows: int | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    doc_id: str | None = None


class UnitAlias(Record):
    """A name an organisation is written with (CAST, 中国科协, 重庆科协), the unit it names, and where that
    came from: ``name`` (its own full name), ``alias_list`` (``unit_aliases.json``), ``rule`` (a short
    form or region written out)."""

    table: ClassVar[str] = "unit_aliases"
    key: ClassVar[tuple[str, ...]] = ("alias", "unit_id")
    alias: str
    unit_id: str
    source: str


class MemberSource(Record):
    """One roster row of a person, normalized and validated, linked to the person's ``member_id``."""

    table: ClassVar[str] = "member_sources"
    key: ClassVar[tuple[str, ...]] = ("source_file", "sheet", "row")
    member_id: str
    source_file: str
    sha256: str
    sheet: str
    row: int
    name: str
    name_original: str
    gender: str | None
    birth_date: dt.date | None
    birth_precision: str | None
    id_number: str | None
    phone: str | None
    phones: list[str] | None
    email: str | None
    unit_name: str | None
    unit_id: str | None
    title: str | None
    professional_title: str | None
    member_type: str | None
    joined_on: dt.date | None
    address: str | None
    postcode: str | None
    extra: str | None
    match_cluster_id: str


class UnitSource(Record):
    """One row of a unit roster (团体会员登记表), normalized, linked to the unit's ``unit_id``."""

    table: ClassVar[str] = "unit_sources"
    key: ClassVar[tuple[str, ...]] = ("source_file", "sheet", "row")
    unit_id: str
    source_file: str
    sha256: str
    sheet: str
    row: int
    name: str
    name_original: str
    kind: str | None
    address: str | None
    postcode: str | None
    phone: str | None
    phones: list[str] | None
    email: str | None
    contact_name: str | None
    member_type: str | None
    extra: str | None


class Activity(Record):
    """An activity a document names. ``year`` (``month``, ``day`` where known) is when it takes place;
    ``date_precision`` is day, month (4月下旬 is month: the dates are the first and last day the words
    allow), half (上半年) or year; ``date_source`` says where the date came from: text (its sentence,
    relative dates resolved against the document's date), name (2020重庆市民网络科普竞答) or document (the
    document's date). ``evidence`` is the sentence, at ``line``."""

    table: ClassVar[str] = "activities"
    key: ClassVar[tuple[str, ...]] = ("activity_id",)
    activity_id: str
    doc_id: str
    name: str
    kind: str
    edition: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    date_precision: str | None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    date_source: str | None = None
    location: str | None
    organizer: str | None
    section_no: str | None
    line: int
    evidence: str


class Target(Record):
    """A quantitative goal: ``quantity_min``..``quantity_max`` of ``subject`` counted in ``unit``
    (max None for "不少于24节"), for ``period`` ("2018", "2016-2020") when the text says, and for each
    ``per_unit`` (市 for 每个市发展3—5个团体会员: the total is this times the number of cities) when the
    target is set per unit rather than in total."""

    table: ClassVar[str] = "targets"
    key: ClassVar[tuple[str, ...]] = ("target_id",)
    target_id: str
    doc_id: str
    subject: str
    quantity_min: int
    quantity_max: int | None
    unit: str
    per_unit: str | None
    period: str | None
    section_no: str | None
    line: int
    evidence: str


class UnitMention(Record):
    """An organisation named in a document; ``unit_id`` is set once linked to ``units``."""

    table: ClassVar[str] = "unit_mentions"
    key: ClassVar[tuple[str, ...]] = ("mention_id",)
    mention_id: str
    doc_id: str
    unit_id: str | None
    name: str
    kind: str
    province: str | None
    city: str | None
    county: str | None
    section_no: str | None
    line: int
    evidence: str


class Run(Record):
    table: ClassVar[str] = "runs"
    key: ClassVar[tuple[str, ...]] = ("run_id",)
    run_id: str
    command: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    files_seen: int
    files_loaded: int
    rows_quarantined: int
    files_extracted: int | None = None
    files_deleted: int | None = None
    message: str | None = None


class RosterRow(Record):
    """One data row of a roster sheet (staged by extract): lineage and the canonical fields as raw text.

    ``kind`` is "members" for a roster of people (it has a name column) and "units" for a roster of
    organisations (团体会员登记表). ``extra`` is a JSON object of the columns no synonym matched, keyed
    by their header. ``continues_row`` is set when the row's name (unit name for units) is a cell merged
    over several rows that starts on a row above: that row's ``row`` (one person, two phone rows).
    Values are parsed and validated by the transform, not here.
    """

    table: ClassVar[str] = "roster_rows"
    key: ClassVar[tuple[str, ...]] = ("source_file", "sheet", "row")
    source_file: str
    sha256: str
    sheet: str
    row: int
    kind: str
    name: str | None
    gender: str | None
    birth_date: str | None
    id_number: str | None
    phone: str | None
    email: str | None
    unit_name: str | None
    title: str | None
    professional_title: str | None
    member_type: str | None
    joined_on: str | None
    address: str | None
    postcode: str | None
    unit_kind: str | None
    contact_name: str | None
    extra: str | None
    continues_row: int | None = None
