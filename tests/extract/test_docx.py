"""Word files: .docx paragraphs and tables in body order; .doc through LibreOffice or read in-process."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import duckdb
import pytest

import pipeline.extract.docx as word
from pipeline.errors import UnreadableInput
from pipeline.extract.docx import extract_doc, extract_docx, find_soffice, read_docx
from pipeline.extract.sources import SourceFile, sniff_kind
from pipeline.records import TextRecord
from pipeline.settings import Settings
from pipeline.staging import StagedBatch
from pipeline.transform.documents import texts_to_documents
from tests.conftest import run_pipeline
from tests.extract.pdf.rosters import HEADER, one_line, roster_rows
from tests.fixtures.make_doc import make_doc

TITLE = "关于报送2024年科技辅导员培训报名表的通知"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def make_docx(rows: list[list[str]], merged_col: int = 4) -> bytes:
    """A notice with a roster table (the first two cells of ``merged_col``, by default the unit's,
    merged) between two paragraphs."""
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("各会员单位：\n请于6月30日前报送。")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, merged_col).merge(table.cell(2, merged_col)).text = rows[1][merged_col]
    document.add_paragraph("特此通知。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _source(name: str) -> SourceFile:
    return SourceFile(Path("raw") / name, name)


def test_docx_paragraphs_and_table_rows_in_body_order() -> None:
    rows = [HEADER, *roster_rows(3)]
    content = read_docx(make_docx(rows), "表.docx")
    assert content.lines[:3] == (TITLE, "各会员单位：", "请于6月30日前报送。")
    assert content.lines[3] == "\t".join(HEADER) and content.lines[-1] == "特此通知。"
    [table] = content.tables
    expected = one_line(rows)
    expected[2] = (*expected[2][:4], expected[1][4], expected[2][5])  # merged: the upper cell's text
    assert table.location == "table 1" and list(table.rows) == expected


@pytest.mark.parametrize(("merged_col", "continues"), [(1, [None, 2, None]), (4, [None, None, None])])
def test_word_rows_under_a_name_merged_over_rows_say_which_row_they_continue(
    merged_col: int, continues: list[int | None]
) -> None:
    rows = [HEADER, *roster_rows(3)]
    rows[2][1] = rows[1][1]  # name column merged: one person, a second phone on the row below
    records = extract_docx(_source("报名表.docx"), make_docx(rows, merged_col), "0" * 64, "docx", Settings())
    staged = [row for r in records if isinstance(r, StagedBatch) for row in r.table.to_pylist()]
    assert [(r["row"], r["name"], r["phone"], r["continues_row"]) for r in staged] == [
        (row, rows[row - 1][1], rows[row - 1][5], continued)
        for row, continued in zip([2, 3, 4], continues, strict=True)
    ]


def test_a_name_merged_over_two_word_rows_is_one_member_end_to_end(tmp_path: Path) -> None:
    rows = [HEADER, *roster_rows(3)]
    rows[2][1], rows[2][3] = rows[1][1], ""  # 张伟's second phone, on a row of its own under his name
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "报名表.docx").write_bytes(make_docx(rows, merged_col=1))
    done = run_pipeline(tmp_path, "run", "--raw", "raw", "--staged", "staged", "--warehouse", "w.duckdb")
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        sources = con.execute("SELECT row, member_id, phone FROM member_sources ORDER BY row").fetchall()
        members = con.execute("SELECT member_id, name FROM members ORDER BY name").fetchall()
    assert [phone for _, _, phone in sources] == [rows[1][5], rows[2][5], rows[3][5]]
    assert sources[0][1] == sources[1][1] != sources[2][1]
    assert sorted(members) == sorted([(sources[0][1], rows[1][1]), (sources[2][1], rows[3][1])])


def test_a_word_registration_form_is_one_member() -> None:
    """报名推荐表: one person's labels beside their values in a Word table, 姓名's value cell merged."""
    document = docx.Document()
    document.add_paragraph("2024年科技辅导员培训报名推荐表")
    grid = [
        ["姓名", "王芳", "", "性别", "女"],
        ["工作单位", "太原市第五中学", "", "职务", "教师"],
        ["手机", "13800138000", "", "电子邮箱", "wangfang@example.cn"],
        ["推荐意见", "", "", "", ""],
    ]
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 1).merge(table.cell(0, 2))
    out = io.BytesIO()
    document.save(out)
    records = extract_docx(_source("报名推荐表.docx"), out.getvalue(), "0" * 64, "docx", Settings())
    staged = [row for r in records if isinstance(r, StagedBatch) for row in r.table.to_pylist()]
    assert [
        (r["row"], r["name"], r["gender"], r["unit_name"], r["title"], r["phone"], r["email"]) for r in staged
    ] == [(1, "王芳", "女", "太原市第五中学", "教师", "13800138000", "wangfang@example.cn")]


def test_docx_notice_goes_through_the_text_notice_path() -> None:
    records = extract_docx(
        _source("通知.docx"), make_docx([HEADER, *roster_rows(2)]), "0" * 64, "docx", Settings()
    )
    [text] = [r for r in records if isinstance(r, TextRecord)]
    assert text.kind == "docx" and text.page is None
    [document] = texts_to_documents([text.model_dump()]).documents
    assert document.title == TITLE


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_docx([HEADER, *roster_rows(2)])[:300], "damaged Word file 坏.docx"),
        (OLE + b"\0" * 512, "password-protected Word file"),
    ],
    ids=["truncated", "encrypted"],
)
def test_unreadable_docx_says_what_to_do(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableInput) as caught:
        extract_docx(_source("坏.docx"), data, "0" * 64, "docx", Settings())
    assert caught.value.reason.startswith(reason)
    assert "drop it in raw/" in caught.value.reason


def test_doc_without_libreoffice_is_read_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word, "find_soffice", lambda: None)
    data = make_doc(
        [
            "某市科学技术协会文件",
            TITLE,
            "各会员单位：",
            [["姓名", "单位"], ["张三", "北京四中"]],
            "特此通知。",
        ],
        compressed_tail="Contact: Li Ming",
    )
    records = extract_doc(_source("旧/通知.doc"), data, "0" * 64, "doc", Settings())
    [text] = [r for r in records if isinstance(r, TextRecord)]
    assert text.text_clean.split("\n") == [
        "某市科学技术协会文件",
        TITLE,
        "各会员单位：",
        "姓名\t单位",
        "张三\t北京四中",
        "特此通知。",
        "Contact: Li Ming",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_doc(["x"], encrypted=True), "password-protected Word .doc 旧/通知.doc"),
        (make_doc(["x"], n_fib=0x0065), "Word 6/95 .doc 旧/通知.doc"),
        (OLE + b"\0" * 512, "damaged Word .doc 旧/通知.doc"),
    ],
    ids=["encrypted", "word95", "damaged"],
)
def test_unreadable_doc_says_what_to_do(monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str) -> None:
    monkeypatch.setattr(word, "find_soffice", lambda: None)
    with pytest.raises(UnreadableInput) as caught:
        extract_doc(_source("旧/通知.doc"), data, "0" * 64, "doc", Settings())
    assert caught.value.reason.startswith(reason)
    assert "raw/" in caught.value.reason


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed here")
def test_doc_is_converted_by_libreoffice_and_read(tmp_path: Path) -> None:
    (tmp_path / "n.docx").write_bytes(make_docx([HEADER, *roster_rows(2)]))
    command = [
        find_soffice(),
        "--headless",
        "--convert-to",
        "doc",
        "--outdir",
        str(tmp_path),
        str(tmp_path / "n.docx"),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    data = (tmp_path / "n.doc").read_bytes()
    records = extract_doc(_source("n.doc"), data, "0" * 64, "doc", Settings())
    [text] = [r for r in records if isinstance(r, TextRecord)]
    assert text.text_clean.startswith(TITLE)


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("通知.docx", b"PK\x03\x04rest", "docx"),
        ("通知.doc", b"PK\x03\x04rest", "docx"),
        ("通知.doc", OLE, "doc"),
        ("通知.docx", OLE, "docx"),
        ("通知.doc", b"{\\rtf1\\ansi", "doc"),
        ("通知.doc", b"<html><body>", "html"),
    ],
)
def test_word_files_are_sniffed_by_content(name: str, head: bytes, kind: str) -> None:
    assert sniff_kind(name, head) == kind
