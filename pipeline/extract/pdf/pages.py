"""The text layer of PDF pages with PDFium: lines in reading order, and what else each page holds.

A headline printed over several lines on page 1 (larger font than the body) comes out as one line.

PDFium reads a page's text about 30 times faster than pdfplumber and keeps every character (pdfplumber
drops the middle dot ·). One PDFium quirk is flagged: when a font is not embedded and no system font
can stand in (STSong-Light on a server without CJK fonts), a text object of a single glyph gets zero
width and PDFium's text page silently drops it – in a roster that is every "男"/"女" cell. Such pages
are marked ``lost_glyphs`` so the caller reads them with pdfplumber instead; there a glyph printed twice
at nearly the same place (fake bold: "安安徽徽") is kept once (``read_deduplicated``).
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import UnreadableInput
from pipeline.reasons import ReasonCode

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CJK = re.compile(r"[\u3400-\u9fff]")
_GAP = re.compile(r"\S\s+\S")
#: Lines on one page whose baselines differ by less than this (in points) are one line.
_SAME_LINE_PT = 3.0
#: A path object at least this big in both directions frames an area (a cell, a box, a grid).
_BOX_PT = 12.0
#: A page with this many path objects, or this many gap-separated CJK lines, may hold a table.
_TABLE_PATHS = 3
_TABLE_LINES = 3
#: Page 1 lines in a font this much larger than the body text, among the first lines, are the headline.
HEADLINE_RATIO = 1.2
HEADLINE_LINES = 8
SAME_SIZE_PT = 0.5
_SENTENCE_END = re.compile(r"[。；：:！？]\s*$")
_NO_PAGES = (
    ReasonCode.EMPTY_FILE,
    "PDF has no pages: the file holds no content; ask the sender for the complete document",
)


@dataclass(frozen=True)
class PageText:
    """One page: its text lines (reading order) and counts of the objects drawn on it."""

    page: int
    lines: tuple[str, ...]
    images: int
    paths: int
    boxes: int
    lost_glyphs: bool
    #: Characters dropped because the same glyph was printed again at (nearly) the same place, the
    #: way some generators fake bold; only counted on pages re-read with pdfplumber.
    overprinted: int = 0
    #: Confidence (0-1) of each line when the lines were read by OCR from a scan, else None.
    ocr_confidences: tuple[float, ...] | None = None
    #: Why OCR failed on this scanned page, else None.
    ocr_error: str | None = None

    @property
    def has_text_layer(self) -> bool:
        return any(line.strip() for line in self.lines)

    @property
    def may_hold_table(self) -> bool:
        """Ruled (boxes or several strokes) or unruled (aligned CJK cells) table on this page."""
        return self.boxes > 0 or self.paths >= _TABLE_PATHS or self.has_aligned_cells

    @property
    def has_aligned_cells(self) -> bool:
        """Several lines of Chinese split by gaps into three or more parts, as table rows read."""
        tabular = sum(1 for line in self.lines if _CJK.search(line) and len(_GAP.findall(line)) >= 2)
        return tabular >= _TABLE_LINES


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The PDF in ``data``; UnreadableInput with the remedy when it is encrypted, cut off or empty."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise UnreadableInput(*_open_failure(str(err), data), location="file") from err
    if len(document) == 0:
        document.close()
        raise UnreadableInput(*_NO_PAGES, location="file")
    return document


def read_pages(document: pdfium.PdfDocument) -> Iterator[PageText]:
    """Every page's text, one page loaded at a time and closed before the next (large PDFs)."""
    for index in range(len(document)):
        page = document[index]
        try:
            yield read_page(page, index + 1)
        finally:
            page.close()


def read_page(page: pdfium.PdfPage, number: int) -> PageText:
    images = paths = boxes = 0
    lost_glyphs = False
    for obj in page.get_objects():
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
            left, bottom, right, top = obj.get_bounds()
            boxes += right - left >= _BOX_PT and top - bottom >= _BOX_PT
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            left, _, right, _ = obj.get_bounds()
            lost_glyphs = lost_glyphs or right <= left
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        lines = headline_joined(_sized_lines(textpage, text)) if number == 1 else split_lines(text)
    finally:
        textpage.close()
    return PageText(number, lines, images, paths, boxes, lost_glyphs)


def _sized_lines(textpage: pdfium.PdfTextPage, text: str) -> list[tuple[str, float]]:
    """The page's non-blank lines with the median font size of their characters (0 when PDFium's
    characters do not line up with its text)."""
    aligned = textpage.count_chars() == len(text)
    sized, start = [], 0
    for match in [*_LINE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        line = text[start:end].rstrip()
        if line.strip():
            sizes = [
                pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
                for index in range(start, end)
                if aligned and not text[index].isspace()
            ]
            sized.append((line, statistics.median(sizes) if sizes else 0.0))
        start = match.end() if match else end
    return sized


def headline_joined(sized: list[tuple[str, float]]) -> tuple[str, ...]:
    """Lines, with a headline printed over several lines joined into one: adjacent lines among the
    first ``HEADLINE_LINES`` in the same font size (within ``SAME_SIZE_PT``), at least
    ``HEADLINE_RATIO`` times the size of the page's body text, none ending a sentence.

    >>> headline_joined([("关于举办全国青少年科技", 22.0), ("辅导员培训班的通知", 22.0), ("各省科协：", 16.0),
    ...                  ("现将有关事项通知如下。", 16.0), ("一、时间", 16.0)])
    ('关于举办全国青少年科技辅导员培训班的通知', '各省科协：', '现将有关事项通知如下。', '一、时间')
    """
    sizes = [size for _, size in sized if size > 0]
    body = statistics.median(sizes) if sizes else 0.0
    lines: list[str] = []
    previous = 0.0
    for index, (line, size) in enumerate(sized):
        headline = body > 0 and size >= HEADLINE_RATIO * body and index < HEADLINE_LINES
        if (
            headline
            and lines
            and abs(size - previous) <= SAME_SIZE_PT
            and not _SENTENCE_END.search(lines[-1])
        ):
            joint = " " if lines[-1].rstrip()[-1:].isascii() and line.strip()[:1].isascii() else ""
            lines[-1] = lines[-1].rstrip() + joint + line.strip()
        else:
            lines.append(line)
        previous = size if headline else 0.0
    return tuple(lines)


#: Two copies of a glyph closer than this (points, both directions) are one overprinted character.
OVERPRINT_PT = 1.0


def deduplicated(plumber_page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    """The pdfplumber page with overprinted copies of a glyph (same glyph, same place) dropped."""
    return plumber_page.dedupe_chars(tolerance=OVERPRINT_PT)


def read_deduplicated(
    page: PageText, plumber_page: pdfplumber.page.Page, clean: pdfplumber.page.Page
) -> PageText:
    """``page`` with its text from ``clean`` (``plumber_page`` deduplicated), the dropped copies counted."""
    overprinted = len(plumber_page.chars) - len(clean.chars)
    return replace(page, lines=split_lines(clean.extract_text()), overprinted=overprinted)


def split_lines(text: str) -> tuple[str, ...]:
    r"""The non-blank lines of a page's text, trailing spaces cut.

    >>> split_lines("关于举办培训班的通知\r\n\r\n各市协会： \r\n")
    ('关于举办培训班的通知', '各市协会：')
    """
    return tuple(line.rstrip() for line in _LINE_BREAK.split(text) if line.strip())


def _open_failure(pdfium_error: str, data: bytes) -> tuple[ReasonCode, str]:
    """The category of a PDF PDFium cannot open, and what to do about it."""
    if b"%PDF" not in data[:1024]:
        return (
            ReasonCode.WRONG_TYPE,
            "not a PDF: the file does not start with %PDF (another format saved as .pdf, or a failed "
            "download); fetch the real file and drop it in raw/ again",
        )
    if "password" in pdfium_error.lower():
        return (
            ReasonCode.ENCRYPTED,
            "encrypted PDF: remove the password (qpdf --decrypt --password=PASSWORD in.pdf out.pdf) "
            "and drop it in raw/ again",
        )
    if b"%%EOF" not in data[-2048:]:
        return (
            ReasonCode.TRUNCATED,
            f"truncated PDF: the file ends after {len(data)} bytes without its end-of-file marker "
            "(%%EOF), it was cut off in download or copy; fetch it again",
        )
    if _pdfminer_page_count(data) == 0:
        return _NO_PAGES  # PDFium refuses an empty page tree as a format error
    return (
        ReasonCode.UNREADABLE,
        f"damaged PDF ({pdfium_error}): open and re-save it (or qpdf in.pdf out.pdf) and drop it in raw/",
    )


def _pdfminer_page_count(data: bytes) -> int | None:
    """A second opinion on a file PDFium refuses: its page count, or None when pdfminer cannot parse it."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            return len(document.pages)
    except Exception:  # pdfminer raises many unrelated types for a damaged file; PDFium's error stands
        return None
