"""The PDF reader end to end: notice text with page lineage, bad files and bad pages to quarantine."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.extract.pdf as pdf_reader
from pipeline.errors import UnreadableInput
from pipeline.extract.dispatch import extract_file
from pipeline.extract.pdf import extract_pdf
from pipeline.extract.pdf.tables import PageTable
from pipeline.extract.sources import SourceFile
from pipeline.records import (
    FileRecord,
    PageRecord,
    QuarantineRecord,
    Record,
    RepairRecord,
    TablePageRecord,
    TextRecord,
)
from pipeline.repair import FIXES
from pipeline.settings import Settings
from pipeline.staging import StagedBatch
from pipeline.transform.documents import texts_to_documents
from tests.extract.pdf.make_pdfs import (
    LETTERHEAD,
    FakeBoldLine,
    LegacyFontLine,
    ScanBlock,
    TableBlock,
    empty_pdf,
    make_pdf,
)
from tests.extract.pdf.rosters import HEADER, WIDTHS, roster_rows

SOURCE = SourceFile(Path("raw/notices/培训通知.pdf"), "notices/培训通知.pdf")
PAGE_1 = [
    "关于举办2024年全国青少年科技辅导员培训班的通知",
    "各省级科协、各会员单位：",
    "一、培训对象",
    "各地科技·辅导员骨干（每省推荐2名）。",
]
PAGE_2 = ["二、培训时间", "2024年7月15日至19日，共5天。", "联系人：王老师，电话：010-68581234"]


def _read(data: bytes) -> list[Record | StagedBatch]:
    return extract_pdf(SOURCE, data, "0" * 64, "pdf", Settings())


def _only(records: list[Record | StagedBatch], model: type[Record]) -> list:
    return [r for r in records if isinstance(r, model)]


def test_two_page_notice_is_one_text_without_letterheads_and_page_numbers() -> None:
    records = _read(make_pdf([PAGE_1, PAGE_2]))
    [text] = _only(records, TextRecord)
    assert text.text_original.split("\n") == PAGE_1 + PAGE_2
    assert text.kind == "pdf"
    assert LETTERHEAD not in text.text_clean and "共 2 页" not in text.text_clean
    [document] = texts_to_documents([text.model_dump()]).documents
    assert document.title == PAGE_1[0]


def test_every_line_maps_to_its_page() -> None:
    records = _read(make_pdf([PAGE_1, PAGE_2]))
    [text] = _only(records, TextRecord)
    pages = _only(records, PageRecord)
    lines = text.text_clean.split("\n")
    line_of_time = lines.index("二、培训时间") + 1
    [page] = [p.page for p in pages if p.line_start <= line_of_time <= p.line_end]
    assert page == 2
    assert [(p.line_start, p.line_end) for p in pages] == [(1, 4), (5, 7)]
    assert all(p.doc_id == text.doc_id and p.has_text_layer and p.garbled_chars == 0 for p in pages)


@pytest.fixture
def without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without the ``ocr`` extra."""
    monkeypatch.setattr(pdf_reader, "ocr_available", lambda: False)


@pytest.mark.usefixtures("without_ocr")
def test_scanned_page_is_quarantined_and_the_other_pages_load() -> None:
    records = _read(make_pdf([PAGE_1, [ScanBlock()], PAGE_2]))
    [problem] = _only(records, QuarantineRecord)
    assert (problem.location, problem.reason_code) == ("page 2", "no_text_layer")
    assert problem.reason.startswith("no text layer: scanned image, needs OCR")
    assert "pip install 'assoc-pipeline[ocr]'" in problem.reason
    [text] = _only(records, TextRecord)
    assert text.text_original.split("\n") == PAGE_1 + PAGE_2
    scan = next(p for p in _only(records, PageRecord) if p.page == 2)
    assert (scan.has_text_layer, scan.line_start, scan.chars) == (False, None, 0)


@pytest.mark.usefixtures("without_ocr")
def test_pdf_of_scans_only_is_unreadable_with_the_ocr_remedy() -> None:
    with pytest.raises(
        UnreadableInput, match=r"no page has readable text: page 1 .*scanned image.*\[ocr\]"
    ) as err:
        _read(make_pdf([[ScanBlock()], [ScanBlock()]]))
    assert err.value.code == "no_text_layer"


def test_scanned_page_is_read_by_ocr_with_a_confidence_per_line() -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    scan = ["NOTICE 2024-17", "Meeting on 12 May 2024"]
    records = _read(make_pdf([PAGE_1, [ScanBlock(scan)]]))
    assert not _only(records, QuarantineRecord)
    [text] = _only(records, TextRecord)
    assert text.encoding == "ocr"
    read = text.text_original.split("\n")[-len(scan) :]
    assert [line.replace(" ", "") for line in read] == [line.replace(" ", "") for line in scan]
    page = next(p for p in _only(records, PageRecord) if p.page == 2)
    assert page.ocr and page.has_text_layer is False
    assert len(page.ocr_line_confidence) == 2 and min(page.ocr_line_confidence) > 0.8


def test_blank_scan_says_ocr_found_no_text() -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    records = _read(make_pdf([PAGE_1, [ScanBlock()]]))
    [problem] = _only(records, QuarantineRecord)
    assert (problem.location, problem.reason_code) == ("page 2", "no_text_layer")
    assert problem.reason.startswith("a scanned image in which OCR found no text")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_pdf([PAGE_1], password="协会2024"), "encrypted PDF: remove the password (qpdf --decrypt"),
        (make_pdf([PAGE_1, PAGE_2])[:1500], "truncated PDF: the file ends after 1500 bytes"),
        (empty_pdf(), "PDF has no pages"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a PDF: the file does not start with %PDF"),
    ],
    ids=["encrypted", "truncated", "zero-pages", "not-a-pdf"],
)
def test_unusable_pdf_is_refused_with_its_remedy(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableInput) as caught:
        _read(data)
    assert caught.value.reason.startswith(reason)
    assert caught.value.location == "file"


def test_garbled_page_is_withheld_and_light_garbling_is_counted() -> None:
    garbled = ["\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009会员"]
    light = [*PAGE_2, "报名表见附件\ue010"]
    records = _read(make_pdf([PAGE_1, garbled, light]))
    [problem] = _only(records, QuarantineRecord)
    assert problem.location == "page 2"
    assert "text is garbled: 9 of 11 characters are private-use code points" in problem.reason
    [text] = _only(records, TextRecord)
    assert "\ue001" not in text.text_original and "报名表见附件\ue010" in text.text_original
    assert [p.garbled_chars for p in _only(records, PageRecord)] == [0, 9, 1]


def test_bad_pdf_in_a_run_is_quarantined_as_a_file_and_reading_goes_on(tmp_path: Path) -> None:
    (tmp_path / "cut.pdf").write_bytes(make_pdf([PAGE_1])[:900])
    (tmp_path / "image.pdf").write_bytes(b"\xff\xd8\xff\xe0" + bytes(2000))
    (tmp_path / "good.pdf").write_bytes(make_pdf([PAGE_1]))
    cut, image, good = (
        extract_file(SourceFile(tmp_path / n, n), Settings()) for n in ("cut.pdf", "image.pdf", "good.pdf")
    )
    assert _only(cut, FileRecord)[0].status == "quarantined"
    assert "truncated PDF" in _only(cut, QuarantineRecord)[0].reason
    assert _only(image, FileRecord)[0].kind == "pdf"
    assert _only(image, QuarantineRecord)[0].reason.startswith("not a PDF")
    assert _only(good, FileRecord)[0].status == "ok" and _only(good, TextRecord)


def test_page_pdfplumber_cannot_parse_keeps_its_text_and_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_finder(page: object, number: int, unruled: bool) -> list:
        raise ValueError("Unexpected EOF in content stream")

    monkeypatch.setattr(pdf_reader, "extract_page_tables", broken_finder)
    table = TableBlock([HEADER, *roster_rows(3)], WIDTHS)
    records = _read(make_pdf([PAGE_1, [*PAGE_2, table]]))
    [problem] = _only(records, QuarantineRecord)
    assert (problem.location, problem.reason_code) == ("page 2", "unparsed_page")
    assert "could not be parsed for tables (ValueError: Unexpected EOF in content stream)" in problem.reason
    [text] = _only(records, TextRecord)
    assert text.text_original.startswith("\n".join(PAGE_1 + PAGE_2))


def test_table_of_garbled_cells_is_quarantined_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfplumber gives "(cid:N)" for glyphs of a font without a Unicode map (as in this table)."""
    rows = tuple(tuple(row) for row in [HEADER, *roster_rows(3)])
    garbled = tuple((*row[:1], "(cid:4721)(cid:1033)", *row[2:]) for row in rows[1:])

    def finder(page: object, number: int, unruled: bool) -> list[PageTable]:
        return [PageTable(number, (rows[0], *garbled), 0.2, 0.5)]

    monkeypatch.setattr(pdf_reader, "extract_page_tables", finder)
    records = _read(make_pdf([[*PAGE_1, TableBlock([HEADER, *roster_rows(3)], WIDTHS)]]))
    [problem] = _only(records, QuarantineRecord)
    assert (problem.location, problem.reason_code) == ("page 1 table 1", "garbled_text")
    assert problem.reason.startswith("the table is garbled: 3 of 24 cells hold private-use code points")
    assert problem.raw_excerpt == " | ".join(HEADER)


def test_each_roster_row_maps_to_the_page_it_is_printed_on() -> None:
    rows = roster_rows(30)
    pages = [[*PAGE_1, TableBlock([HEADER, *rows[:12]], WIDTHS)], [TableBlock(rows[12:], WIDTHS)]]
    records = _read(make_pdf(pages))
    placed = [(t.sheet, t.page, t.row_start, t.row_end) for t in _only(records, TablePageRecord)]
    assert placed == [("pages 1-2 table 1", 1, 1, 13), ("pages 1-2 table 1", 2, 14, 31)]


@pytest.mark.parametrize("repeated_header", [True, False])
def test_rows_under_a_name_merged_over_rows_say_which_row_they_continue(repeated_header: bool) -> None:
    rows = roster_rows(6)
    for row in (2, 4):  # 张芳 and 张洋 each have a second phone on the row below, the name written once
        rows[row][1:4] = ["", "", ""]
    # on both pages: rows 3-4 of the table (page 1), rows 5-6 (page 2, under a repeated header or not)
    first = TableBlock([HEADER, *rows[:3]], WIDTHS, merged=[(2, 1, 3, 1)])
    second_rows = [HEADER, *rows[3:]] if repeated_header else rows[3:]
    at = 1 if repeated_header else 0
    second = TableBlock(second_rows, WIDTHS, merged=[(at, 1, at + 1, 1)])
    records = _read(make_pdf([[*PAGE_1, first], [second]]))
    staged = [row for r in records if isinstance(r, StagedBatch) for row in r.table.to_pylist()]
    assert [(r["row"], r["name"], r["phone"], r["continues_row"]) for r in staged] == [
        (2, rows[0][1], rows[0][5], None),
        (3, rows[1][1], rows[1][5], None),
        (4, rows[1][1], rows[2][5], 3),
        (5, rows[3][1], rows[3][5], None),
        (6, rows[3][1], rows[4][5], 5),
        (7, rows[5][1], rows[5][5], None),
    ]


@pytest.mark.skipif("repair_mojibake" not in FIXES, reason="the repair chain has no repair_mojibake fix yet")
def test_text_of_a_legacy_gbk_font_is_repaired_and_recorded() -> None:
    records = _read(make_pdf([[LegacyFontLine(PAGE_1[0]), *PAGE_1[1:]], PAGE_2]))
    [text] = _only(records, TextRecord)
    assert text.text_original.startswith("¹ØÓÚ¾Ù°ì2024Äê")
    assert text.text_clean.split("\n")[0] == PAGE_1[0]
    assert [(r.line, r.kind) for r in _only(records, RepairRecord)] == [(1, "repair_mojibake")]


def test_overprinted_fake_bold_reads_once() -> None:
    bold = "安徽省青少年科技教育协会"
    records = _read(make_pdf([[FakeBoldLine(bold), *PAGE_1[1:]]], letterhead=None))
    [text] = _only(records, TextRecord)
    assert text.text_original.split("\n")[0] == bold
    [page] = _only(records, PageRecord)
    assert page.garbled_chars == 0


def test_fake_bold_copies_side_by_side_are_counted_garbled_and_the_page_flagged() -> None:
    doubled = [FakeBoldLine("安徽省青少年科技教育协会关于举办培训的通知", shift=12.0)] * 4
    records = _read(make_pdf([PAGE_1, doubled]))
    [problem] = _only(records, QuarantineRecord)
    assert problem.location == "page 2"
    assert "printed twice side by side" in problem.reason
    page = next(p for p in _only(records, PageRecord) if p.page == 2)
    assert page.garbled_chars >= 4 * 20


def test_ocr_failure_quarantines_the_page_with_its_cause(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(page: object) -> list:
        raise RuntimeError("onnxruntime: bad input shape")

    monkeypatch.setattr(pdf_reader, "ocr_available", lambda: True)
    monkeypatch.setattr(pdf_reader, "ocr_page", broken)
    records = _read(make_pdf([PAGE_1, [ScanBlock(["NOTICE 2024"])]]))
    [problem] = _only(records, QuarantineRecord)
    assert (problem.location, problem.reason_code) == ("page 2", "unreadable")
    assert problem.reason.startswith("a scanned image that OCR could not read (RuntimeError: onnx")
    [text] = _only(records, TextRecord)
    assert text.encoding == "pdf" and "NOTICE" not in text.text_original
