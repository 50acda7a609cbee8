"""PDF files: the text layer of every page as one notice text, the tables on the pages as grids.

PDFium reads the text page by page (fast, exact); pdfplumber opens only pages that may hold a table or
whose text PDFium loses (see ``pages``). Running headers and page numbers are removed, the pages are
joined with "\\n" into one text that goes through the same repair and notice path as a .txt notice,
and a ``pages`` row per page maps every line of that text back to its page. Pages without a text
layer (scans) are read by OCR when the ``ocr`` extra is installed (``ocr``; the text is then marked
``encoding = 'ocr'``), else quarantined one by one, as are pages with garbled text; the rest of the file
is kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pdfplumber
import pypdfium2 as pdfium

from pipeline.errors import UnreadableInput
from pipeline.extract.grids import TableGrid, grids_to_rosters
from pipeline.extract.pdf.furniture import remove_furniture
from pipeline.extract.pdf.garbled import count_garbled, is_unreadable, visible_chars
from pipeline.extract.pdf.ocr import OCR_EXTRA, ocr_available, ocr_page
from pipeline.extract.pdf.pages import PageText, deduplicated, open_pdf, read_deduplicated, read_pages
from pipeline.extract.pdf.tables import PageTable, extract_page_tables, join_continued_tables
from pipeline.extract.sources import SourceFile
from pipeline.extract.text import text_to_records
from pipeline.reasons import ReasonCode
from pipeline.records import PageRecord, QuarantineRecord, Record, TablePageRecord, TextRecord
from pipeline.settings import Settings
from pipeline.staging import StagedBatch

_OCR = f"needs OCR before its text can be read: {OCR_EXTRA}"
_EXCERPT_CHARS = 200


@dataclass(frozen=True)
class Problem:
    """A part of a PDF that could not be read (a page's tables, a garbled table) and why."""

    location: str
    code: ReasonCode
    reason: str
    excerpt: str = ""


@dataclass(frozen=True)
class PdfContent:
    """What a PDF holds: its pages' text, the readable tables on them joined across pages, and the
    parts that could not be read."""

    pages: tuple[PageText, ...]
    tables: tuple[TableGrid, ...]
    problems: tuple[Problem, ...]


def extract_pdf(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """The reader for kind "pdf": one TextRecord, its RepairRecords, a PageRecord per page, the
    roster rows of its roster tables, and quarantine rows for unusable pages and roster rows.

    Raises UnreadableInput for an encrypted, cut-off or empty PDF, or one with no readable page.
    """
    content = read_pdf(data)
    kept = remove_furniture([page.lines for page in content.pages])
    problems = [_page_problem(source, page, lines) for page, lines in zip(content.pages, kept, strict=True)]
    quarantined = [problem for problem in problems if problem is not None]
    usable = [() if problem else lines for lines, problem in zip(kept, problems, strict=True)]
    if not any(usable):
        first = quarantined[0] if quarantined else None
        code = ReasonCode.NO_TEXT_LAYER if first is None else ReasonCode(first.reason_code)
        why = "every page is blank" if first is None else f"{first.location} {first.reason}"
        more = f" (and {len(quarantined) - 1} more pages)" if len(quarantined) > 1 else ""
        raise UnreadableInput(code, f"no page has readable text: {why}{more}", location="file")
    records = text_to_records(
        source,
        sha256,
        kind,
        "\n".join(line for lines in usable for line in lines),
        settings,
        encoding="ocr" if any(page.ocr_confidences for page in content.pages) else "pdf",
        confidence=1.0,
    )
    doc_id = next(r.doc_id for r in records if isinstance(r, TextRecord))
    unread = [
        QuarantineRecord(
            source_file=source.source_file,
            location=p.location,
            reason_code=p.code,
            reason=p.reason,
            raw_excerpt=p.excerpt,
        )
        for p in content.problems
    ]
    table_pages = [page for table in content.tables for page in _table_pages(source, table)]
    return [
        *records,
        *_page_records(source, doc_id, content.pages, usable),
        *table_pages,
        *quarantined,
        *unread,
        *grids_to_rosters(content.tables, source_file=source.source_file, sha256=sha256),
    ]


def read_pdf(data: bytes) -> PdfContent:
    """The pages' text (PDFium, one page in memory at a time) and the tables (pdfplumber, where needed).

    pdfplumber opens only the pages that may hold a table or whose text PDFium loses; a page it cannot
    parse keeps its PDFium text and is reported as a problem, as is a table of garbled cells.
    """
    document = open_pdf(data)
    try:
        pages = [_ocr_scan(document, page) for page in read_pages(document)]
    finally:
        document.close()
    tables: list[PageTable] = []
    problems: list[Problem] = []
    needing_plumber = [page for page in pages if page.lost_glyphs or page.may_hold_table]
    if needing_plumber:
        with pdfplumber.open(io.BytesIO(data), pages=[page.page for page in needing_plumber]) as plumber:
            for page, plumber_page in zip(needing_plumber, plumber.pages, strict=True):
                try:
                    clean = deduplicated(plumber_page)
                    if page.lost_glyphs:
                        pages[page.page - 1] = read_deduplicated(page, plumber_page, clean)
                    if page.may_hold_table:
                        tables.extend(extract_page_tables(clean, page.page, page.has_aligned_cells))
                except Exception as err:  # pdfminer raises many types on a damaged page; show the cause
                    problems.append(_unparsed_page(page.page, err))
                finally:
                    plumber_page.close()
    readable = []
    for table in join_continued_tables(tables):
        cells = [cell or "" for row in table.rows for cell in row]
        garbled = sum(1 for cell in cells if count_garbled(cell))
        if garbled:
            problems.append(_garbled_table(table, garbled, len(cells)))
        else:
            readable.append(table)
    return PdfContent(tuple(pages), tuple(readable), tuple(problems))


def _ocr_scan(document: pdfium.PdfDocument, page: PageText) -> PageText:
    """A scanned page (images, no text layer) with its text read by OCR when the ``ocr`` extra is
    installed; any other page as it is. When OCR fails on the page, the page keeps no text and the
    failure is its ``ocr_error``."""
    if page.has_text_layer or not page.images or not ocr_available():
        return page
    pdf_page = document[page.page - 1]
    try:
        lines = [line for line in ocr_page(pdf_page) if line.text.strip()]
    except Exception as err:  # ONNX Runtime and OpenCV raise many types on a strange image; show the cause
        return replace(page, ocr_confidences=(), ocr_error=f"{type(err).__name__}: {err}")
    finally:
        pdf_page.close()
    texts, confidences = tuple(line.text for line in lines), tuple(line.confidence for line in lines)
    return replace(page, lines=texts, ocr_confidences=confidences)


def _unparsed_page(page: int, err: Exception) -> Problem:
    return Problem(
        f"page {page}",
        ReasonCode.UNPARSED_PAGE,
        f"could not be parsed for tables ({type(err).__name__}: {err}): its text is kept, its "
        "tables are not read; re-save the PDF (qpdf in.pdf out.pdf) and drop it in raw/ again",
    )


def _garbled_table(table: TableGrid, garbled: int, cells: int) -> Problem:
    return Problem(
        table.location,
        ReasonCode.GARBLED_TEXT,
        f"the table is garbled: {garbled} of {cells} cells hold private-use code points, U+FFFD or "
        "(cid:N) placeholders from a font without a Unicode map; the table is not read; needs OCR "
        "(ocrmypdf --force-ocr in.pdf out.pdf) or the roster as a spreadsheet",
        " | ".join(cell or "" for cell in table.rows[0])[:_EXCERPT_CHARS],
    )


def _page_problem(source: SourceFile, page: PageText, lines: Sequence[str]) -> QuarantineRecord | None:
    """Why a page's text (``lines``, furniture removed) cannot be used, or None (a blank page is fine)."""
    text = "\n".join(lines)
    if page.has_text_layer and is_unreadable(text):
        garbled, visible = count_garbled(text), visible_chars(text)
        code = ReasonCode.GARBLED_TEXT
        reason = (
            f"the text is garbled: {garbled} of {visible} characters are "
            "private-use code points, U+FFFD or (cid:N) placeholders from a font without a Unicode map, or "
            "characters printed twice side by side (安安徽徽, a fake-bold overprint); needs OCR "
            "(ocrmypdf --force-ocr in.pdf out.pdf)"
        )
    elif page.has_text_layer or not (page.images or page.paths):
        return None
    elif page.ocr_error:
        code = ReasonCode.UNREADABLE
        reason = (
            f"a scanned image that OCR could not read ({page.ocr_error[:200]}): "
            "re-save the PDF (qpdf in.pdf out.pdf) or scan the page again, and drop it in raw/ again"
        )
    elif page.ocr_confidences is not None:
        code = ReasonCode.NO_TEXT_LAYER
        reason = (
            "a scanned image in which OCR found no text: check that the scan is not "
            "blank or too faint, and scan it again at 300 dpi"
        )
    elif page.images:
        code, reason = ReasonCode.NO_TEXT_LAYER, f"no text layer: scanned image, {_OCR}"
    else:
        code, reason = ReasonCode.NO_TEXT_LAYER, f"no text layer: only drawings (text as outlines), {_OCR}"
    return QuarantineRecord(
        source_file=source.source_file,
        location=f"page {page.page}",
        reason_code=code,
        reason=reason,
        raw_excerpt=text[:_EXCERPT_CHARS],
    )


def _page_records(
    source: SourceFile, doc_id: str, pages: Sequence[PageText], kept: Sequence[Sequence[str]]
) -> list[PageRecord]:
    records = []
    line = 1
    for page, lines in zip(pages, kept, strict=True):
        text = "\n".join(page.lines)
        records.append(
            PageRecord(
                doc_id=doc_id,
                source_file=source.source_file,
                page=page.page,
                line_start=line if lines else None,
                line_end=line + len(lines) - 1 if lines else None,
                has_text_layer=page.has_text_layer and page.ocr_confidences is None,
                chars=visible_chars(text),
                garbled_chars=count_garbled(text),
                overprinted_chars=page.overprinted,
                ocr=page.ocr_confidences is not None,
                ocr_line_confidence=list(page.ocr_confidences or ()),
            )
        )
        line += len(lines)
    return records


def _table_pages(source: SourceFile, table: TableGrid) -> list[TablePageRecord]:
    """One row per page the table is printed on, with the table rows (1-based) found there."""
    records: list[TablePageRecord] = []
    for row, page in enumerate(table.row_pages, start=1):
        if records and records[-1].page == page:
            records[-1] = records[-1].model_copy(update={"row_end": row})
        else:
            records.append(
                TablePageRecord(
                    source_file=source.source_file,
                    sheet=table.location,
                    page=page,
                    row_start=row,
                    row_end=row,
                )
            )
    return records
