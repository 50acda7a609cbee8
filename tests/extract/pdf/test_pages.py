"""PDFium page text: exact characters, single-glyph cells kept, table candidates, and page loading."""

from __future__ import annotations

from pipeline.extract.pdf import read_pdf
from pipeline.extract.pdf.pages import open_pdf, read_pages
from tests.extract.pdf.make_pdfs import Headline, ScanBlock, TableBlock, make_pdf
from tests.extract.pdf.rosters import HEADER, WIDTHS, one_line, roster_rows

NOTICE = [
    "关于举办科技·辅导员培训班的通知",
    "各省级科协（含新疆生产建设兵团）：",
    "“科普助教计划”由协会组织实施。",
]


def test_text_keeps_every_character_including_the_middle_dot() -> None:
    [page] = read_pdf(make_pdf([NOTICE], letterhead=None)).pages
    assert page.lines == (*NOTICE, "第 1 页 共 1 页")
    assert not page.lost_glyphs and not page.may_hold_table


def test_single_glyph_cells_are_read_back() -> None:
    """The gender column (男/女, one glyph per cell) reads back whole, whether or not this PDFium
    version drops such cells from its text (some do, and the page is then read with pdfplumber)."""
    rows = roster_rows(4)
    [page] = read_pdf(make_pdf([[TableBlock([HEADER, *rows], WIDTHS)]], letterhead=None)).pages
    genders = [line.split()[2] for line in page.lines if line[:1].isdigit() and "页" not in line]
    assert genders == [row[2] for row in rows]


def test_table_candidates_are_ruled_or_aligned_pages_only() -> None:
    ruled = TableBlock([HEADER, *roster_rows(3)], WIDTHS)
    unruled = TableBlock([HEADER, *one_line(roster_rows(3))], WIDTHS, ruled=False)
    document = open_pdf(make_pdf([NOTICE, [ruled], [unruled], [ScanBlock()]]))
    pages = list(read_pages(document))
    document.close()
    assert [p.may_hold_table for p in pages] == [False, True, True, False]
    assert [p.has_aligned_cells for p in pages] == [False, True, True, False]
    assert [p.images for p in pages] == [0, 0, 0, 1]


def test_headline_over_two_lines_on_page_one_is_one_line() -> None:
    first, second = "关于举办2024年全国青少年科技", "辅导员骨干培训班的通知"
    body = ["各省级科协：", "现将有关事项通知如下。", "一、培训时间", "二、培训地点"]
    [page] = read_pdf(make_pdf([[Headline(first), Headline(second), *body]])).pages
    assert page.lines[1:-1] == (first + second, *body)  # between the letterhead and the footer
