"""ID numbers stored as numbers (.xlsx, .xls): kept only when the file holds all 18 digits, else quarantined;
and IDs a spreadsheet rounded before writing a csv (15 digits, then 000): quarantined, lucky ones too.

The workbooks are written by openpyxl; the cells Excel (or another writer) would write differently have
their ``<v>`` text rewritten inside the zip, as those writers leave it.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import xlwt

from pipeline.extract.dispatch import extract_file
from pipeline.extract.rosters.number_cells import find_big_numbers
from pipeline.extract.sources import SourceFile
from pipeline.privacy.masking import mask_id_number
from pipeline.records import QuarantineRecord
from pipeline.settings import Settings
from pipeline.staging import StagedBatch
from pipeline.transform.rosters import roster_tables
from pipeline.transform.values.ids import parse_id_number
from tests.fixtures.make_rosters import make_id

_BIRTH = dt.date(1963, 9, 6)


def _ids() -> list[str]:
    """Valid IDs a number cell can hold (no check character X)."""
    ids = [make_id("140602", _BIRTH, seq, male=seq % 2 == 1) for seq in range(300)]
    return [i for i in ids if i.isdigit()]


def _rounding_passes_check_digit(id_number: str) -> bool:
    """True when the float's digits (what a number cell gives a plain reader) form another valid ID."""
    rounded = str(int(float(id_number)))
    try:
        return rounded != id_number and parse_id_number(rounded).number == rounded
    except ValueError:
        return False


def _set_values(path: Path, values: dict[str, str]) -> None:
    """Rewrite the ``<v>`` text of numeric cells (by reference, "B3") in the first sheet's XML."""
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    xml = members["xl/worksheets/sheet1.xml"]
    for ref, text in values.items():
        xml, count = re.subn(
            rf'(<c r="{ref}" t="n"><v>)[^<]*(</v>)'.encode(), rf"\g<1>{text}\g<2>".encode(), xml
        )
        assert count == 1, ref
    members["xl/worksheets/sheet1.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            book.writestr(name, data)


def _members(path: Path) -> tuple[dict[str, pa.Table], list[QuarantineRecord]]:
    out = extract_file(SourceFile(path, path.name), Settings())
    staged = pa.concat_tables([o.table for o in out if isinstance(o, StagedBatch)])
    return roster_tables(staged), [o for o in out if isinstance(o, QuarantineRecord)]


def test_id_numbers_stored_as_numbers_are_kept_only_when_all_18_digits_are_in_the_file(
    tmp_path: Path,
) -> None:
    lucky = next(i for i in _ids() if _rounding_passes_check_digit(i))  # a plain read stores a wrong ID
    exact, exact_scientific, text_id = [i for i in _ids() if i != lucky][:3]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "个人会员"
    sheet.append(["序号", "姓名", "身份证号码", "手机"])
    sheet.append([1, "张三", text_id, 13800138000])
    sheet.append([2, "李四", float(lucky), 13900139000])
    sheet.append([3, "王五", float(exact), 13700137000])
    sheet.append([4, "赵六", float(exact_scientific), 13600136000])
    path = tmp_path / "会员名单.xlsx"
    book.save(path)
    _set_values(
        path,
        {
            "C3": repr(float(lucky)).upper(),  # Excel writes a float's shortest repr: 17 digits at most
            "C4": exact,  # a writer that kept every digit
            "C5": f"{exact_scientific[0]}.{exact_scientific[1:]}E+17",
        },
    )
    tables, extract_quarantine = _members(path)

    assert extract_quarantine == []
    sources = tables["member_sources"]
    by_name = dict(zip(sources["name"].to_pylist(), sources["id_number"].to_pylist(), strict=True))
    # 李四's ID lost digits: he loads without it
    assert by_name == {"张三": text_id, "李四": None, "王五": exact, "赵六": exact_scientific}
    phones = dict(zip(sources["name"].to_pylist(), sources["phone"].to_pylist(), strict=True))
    assert phones["李四"] == "13900139000" and phones["赵六"] == "13600136000"
    assert sources["extra"].to_pylist() == [f'{{"序号": "{i}"}}' for i in (1, 2, 3, 4)]
    [refused] = [QuarantineRecord(**row) for row in tables["quarantine"].to_pylist()]
    assert (refused.source_file, refused.location) == (
        "会员名单.xlsx",
        "sheet 个人会员 row 3 column id_number",
    )
    assert refused.reason_code == "bad_id_number"
    assert refused.reason.startswith(
        f"ID number {mask_id_number(repr(float(lucky)).upper())} stored as a number lost its last "
        "digits: store the column as text and type the ID again"
    )


def test_only_numeric_cells_of_at_least_1e15_are_taken_as_written() -> None:
    xml = (
        b'<row r="2"><c r="A2"><v>13800138000</v></c><c r="B2" s="1"><v>1.4060219630906467E+17</v></c>'
        b'<c r="C2" t="str"><f>B2&amp;""</f><v>140602196309064670</v></c><c r="D2" t="s"><v>7</v></c>'
        b'<c r="E2"><v>999999999999999</v></c><c r="F2"><v>1000000000000000</v></c>'
        b'<c r="G2"><v>1.5E-17</v></c><c r="AB2"><f>SUM(A2:B2)</f><v>-2.5E+15</v></c>'
        b'<c r="AC2"><f t="shared" ref="AC2:AC3" si="0">B2*1</f><v>1.4060219630906467E+17</v></c></row>'
    )
    assert find_big_numbers(xml) == [
        (1, 1, "1.4060219630906467E+17"),
        (1, 5, "1000000000000000"),
        (1, 27, "-2.5E+15"),
        (1, 28, "1.4060219630906467E+17"),
    ]


def test_xls_id_number_stored_as_a_number_is_dropped_never_rounded_into_another_id(
    tmp_path: Path,
) -> None:
    lucky = next(i for i in _ids() if _rounding_passes_check_digit(i))  # a double holds 17 digits at most
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("会员")
    for row, cells in enumerate([["姓名", "身份证号码", "手机"], ["李四", float(lucky), 13900139000.0]]):
        for col, value in enumerate(cells):
            sheet.write(row, col, value)
    path = tmp_path / "会员名单.xls"
    book.save(str(path))
    tables, extract_quarantine = _members(path)

    assert extract_quarantine == []
    assert tables["member_sources"].select(["name", "id_number", "phone"]).to_pylist() == [
        {"name": "李四", "id_number": None, "phone": "13900139000"}  # loaded without the rounded ID
    ]
    [refused] = [QuarantineRecord(**row) for row in tables["quarantine"].to_pylist()]
    assert (refused.location, refused.raw_excerpt) == (
        "sheet 会员 row 2 column id_number",
        mask_id_number(repr(float(lucky))),
    )
    assert refused.reason.startswith(
        f"ID number {mask_id_number(repr(float(lucky)))} stored as a number lost "
        "its last digits: store the column as text and type the ID again"
    )


def _excel_rounded(id_number: str) -> str:
    """The ID as Excel writes a number cell formatted "0" to csv: 15 significant digits, then zeros."""
    return f"{int(id_number):.15g}".replace("e+17", "").replace(".", "").ljust(18, "0")


def _valid(id_number: str) -> bool:
    try:
        return parse_id_number(id_number).number == id_number
    except ValueError:
        return False


def _real_id_ending_in_000() -> str:
    """A valid ID whose order code and check digit end it in 000 (about one real ID in a thousand)."""
    births = (_BIRTH + dt.timedelta(days=d) for d in range(400))
    return next(i for b in births if (i := make_id("140602", b, 10, male=False)).endswith("000"))


def _write_csv(path: Path, ids: list[str]) -> None:
    rows = [f"{n},张{n},{i}" for n, i in enumerate(ids, start=1)]
    path.write_text("序号,姓名,身份证号码\n" + "\n".join(rows) + "\n", encoding="utf-8")


def test_csv_ids_rounded_by_a_spreadsheet_are_dropped_even_when_the_check_digit_passes(
    tmp_path: Path,
) -> None:
    ids = _ids()
    lucky = [i for i in ids if _valid(_excel_rounded(i))][:2]
    unlucky = [i for i in ids if not _valid(_excel_rounded(i))][:3]
    _write_csv(tmp_path / "名单.csv", [_excel_rounded(i) for i in lucky + unlucky])
    tables, extract_quarantine = _members(tmp_path / "名单.csv")

    assert extract_quarantine == [] and tables["member_sources"]["id_number"].null_count == 5  # all dropped
    reasons = {q["location"]: q["reason"] for q in tables["quarantine"].to_pylist()}
    assert len(reasons) == 5
    for row in (2, 3):  # the lucky ones: their check digit passes; the sheet shows the rounding
        assert (
            "ends in 000 like most IDs of its sheet" in reasons[f"sheet 名单.csv row {row} column id_number"]
        )
    for row in (4, 5, 6):  # the others fail their check digit (or are floats that lost digits)
        reason = reasons[f"sheet 名单.csv row {row} column id_number"]
        assert re.search("fails its check digit|lost its last digits", reason)


def test_a_real_id_ending_in_000_among_others_is_kept(tmp_path: Path) -> None:
    real = _real_id_ending_in_000()
    _write_csv(tmp_path / "名单.csv", [real, *_ids()[:4]])
    tables, _ = _members(tmp_path / "名单.csv")
    assert tables["quarantine"].num_rows == 0
    assert tables["member_sources"]["id_number"].to_pylist()[0] == real
