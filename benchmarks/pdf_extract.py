"""Pages per second of the pipeline's PDF extract beside bare pdfplumber, on generated Chinese PDFs.

Run from the repository root: ``PYTHONPATH=. python benchmarks/pdf_extract.py [--pages 200]``.
Two PDFs in STSong-Light: a long notice (text only: the text path), and the same notice with a ruled
member roster on every tenth page (the table finder runs on those pages). Every reader runs once on
the same bytes in the same process; the count of middle dots (·) shows which readers keep them.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from pipeline.extract.pdf import extract_pdf, read_pdf
from pipeline.extract.sources import SourceFile
from pipeline.records import TextRecord
from pipeline.settings import Settings
from tests.extract.pdf.make_pdfs import TableBlock, make_pdf
from tests.extract.pdf.rosters import HEADER, WIDTHS, roster_rows

SENTENCES = [
    "为深入贯彻《全民科学素质行动纲要》，协会组织开展科技·辅导员培训工作。",
    "各省级科协（含新疆生产建设兵团）要高度重视，认真组织，按时报送材料。",
    "培训内容包括创意编程、人工智能、STEM教育和科学表演等专题，共计40学时。",
    "联系人：王老师，电话：010-68581234，邮箱：peixun@cysta.org.cn。",
]


def make_long_notice(pages: int, table_every: int) -> bytes:
    """``pages`` pages of notice text, every ``table_every``-th page a roster table (0: none)."""
    content: list[list] = []
    for number in range(1, pages + 1):
        if table_every and number % table_every == 0:
            content.append([f"附件{number // 10}：会员名单", TableBlock([HEADER, *roster_rows(25)], WIDTHS)])
        else:
            content.append([f"{number}. {SENTENCES[(number + i) % 4]}" for i in range(38)])
    return make_pdf(content)


def pipeline_extract(data: bytes) -> str:
    source = SourceFile(Path("raw/bench.pdf"), "bench.pdf")
    records = extract_pdf(source, data, "0" * 64, "pdf", Settings())
    return next(r.text_original for r in records if isinstance(r, TextRecord))


def pipeline_read(data: bytes) -> str:
    return "\n".join(line for page in read_pdf(data).pages for line in page.lines)


def pdfplumber_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        texts = []
        for page in document.pages:
            texts.append(page.extract_text())
            page.close()
        return "\n".join(texts)


def pdfium_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    texts = []
    for page in document:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return "\n".join(texts)


def measure(name: str, read: Callable[[bytes], str], data: bytes, pages: int) -> float:
    start = time.perf_counter()
    text = read(data)
    seconds = time.perf_counter() - start
    rate = pages / seconds
    print(f"{name:<44} {seconds:7.2f} s {rate:9.1f} pages/s   middle dots kept: {text.count('·'):5d}")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    pages = parser.parse_args().pages
    for title, table_every in (("text only", 0), ("roster table on every 10th page", 10)):
        data = make_long_notice(pages, table_every)
        print(f"\n{pages} pages, {title}, {len(data) / 1e6:.1f} MB")
        plumber = measure("bare pdfplumber extract_text", pdfplumber_text, data, pages)
        measure("bare pypdfium2 get_text_range", pdfium_text, data, pages)
        read = measure("pipeline read_pdf (text + tables)", pipeline_read, data, pages)
        full = measure("pipeline extract_pdf (+ furniture, repair)", pipeline_extract, data, pages)
        print(f"pipeline vs pdfplumber: read_pdf {read / plumber:.1f}x, extract_pdf {full / plumber:.1f}x")


if __name__ == "__main__":
    main()
