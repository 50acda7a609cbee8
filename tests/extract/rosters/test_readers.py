"""Roster readers by format: each file is generated here, read through extract_file, and its rows checked."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt

from pipeline.extract.dispatch import extract_file
from pipeline.extract.sources import SourceFile
from pipeline.records import FileRecord, QuarantineRecord
from pipeline.settings import Settings
from pipeline.staging import StagedBatch
from tests.fixtures.make_biff5 import biff5_workbook
from tests.fixtures.make_rosters import write_merged_names, write_unit_xls

_CODEPAGE_RECORD = b"\x42\x00\x02\x00\xb0\x04"  # CODEPAGE, 2 bytes, 1200 (UTF-16)
_DSF_RECORD = b"\x61\x01\x02\x00\x00\x00"  # a 2-byte record readers skip


def _read(path: Path) -> tuple[list[dict], list[QuarantineRecord], FileRecord]:
    out = extract_file(SourceFile(path, path.name), Settings())
    rows = [row for o in out if isinstance(o, StagedBatch) for row in o.table.to_pylist()]
    return rows, [o for o in out if isinstance(o, QuarantineRecord)], out[-1]


def test_xls_without_codepage_record_keeps_chinese_and_merged_units(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("会员名单")
    for col, text in enumerate(["姓名", "出生日期", "工作单位"]):
        sheet.write(0, col, text)
    sheet.write(1, 0, "欧阳明")
    sheet.write(1, 1, 31120, xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    sheet.write_merge(1, 2, 2, 2, "山西省科技馆")
    sheet.write(2, 0, "买买提•艾力")
    path = tmp_path / "名单.xls"
    book.save(str(path))
    data = path.read_bytes()
    assert data.count(_CODEPAGE_RECORD) == 1
    path.write_bytes(data.replace(_CODEPAGE_RECORD, _DSF_RECORD))
    assert _CODEPAGE_RECORD not in path.read_bytes()
    rows, quarantine, file = _read(path)
    assert (file.kind, quarantine) == ("xls", [])
    assert [(r["row"], r["name"], r["birth_date"], r["unit_name"]) for r in rows] == [
        (2, "欧阳明", "1985-03-14 00:00:00", "山西省科技馆"),
        (3, "买买提•艾力", None, "山西省科技馆"),
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_rows_under_a_name_merged_over_several_rows_say_which_row_they_continue(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"报名表{suffix}"
    write_merged_names(path)
    rows, quarantine, file = _read(path)
    assert (file.kind, quarantine) == (suffix[1:], [])
    assert [(r["row"], r["name"], r["phone"], r["unit_name"], r["continues_row"]) for r in rows] == [
        (3, "王芳", "13800138001", "太原市第五中学", None),
        (4, "王芳", "13900139002", "太原市第五中学", 3),
        (5, "李强", "13700137003", "晋中市科技馆", None),
        (6, "李强", "13600136004", "大同市青少年宫", None),
        (7, "赵敏", "13500135005", "山西大学附属中学", None),
        (8, "赵敏", "13400134006", "山西大学附属中学", 7),  # 序号 is not merged here: the name column is read
        (9, "赵敏", "0351-6042229", "山西大学附属中学", 7),
    ]


def test_unit_rows_under_a_merged_unit_name_say_which_row_they_continue(tmp_path: Path) -> None:
    path = tmp_path / "团体会员.xls"
    write_unit_xls(path)
    rows, _, _ = _read(path)
    assert [(r["row"], r["unit_name"], r["contact_name"], r["continues_row"]) for r in rows] == [
        (3, "山西省科技馆", "赵敏", None),
        (4, "山西省科技馆", "钱 进", 3),
        (5, "太原市第五中学(初中部)", "孙丽", None),
    ]


def test_adjacent_csv_rows_of_one_name_continue_no_row(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("姓名,手机\n王芳,13800138001\n王芳,13900139002\n", encoding="utf-8")
    rows, _, _ = _read(path)
    assert [(r["row"], r["name"], r["continues_row"]) for r in rows] == [(2, "王芳", None), (3, "王芳", None)]


@pytest.mark.parametrize(
    ("encoding", "codepage", "sheet", "rows"),
    [
        (
            "gbk",
            None,
            "会员名单",
            [
                ["姓名", "性别", "工作单位"],
                ["欧阳明", "男", "山西省科技馆"],
                ["买买提", "男", "喀什市第一中学"],
            ],
        ),
        ("big5", None, "會員名單", [["姓名", "性別", "工作單位"], ["歐陽明", "男", "山西省科學技術館"]]),
        ("big5", 950, "會員名單", [["姓名", "性別", "工作單位"], ["歐陽明", "男", "山西省科學技術館"]]),
    ],
    ids=["gbk-no-codepage", "big5-no-codepage", "big5-codepage-950"],
)
def test_excel95_xls_text_in_its_code_page_with_or_without_codepage_record(
    tmp_path: Path, encoding: str, codepage: int | None, sheet: str, rows: list[list[str]]
) -> None:
    path = tmp_path / "名单.xls"
    path.write_bytes(biff5_workbook({sheet: rows}, encoding, codepage))
    staged, quarantine, file = _read(path)
    assert (file.kind, quarantine) == ("xls", [])
    assert [(r["sheet"], r["row"], r["name"], r["gender"], r["unit_name"]) for r in staged] == [
        (sheet, number, *row) for number, row in enumerate(rows[1:], start=2)
    ]


def test_utf8_bom_tsv_and_nan_texts(tmp_path: Path) -> None:
    path = tmp_path / "名单.tsv"
    path.write_bytes(codecs.BOM_UTF8 + "姓名\t手机\t职称\n张三\t13800138000\tnan\n".encode())
    rows, _, file = _read(path)
    assert (file.kind, [(r["name"], r["phone"], r["professional_title"]) for r in rows]) == (
        "csv",
        [("张三", "13800138000", None)],
    )


def test_xlsx_every_sheet_with_cells_starting_off_the_corner(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "一中"
    first["C3"], first["D3"] = "姓名", "电话"
    first["C4"], first["D4"] = "张三", 13800138000
    second = book.create_sheet("学生会员")
    second.append(["姓名", "身份证号码"])
    second.append(["李四", 1.40602196309064680e17])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    rows, _, file = _read(path)
    assert file.kind == "xlsx"
    assert [(r["sheet"], r["row"], r["name"], r["phone"], r["member_type"]) for r in rows] == [
        ("一中", 4, "张三", "13800138000", None),
        ("学生会员", 2, "李四", None, "学生会员"),
    ]
    # a float keeps 17 significant digits: the staged text is the number as the file writes it, with
    # its exponent, not 18 digits whose last ones are invented
    with zipfile.ZipFile(path) as book:
        assert f"<v>{rows[1]['id_number']}</v>".encode() in book.read("xl/worksheets/sheet2.xml")
    assert "e+17" in rows[1]["id_number"].lower()


def test_html_and_csv_saved_as_xls_are_read_for_what_they_are(tmp_path: Path) -> None:
    html = tmp_path / "导出.xls"
    html.write_text(
        "<html><table><tr><td>姓名</td><td>手机</td></tr><tr><td>张三</td><td>13800138000</td></tr>"
    )
    csv = tmp_path / "导出2.xls"
    csv.write_bytes("姓名,手机\n李四,13900139000\n".encode("gbk"))
    assert [(r["name"], r["phone"]) for r in _read(html)[0]] == [("张三", "13800138000")]
    assert [(r["name"], r["phone"]) for r in _read(csv)[0]] == [("李四", "13900139000")]


def test_html_rows_under_a_name_spanning_rows_say_which_row_they_continue(tmp_path: Path) -> None:
    html = tmp_path / "导出.xls"
    html.write_text(
        "<table><tr><th>姓名</th><th>手机</th></tr>"
        '<tr><td rowspan="2">王芳</td><td>13800138001</td></tr><tr><td>13900139002</td></tr>'
        "<tr><td>王芳</td><td>13700137003</td></tr></table>",
        encoding="utf-8",
    )
    assert [(r["row"], r["name"], r["phone"], r["continues_row"]) for r in _read(html)[0]] == [
        (2, "王芳", "13800138001", None),
        (3, "王芳", "13900139002", 2),
        (4, "王芳", "13700137003", None),
    ]
