"""Legacy Excel workbooks (.xls, BIFF) with xlrd: typed cells, merged ranges, every sheet.

Excel 5/95 files (BIFF5/7) store text as 8-bit strings in the code page their CODEPAGE record names.
Some exporters leave the record out; xlrd then reads the bytes as ISO-8859-1, which keeps them intact,
and the encoding that makes the header readable (GBK/GB18030, Big5 or UTF-8, chosen as for a .csv) is
applied to every text. BIFF8 (Excel 97 and later) text is Unicode and needs none of this.
"""

from __future__ import annotations

import datetime as dt

import xlrd

from pipeline.errors import UnreadableInput
from pipeline.extract.rosters.csv import detect_roster_encoding
from pipeline.extract.rosters.merges import Merge, expand_merges
from pipeline.extract.rosters.sheet import cell_text, columns_from_grid, extract_roster_sheet
from pipeline.extract.sources import SourceFile
from pipeline.reasons import ReasonCode
from pipeline.records import Record
from pipeline.settings import Settings
from pipeline.staging import StagedBatch

#: What xlrd reads the 8-bit text of a BIFF5 file without CODEPAGE record as: every byte kept.
_XLRD_FALLBACK = "iso-8859-1"
_Grid = list[list[str | None]]
#: Above this a double no longer holds every integer: an 18-digit ID stored as a number lost digits.
_LARGEST_EXACT_INTEGER = 2**53


def extract_xls_roster(
    source: SourceFile, data: bytes, sha256: str, kind: str, settings: Settings
) -> list[Record | StagedBatch]:
    """The roster rows of every sheet of an .xls workbook."""
    try:
        book = _open(data)
    except (xlrd.XLRDError, AssertionError, IndexError, ValueError) as err:
        raise UnreadableInput(
            ReasonCode.UNREADABLE,
            f"not a readable .xls workbook ({err}): open it in Excel or WPS and save it again as .xlsx",
        ) from err
    sheets = [
        (sheet.name, [[_value(cell, book.datemode) for cell in sheet.row(r)] for r in range(sheet.nrows)])
        for sheet in book.sheets()
    ]
    if book.biff_version < 80 and book.codepage is None:
        sheets = _decode_legacy_texts(sheets)
    out: list[Record | StagedBatch] = []
    for sheet, (name, grid) in zip(book.sheets(), sheets, strict=True):
        merges = [Merge(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sheet.merged_cells]
        columns = expand_merges(columns_from_grid(grid), merges)
        out += extract_roster_sheet(
            columns, source_file=source.source_file, sha256=sha256, sheet=name, merges=merges
        )
    return out


def _open(data: bytes) -> xlrd.book.Book:
    """The workbook with its formatting (merged ranges need it); without when xlrd cannot read that."""
    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=_Quiet())
    except NotImplementedError:
        return xlrd.open_workbook(file_contents=data, logfile=_Quiet())


def _decode_legacy_texts(sheets: list[tuple[str, _Grid]]) -> list[tuple[str, _Grid]]:
    """Sheet names and cells of a file without CODEPAGE record (read as ISO-8859-1) in their real encoding.

    >>> as_xlrd_reads = lambda text: text.encode("gbk").decode("iso-8859-1")
    >>> sheet = (as_xlrd_reads("会员"), [[as_xlrd_reads("姓名"), "1"], [as_xlrd_reads("张三"), None]])
    >>> sheet
    ('»áÔ±', [['ÐÕÃû', '1'], ['ÕÅÈý', None]])
    >>> _decode_legacy_texts([sheet])
    [('会员', [['姓名', '1'], ['张三', None]])]
    """
    lines = [name for name, _ in sheets] + [
        "\t".join(cell or "" for cell in row) for _, grid in sheets for row in grid
    ]
    try:
        encoding = detect_roster_encoding("\n".join(lines).encode(_XLRD_FALLBACK))
    except UnreadableInput:  # no Chinese encoding fits: the texts stay as xlrd read them
        return sheets

    def decode(text: str) -> str:
        return text.encode(_XLRD_FALLBACK).decode(encoding, errors="replace")

    return [
        (decode(name), [[None if cell is None else decode(cell) for cell in row] for row in grid])
        for name, grid in sheets
    ]


def _value(cell: xlrd.sheet.Cell, datemode: int) -> str | None:
    """A cell as the text the .xlsx reader gives for the same cell (dates as ISO, integral floats bare,
    numbers too big for a float's integers with their exponent)."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, OverflowError):
            return cell_text(cell.value)
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return None
    if cell.ctype == xlrd.XL_CELL_NUMBER and abs(cell.value) > _LARGEST_EXACT_INTEGER:
        return repr(cell.value)  # 1.4060219630906467e+17: no invented last digits for the ID parser to trust
    return cell_text(cell.value)


class _Quiet:
    """xlrd's log sink: its warnings about odd records are not errors of the roster."""

    def write(self, text: str) -> int:
        return len(text)
