"""The same roster printed into a PDF, typed into Word and kept in xlsx lands as the same members."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from pipeline import runner
from pipeline.settings import Settings
from tests.conftest import query
from tests.extract.pdf.make_pdfs import TableBlock, make_pdf
from tests.extract.pdf.rosters import HEADER, WIDTHS, one_line, roster_rows
from tests.extract.test_docx import make_docx

ROWS = roster_rows(30)
ROWS[1][4] = ROWS[0][4]  # the first two members' unit cells are one merged cell in every format
MERGED = [(1, 4, 2, 4)]
MEMBERS = "SELECT * EXCLUDE (source_file) FROM members ORDER BY ALL"
SOURCES = "SELECT * EXCLUDE (source_file, sha256, sheet) FROM member_sources ORDER BY ALL"


def _warehouse(tmp: Path, name: str, data: bytes) -> Path:
    raw = tmp / name / "raw"
    raw.mkdir(parents=True)
    (raw / name).write_bytes(data)
    settings = Settings(raw=raw, staged=tmp / name / "staged", warehouse=tmp / name / "w.duckdb")
    runner.run(settings)
    return settings.warehouse


def _xlsx(tmp: Path) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "会员名单"
    for row in one_line([HEADER, *ROWS]):
        sheet.append(list(row))
    sheet["E3"] = None
    sheet.merge_cells("E2:E3")
    book.save(tmp / "roster.xlsx")
    return (tmp / "roster.xlsx").read_bytes()


def test_roster_in_pdf_docx_and_xlsx_gives_the_same_members(tmp_path: Path) -> None:
    pdf = make_pdf(
        [
            ["关于公布2024年新会员名单的通知", TableBlock([HEADER, *ROWS[:18]], WIDTHS, merged=MERGED)],
            [TableBlock([HEADER, *ROWS[18:]], WIDTHS)],
        ]
    )
    xlsx = _warehouse(tmp_path, "名单.xlsx", _xlsx(tmp_path))
    members = query(xlsx, MEMBERS)
    assert len(members) == len({row[5] for row in ROWS})  # one member per distinct phone
    for name, data in (("名单.pdf", pdf), ("名单.docx", make_docx([HEADER, *ROWS]))):
        warehouse = _warehouse(tmp_path, name, data)
        assert query(warehouse, MEMBERS) == members, name
        assert query(warehouse, SOURCES) == query(xlsx, SOURCES), name
        assert query(warehouse, "SELECT DISTINCT source_file FROM members") == [(name,)]


def test_pdf_roster_rows_keep_their_table_and_page(tmp_path: Path) -> None:
    pdf = make_pdf(
        [["名单", TableBlock([HEADER, *ROWS[:18]], WIDTHS)], [TableBlock([HEADER, *ROWS[18:]], WIDTHS)]]
    )
    warehouse = _warehouse(tmp_path, "名单.pdf", pdf)
    assert query(warehouse, "SELECT DISTINCT sheet FROM member_sources") == [("pages 1-2 table 1",)]
    assert query(warehouse, "SELECT min(row), max(row) FROM member_sources") == [(2, len(ROWS) + 1)]
    pages = query(
        warehouse, "SELECT page, min(row), max(row) FROM member_sources_with_page GROUP BY page ORDER BY page"
    )
    assert pages == [(1, 2, 19), (2, 20, len(ROWS) + 1)]
